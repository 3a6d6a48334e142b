//! Batches over a scripted kernel that answers as `netlink_rcv_skb` does:
//! the requests of a sendmsg in order, an NLMSG_ERROR for every failure
//! whatever its flags, an ACK only where NLM_F_ACK is set, each answer a
//! datagram of its own (one skb per `netlink_ack`), and answers that do
//! not fit the receive queue dropped with ENOBUFS reported on the next
//! receive (`netlink_overrun`; `sock_error` is looked at before the queue).
//! A receive on an empty queue fails with EAGAIN, as one with SO_RCVTIMEO
//! does when the deadline passes.

use super::super::tests::{ack, family, seq_of, service};
use super::super::{NlError, NlSocket, Transport, WINDOW};
use crate::netlink::consts::IPVS_CMD_NEW_SERVICE;
use crate::netlink::message::{IpvsAttr, IpvsMessage};
use crate::netlink::service::{to_attrs, SvcScope};
use netlink_packet_core::NLM_F_ACK;
use std::collections::VecDeque;
use std::io;
use std::time::Duration;

struct Kernel {
    /// The errno of request i of the batch (0: applied).
    errno: fn(usize) -> i32,
    /// Answers the receive queue holds before it overflows.
    room: usize,
    queue: VecDeque<Vec<u8>>,
    overrun: bool,
    /// Each request's nlmsg_flags, in order.
    flags: Vec<u16>,
    sends: usize,
    /// Sends after this many fail with EPERM.
    fail_send_after: usize,
    /// Requests from this one on are never answered (the answers are lost
    /// without a trace, or the kernel is stuck).
    mute_from: usize,
    /// Sends that fail with EINTR before the next one goes through.
    interrupted_sends: usize,
}

fn kernel(errno: fn(usize) -> i32) -> Kernel {
    Kernel {
        errno,
        room: usize::MAX,
        queue: VecDeque::new(),
        overrun: false,
        flags: Vec::new(),
        sends: 0,
        fail_send_after: usize::MAX,
        mute_from: usize::MAX,
        interrupted_sends: 0,
    }
}

impl Transport for Kernel {
    fn send(&mut self, bytes: &[u8]) -> io::Result<usize> {
        if self.sends == self.fail_send_after {
            return Err(io::Error::from_raw_os_error(libc::EPERM));
        }
        if self.interrupted_sends > 0 {
            self.interrupted_sends -= 1;
            return Err(io::Error::from_raw_os_error(libc::EINTR));
        }
        self.sends += 1;
        let mut off = 0;
        while off < bytes.len() {
            let msg = &bytes[off..];
            let len = u32::from_ne_bytes(msg[..4].try_into().unwrap()) as usize;
            let flags = u16::from_ne_bytes(msg[6..8].try_into().unwrap());
            let errno = (self.errno)(self.flags.len());
            let mute = self.flags.len() >= self.mute_from;
            self.flags.push(flags);
            if !mute && (flags & NLM_F_ACK != 0 || errno != 0) {
                if self.queue.len() < self.room {
                    self.queue.push_back(ack(seq_of(msg), errno));
                } else {
                    self.overrun = true;
                }
            }
            off += (len + 3) & !3;
        }
        Ok(bytes.len())
    }
    fn recv(&mut self, buf: &mut Vec<u8>) -> io::Result<usize> {
        if std::mem::take(&mut self.overrun) {
            return Err(io::Error::from_raw_os_error(libc::ENOBUFS));
        }
        let Some(d) = self.queue.pop_front() else {
            return Err(io::Error::from_raw_os_error(libc::EAGAIN));
        };
        buf.extend_from_slice(&d);
        Ok(d.len())
    }
}

/// `n` requests that add a service each (ports 0..n).
fn new_services(n: usize) -> Vec<IpvsMessage> {
    (0..n)
        .map(|i| {
            let attrs = to_attrs(&service(i as u16), SvcScope::Full);
            IpvsMessage::new(IPVS_CMD_NEW_SERVICE, vec![IpvsAttr::Service(attrs)])
        })
        .collect()
}

const N: usize = 2 * WINDOW + 7;

fn run(k: Kernel) -> (NlSocket<Kernel>, super::BatchOutcome) {
    let mut nl = NlSocket::with_transport(k);
    let b = nl.batch_partial(family(), new_services(N));
    (nl, b)
}

#[test]
fn only_the_last_request_of_each_send_asks_for_an_ack() {
    let (nl, b) = run(kernel(|_| 0));
    assert!(b.error.is_none());
    assert!(b.answers.iter().all(|a| *a == Some(0)));
    let acked: Vec<usize> = (0..N)
        .filter(|&i| nl.sock.flags[i] & NLM_F_ACK != 0)
        .collect();
    assert_eq!(acked, [WINDOW - 1, 2 * WINDOW - 1, N - 1]);
    assert_eq!(nl.sock.sends, 3);
}

#[test]
fn errors_in_the_middle_keep_their_errno_and_place() {
    let errno = |i: usize| if i % 7 == 3 { libc::EEXIST } else { 0 };
    let (_, b) = run(kernel(errno));
    let want: Vec<Option<i32>> = (0..N).map(|i| Some(errno(i))).collect();
    assert_eq!(b.answers, want);
    assert!(b.error.is_none());
}

#[test]
fn a_failing_last_request_closes_its_send() {
    // The last request of the first send and of the batch fail: their
    // NLMSG_ERROR is the only answer the kernel sends for them.
    let errno = |i: usize| match i {
        i if i == WINDOW - 1 || i == N - 1 => libc::ESRCH,
        _ => 0,
    };
    let (_, b) = run(kernel(errno));
    let want: Vec<Option<i32>> = (0..N).map(|i| Some(errno(i))).collect();
    assert_eq!(b.answers, want);
}

#[test]
fn lost_answers_leave_outcomes_unknown_never_applied() {
    // The second send fails entirely and its errors overflow the queue.
    let mut k = kernel(|i| if i >= WINDOW { libc::EEXIST } else { 0 });
    k.room = 50;
    let (_, b) = run(k);
    assert!(b.answers[..WINDOW].iter().all(|a| *a == Some(0)));
    assert!(b.answers[WINDOW..].iter().all(Option::is_none));
    assert_eq!(b.sent, 2 * WINDOW, "the third send never went out");
    assert!(matches!(b.error, Some(NlError::Errno(libc::ENOBUFS))));
    // `batch` reports the loss rather than success.
    let mut k = kernel(|_| libc::EEXIST);
    k.room = 1;
    let mut nl = NlSocket::with_transport(k);
    assert!(nl.batch(family(), new_services(N)).is_err());
}

#[test]
fn a_failed_send_keeps_what_came_before() {
    let mut k = kernel(|i| if i == 1 { libc::EEXIST } else { 0 });
    k.fail_send_after = 1;
    let (_, b) = run(k);
    assert_eq!(b.answers[..2], [Some(0), Some(libc::EEXIST)]);
    assert!(b.answers[WINDOW..].iter().all(Option::is_none));
    assert_eq!(
        b.sent,
        2 * WINDOW,
        "the failed send's requests count as sent"
    );
    assert!(matches!(b.error, Some(NlError::Errno(libc::EPERM))));
}

#[test]
fn stale_answers_are_not_taken_for_ours() {
    let mut k = kernel(|_| 0);
    // An error left from an earlier request, with a sequence number inside
    // and one outside what the batch will use.
    k.queue.push_back(ack(12345, libc::EEXIST));
    let mut nl = NlSocket::with_transport(k);
    let stale = nl.seq; // the batch starts after it
    nl.sock.queue.push_back(ack(stale, libc::ENOENT));
    let b = nl.batch_partial(family(), new_services(N));
    assert!(b.answers.iter().all(|a| *a == Some(0)), "{:?}", b.answers);
}

/// Answers like `Kernel` with every odd request failing, but puts each
/// send's answers in one datagram in reverse order, after an EINTR.
struct Reversed {
    seen: usize,
    pending: VecDeque<io::Result<Vec<u8>>>,
}

impl Transport for Reversed {
    fn send(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let mut off = 0;
        let mut answers = Vec::new();
        while off < bytes.len() {
            let msg = &bytes[off..];
            let len = u32::from_ne_bytes(msg[..4].try_into().unwrap()) as usize;
            let flags = u16::from_ne_bytes(msg[6..8].try_into().unwrap());
            let errno = if self.seen % 2 == 1 { libc::EEXIST } else { 0 };
            if flags & NLM_F_ACK != 0 || errno != 0 {
                answers.push(ack(seq_of(msg), errno));
            }
            self.seen += 1;
            off += (len + 3) & !3;
        }
        answers.reverse();
        let eintr = io::Error::from_raw_os_error(libc::EINTR);
        self.pending.push_back(Err(eintr));
        self.pending.push_back(Ok(answers.concat()));
        Ok(bytes.len())
    }
    fn recv(&mut self, buf: &mut Vec<u8>) -> io::Result<usize> {
        let d = self.pending.pop_front().expect("recv would block")?;
        buf.extend_from_slice(&d);
        Ok(d.len())
    }
}

#[test]
fn answers_of_one_datagram_are_all_read_whatever_their_order() {
    let mut nl = NlSocket::with_transport(Reversed {
        seen: 0,
        pending: VecDeque::new(),
    });
    let errnos = nl.batch(family(), new_services(N)).unwrap();
    let want: Vec<i32> = (0..N)
        .map(|i| if i % 2 == 1 { libc::EEXIST } else { 0 })
        .collect();
    assert_eq!(errnos, want);
}

#[test]
fn a_batch_that_stops_answering_times_out_keeping_what_was_answered() {
    // The second send's requests from WINDOW + 3 on get no answer; the one
    // refused before that keeps its errno.
    let mut k = kernel(|i| if i == WINDOW + 1 { libc::EEXIST } else { 0 });
    k.mute_from = WINDOW + 3;
    let mut nl = NlSocket::with_transport(k);
    nl.deadline = Duration::from_secs(7);
    let b = nl.batch_partial(family(), new_services(N));
    assert!(b.answers[..WINDOW].iter().all(|a| *a == Some(0)));
    assert_eq!(b.answers[WINDOW + 1], Some(libc::EEXIST));
    assert_eq!(b.answers[WINDOW], None, "no ACK closed its send");
    assert!(b.answers[WINDOW + 2..].iter().all(Option::is_none));
    assert_eq!(b.sent, 2 * WINDOW, "the third send never went out");
    assert!(matches!(b.error, Some(NlError::Timeout(d)) if d == Duration::from_secs(7)));
    assert_eq!(nl.sock.sends, 2);
}

#[test]
fn eintr_while_sending_a_batch_is_retried() {
    let mut k = kernel(|i| if i == 5 { libc::ENOENT } else { 0 });
    k.interrupted_sends = 2;
    let mut nl = NlSocket::with_transport(k);
    let errnos = nl.batch(family(), new_services(N)).unwrap();
    assert_eq!(errnos.iter().filter(|&&e| e != 0).count(), 1);
    assert_eq!(errnos[5], libc::ENOENT);
    assert_eq!(nl.sock.sends, 3);
}
