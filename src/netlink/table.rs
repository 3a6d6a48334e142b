//! `IpvsSocket::read_table`: the whole table as the listing and `-S` read
//! it: one service dump, then one GET_DEST dump per service (the kernel
//! has no all-destinations dump), spread over a few sockets, each on its
//! own thread, and put back in the kernel's order. Not the single dumps
//! (`client`) nor the socket (`socket`, `socket/dumps.rs`).
//!
//! Why threads: IPVS is not a `parallel_ops` genl family, so the kernel
//! runs the dumps one at a time whatever we do (genetlink.c takes
//! `genl_mutex` around them; ip_vs_ctl.c `__ip_vs_mutex` in
//! `ip_vs_genl_dump_dests`), but each socket's system calls, the copying
//! and our decoding of one dump overlap the kernel's work on another.
//! The sockets are opened on the calling thread, which `--netns` moved
//! into the namespace (`setns` acts on the calling thread only), and
//! handed to the workers.
//!
//! Why fresh sockets, even for one worker, and small reads: the kernel
//! allocates each dump skb as large as the largest read it has seen on the
//! socket, up to 32 KiB (af_netlink.c, `netlink_recvmsg` records
//! `max_recvmsg_len`, `netlink_dump` allocates that much when it exceeds
//! `NLMSG_GOODSIZE`), and a destination dump takes at least two skbs (the
//! data, then NLMSG_DONE: see `socket/dumps.rs`). Debian's kernels zero
//! every allocation (`init_on_alloc`), so with the 32 KiB the main socket
//! has reached (its GET_INFO and service dump read 256 KiB at a time)
//! `perf` showed 22 % of `-L -n`'s time in `clear_page_erms` (5,000 x 10,
//! 6.1). Reading at most `NLMSG_GOODSIZE` keeps each skb to one page.

use super::client::{dests_of, services_of, IpvsSocket};
use super::consts::*;
use super::message::{FamilyId, IpvsAttr, IpvsMessage};
use super::service::{to_attrs, SvcScope};
use super::socket::{DumpBufs, NlError, NlSocket, RecvMany, MANY};
use crate::error::{Error, KernelOp, Result};
use crate::model::{Dest, Service, ServiceEntry};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// Services a worker takes at a time from the shared counter.
const CHUNK: usize = 32;
/// At most this many sockets (and threads); more gains nothing once the
/// kernel's side is the bottleneck.
const MAX_SOCKETS: usize = 4;
/// Below this many services one socket is as fast as any.
const MIN_PER_SOCKET: usize = 64;

/// A service's destinations, or the dump's failure as `Ipvs::dests` gives it.
type DestsResult = Result<Vec<Dest>>;

fn kernel_err(e: NlError) -> Error {
    match e {
        NlError::Errno(errno) => Error::Kernel {
            op: KernelOp::GetDests,
            errno,
        },
        NlError::Protocol(m) => Error::Protocol(m),
    }
}

/// Bytes per read of a destination dump: `NLMSG_GOODSIZE`
/// (include/linux/netlink.h: `SKB_WITH_OVERHEAD(PAGE_SIZE)`, or of 8 KiB
/// for larger pages), taking `skb_shared_info` as 320 bytes, its size on
/// 64-bit with the minimum `MAX_SKB_FRAGS` (17). A larger `shared_info`
/// only makes the kernel's `NLMSG_GOODSIZE` smaller than this, and the
/// skb is then sized by our read: it still fits.
fn dump_read_size() -> usize {
    // SAFETY: sysconf has no preconditions.
    let page = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
    let page = if page > 0 { page as usize } else { 4096 };
    page.min(8192) - 320
}

fn get_dest(svc: &Service) -> IpvsMessage {
    IpvsMessage::new(
        IPVS_CMD_GET_DEST,
        vec![IpvsAttr::Service(to_attrs(svc, SvcScope::Key))],
    )
}

/// How many sockets for `services` services: `IPVS_LIST_SOCKETS` if set
/// (benchmarks), else one per CPU, at most `MAX_SOCKETS`, and only as many
/// as there are `MIN_PER_SOCKET` services.
fn sockets_for(services: usize) -> usize {
    let cpus = std::thread::available_parallelism().map_or(1, |n| n.get());
    let wanted = std::env::var("IPVS_LIST_SOCKETS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(cpus.min(MAX_SOCKETS));
    wanted.min(services / MIN_PER_SOCKET).max(1)
}

/// One worker: takes chunks of services off `next`, dumps their
/// destinations on its socket and decodes them. Returns what it got, by
/// service index; it stops at its first failure other than ESRCH (the
/// entries after it in its chunk then have no result).
fn work<T: RecvMany>(
    nl: &mut NlSocket<T>,
    family: FamilyId,
    services: &[Service],
    next: &AtomicUsize,
) -> Vec<(usize, DestsResult)> {
    let mut out = Vec::new();
    let mut bufs = DumpBufs::new(MANY, dump_read_size());
    loop {
        let start = next.fetch_add(CHUNK, Ordering::Relaxed);
        if start >= services.len() {
            return out;
        }
        let chunk = &services[start..(start + CHUNK).min(services.len())];
        let (mut failed, mut answered) = (false, 0);
        let run = nl.dump_each(family, chunk.iter().map(get_dest), &mut bufs, |i, r| {
            let r = r
                .map_err(kernel_err)
                .and_then(|msgs| dests_of(msgs, chunk[i].family()));
            failed = matches!(&r, Err(e) if !is_gone(e));
            out.push((start + i, r));
            answered += 1;
            !failed
        });
        if let Err(e) = run {
            // The transport failed during the dump after the last answer:
            // that service's result is the error (as `Ipvs::dests` gives).
            out.push((start + answered, Err(kernel_err(e))));
            return out;
        }
        if failed {
            return out;
        }
    }
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

/// The table, in the kernel's order. Same outcome as the sequential
/// `Ipvs::read_table`: a service whose dump fails with ESRCH is left out;
/// the first other failure, in service order, is the error.
pub fn read_table(s: &mut IpvsSocket) -> Result<Vec<ServiceEntry>> {
    let (nl, family) = s.parts();
    let op = KernelOp::GetServices;
    let msgs = nl
        .dump(family, IpvsMessage::new(IPVS_CMD_GET_SERVICE, vec![]))
        .map_err(|e| match e {
            NlError::Errno(errno) => Error::Kernel { op, errno },
            NlError::Protocol(m) => Error::Protocol(m),
        })?;
    let services = services_of(msgs, op)?;
    // The workers' sockets, opened here (see the file's comment).
    let mut socks = Vec::new();
    for _ in 0..sockets_for(services.len()) {
        match NlSocket::open() {
            Ok(s) => socks.push(s),
            // Fewer sockets is only slower.
            Err(_) => break,
        }
    }
    let next = AtomicUsize::new(0);
    let results = Mutex::new(Vec::new());
    let keep = |got| results.lock().unwrap_or_else(|p| p.into_inner()).push(got);
    if socks.is_empty() {
        // None could be opened: the main socket does the dumps.
        keep(work(nl, family, &services, &next));
    } else {
        let first = socks.remove(0);
        std::thread::scope(|scope| {
            for mut sock in socks {
                let (services, next, keep) = (&services, &next, &keep);
                scope.spawn(move || keep(work(&mut sock, family, services, next)));
            }
            let mut sock = first;
            keep(work(&mut sock, family, &services, &next));
        });
    }
    assemble(
        services,
        results.into_inner().unwrap_or_else(|p| p.into_inner()),
    )
}

/// Puts the workers' results back in service order and applies the
/// sequential rules (ESRCH: skip; another error: the first one wins).
fn assemble(
    services: Vec<Service>,
    parts: Vec<Vec<(usize, DestsResult)>>,
) -> Result<Vec<ServiceEntry>> {
    let mut slots: Vec<Option<DestsResult>> = Vec::new();
    slots.resize_with(services.len(), || None);
    for (i, r) in parts.into_iter().flatten() {
        slots[i] = Some(r);
    }
    let mut entries = Vec::with_capacity(services.len());
    for (service, slot) in services.into_iter().zip(slots) {
        match slot {
            Some(Ok(dests)) => entries.push(ServiceEntry { service, dests }),
            Some(Err(e)) if is_gone(&e) => continue,
            Some(Err(e)) => return Err(e),
            // Every index before a worker's failure has its result, and
            // the failure comes first in this walk.
            None => return Err(Error::Protocol("a destination dump got no answer".into())),
        }
    }
    Ok(entries)
}

#[cfg(test)]
#[path = "table_tests.rs"]
mod tests;
