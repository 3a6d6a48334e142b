//! ENOBUFS during a dump, as af_netlink.c gives it (see the top of
//! socket/dumps.rs): one receive fails, or the dump request itself is
//! answered with NLMSG_ERROR ENOBUFS, and the dump goes on. Each case for
//! a single dump (the scripted kernel of socket_tests.rs) and a run of
//! them (that of socket/dumps_tests.rs): read to the end, asked again,
//! given up after `DUMP_RETRIES` tries with ENOBUFS as the dump's error.

use super::super::tests::{ack, done, dump, ports, socket, svc_entry, Step, SEQ};
use super::super::{NlError, DUMP_RETRIES};
use super::tests::{dest_entry, done as dest_done, nack, run, Dgram};
use netlink_packet_core::NLM_F_DUMP_INTR;

fn enobufs() -> Step {
    Step::Errno(libc::ENOBUFS)
}

#[test]
fn enobufs_mid_dump_is_read_to_the_end_then_asked_again() {
    let mut nl = socket(vec![
        Step::Datagram(vec![svc_entry(SEQ, 1, 0)]),
        enobufs(),
        Step::Errno(libc::EINTR),
        // A stale reply of another request, then the rest of the dump.
        Step::Datagram(vec![svc_entry(12345, 9, 0), svc_entry(SEQ, 2, 0)]),
        Step::Datagram(vec![done(SEQ, 0)]),
        // The second try, whole.
        Step::Datagram(vec![svc_entry(SEQ, 1, 0), svc_entry(SEQ, 2, 0)]),
        Step::Datagram(vec![svc_entry(SEQ, 3, 0), done(SEQ, 0)]),
    ]);
    assert_eq!(ports(&dump(&mut nl).unwrap()), [1, 2, 3]);
    let seqs: Vec<u32> = nl
        .sock
        .sent
        .iter()
        .map(|m| super::super::tests::seq_of(m))
        .collect();
    assert_eq!(seqs.len(), 2, "asked once more");
    assert_ne!(seqs[0], seqs[1], "with a fresh sequence number");
}

#[test]
fn enobufs_answering_the_dump_request_reads_the_dump_then_asks_again() {
    // The first chunk could not be queued; the dump runs on.
    let mut nl = socket(vec![
        Step::Datagram(vec![ack(SEQ, libc::ENOBUFS)]),
        Step::Datagram(vec![svc_entry(SEQ, 1, 0), done(SEQ, 0)]),
        Step::Datagram(vec![svc_entry(SEQ, 1, 0), done(SEQ, 0)]),
    ]);
    assert_eq!(ports(&dump(&mut nl).unwrap()), [1]);
    assert_eq!(nl.sock.sent.len(), 2);
}

#[test]
fn enobufs_every_time_is_the_dumps_enobufs_after_the_bounded_tries() {
    let steps = (0..DUMP_RETRIES)
        .flat_map(|_| {
            [
                Step::Datagram(vec![svc_entry(SEQ, 1, 0)]),
                enobufs(),
                Step::Datagram(vec![done(SEQ, 0)]),
            ]
        })
        .collect();
    let mut nl = socket(steps);
    let r = dump(&mut nl);
    assert!(matches!(r, Err(NlError::Errno(libc::ENOBUFS))), "{r:?}");
    assert_eq!(nl.sock.sent.len(), DUMP_RETRIES);
}

#[test]
fn the_tries_are_shared_with_interrupted_dumps() {
    let mut nl = socket(vec![
        Step::Datagram(vec![done(SEQ, NLM_F_DUMP_INTR)]),
        enobufs(),
        Step::Datagram(vec![done(SEQ, 0)]),
        Step::Datagram(vec![svc_entry(SEQ, 4, 0), done(SEQ, 0)]),
    ]);
    assert_eq!(ports(&dump(&mut nl).unwrap()), [4]);
    assert_eq!(nl.sock.sent.len(), 3);
}

#[test]
fn a_dump_that_ends_in_its_own_error_after_enobufs_is_asked_again() {
    // The error may be the kernel's true answer: the next try says so.
    let mut nl = socket(vec![
        enobufs(),
        Step::Datagram(vec![ack(SEQ, libc::ESRCH)]),
        Step::Datagram(vec![ack(SEQ, libc::ESRCH)]),
    ]);
    assert!(matches!(dump(&mut nl), Err(NlError::Errno(libc::ESRCH))));
    assert_eq!(nl.sock.sent.len(), 2);
}

#[test]
fn the_deadline_bounds_reading_past_enobufs() {
    let mut nl = socket(vec![enobufs(), Step::Errno(libc::EAGAIN)]);
    assert!(matches!(dump(&mut nl), Err(NlError::Timeout(_))));
    assert_eq!(nl.sock.sent.len(), 1);
}

#[test]
fn a_run_of_dumps_asks_a_dump_that_met_enobufs_again_and_goes_on() {
    for many in [false, true] {
        let script = vec![
            vec![
                Dgram::Msgs(vec![dest_entry(1, 0)]),
                Dgram::Errno(libc::ENOBUFS),
                Dgram::Errno(libc::EINTR),
                Dgram::Msgs(vec![dest_entry(2, 0)]),
                Dgram::Msgs(vec![dest_done()]),
            ],
            vec![Dgram::Msgs(vec![
                dest_entry(1, 0),
                dest_entry(2, 0),
                dest_done(),
            ])],
            vec![
                Dgram::Msgs(vec![nack(libc::ENOBUFS)]),
                Dgram::Msgs(vec![dest_entry(3, 0), dest_done()]),
            ],
            vec![Dgram::Msgs(vec![dest_entry(3, 0), dest_done()])],
        ];
        let (got, r, sent) = run(script, many, 2);
        assert!(r.is_ok(), "{r:?}");
        assert_eq!(got, vec![(0, Ok(vec![1, 2])), (1, Ok(vec![3]))]);
        assert_eq!(sent, 4);
    }
}

#[test]
fn a_run_of_dumps_gives_enobufs_every_time_as_that_dumps_result() {
    let lossy = || {
        vec![
            Dgram::Msgs(vec![dest_entry(1, 0)]),
            Dgram::Errno(libc::ENOBUFS),
            Dgram::Msgs(vec![dest_done()]),
        ]
    };
    let mut script: Vec<_> = (0..DUMP_RETRIES).map(|_| lossy()).collect();
    script.push(vec![Dgram::Msgs(vec![dest_done()])]);
    let (got, r, sent) = run(script, true, 2);
    assert!(r.is_ok(), "{r:?}");
    let enobufs = Err(format!("{:?}", NlError::Errno(libc::ENOBUFS)));
    assert_eq!(got, vec![(0, enobufs), (1, Ok(vec![]))]);
    assert_eq!(sent, DUMP_RETRIES + 1);
}

/// A socket that fails every receive with ENOBUFS (what `strace -e
/// inject=...:error=ENOBUFS` makes of it): no datagram ever comes, so
/// reading on to the dump's end would loop forever (the deadline bounds
/// waits, and these receives do not wait). Given up after a bounded run
/// of them, as the transport's error.
#[test]
fn enobufs_without_end_is_given_up() {
    let steps = std::iter::once(Step::Datagram(vec![svc_entry(SEQ, 1, 0)]))
        .chain((0..100).map(|_| enobufs()))
        .collect();
    let mut nl = socket(steps);
    assert!(matches!(dump(&mut nl), Err(NlError::Errno(libc::ENOBUFS))));
    assert_eq!(nl.sock.sent.len(), 1);
    for many in [false, true] {
        let script = vec![std::iter::once(Dgram::Msgs(vec![dest_entry(1, 0)]))
            .chain((0..100).map(|_| Dgram::Errno(libc::ENOBUFS)))
            .collect()];
        let (_, r, sent) = run(script, many, 1);
        assert!(matches!(r, Err(NlError::Errno(libc::ENOBUFS))), "{r:?}");
        assert_eq!(sent, 1);
    }
}
