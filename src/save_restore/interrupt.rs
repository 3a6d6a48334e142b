//! SIGINT/SIGTERM during a long restore: the handler only records the
//! signal; the restore loop looks at it between lines and stops after
//! sending what it has already read, so the table holds a clean prefix of
//! the file and we can say how far we got. Installed only by the restore
//! paths, so every other command keeps the default (die at once).
//! Also the restore's other look at standard input: whether it would block.

use std::sync::atomic::{AtomicI32, Ordering};

/// The signal caught, or 0.
static CAUGHT: AtomicI32 = AtomicI32::new(0);

extern "C" fn on_signal(sig: libc::c_int) {
    // Only an atomic store: async-signal-safe.
    CAUGHT.store(sig, Ordering::SeqCst);
}

/// Installs the handler for SIGINT and SIGTERM. Without SA_RESTART, so
/// that a read of a stalled pipe returns EINTR and the loop can stop
/// (the netlink layer retries its own EINTRs).
pub fn catch() {
    for sig in [libc::SIGINT, libc::SIGTERM] {
        // SAFETY: a zeroed sigaction is valid; the handler only stores
        // to an atomic, which is async-signal-safe.
        unsafe {
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
