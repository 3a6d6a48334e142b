//! `--netns NAME|PATH` (our addition): run in another network namespace,
//! as `ip netns exec` would. IPVS tables are per network namespace. A NAME
//! is looked up under /run/netns (where `ip netns add` puts them); anything
//! with a `/` is a path such as /proc/PID/ns/net.

use crate::error::Error;
use std::os::fd::AsRawFd;

/// The value of `--netns` in argv, found before parsing because the
/// namespace must be entered before IPVS is initialised (the reference
/// initialises before it reads its arguments).
pub fn requested(args: &[String]) -> Option<&str> {
    let mut it = args.iter().skip(1);
    while let Some(a) = it.next() {
        if a == "--netns" {
            return it.next().map(String::as_str);
        }
        if let Some(v) = a.strip_prefix("--netns=") {
            return Some(v);
        }
    }
    None
}

pub fn enter(name: &str) -> Result<(), Error> {
    let path = if name.contains('/') {
        name.to_string()
    } else {
        format!("/run/netns/{name}")
    };
    let fail = |e: std::io::Error| {
        Error::Usage(format!(
            "cannot enter network namespace `{name}': {}",
            crate::error::strerror(e.raw_os_error().unwrap_or(libc::EIO))
        ))
    };
    let f = std::fs::File::open(&path).map_err(fail)?;
    // SAFETY: setns on a file descriptor we hold open.
    if unsafe { libc::setns(f.as_raw_fd(), libc::CLONE_NEWNET) } != 0 {
        return Err(fail(std::io::Error::last_os_error()));
    }
    Ok(())
}
