//! Sockets opened in another network namespace without moving the caller:
//! a netlink socket belongs to the namespace its creator was in when it
//! was made (sock_net), for its whole life. So a short-lived thread enters
//! the namespace (setns moves only the calling thread), opens the socket
//! there and ends; the caller's threads never leave their namespace
//! (moby/ipvs #33: switching the whole process is what callers want to
//! avoid).

use nix::sched::{setns, CloneFlags};
use std::io;
use std::os::fd::OwnedFd;

/// Runs `f` on a thread of its own inside the network namespace `ns` (an
/// open `/run/netns/NAME`, `/proc/PID/ns/net` or a descriptor the caller
/// gave) and returns what it returns.
pub(crate) fn in_netns<T: Send>(ns: &OwnedFd, f: impl FnOnce() -> T + Send) -> io::Result<T> {
    std::thread::scope(|s| {
        // Builder, not Scope::spawn: a thread that cannot be created (a
        // cgroup's pids.max) is an error to return, not a panic.
        std::thread::Builder::new()
            .name("ipvs-netns".into())
            .spawn_scoped(s, || {
                // setns(2) moves the calling thread only, which ends when
                // `f` returns.
                setns(ns, CloneFlags::CLONE_NEWNET)?;
                Ok(f())
            })?
            .join()
            .unwrap_or_else(|_| Err(io::Error::other("the namespace thread panicked")))
    })
}
