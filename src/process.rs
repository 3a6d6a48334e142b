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
use nix::fcntl::OFlag;
use nix::poll::{PollFd, PollFlags, PollTimeout};
use nix::sched::CloneFlags;
use nix::sys::signal::{SaFlags, SigAction, SigHandler, SigSet, SigmaskHow, Signal};
use nix::sys::stat::Mode;
use std::os::fd::{AsFd, AsRawFd, IntoRawFd};
use std::sync::atomic::{AtomicI32, Ordering};

/// What Rust's runtime start-up would have done that the programs rely
/// on: SIGPIPE ignored, so a write to a closed pipe is EPIPE and a listing
/// stops quietly (cmd/list.rs; std's `Command` still gives children the
/// default), and descriptors 0-2 open (a closed one gets /dev/null, as
/// std does, so no socket or file of ours becomes standard output).
pub fn start() {
    // open() takes the lowest free descriptor: each one up to 2 is a
    // closed standard stream, which keeps /dev/null (not close-on-exec,
    // like std's); the first above 2 shows they are all open, and is
    // closed again.
    while let Ok(fd) = nix::fcntl::open("/dev/null", OFlag::O_RDWR, Mode::empty()) {
        if fd.as_raw_fd() > 2 {
            break;
        }
        let _ = fd.into_raw_fd();
    }
    // SAFETY: SIG_IGN runs no handler, and the disposition it replaces is
    // the default (nothing before `start` installs one), so no handler
    // pointer of unknown origin is read back.
    let _ = unsafe { nix::sys::signal::signal(Signal::SIGPIPE, SigHandler::SigIgn) };
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

extern "C" fn on_signal(sig: std::ffi::c_int) {
    // Only an atomic store: async-signal-safe.
    CAUGHT.store(sig, Ordering::SeqCst);
}

/// The signals that ask a restore, converge or drain to stop cleanly:
/// SIGHUP too (a closed terminal or ssh session), which would otherwise
/// kill a drain half way with part of its servers at weight 0 and no word.
pub const STOP_SIGNALS: [Signal; 3] = [Signal::SIGINT, Signal::SIGTERM, Signal::SIGHUP];

/// The stop signals as a set.
fn stop_set() -> SigSet {
    STOP_SIGNALS.into_iter().collect()
}

/// Installs the handler for the stop signals, except where the signal
/// is ignored (inherited SIG_IGN). Without SA_RESTART, so that a read of a
/// stalled pipe returns EINTR and the loop can stop (the netlink layer
/// retries its own EINTRs).
///
/// sigaction(2) cannot be asked for the old disposition without setting
/// a new one through nix, so the handler goes in and an inherited SIG_IGN
/// goes back, with the signals blocked meanwhile: one that comes in
/// between stays pending, and putting SIG_IGN back discards it (POSIX
/// sigaction), as if it had come before.
pub fn catch() {
    let caught = SigAction::new(
        SigHandler::Handler(on_signal),
        SaFlags::empty(),
        SigSet::empty(),
    );
    let mask = block_stop_signals();
    for sig in STOP_SIGNALS {
        // SAFETY: the handler only stores to an atomic, which is
        // async-signal-safe. The old disposition read back is either ours,
        // SIG_DFL or SIG_IGN (nothing else in the process installs a
        // handler), and is only compared and, if SIG_IGN, put back.
        unsafe {
            if let Ok(old) = nix::sys::signal::sigaction(sig, &caught) {
                if matches!(old.handler(), SigHandler::SigIgn) {
                    let _ = nix::sys::signal::sigaction(sig, &old);
                }
            }
        }
    }
    drop(mask);
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
pub struct SignalMask(SigSet);

/// Blocks the stop signals on the calling thread (until the returned
/// mask is dropped). `-R` reads its input on a second thread: a signal
/// must reach the thread blocked in `read`, or that read would not return
/// EINTR and the restore would not stop until more input came. So the
/// main thread blocks them, and the reading thread, which inherits the
/// mask, puts the old one back (`SignalMask::apply`).
pub fn block_stop_signals() -> SignalMask {
    // pthread_sigmask fails only for an invalid `how`.
    let old = stop_set().thread_swap_mask(SigmaskHow::SIG_BLOCK);
    SignalMask(old.unwrap_or_else(|_| SigSet::empty()))
}

impl SignalMask {
    /// Makes this the calling thread's mask.
    pub fn apply(&self) {
        let _ = self.0.thread_set_mask();
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
    let stdin = std::io::stdin();
    let mut fds = [PollFd::new(stdin.as_fd(), PollFlags::POLLIN)];
    nix::poll::poll(&mut fds, PollTimeout::ZERO) == Ok(0)
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
    nix::sched::setns(&f, CloneFlags::CLONE_NEWNET).map_err(|errno| fail(errno.into()))
}
