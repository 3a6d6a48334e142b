//! What a command asks of the process rather than of the kernel: its
//! start, signals, a look at standard input, and the network namespace.
//!
//! The programs start at C `main` (`#![no_main]`), not through Rust's
//! runtime start-up: that start-up reads /proc/self/maps (glibc's
//! `pthread_getattr_np`, for the main thread's stack guard) and sets up an
//! alternate signal stack: a fifth to a third of an `ipvsadm -h`'s time
//! on the host (perf stat, 300 runs each, busy host: 1.60-2.16 ms before,
//! 1.07-1.46 ms after; issue 15, one `-A`). `start` does the two things of
//! that start-up the programs rely on.
//!
//! SIGINT/SIGTERM/SIGHUP during a long restore: the handler only records the
//! signal; the restore loop looks at it between lines and stops after
//! sending what it has already read, so the table holds a clean prefix of
//! the file and we can say how far we got. Installed only by the restore
//! paths, so every other command keeps the default (die at once); a signal
//! the process inherited as ignored (nohup, a background job) stays
//! ignored.
//!
//! `--netns NAME|PATH` (our addition): run in another network namespace,
//! as `ip netns exec` would. IPVS tables are per network namespace. A NAME
//! is looked up under /run/netns (where `ip netns add` puts them); anything
//! with a `/` is a path such as /proc/PID/ns/net.

use crate::error::Error;
use std::os::fd::AsRawFd;
use std::sync::atomic::{AtomicI32, Ordering};

/// What Rust's runtime start-up would have done that the programs rely
/// on: SIGPIPE ignored, so a write to a closed pipe is EPIPE and a listing
/// stops quietly (cmd/list.rs; std's `Command` still gives children the
/// default), and descriptors 0-2 open (a closed one gets /dev/null, as
/// std does, so no socket or file of ours becomes standard output).
pub fn start() {
    for fd in 0..3 {
        // SAFETY: fcntl(F_GETFD) only asks whether the descriptor is open;
        // open() takes the lowest free descriptor, which is this one.
        unsafe {
            if libc::fcntl(fd, libc::F_GETFD) == -1 {
                libc::open(c"/dev/null".as_ptr(), libc::O_RDWR);
            }
        }
    }
    // SAFETY: SIG_IGN is a valid disposition; no handler runs.
    unsafe { libc::signal(libc::SIGPIPE, libc::SIG_IGN) };
}

/// The command line, as the programs take it (not UTF-8 is replaced).
pub fn args() -> Vec<String> {
    std::env::args_os()
        .map(|a| a.to_string_lossy().into_owned())
        .collect()
}

/// The C `main` of a program whose crate is `#![no_main]`: `start`, then
/// `$run` (argv to exit code), then `process::exit` (not a return: it
/// flushes Rust's standard output). Not in test builds, whose harness has
/// its own `main`.
#[macro_export]
macro_rules! c_main {
    ($run:path) => {
        #[cfg(not(test))]
        #[no_mangle]
        extern "C" fn main(
            _argc: std::ffi::c_int,
            _argv: *const *const std::ffi::c_char,
        ) -> std::ffi::c_int {
            $crate::process::start();
            std::process::exit($run($crate::process::args()));
        }
    };
}

/// The signal caught, or 0.
static CAUGHT: AtomicI32 = AtomicI32::new(0);

extern "C" fn on_signal(sig: libc::c_int) {
    // Only an atomic store: async-signal-safe.
    CAUGHT.store(sig, Ordering::SeqCst);
}

/// The signals that ask a restore, converge or drain to stop cleanly:
/// SIGHUP too (a closed terminal or ssh session), which would otherwise
/// kill a drain half way with part of its servers at weight 0 and no word.
pub const STOP_SIGNALS: [libc::c_int; 3] = [libc::SIGINT, libc::SIGTERM, libc::SIGHUP];

/// Installs the handler for the stop signals, except where the signal
/// is ignored (inherited SIG_IGN). Without SA_RESTART, so that a read of a
/// stalled pipe returns EINTR and the loop can stop (the netlink layer
/// retries its own EINTRs).
pub fn catch() {
    for sig in STOP_SIGNALS {
        // SAFETY: a zeroed sigaction is valid; the handler only stores
        // to an atomic, which is async-signal-safe.
        unsafe {
            let mut old: libc::sigaction = std::mem::zeroed();
            if libc::sigaction(sig, std::ptr::null(), &mut old) == 0
                && old.sa_sigaction == libc::SIG_IGN
            {
                continue;
            }
            let mut sa: libc::sigaction = std::mem::zeroed();
            sa.sa_sigaction = on_signal as extern "C" fn(libc::c_int) as usize;
            libc::sigemptyset(&mut sa.sa_mask);
            sa.sa_flags = 0;
            libc::sigaction(sig, &sa, std::ptr::null_mut());
        }
    }
}

/// The signal caught since `catch`, if any.
pub fn caught() -> Option<i32> {
    match CAUGHT.load(Ordering::SeqCst) {
        0 => None,
        sig => Some(sig),
    }
}

/// The calling thread's signal mask as it was before
/// `block_stop_signals`; dropping it puts it back.
pub struct SignalMask(libc::sigset_t);

/// Blocks the stop signals on the calling thread (until the returned
/// mask is dropped). `-R` reads its input on a second thread: a signal
/// must reach the thread blocked in `read`, or that read would not return
/// EINTR and the restore would not stop until more input came. So the
/// main thread blocks them, and the reading thread, which inherits the
/// mask, puts the old one back (`SignalMask::apply`).
pub fn block_stop_signals() -> SignalMask {
    // SAFETY: sigset_t is plain data, initialised by sigemptyset and
    // filled by pthread_sigmask.
    unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        let mut old: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        for sig in STOP_SIGNALS {
            libc::sigaddset(&mut set, sig);
        }
        libc::pthread_sigmask(libc::SIG_BLOCK, &set, &mut old);
        SignalMask(old)
    }
}

impl SignalMask {
    /// Makes this the calling thread's mask.
    pub fn apply(&self) {
        // SAFETY: a valid sigset_t.
        unsafe {
            libc::pthread_sigmask(libc::SIG_SETMASK, &self.0, std::ptr::null_mut());
        }
    }
}

impl Drop for SignalMask {
    fn drop(&mut self) {
        self.apply()
    }
}

/// Whether a read of standard input would block now (a slow or
/// interactive pipe). The restore then sends the lines it holds before
/// waiting, so each line still takes effect about when the reference
/// would apply it. Files and finished pipes never block.
pub fn stdin_would_block() -> bool {
    let mut fd = libc::pollfd {
        fd: 0,
        events: libc::POLLIN,
        revents: 0,
    };
    // SAFETY: one valid pollfd, zero timeout.
    let n = unsafe { libc::poll(&mut fd, 1, 0) };
    n == 0
}

/// The value of `--netns` in argv, found before parsing because the
/// namespace must be entered before IPVS is initialised (the reference
/// initialises before it reads its arguments).
pub fn requested_netns(args: &[String]) -> Option<&str> {
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

pub fn enter_netns(name: &str) -> Result<(), Error> {
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
