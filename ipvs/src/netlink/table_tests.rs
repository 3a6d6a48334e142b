//! `with_dests` over the scripted kernel of `socket/dumps_tests.rs`: the
//! kernel's order, a service gone between the dumps, a dump's error, a
//! dump that met ENOBUFS on every try, and a transport error.

use super::*;
use crate::model::{Scheduler, ServiceKey};
use crate::netlink::socket::dumps::tests::{dest_entry, done, family, nack, Dgram, Kernel};
use crate::netlink::socket::DUMP_RETRIES;

fn services(n: usize) -> Vec<Service> {
    (0..n)
        .map(|i| Service::new(ServiceKey::tcp([10, 0, 0, 1], i as u16), Scheduler::Wlc))
        .collect()
}

/// Service i's answer: destinations whose ports are i and i + 100, the
/// second in a datagram of its own.
fn answer(i: usize) -> Vec<Dgram> {
    let i = i as u16;
    vec![
        Dgram::Msgs(vec![dest_entry(i, 0)]),
        Dgram::Msgs(vec![dest_entry(i + 100, 0), done()]),
    ]
}

fn read(script: Vec<Vec<Dgram>>, n: usize) -> (Result<Vec<ServiceEntry>>, usize) {
    let mut nl = NlSocket::with_transport(Kernel::new(script, true));
    let r = with_dests(&mut nl, family(), services(n), DumpBufs::new(4, 64 * 1024));
    (r, nl.sock_requests())
}

fn ports(entries: &[ServiceEntry]) -> Vec<(u16, Vec<u16>)> {
    entries
        .iter()
        .map(|e| {
            let ServiceKey::Addr { port, .. } = e.service.key else {
                panic!()
            };
            (port, e.dests.iter().map(|d| d.port).collect())
        })
        .collect()
}

fn kernel_errno(r: &Result<Vec<ServiceEntry>>) -> Option<i32> {
    match r {
        Err(Error::Kernel {
            op: KernelOp::GetDests,
            errno,
        }) => Some(*errno),
        _ => None,
    }
}

#[test]
fn every_service_with_its_destinations_in_the_kernels_order() {
    let (r, sent) = read((0..40).map(answer).collect(), 40);
    let want: Vec<_> = (0..40u16).map(|i| (i, vec![i, i + 100])).collect();
    assert_eq!(ports(&r.unwrap()), want);
    assert_eq!(sent, 40);
}

#[test]
fn an_empty_table_asks_nothing() {
    let (r, sent) = read(vec![], 0);
    assert!(r.unwrap().is_empty());
    assert_eq!(sent, 0);
}

#[test]
fn a_service_gone_between_the_dumps_is_left_out() {
    let script = vec![
        answer(0),
        vec![Dgram::Msgs(vec![nack(libc::ESRCH)])],
        answer(2),
    ];
    let (r, _) = read(script, 3);
    assert_eq!(
        ports(&r.unwrap()),
        vec![(0, vec![0, 100]), (2, vec![2, 102])]
    );
}

#[test]
fn a_dump_error_is_the_tables_error_and_nothing_more_is_asked() {
    let script = vec![answer(0), vec![Dgram::Msgs(vec![nack(libc::EPERM)])]];
    let (r, sent) = read(script, 4);
    assert_eq!(kernel_errno(&r), Some(libc::EPERM));
    assert_eq!(sent, 2);
}

#[test]
fn a_transport_error_is_the_error_of_the_service_being_dumped() {
    let script = vec![
        answer(0),
        vec![
            Dgram::Msgs(vec![dest_entry(1, 0)]),
            Dgram::Errno(libc::EAGAIN),
        ],
    ];
    let (r, sent) = read(script, 3);
    assert!(
        matches!(
            r,
            Err(Error::Timeout {
                op: KernelOp::GetDests,
                ..
            })
        ),
        "{r:?}"
    );
    assert_eq!(sent, 2);
}

#[test]
fn enobufs_on_every_try_is_the_services_enobufs() {
    let lossy = || vec![Dgram::Errno(libc::ENOBUFS), Dgram::Msgs(vec![done()])];
    let mut script = vec![answer(0)];
    script.extend((0..DUMP_RETRIES).map(|_| lossy()));
    let (r, sent) = read(script, 3);
    assert_eq!(kernel_errno(&r), Some(libc::ENOBUFS));
    assert_eq!(sent, 1 + DUMP_RETRIES, "nothing is asked after it");
}
