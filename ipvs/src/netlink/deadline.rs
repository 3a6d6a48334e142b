//! The deadline on every wait for the kernel: the process-wide default,
//! how a socket gets it (SO_RCVTIMEO), and how a receive that ran out of
//! it is told apart. Not what a timeout means for a request (the socket
//! and `error::Error::Timeout` say that).
//!
//! Why: a netlink socket without a receive timeout waits for an answer
//! forever, and an answer that the kernel dropped (or never sent) leaves
//! the process hung; kube-proxy hung this way (kubernetes #71071).
//!
//! What it bounds: each wait for a datagram, not a whole request. A large
//! dump is many datagrams, each read within the deadline. It does not
//! bound the kernel's work inside our own `sendmsg` (generic netlink runs
//! the IPVS handler there, genetlink.c `genl_rcv`) or inside a `recvmsg`
//! that continues a dump (af_netlink.c `netlink_recvmsg` calls
//! `netlink_dump`): a receive timeout only ends the sleep on an empty
//! queue (net/core/datagram.c, `__skb_wait_for_more_packets` sleeps for
//! `sock_rcvtimeo`, then the call fails with EAGAIN).

use nix::sys::socket::{setsockopt, sockopt};
use nix::sys::time::TimeVal;
use std::io;
use std::os::fd::AsFd;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// The deadline a socket gets when nothing else was asked for.
pub const DEFAULT_DEADLINE: Duration = Duration::from_secs(5);

/// The current default, in microseconds (the resolution of SO_RCVTIMEO's
/// `struct timeval`); 0 is no deadline.
static DEFAULT_MICROS: AtomicU64 = AtomicU64::new(DEFAULT_DEADLINE.as_micros() as u64);

/// Sets how long every socket opened from now on waits for each answer of
/// the kernel (a dump's datagrams are each waited for this long). Sockets
/// already open keep theirs. `Duration::ZERO` means no deadline: wait as
/// long as the kernel takes, as SO_RCVTIMEO 0 does. A nonzero deadline
/// shorter than a microsecond counts as one microsecond.
///
pub fn set_default_deadline(deadline: Duration) {
    let micros = match deadline.as_micros() {
        0 if !deadline.is_zero() => 1,
        m => u64::try_from(m).unwrap_or(u64::MAX),
    };
    DEFAULT_MICROS.store(micros, Ordering::Relaxed);
}

/// The deadline sockets opened now get (5 s unless set otherwise).
pub fn default_deadline() -> Duration {
    Duration::from_micros(DEFAULT_MICROS.load(Ordering::Relaxed))
}

/// Sets SO_RCVTIMEO on `fd`: a blocking receive then fails with EAGAIN
/// after `deadline` without a datagram (socket(7)).
pub(super) fn set_receive_timeout(fd: &impl AsFd, deadline: Duration) -> io::Result<()> {
    let tv = TimeVal::new(
        libc::time_t::try_from(deadline.as_secs()).unwrap_or(libc::time_t::MAX),
        deadline.subsec_micros() as libc::suseconds_t,
    );
    Ok(setsockopt(fd, sockopt::ReceiveTimeout, &tv)?)
}

/// Whether a receive error is the deadline running out: EAGAIN (the same
/// value as EWOULDBLOCK on Linux) from a blocking socket.
pub(super) fn ran_out(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::WouldBlock
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sub_microsecond_deadlines_are_not_turned_off() {
        let before = default_deadline();
        set_default_deadline(Duration::from_nanos(10));
        assert_eq!(default_deadline(), Duration::from_micros(1));
        set_default_deadline(Duration::ZERO);
        assert_eq!(default_deadline(), Duration::ZERO);
        set_default_deadline(before);
    }
}
