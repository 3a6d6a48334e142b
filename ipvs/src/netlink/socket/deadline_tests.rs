//! The deadline on every wait: a request, a dump and a run of dumps whose
//! answer does not come end with `NlError::Timeout` (the scripted kernel
//! of socket_tests.rs and socket/dumps_tests.rs answers EAGAIN, as a real
//! socket with SO_RCVTIMEO does); EINTR anywhere is retried; and a real
//! generic-netlink socket does time out. Batches: socket/batch_tests.rs.

use super::dumps::tests::{dest_entry, done as dest_done, Dgram, Kernel};
use super::tests::{ack, done, dump, family, ports, socket, svc_entry, Step, SEQ};
use super::*;
use crate::netlink::consts::*;
use std::time::{Duration, Instant};

const DEADLINE: Duration = Duration::from_millis(200);

fn get_service() -> IpvsMessage {
    IpvsMessage::new(IPVS_CMD_GET_SERVICE, vec![])
}

#[test]
fn a_request_without_an_answer_times_out() {
    let mut nl = socket(vec![Step::Errno(libc::EAGAIN)]);
    nl.deadline = DEADLINE;
    let r = nl.request(family(), get_service());
    assert!(matches!(r, Err(NlError::Timeout(DEADLINE))), "{r:?}");
}

#[test]
fn a_dump_that_stops_answering_times_out_and_is_not_asked_again() {
    let mut nl = socket(vec![
        Step::Datagram(vec![svc_entry(SEQ, 1, 0)]),
        Step::Errno(libc::EWOULDBLOCK),
    ]);
    nl.deadline = DEADLINE;
    assert!(matches!(dump(&mut nl), Err(NlError::Timeout(DEADLINE))));
    assert_eq!(nl.sock.sent.len(), 1);
}

#[test]
fn without_a_deadline_eagain_is_only_an_errno() {
    // SO_RCVTIMEO 0 never times out: EAGAIN then is not ours to explain.
    let mut nl = socket(vec![Step::Errno(libc::EAGAIN)]);
    nl.deadline = Duration::ZERO;
    let r = nl.request(family(), get_service());
    assert!(matches!(r, Err(NlError::Errno(libc::EAGAIN))), "{r:?}");
}

#[test]
fn a_run_of_dumps_that_stops_answering_times_out() {
    let script = || {
        vec![
            vec![Dgram::Msgs(vec![dest_entry(1, 0), dest_done()])],
            vec![
                Dgram::Msgs(vec![dest_entry(2, 0)]),
                Dgram::Errno(libc::EAGAIN),
            ],
        ]
    };
    for many in [false, true] {
        let mut nl = NlSocket::with_transport(Kernel::new(script(), many));
        nl.deadline = DEADLINE;
        let mut answered = Vec::new();
        let reqs = (0..3).map(|_| IpvsMessage::new(IPVS_CMD_GET_DEST, vec![]));
        let r = nl.dump_each(family(), reqs, &mut DumpBufs::default(), |i, r| {
            answered.push((i, r.is_ok()));
            true
        });
        assert!(matches!(r, Err(NlError::Timeout(DEADLINE))), "{r:?}");
        assert_eq!(answered, [(0, true)]);
        assert_eq!(nl.sock_requests(), 2, "nothing is asked after it");
    }
}

#[test]
fn eintr_anywhere_in_a_request_is_retried() {
    let mut nl = socket(vec![
        Step::Datagram(vec![svc_entry(SEQ, 7, 0)]),
        Step::Errno(libc::EINTR),
        Step::Datagram(vec![ack(SEQ, 0)]),
    ]);
    nl.sock.interrupted_sends = 2;
    let r = nl.request(family(), get_service()).unwrap();
    assert_eq!(ports(&r), [7]);
    assert_eq!(nl.sock.sent.len(), 1, "the interrupted sends sent nothing");
}

#[test]
fn eintr_anywhere_in_a_dump_is_retried() {
    let mut nl = socket(vec![
        Step::Errno(libc::EINTR),
        Step::Datagram(vec![svc_entry(SEQ, 1, 0)]),
        Step::Errno(libc::EINTR),
        Step::Datagram(vec![svc_entry(SEQ, 2, 0), done(SEQ, 0)]),
    ]);
    nl.sock.interrupted_sends = 1;
    assert_eq!(ports(&dump(&mut nl).unwrap()), [1, 2]);
    assert_eq!(nl.sock.sent.len(), 1);
}

#[test]
fn eintr_anywhere_in_a_run_of_dumps_is_retried() {
    for many in [false, true] {
        let script = vec![vec![
            Dgram::Errno(libc::EINTR),
            Dgram::Msgs(vec![dest_entry(1, 0)]),
            Dgram::Errno(libc::EINTR),
            Dgram::Msgs(vec![dest_entry(2, 0), dest_done()]),
        ]];
        let mut nl = NlSocket::with_transport(Kernel::new(script, many));
        let mut n = 0;
        let reqs = [IpvsMessage::new(IPVS_CMD_GET_DEST, vec![])];
        nl.dump_each(family(), reqs, &mut DumpBufs::default(), |_, r| {
            n = r.unwrap().len();
            true
        })
        .unwrap();
        assert_eq!(n, 2);
    }
}

/// A real socket: NETLINK_GENERIC is on every Linux (the controller
/// answers; IPVS need not be there). With nothing asked, a wait ends after
/// the deadline, through both receive paths.
#[test]
fn a_real_socket_times_out_after_its_deadline() {
    let mut nl = NlSocket::open_with(DEADLINE).expect("a generic netlink socket");
    // The socket works: the controller resolves its own family (nlctrl,
    // GENL_ID_CTRL 0x10).
    assert_eq!(
        nl.resolve_family("nlctrl").unwrap(),
        FamilyId::new(libc::GENL_ID_CTRL as u16)
    );
    let start = Instant::now();
    let r = nl.recv_datagram().map(<[u8]>::to_vec);
    let waited = start.elapsed();
    assert!(matches!(r, Err(NlError::Timeout(DEADLINE))), "{r:?}");
    assert!(waited >= DEADLINE - Duration::from_millis(20), "{waited:?}");
    assert!(waited < Duration::from_secs(3), "{waited:?}");
    let mut bufs = DumpBufs::default();
    let start = Instant::now();
    let e = nl
        .sock
        .recv_many(&mut bufs.bufs, &mut bufs.lens)
        .expect_err("nothing was asked");
    assert!(matches!(nl.recv_failed(e), NlError::Timeout(DEADLINE)));
    assert!(start.elapsed() >= DEADLINE - Duration::from_millis(20));
}
