//! What only the kernel's handle has, checked on the real kernel (as
//! root): opening and its info, deadlines, a handle in another network
//! namespace by path and by descriptor, streaming table reads, and the
//! caller's own namespace left exactly as it was.

use crate::changes::{self, dest, service};
use crate::netns::Netns;
use crate::{ensure, text, Checks, Res};
use ipvs::model::{ServiceKey, Timeouts};
use ipvs::{Backend, Error, Ipvs, DEFAULT_DEADLINE};
use std::net::IpAddr;
use std::path::PathBuf;
use std::time::Duration;

/// What must not change in the caller's namespace: each service's key
/// and scheduler with its real servers' addresses and weights, and the
/// timeouts.
type Snapshot = (Vec<(ServiceKey, String, Vec<(IpAddr, u16, u32)>)>, Timeouts);

fn snapshot(ipvs: &mut Ipvs) -> Result<Snapshot, String> {
    let table = ipvs.read_table().map_err(text)?;
    let services = table
        .into_iter()
        .map(|e| {
            let dests = e.dests.iter().map(|d| (d.addr, d.port, d.weight)).collect();
            (e.service.key, e.service.scheduler.to_string(), dests)
        })
        .collect();
    Ok((services, ipvs.timeouts().map_err(text)?))
}

pub fn run(c: &mut Checks) {
    let mut own = match Ipvs::open() {
        Ok(h) => h,
        Err(e) => return c.fail("open a handle in this namespace", e),
    };
    c.check("open: the kernel's IPVS version", {
        let info = own.opening_info();
        own.info().map_err(text).and_then(|again| {
            ensure(info.version_triple() == (1, 2, 1) && again == info, || {
                format!("{info:?}, then {again:?}")
            })?;
            Ok(format!(
                "1.2.1, connection table size {}",
                info.conn_tab_size
            ))
        })
    });
    c.check("deadline: the default, then another", deadlines(&mut own));
    let before = match snapshot(&mut own) {
        Ok(s) => s,
        Err(e) => return c.fail("read this namespace's table", e),
    };
    c.check(
        "a namespace path that does not exist: NotAvailable(ENOENT)",
        {
            match Ipvs::options().netns_path("/nonexistent/netns").open() {
                Err(Error::NotAvailable {
                    errno: libc::ENOENT,
                }) => Ok(String::new()),
                other => Err(format!("{other:?}")),
            }
        },
    );

    let path = PathBuf::from(format!("/run/netns/ipvs-consumer-{}", std::process::id()));
    match Netns::create(&path) {
        Ok(ns) => in_namespace(&ns, c),
        Err(e) => c.fail("create a network namespace", e),
    }
    c.check("the namespace's file is removed", {
        ensure(!path.exists(), || {
            format!("{} is still there", path.display())
        })
        .map(|()| String::new())
    });
    c.check("this namespace is untouched", {
        snapshot(&mut own).and_then(|after| {
            ensure(after == before, || {
                format!("before {before:?}, after {after:?}")
            })?;
            Ok(format!("{} service(s) before and after", after.0.len()))
        })
    });
}

fn deadlines(ipvs: &mut Ipvs) -> Res {
    let default = ipvs.deadline();
    ipvs.set_deadline(Duration::from_secs(2)).map_err(text)?;
    let changed = ipvs.deadline();
    ipvs.set_deadline(default).map_err(text)?;
    ensure(
        default == DEFAULT_DEADLINE && changed == Duration::from_secs(2),
        || format!("{default:?}, then {changed:?}"),
    )?;
    Ok(format!("{default:?}, then {changed:?}"))
}

/// The checks in a namespace of our own, opened by path and by descriptor.
fn in_namespace(ns: &Netns, c: &mut Checks) {
    let shown = ns.path.display();
    let deadline = Duration::from_secs(3);
    let mut by_path = match Ipvs::options()
        .netns_path(&ns.path)
        .deadline(deadline)
        .open()
    {
        Ok(h) => h,
        Err(e) => return c.fail(&format!("open a handle by path ({shown})"), e),
    };
    let mut by_fd = match Ipvs::options().netns_fd(&ns.fd).open() {
        Ok(h) => h,
        Err(e) => return c.fail("open a handle by descriptor", e),
    };
    c.check(&format!("by path ({shown}): a fresh table"), {
        let t = by_path.read_table().map_err(text);
        let timeouts = by_path.timeouts().map_err(text);
        t.and_then(|t| {
            let timeouts = timeouts?;
            ensure(
                t.is_empty()
                    && timeouts == Timeouts::KERNEL_DEFAULTS
                    && by_path.deadline() == deadline,
                || format!("{t:?}, {timeouts:?}, deadline {:?}", by_path.deadline()),
            )?;
            Ok("no services, default timeouts, the deadline asked for".to_string())
        })
    });
    changes::run(&mut by_path, c);
    c.check(
        "by descriptor: the same namespace; for_each_entry streams it",
        streaming(&mut by_path, &mut by_fd),
    );
}

/// Three services with two real servers each, added by path, read and
/// zeroed and flushed by descriptor.
fn streaming(by_path: &mut Ipvs, by_fd: &mut Ipvs) -> Res {
    let sent = by_path.requests_sent();
    for port in 8101..8104 {
        let svc = service(port);
        by_path.add_service(&svc).map_err(text)?;
        by_path.add_dest(&svc, &dest(21, 1)).map_err(text)?;
        by_path.add_dest(&svc, &dest(22, 1)).map_err(text)?;
    }
    let sent = by_path.requests_sent() - sent;
    let (mut services, mut dests) = (0, 0);
    by_fd
        .for_each_entry(|e| {
            services += 1;
            dests += e.dests.len();
            true
        })
        .map_err(text)?;
    let mut calls = 0;
    by_fd
        .for_each_entry(|_| {
            calls += 1;
            false
        })
        .map_err(text)?;
    by_fd.zero(None).map_err(text)?;
    by_fd.flush().map_err(text)?;
    let left = by_path.services().map_err(text)?.len();
    ensure(
        (services, dests, calls, left) == (3, 6, 1, 0) && sent >= 9,
        || {
            format!(
                "{services} services, {dests} real servers, {calls} call(s) when stopped, \
                 {left} left after the flush, {sent} requests sent"
            )
        },
    )?;
    Ok(format!(
        "{sent} requests sent by path; {services} services, {dests} real servers read by \
         descriptor; stopped after 1; flushed by descriptor, none left by path"
    ))
}
