//! `IpvsSocket::read_table`: the whole table as the listing and `-S` read
//! it: one service dump, then one GET_DEST dump per service (the kernel
//! has no all-destinations dump), on a fresh socket read in small pieces
//! (`socket/dumps.rs` runs the dumps). Not the single dumps (`client`).
//!
//! Why a fresh socket and small reads: the kernel allocates each dump skb
//! as large as the largest read it has seen on the socket, up to 32 KiB
//! (af_netlink.c, `netlink_recvmsg` records `max_recvmsg_len`;
//! `netlink_dump` allocates that much when it exceeds `NLMSG_GOODSIZE`),
//! and a destination dump takes at least two skbs (the data, then
//! NLMSG_DONE: see `socket/dumps.rs`). Debian's kernels zero every
//! allocation (`init_on_alloc`), so with the 32 KiB the main socket has
//! reached (its GET_INFO and service dump read 256 KiB at a time) `perf`
//! showed 22 % of `-L -n`'s time in `clear_page_erms` (5,000 x 10, 6.1).
//! Reading at most `NLMSG_GOODSIZE` keeps each skb to one page. The socket
//! is opened on the calling thread, which `--netns` moved into the
//! namespace.
//!
//! Why not several sockets on threads: IPVS is not a `parallel_ops` genl
//! family, so the kernel runs the dumps one at a time anyway (genetlink.c
//! `genl_mutex`; ip_vs_ctl.c `__ip_vs_mutex` in `ip_vs_genl_dump_dests`).
//! Measured in the 2-CPU VM (1,000 x 10, 6.1), two sockets on two threads
//! took 18.0 s of CPU against 6.0 s for one (the old code: 9.1 s), and no
//! less wall time: the threads mostly wait on, and spin for, those locks.

use super::consts::*;
use super::message::{FamilyId, IpvsAttr, IpvsMessage};
use super::replies::{dests_of, kernel, services_of};
use super::service::{to_attrs, SvcScope};
use super::socket::{DumpBufs, NlSocket, RecvMany, MANY};
use crate::error::{Error, KernelOp, Result};
use crate::model::{Service, ServiceEntry};
use nix::unistd::{sysconf, SysconfVar};

fn get_dest(svc: &Service) -> IpvsMessage {
    IpvsMessage::new(
        IPVS_CMD_GET_DEST,
        vec![IpvsAttr::Service(to_attrs(svc, SvcScope::Key))],
    )
}

/// Bytes per read of a destination dump: `NLMSG_GOODSIZE`
/// (include/linux/netlink.h: `SKB_WITH_OVERHEAD(PAGE_SIZE)`, or of 8 KiB
/// for larger pages), taking `skb_shared_info` as 320 bytes, its size on
/// 64-bit with the minimum `MAX_SKB_FRAGS` (17). A larger `shared_info`
/// only makes the kernel's `NLMSG_GOODSIZE` smaller than this, and the
/// skb is then sized by our read: it still fits.
fn dump_read_size() -> usize {
    let page = match sysconf(SysconfVar::PAGE_SIZE) {
        Ok(Some(page)) if page > 0 => page as usize,
        _ => 4096,
    };
    page.min(8192) - 320
}

/// The service went away between the two dumps: left out of the table.
fn is_gone(e: &Error) -> bool {
    matches!(
        e,
        Error::Kernel {
            op: KernelOp::GetDests,
            errno: libc::ESRCH,
        }
    )
}

/// The table, in the kernel's order: `main` dumps the services, a fresh
/// socket (`fresh`; or `main`, if none can be opened) their destinations.
pub fn read_table(
    main: &mut NlSocket,
    family: FamilyId,
    fresh: impl FnOnce() -> std::io::Result<NlSocket>,
) -> Result<Vec<ServiceEntry>> {
    let services = dump_services(main, family)?;
    match fresh() {
        Ok(mut fresh) => with_dests(&mut fresh, family, services, small_reads()),
        // Only slower: the main socket's reads made the kernel size its
        // dump skbs at up to 32 KiB, which small buffers would truncate.
        Err(_) => with_dests(main, family, services, DumpBufs::default()),
    }
}

/// Reads of a fresh socket's destination dumps (top of this file).
fn small_reads() -> DumpBufs {
    DumpBufs::new(MANY, dump_read_size())
}

fn dump_services(main: &mut NlSocket, family: FamilyId) -> Result<Vec<Service>> {
    let op = KernelOp::GetServices;
    let msgs = main
        .dump(family, IpvsMessage::new(IPVS_CMD_GET_SERVICE, vec![]))
        .map_err(kernel(op))?;
    services_of(msgs, op)
}

/// `read_table`, handing each service with its destinations to `each` as
/// soon as its dump is read (false stops): only the service list and one
/// service's destinations are held.
pub fn for_each_entry(
    main: &mut NlSocket,
    family: FamilyId,
    fresh: impl FnOnce() -> std::io::Result<NlSocket>,
    mut each: impl FnMut(ServiceEntry) -> bool,
) -> Result<()> {
    let services = dump_services(main, family)?;
    let mut run = |nl: &mut NlSocket, mut bufs: DumpBufs| -> Result<()> {
        let mut failure = None;
        let reqs = services.iter().map(get_dest);
        let r = nl.dump_each(family, reqs, &mut bufs, |i, r| {
            let service = &services[i];
            match r
                .map_err(kernel(KernelOp::GetDests))
                .and_then(|msgs| dests_of(msgs, service.family()))
            {
                Ok(dests) => each(ServiceEntry {
                    service: service.clone(),
                    dests,
                }),
                Err(e) if is_gone(&e) => true,
                Err(e) => {
                    failure = Some(e);
                    false
                }
            }
        });
        r.map_err(kernel(KernelOp::GetDests))?;
        failure.map_or(Ok(()), Err)
    };
    match fresh() {
        Ok(mut fresh) => run(&mut fresh, small_reads()),
        // As `read_table`: reads as large as the main socket's skbs.
        Err(_) => run(main, DumpBufs::default()),
    }
}

/// Each service with its destinations, dumped in order on `nl`; the same
/// outcome as the trait's sequential `Ipvs::read_table`: a service whose
/// dump fails with ESRCH is left out, any other failure is the error (and
/// nothing more is asked).
pub fn with_dests<T: RecvMany>(
    nl: &mut NlSocket<T>,
    family: FamilyId,
    services: Vec<Service>,
    mut bufs: DumpBufs,
) -> Result<Vec<ServiceEntry>> {
    let mut entries = Vec::with_capacity(services.len());
    let mut failure = None;
    let reqs = services.iter().map(get_dest);
    let run = nl.dump_each(family, reqs, &mut bufs, |i, r| {
        let svc = &services[i];
        match r
            .map_err(kernel(KernelOp::GetDests))
            .and_then(|msgs| dests_of(msgs, svc.family()))
        {
            Ok(dests) => entries.push((i, dests)),
            Err(e) if is_gone(&e) => {}
            Err(e) => failure = Some(e),
        }
        failure.is_none()
    });
    // A transport failure is the error of the service being dumped, as
    // `Ipvs::dests` gives it.
    run.map_err(kernel(KernelOp::GetDests))?;
    if let Some(e) = failure {
        return Err(e);
    }
    let mut services: Vec<Option<Service>> = services.into_iter().map(Some).collect();
    Ok(entries
        .into_iter()
        .filter_map(|(i, dests)| {
            Some(ServiceEntry {
                service: services[i].take()?,
                dests,
            })
        })
        .collect())
}

#[cfg(test)]
#[path = "table_tests.rs"]
mod tests;
