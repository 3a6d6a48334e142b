//! `read_table`'s pieces without a kernel: workers over the scripted
//! kernel of `socket/dumps_tests.rs`, and the reassembly's rules (order,
//! ESRCH skipped, the first other error wins).

use super::*;
use crate::model::{Dest, ServiceKey};
use crate::netlink::socket::dumps::tests::{dest_entry, done, family, nack, Dgram, Kernel};

fn service(port: u16) -> Service {
    Service {
        key: ServiceKey::Addr {
            protocol: 6,
            addr: "10.0.0.1".parse().unwrap(),
            port,
        },
        ..Service::default()
    }
}

fn services(n: usize) -> Vec<Service> {
    (0..n).map(|i| service(i as u16)).collect()
}

/// Service i's answer: one destination whose port is i.
fn answer(i: usize) -> Vec<Dgram> {
    vec![Dgram::Msgs(vec![dest_entry(i as u16, 0), done()])]
}

fn ports(entries: &[ServiceEntry]) -> Vec<(u16, Vec<u16>)> {
    entries
        .iter()
        .map(|e| {
            let ServiceKey::Addr { port, .. } = e.service.key else {
                panic!()
            };
            (port, e.dests.iter().map(|d: &Dest| d.port).collect())
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
fn two_workers_share_the_services_and_the_order_is_the_kernels() {
    let svcs = services(CHUNK + 5);
    // One worker has taken the first chunk; the other takes the rest.
    let next = AtomicUsize::new(CHUNK);
    let script_b = (CHUNK..CHUNK + 5).map(answer).collect();
    let mut b = NlSocket::with_transport(Kernel::new(script_b, false));
    let from_b = work(&mut b, family(), &svcs, &next);
    // The first worker's chunk (its own counter: it would go on to the
    // next free chunk of the shared one, and there is none).
    let mut a = NlSocket::with_transport(Kernel::new((0..CHUNK).map(answer).collect(), true));
    let from_a = work(&mut a, family(), &svcs[..CHUNK], &AtomicUsize::new(0));
    let entries = assemble(svcs, vec![from_b, from_a]).unwrap();
    let want: Vec<_> = (0..CHUNK as u16 + 5).map(|i| (i, vec![i])).collect();
    assert_eq!(ports(&entries), want);
}

#[test]
fn a_service_gone_between_the_dumps_is_left_out() {
    let svcs = services(3);
    let script = vec![
        answer(0),
        vec![Dgram::Msgs(vec![nack(libc::ESRCH)])],
        answer(2),
    ];
    let mut nl = NlSocket::with_transport(Kernel::new(script, true));
    let got = work(&mut nl, family(), &svcs, &AtomicUsize::new(0));
    let entries = assemble(svcs, vec![got]).unwrap();
    assert_eq!(ports(&entries), vec![(0, vec![0]), (2, vec![2])]);
}

#[test]
fn a_dump_error_is_the_tables_error_and_the_worker_stops() {
    let svcs = services(4);
    let script = vec![answer(0), vec![Dgram::Msgs(vec![nack(libc::EPERM)])]];
    let mut nl = NlSocket::with_transport(Kernel::new(script, true));
    let got = work(&mut nl, family(), &svcs, &AtomicUsize::new(0));
    assert_eq!(got.len(), 2, "nothing asked after the failure");
    assert_eq!(kernel_errno(&assemble(svcs, vec![got])), Some(libc::EPERM));
}

#[test]
fn a_transport_error_is_the_error_of_the_service_being_dumped() {
    let svcs = services(CHUNK + 2);
    let script = vec![
        answer(0),
        vec![
            Dgram::Msgs(vec![dest_entry(1, 0)]),
            Dgram::Errno(libc::ENOBUFS),
        ],
    ];
    let mut a = NlSocket::with_transport(Kernel::new(script, true));
    let next = AtomicUsize::new(0);
    let from_a = work(&mut a, family(), &svcs, &next);
    assert_eq!(from_a.len(), 2);
    // Another worker goes on with the next chunk; the first failure, in
    // service order, is still the table's error.
    let mut b = NlSocket::with_transport(Kernel::new(vec![answer(CHUNK), answer(CHUNK + 1)], true));
    let from_b = work(&mut b, family(), &svcs, &next);
    assert_eq!(from_b.len(), 2);
    assert_eq!(
        kernel_errno(&assemble(svcs, vec![from_b, from_a])),
        Some(libc::ENOBUFS)
    );
}

#[test]
fn the_first_error_in_service_order_wins() {
    let err = |errno| {
        Err(Error::Kernel {
            op: KernelOp::GetDests,
            errno,
        })
    };
    let parts = vec![
        vec![(2, err(libc::EPERM)), (3, Ok(vec![]))],
        vec![(0, Ok(vec![])), (1, err(libc::EINVAL))],
    ];
    assert_eq!(
        kernel_errno(&assemble(services(4), parts)),
        Some(libc::EINVAL)
    );
}

#[test]
fn a_service_without_an_answer_and_no_error_before_it_is_a_protocol_error() {
    let parts = vec![vec![(0, Ok(vec![]))]];
    assert!(matches!(
        assemble(services(2), parts),
        Err(Error::Protocol(_))
    ));
}

#[test]
fn an_empty_table_needs_no_worker_answer() {
    assert!(assemble(Vec::new(), vec![Vec::new()]).unwrap().is_empty());
    assert_eq!(sockets_for(0), 1);
}
