//! `NlSocket` over a scripted transport: replies split across datagrams,
//! EINTR and ENOBUFS while receiving, truncated datagrams, interrupted
//! dumps, stale messages. The scripted kernel answers the last request
//! sent; `SEQ` in a scripted reply stands for its sequence number.
//! Batches have their own scripted kernel (socket/batch_tests.rs); the
//! deadline and ENOBUFS in dumps have files of their own
//! (socket/deadline_tests.rs, socket/enobufs_tests.rs).

use super::*;
use crate::model::{Scheduler, Service, ServiceKey};
use crate::netlink::consts::*;
use crate::netlink::message::IpvsAttr;
use crate::netlink::service::{to_attrs, SvcScope};
use netlink_packet_core::NLM_F_DUMP_INTR;
use std::collections::VecDeque;

const FAMILY: u16 = 0x20;

pub(super) fn family() -> FamilyId {
    FamilyId::new(FAMILY).unwrap()
}

/// One step of the scripted kernel's answers.
pub(super) enum Step {
    /// A datagram: messages whose sequence number is `SEQ` get the last
    /// request's; others keep theirs (stale replies).
    Datagram(Vec<Vec<u8>>),
    /// A datagram that does not fit: recv reports this length and stores
    /// only what fits (as MSG_TRUNC).
    Truncated(usize),
    Errno(i32),
}

#[derive(Default)]
pub(super) struct Script {
    steps: VecDeque<Step>,
    /// Datagrams sent, in order.
    pub(super) sent: Vec<Vec<u8>>,
    /// Sends that fail with EINTR before the next one goes through.
    pub(super) interrupted_sends: usize,
}

/// Sequence number of the first message of a datagram we sent.
pub(super) fn seq_of(msg: &[u8]) -> u32 {
    u32::from_ne_bytes(msg[8..12].try_into().unwrap())
}

impl Transport for Script {
    fn send(&mut self, bytes: &[u8]) -> io::Result<usize> {
        if self.interrupted_sends > 0 {
            self.interrupted_sends -= 1;
            return Err(io::Error::from_raw_os_error(libc::EINTR));
        }
        self.sent.push(bytes.to_vec());
        Ok(bytes.len())
    }
    fn recv(&mut self, buf: &mut Vec<u8>) -> io::Result<usize> {
        let seq = seq_of(self.sent.last().expect("recv before any send"));
        match self
            .steps
            .pop_front()
            .expect("the script ran out: recv would block")
        {
            Step::Datagram(msgs) => {
                for mut m in msgs {
                    if m[8..12] == SEQ_PLACEHOLDER {
                        m[8..12].copy_from_slice(&seq.to_ne_bytes());
                    }
                    buf.extend_from_slice(&m);
                }
                Ok(buf.len())
            }
            Step::Truncated(n) => {
                let room = buf.capacity() - buf.len();
                buf.extend(std::iter::repeat_n(0u8, room.min(n)));
                Ok(n)
            }
            Step::Errno(e) => Err(io::Error::from_raw_os_error(e)),
        }
    }
}

const SEQ_PLACEHOLDER: [u8; 4] = [0xee, 0xee, 0xee, 0xee];
pub(super) const SEQ: u32 = u32::from_ne_bytes(SEQ_PLACEHOLDER);

/// One netlink message: header, then `payload` (shared by the batch and
/// dump tests' scripted kernels).
pub(crate) fn header(kind: u16, flags: u16, seq: u32, payload: &[u8]) -> Vec<u8> {
    let mut m = Vec::new();
    m.extend_from_slice(&(16 + payload.len() as u32).to_ne_bytes());
    m.extend_from_slice(&kind.to_ne_bytes());
    m.extend_from_slice(&flags.to_ne_bytes());
    m.extend_from_slice(&seq.to_ne_bytes());
    m.extend_from_slice(&0u32.to_ne_bytes());
    m.extend_from_slice(payload);
    m
}

pub(super) fn done(seq: u32, flags: u16) -> Vec<u8> {
    done_status(seq, flags, 0)
}

/// NLMSG_DONE with the dump's status (0 or -errno) as its payload.
fn done_status(seq: u32, flags: u16, status: i32) -> Vec<u8> {
    header(NLMSG_DONE, NLM_F_MULTI | flags, seq, &status.to_ne_bytes())
}

/// NLMSG_ERROR: `errno` 0 is an ACK. The kernel echoes the request's
/// header after the (negative) error.
pub(super) fn ack(seq: u32, errno: i32) -> Vec<u8> {
    let mut p = (-errno).to_ne_bytes().to_vec();
    p.extend_from_slice(&header(FAMILY, NLM_F_REQUEST, seq, &[])[..16]);
    header(NLMSG_ERROR, 0, seq, &p)
}

pub(super) fn service(port: u16) -> Service {
    Service::new(ServiceKey::tcp([10, 0, 0, 1], port), Scheduler::Rr)
}

/// A GET_SERVICE dump entry as the kernel sends it (nest without the
/// NLA_F_NESTED flag, NLM_F_MULTI set).
pub(super) fn svc_entry(seq: u32, port: u16, flags: u16) -> Vec<u8> {
    let mut msg = IpvsMessage::new(
        IPVS_CMD_NEW_SERVICE,
        vec![IpvsAttr::Service(to_attrs(&service(port), SvcScope::Full))],
    );
    msg.flag_nests = false;
    encode(msg, family(), seq, NLM_F_MULTI | flags)
}

pub(super) fn ports(msgs: &[IpvsMessage]) -> Vec<u16> {
    crate::netlink::client::services_of(msgs.to_vec(), crate::error::KernelOp::GetServices)
        .unwrap()
        .iter()
        .map(|s| match s.key {
            ServiceKey::Addr { port, .. } => port,
            _ => 0,
        })
        .collect()
}

pub(super) fn socket(steps: Vec<Step>) -> NlSocket<Script> {
    NlSocket::with_transport(Script {
        steps: steps.into(),
        ..Script::default()
    })
}

pub(super) fn dump(nl: &mut NlSocket<Script>) -> Result<Vec<IpvsMessage>, NlError> {
    nl.dump(family(), IpvsMessage::new(IPVS_CMD_GET_SERVICE, vec![]))
}

use netlink_packet_core::{NLMSG_DONE, NLMSG_ERROR};
/// `NLM_F_MULTI` (linux/netlink.h), which the crate does not export.
const NLM_F_MULTI: u16 = 2;
use Step::*;

#[test]
fn dump_split_across_datagrams() {
    let mut nl = socket(vec![
        Datagram(vec![svc_entry(SEQ, 1, 0)]),
        Datagram(vec![svc_entry(SEQ, 2, 0), svc_entry(SEQ, 3, 0)]),
        Datagram(vec![svc_entry(SEQ, 4, 0)]),
        Datagram(vec![done(SEQ, 0)]),
    ]);
    assert_eq!(ports(&dump(&mut nl).unwrap()), [1, 2, 3, 4]);
}

#[test]
fn dump_with_done_in_the_same_datagram() {
    let mut nl = socket(vec![Datagram(vec![
        svc_entry(SEQ, 1, 0),
        svc_entry(SEQ, 2, 0),
        done(SEQ, 0),
    ])]);
    assert_eq!(ports(&dump(&mut nl).unwrap()), [1, 2]);
}

#[test]
fn eintr_while_receiving_is_retried() {
    let mut nl = socket(vec![
        Errno(libc::EINTR),
        Datagram(vec![svc_entry(SEQ, 1, 0)]),
        Errno(libc::EINTR),
        Errno(libc::EINTR),
        Datagram(vec![done(SEQ, 0)]),
    ]);
    assert_eq!(ports(&dump(&mut nl).unwrap()), [1]);
}

#[test]
fn enobufs_in_a_request_is_its_error_not_asked_again() {
    // Unlike a dump's (socket/enobufs_tests.rs): a change's outcome is
    // then unknown, and asking again would not make it known.
    let mut nl = socket(vec![
        Datagram(vec![svc_entry(SEQ, 7, 0)]),
        Errno(libc::ENOBUFS),
    ]);
    let r = nl.request(family(), IpvsMessage::new(IPVS_CMD_GET_SERVICE, vec![]));
    assert!(matches!(r, Err(NlError::Errno(libc::ENOBUFS))), "{r:?}");
    assert_eq!(nl.sock.sent.len(), 1);
}

#[test]
fn truncated_datagram_is_an_error_not_silent() {
    let mut nl = socket(vec![Truncated(RECV_BUF + 1)]);
    match dump(&mut nl) {
        Err(NlError::Protocol(m)) => assert!(m.contains("truncated"), "{m}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn datagram_cut_inside_a_message_is_a_protocol_error() {
    let mut entry = svc_entry(SEQ, 1, 0);
    entry.truncate(entry.len() - 8);
    let mut nl = socket(vec![Datagram(vec![entry])]);
    assert!(matches!(dump(&mut nl), Err(NlError::Protocol(_))));
}

#[test]
fn interrupted_dump_is_tried_again() {
    let mut nl = socket(vec![
        Datagram(vec![svc_entry(SEQ, 1, NLM_F_DUMP_INTR)]),
        Datagram(vec![done(SEQ, NLM_F_DUMP_INTR)]),
        Datagram(vec![svc_entry(SEQ, 2, 0), done(SEQ, 0)]),
    ]);
    assert_eq!(ports(&dump(&mut nl).unwrap()), [2]);
    assert_eq!(nl.sock.sent.len(), 2, "one retry");
}

#[test]
fn a_table_that_keeps_changing_gives_up() {
    let steps = (0..DUMP_RETRIES)
        .map(|_| Datagram(vec![done(SEQ, NLM_F_DUMP_INTR)]))
        .collect();
    let mut nl = socket(steps);
    assert!(matches!(dump(&mut nl), Err(NlError::Protocol(_))));
}

#[test]
fn stale_messages_of_other_requests_are_skipped() {
    let mut nl = socket(vec![Datagram(vec![
        ack(12345, 0),
        svc_entry(12345, 9, 0),
        done(12345, 0),
        svc_entry(SEQ, 1, 0),
        done(SEQ, 0),
    ])]);
    assert_eq!(ports(&dump(&mut nl).unwrap()), [1]);
}

#[test]
fn dump_error_is_the_kernels_errno() {
    let mut nl = socket(vec![Datagram(vec![ack(SEQ, libc::ESRCH)])]);
    assert!(matches!(dump(&mut nl), Err(NlError::Errno(libc::ESRCH))));
}

#[test]
fn dump_that_ends_in_an_error_is_an_error_not_a_short_table() {
    // The entries before it are not the whole table.
    let mut nl = socket(vec![Datagram(vec![
        svc_entry(SEQ, 1, 0),
        done_status(SEQ, 0, -libc::EMSGSIZE),
    ])]);
    assert!(matches!(dump(&mut nl), Err(NlError::Errno(libc::EMSGSIZE))));
}

#[test]
fn request_reply_and_ack_in_separate_datagrams() {
    let mut nl = socket(vec![
        Errno(libc::EINTR),
        Datagram(vec![svc_entry(SEQ, 7, 0)]),
        Datagram(vec![ack(SEQ, 0)]),
    ]);
    let r = nl
        .request(family(), IpvsMessage::new(IPVS_CMD_GET_SERVICE, vec![]))
        .unwrap();
    assert_eq!(ports(&r), [7]);
}

#[test]
fn family_lookup_ignores_attributes_it_does_not_know() {
    // The controller's reply: genl header, an unknown attribute (99), then
    // CTRL_ATTR_FAMILY_ID.
    let mut payload = vec![1, 2, 0, 0];
    payload.extend_from_slice(&[8, 0, 99, 0, 1, 2, 3, 4]);
    payload.extend_from_slice(&[6, 0, 1, 0]);
    payload.extend_from_slice(&0x21u16.to_ne_bytes());
    payload.extend_from_slice(&[0, 0]);
    let mut nl = socket(vec![Datagram(vec![
        header(0x10, 0, SEQ, &payload),
        ack(SEQ, 0),
    ])]);
    assert_eq!(nl.resolve_family("IPVS").unwrap(), FamilyId::new(0x21));
    let mut nl = socket(vec![Datagram(vec![ack(SEQ, libc::ENOENT)])]);
    assert_eq!(nl.resolve_family("IPVS").unwrap(), None);
}
