//! `NlSocket::dump_each` over a scripted kernel that answers each dump
//! request, in order, with scripted datagrams carrying the request's
//! sequence number: dumps split over datagrams, empty dumps, a dump's own
//! error (NLMSG_ERROR, NLMSG_DONE with a status), interrupted dumps, and
//! transport failures (a timeout, truncation) that end the run. ENOBUFS:
//! socket/enobufs_tests.rs.

use super::super::*;
use super::{DumpBufs, RecvMany};
use crate::model::{Dest, Family, Forward};
use crate::netlink::consts::*;
use crate::netlink::message::{encode, FamilyId, IpvsAttr, IpvsMessage};
use netlink_packet_core::NLM_F_DUMP_INTR;
use std::collections::VecDeque;
use std::io;

const FAMILY: u16 = 0x20;
/// `NLM_F_MULTI` (linux/netlink.h), which the crate does not export.
const NLM_F_MULTI: u16 = 2;
const SEQ_PLACEHOLDER: [u8; 4] = [0xee, 0xee, 0xee, 0xee];
const SEQ: u32 = u32::from_ne_bytes(SEQ_PLACEHOLDER);

pub fn family() -> FamilyId {
    FamilyId::new(FAMILY).unwrap()
}

/// One datagram of a scripted answer, or a receive error.
pub enum Dgram {
    Msgs(Vec<Vec<u8>>),
    Errno(i32),
    /// recv reports this length but stores what fits (MSG_TRUNC).
    Truncated(usize),
}

/// Answers the n-th request it is sent with the n-th script entry; `SEQ`
/// in a scripted message becomes that request's sequence number. With
/// `many`, `recv_many` hands over every queued datagram at once (as
/// `recvmmsg`), else one at a time (the trait's default).
pub struct Kernel {
    pub script: VecDeque<Vec<Dgram>>,
    queue: VecDeque<Dgram>,
    pub requests: usize,
    many: bool,
}

impl Kernel {
    pub fn new(script: Vec<Vec<Dgram>>, many: bool) -> Kernel {
        Kernel {
            script: script.into(),
            queue: VecDeque::new(),
            requests: 0,
            many,
        }
    }
}

impl NlSocket<Kernel> {
    /// Requests the scripted kernel was sent.
    pub fn sock_requests(&self) -> usize {
        self.sock.requests
    }
}

impl Transport for Kernel {
    fn send(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let seq = u32::from_ne_bytes(bytes[8..12].try_into().unwrap());
        self.requests += 1;
        let answer = self
            .script
            .pop_front()
            .expect("a request the script has no answer for");
        for d in answer {
            self.queue.push_back(match d {
                Dgram::Msgs(msgs) => Dgram::Msgs(
                    msgs.into_iter()
                        .map(|mut m| {
                            if m[8..12] == SEQ_PLACEHOLDER {
                                m[8..12].copy_from_slice(&seq.to_ne_bytes());
                            }
                            m
                        })
                        .collect(),
                ),
                other => other,
            });
        }
        Ok(bytes.len())
    }

    fn recv(&mut self, buf: &mut Vec<u8>) -> io::Result<usize> {
        match self.queue.pop_front().expect("recv would block") {
            Dgram::Msgs(msgs) => {
                for m in msgs {
                    buf.extend_from_slice(&m);
                }
                Ok(buf.len())
            }
            Dgram::Errno(e) => Err(io::Error::from_raw_os_error(e)),
            Dgram::Truncated(n) => {
                let room = buf.capacity() - buf.len();
                buf.extend(std::iter::repeat_n(0u8, room.min(n)));
                Ok(n)
            }
        }
    }
}

impl RecvMany for Kernel {
    fn recv_many(&mut self, bufs: &mut [Vec<u8>], lens: &mut [usize]) -> io::Result<usize> {
        let mut got = 0;
        while got < bufs.len() && (got == 0 || (self.many && !self.queue.is_empty())) {
            // An error after the first datagram waits for the next call,
            // as recvmmsg leaves it in sk_err.
            if got > 0 && matches!(self.queue.front(), Some(Dgram::Errno(_))) {
                break;
            }
            bufs[got].clear();
            lens[got] = self.recv(&mut bufs[got])?;
            got += 1;
        }
        Ok(got)
    }
}

use super::super::tests::header;

/// NLMSG_DONE of the current request with the dump's status (0 or -errno).
pub fn done_status(flags: u16, status: i32) -> Vec<u8> {
    header(
        netlink_packet_core::NLMSG_DONE,
        NLM_F_MULTI | flags,
        SEQ,
        &status.to_ne_bytes(),
    )
}

pub fn done() -> Vec<u8> {
    done_status(0, 0)
}

/// NLMSG_ERROR with `errno` for the current request.
pub fn nack(errno: i32) -> Vec<u8> {
    let mut p = (-errno).to_ne_bytes().to_vec();
    p.extend_from_slice(&header(FAMILY, NLM_F_REQUEST, SEQ, &[])[..16]);
    header(netlink_packet_core::NLMSG_ERROR, 0, SEQ, &p)
}

pub fn dest(port: u16) -> Dest {
    Dest {
        addr: "192.168.0.1".parse().unwrap(),
        port,
        fwd: Forward::Masq,
        weight: 1,
        ..Dest::default()
    }
}

/// A GET_DEST dump entry as the kernel sends it.
pub fn dest_entry(port: u16, flags: u16) -> Vec<u8> {
    let mut msg = IpvsMessage::new(
        IPVS_CMD_NEW_DEST,
        vec![IpvsAttr::Dest(crate::netlink::dest::to_attrs(&dest(port)))],
    );
    msg.flag_nests = false;
    encode(msg, family(), SEQ, NLM_F_MULTI | flags)
}

fn get_dest() -> IpvsMessage {
    IpvsMessage::new(IPVS_CMD_GET_DEST, vec![])
}

pub(super) type Got = Vec<(usize, Result<Vec<u16>, String>)>;

/// Runs `n` dumps over the script; returns each result (ports or error)
/// and the run's own outcome.
pub(super) fn run(
    script: Vec<Vec<Dgram>>,
    many: bool,
    n: usize,
) -> (Got, Result<(), NlError>, usize) {
    let mut nl = NlSocket::with_transport(Kernel::new(script, many));
    let mut got = Vec::new();
    let r = nl.dump_each(
        family(),
        (0..n).map(|_| get_dest()),
        &mut DumpBufs::new(4, 64 * 1024),
        |i, r| {
            got.push((
                i,
                match r {
                    Ok(msgs) => Ok(crate::netlink::client::dests_of(msgs, Family::Inet)
                        .unwrap()
                        .iter()
                        .map(|d| d.port)
                        .collect()),
                    Err(e) => Err(format!("{e:?}")),
                },
            ));
            true
        },
    );
    (got, r, nl.sock.requests)
}

use Dgram::*;

#[test]
fn dumps_in_order_whatever_their_datagrams() {
    for many in [false, true] {
        let script = vec![
            vec![
                Msgs(vec![dest_entry(1, 0), dest_entry(2, 0)]),
                Msgs(vec![done()]),
            ],
            vec![Msgs(vec![done()])],
            vec![
                Errno(libc::EINTR),
                Msgs(vec![dest_entry(3, 0)]),
                Msgs(vec![dest_entry(4, 0), done()]),
            ],
        ];
        let (got, r, sent) = run(script, many, 3);
        assert!(r.is_ok());
        assert_eq!(sent, 3);
        assert_eq!(
            got,
            vec![(0, Ok(vec![1, 2])), (1, Ok(vec![])), (2, Ok(vec![3, 4]))]
        );
    }
}

#[test]
fn a_dumps_own_error_is_its_result_and_the_next_dump_follows() {
    let script = vec![
        vec![Msgs(vec![nack(libc::ESRCH)])],
        vec![
            Msgs(vec![dest_entry(1, 0)]),
            Msgs(vec![done_status(0, -libc::EMSGSIZE)]),
        ],
        vec![Msgs(vec![nack(libc::EBUSY)])],
        vec![Msgs(vec![dest_entry(2, 0), done()])],
    ];
    let (got, r, _) = run(script, true, 4);
    assert!(r.is_ok());
    let errno = |e: i32| Err(format!("{:?}", NlError::Errno(e)));
    assert_eq!(
        got,
        vec![
            (0, errno(libc::ESRCH)),
            (1, errno(libc::EMSGSIZE)),
            (2, errno(libc::EBUSY)),
            (3, Ok(vec![2])),
        ]
    );
}

#[test]
fn an_interrupted_dump_is_asked_again() {
    let script = vec![
        vec![Msgs(vec![
            dest_entry(1, NLM_F_DUMP_INTR),
            done_status(NLM_F_DUMP_INTR, 0),
        ])],
        vec![Msgs(vec![dest_entry(2, 0), done()])],
        vec![Msgs(vec![done()])],
    ];
    let (got, r, sent) = run(script, true, 2);
    assert!(r.is_ok());
    assert_eq!(sent, 3, "one retry");
    assert_eq!(got, vec![(0, Ok(vec![2])), (1, Ok(vec![]))]);
}

#[test]
fn a_table_that_keeps_changing_is_that_dumps_error() {
    let intr = || vec![Msgs(vec![done_status(NLM_F_DUMP_INTR, 0)])];
    let script = (0..DUMP_RETRIES).map(|_| intr()).collect();
    let (got, r, _) = run(script, true, 1);
    assert!(r.is_ok());
    assert!(
        matches!(&got[..], [(0, Err(m))] if m.contains("kept changing")),
        "{got:?}"
    );
}

#[test]
fn stale_messages_are_skipped() {
    let mut stale = dest_entry(9, 0);
    stale[8..12].copy_from_slice(&12345u32.to_ne_bytes());
    let script = vec![vec![Msgs(vec![stale, dest_entry(1, 0), done()])]];
    let (got, _, _) = run(script, true, 1);
    assert_eq!(got, vec![(0, Ok(vec![1]))]);
}

#[test]
fn a_transport_error_ends_the_run_after_the_dumps_already_answered() {
    for fail in [Errno(libc::EAGAIN), Truncated(1 << 20)] {
        let script = vec![
            vec![Msgs(vec![dest_entry(1, 0), done()])],
            vec![Msgs(vec![dest_entry(2, 0)]), fail],
            vec![Msgs(vec![done()])],
        ];
        let (got, r, sent) = run(script, true, 3);
        assert_eq!(got, vec![(0, Ok(vec![1]))]);
        assert_eq!(sent, 2, "nothing is sent after the failure");
        match r {
            Err(NlError::Timeout(_)) => {}
            Err(NlError::Protocol(m)) => assert!(m.contains("truncated"), "{m}"),
            other => panic!("{other:?}"),
        }
    }
}

#[test]
fn the_caller_can_stop_early() {
    let script = vec![
        vec![Msgs(vec![nack(libc::EPERM)])],
        vec![Msgs(vec![done()])],
    ];
    let mut nl = NlSocket::with_transport(Kernel::new(script, true));
    let mut calls = 0;
    nl.dump_each(
        family(),
        (0..2).map(|_| get_dest()),
        &mut DumpBufs::default(),
        |_, r| {
            calls += 1;
            r.is_ok()
        },
    )
    .unwrap();
    assert_eq!((calls, nl.sock.requests), (1, 1));
}
