//! The changes a program makes through any `Backend` (the kernel's handle
//! or the kernel model) and their checks: add, read back, edit, a batch
//! with refusals, a refused request's error, the whole table, zeroing,
//! timeouts, deletion. Expects a table without the services below.

use crate::{ensure, text, Checks, Res};
use ipvs::model::{Dest, Forward, Scheduler, Service, ServiceKey, Stats, Timeouts};
use ipvs::{Backend, Error, KernelOp, Outcome, Request};
use std::net::{IpAddr, Ipv4Addr};

/// The model values the consumer sends (the one place that builds them):
/// a wrr TCP service on 198.51.100.1:PORT ...
pub fn service(port: u16) -> Service {
    Service::new(
        ServiceKey::tcp(Ipv4Addr::new(198, 51, 100, 1), port),
        Scheduler::Wrr,
    )
}

/// ... a NAT real server 192.0.2.N:80 ...
pub fn dest(n: u8, weight: u32) -> Dest {
    let mut d = Dest::new(IpAddr::V4(Ipv4Addr::new(192, 0, 2, n)), 80);
    d.fwd = Forward::Masq;
    d.weight = weight;
    d
}

/// ... and timeouts.
pub fn timeouts(tcp: u32, tcp_fin: u32, udp: u32) -> Timeouts {
    Timeouts::new(tcp, tcp_fin, udp)
}

pub fn run(b: &mut impl Backend, c: &mut Checks) {
    let svc = service(8001);
    let (d1, d2) = (dest(11, 1), dest(12, 2));
    c.check("add a service, read it back", add_service(b, &svc));
    c.check("add a real server, read it back", {
        b.apply_one(Request::AddDest(svc.clone(), d1.clone()))
            .map_err(text)
            .and_then(|()| one_dest(b, &svc, &d1, 1))
    });
    c.check("edit its weight to 5, read it back", {
        let mut heavier = d1.clone();
        heavier.weight = 5;
        b.apply_one(Request::EditDest(svc.clone(), heavier))
            .map_err(text)
            .and_then(|()| one_dest(b, &svc, &d1, 5))
    });
    c.check(
        "apply_all: one outcome per request",
        batch(b, &svc, &d1, &d2),
    );
    c.check(
        "a refused request's error names the request and the errno",
        refused(b, &svc),
    );
    c.check("read_table: the service with its two real servers", {
        b.read_table().map_err(text).and_then(|t| {
            let mine: Vec<_> = t.iter().filter(|e| e.service.key == svc.key).collect();
            let mut got: Vec<_> = mine
                .iter()
                .flat_map(|e| e.dests.iter().map(|d| (d.addr, d.weight)))
                .collect();
            got.sort();
            ensure(
                mine.len() == 1 && got == [(d1.addr, 5), (d2.addr, 2)],
                || format!("{mine:?}"),
            )?;
            Ok(format!("{} service(s) in all", t.len()))
        })
    });
    c.check("zero one service's counters, then all", zero(b, &svc));
    c.check("set timeouts, read them back", timeouts_round_trip(b));
    c.check("delete the real servers, then the service", {
        let got = b.apply_all(&[
            Request::DelDest(svc.clone(), d1.clone()),
            Request::DelDest(svc.clone(), d2.clone()),
            Request::DelService(svc.clone()),
        ]);
        let gone = b.service(&svc);
        ensure(
            got.outcomes == [Outcome::Applied; 3]
                && matches!(&gone, Err(e) if e.errno() == Some(libc::ESRCH)),
            || format!("{:?}, then {gone:?}", got.outcomes),
        )
        .map(|()| "then looking it up: ESRCH".to_string())
    });
}

fn add_service(b: &mut impl Backend, svc: &Service) -> Res {
    b.apply_one(Request::AddService(svc.clone()))
        .map_err(text)?;
    let got = b.service(svc).map_err(text)?;
    ensure(
        got.key == svc.key && got.scheduler == Scheduler::Wrr,
        || format!("read back {got:?}"),
    )?;
    Ok(String::new())
}

/// The one real server `d` of `svc`, with `weight`, as added.
fn one_dest(b: &mut impl Backend, svc: &Service, d: &Dest, weight: u32) -> Res {
    let got = b.dests(svc).map_err(text)?;
    ensure(
        got.len() == 1
            && (got[0].addr, got[0].port, got[0].fwd, got[0].weight)
                == (d.addr, d.port, Forward::Masq, weight),
        || format!("read back {got:?}"),
    )?;
    Ok(String::new())
}

/// A batch whose requests the kernel applies or refuses one by one.
fn batch(b: &mut impl Backend, svc: &Service, d1: &Dest, d2: &Dest) -> Res {
    let batch = [
        Request::AddDest(svc.clone(), d2.clone()),
        Request::AddDest(svc.clone(), d1.clone()),
        Request::DelDest(svc.clone(), dest(13, 1)),
        Request::AddService(svc.clone()),
        Request::Zero(Some(service(8999))),
    ];
    let want = [
        Outcome::Applied,
        Outcome::Refused(libc::EEXIST),
        Outcome::Refused(libc::ENOENT),
        Outcome::Refused(libc::EEXIST),
        Outcome::Refused(libc::ESRCH),
    ];
    let got = b.apply_all(&batch);
    ensure(got.error.is_none() && got.outcomes == want, || {
        format!(
            "got {:?} (error {:?}), want {want:?}",
            got.outcomes, got.error
        )
    })?;
    let shown: Vec<_> = got.outcomes.iter().map(|o| outcome(*o)).collect();
    Ok(shown.join(", "))
}

/// "Applied", "Refused(EEXIST)".
fn outcome(o: Outcome) -> String {
    let name = |errno| match errno {
        libc::EEXIST => "EEXIST".to_string(),
        libc::ENOENT => "ENOENT".to_string(),
        libc::ESRCH => "ESRCH".to_string(),
        n => n.to_string(),
    };
    match o {
        Outcome::Refused(errno) => format!("Refused({})", name(errno)),
        other => format!("{other:?}"),
    }
}

fn refused(b: &mut impl Backend, svc: &Service) -> Res {
    match b.apply_one(Request::AddService(svc.clone())) {
        Err(e @ Error::Kernel { .. }) => {
            ensure(
                e.op() == Some(KernelOp::AddService)
                    && e.errno() == Some(libc::EEXIST)
                    && e.to_string().contains("already exists"),
                || format!("{e:?}: {e}"),
            )?;
            Ok(format!("\"{e}\""))
        }
        other => Err(format!("{other:?}")),
    }
}

fn zero(b: &mut impl Backend, svc: &Service) -> Res {
    b.apply_one(Request::Zero(Some(svc.clone())))
        .map_err(text)?;
    b.apply_one(Request::Zero(None)).map_err(text)?;
    let t = b.read_table().map_err(text)?;
    let zero = |s: &Stats| *s == Stats::default();
    let all = t
        .iter()
        .all(|e| zero(&e.service.stats) && e.dests.iter().all(|d| zero(&d.stats)));
    ensure(all, || format!("counters not zero: {t:?}"))?;
    Ok(String::new())
}

/// Sets timeouts, reads them back, shows that 0 leaves one as it is, and
/// puts back what was there.
fn timeouts_round_trip(b: &mut impl Backend) -> Res {
    fn set(b: &mut impl Backend, t: Timeouts) -> Result<Timeouts, String> {
        b.apply_one(Request::SetTimeouts(t)).map_err(text)?;
        b.timeouts().map_err(text)
    }
    let old = b.timeouts().map_err(text)?;
    let first = set(b, timeouts(1000, 130, 310))?;
    let second = set(b, timeouts(0, 0, 400))?;
    let back = set(b, old)?;
    ensure(
        first == timeouts(1000, 130, 310) && second == timeouts(1000, 130, 400) && back == old,
        || format!("read back {first:?}, then {second:?}, then {back:?}"),
    )?;
    Ok(format!(
        "1000 130 310; then 0 0 400 gave {} {} {}; {} {} {} put back",
        second.tcp, second.tcp_fin, second.udp, old.tcp, old.tcp_fin, old.udp
    ))
}
