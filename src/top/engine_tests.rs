//! The engine on recorded samples: what an operator sees when traffic
//! flows, counters are zeroed, services come and go, a server drains.

use super::*;
use crate::model::{Dest, Scheduler, Service};

/// A recorded sample: (service port, service conns, [(server last octet,
/// weight, active, conns)]). Bytes are 100 a connection, packets 3 in
/// and 2 out.
pub(crate) type Rec<'a> = &'a [(u16, u64, &'a [(u8, u32, u32, u64)])];

fn stats(conns: u64) -> Stats {
    let mut s = Stats::default();
    s.conns = conns;
    s.inpkts = conns * 3;
    s.outpkts = conns * 2;
    s.inbytes = conns * 100;
    s.outbytes = conns * 1000;
    s
}

pub(crate) fn sample(rec: Rec) -> Vec<ServiceEntry> {
    rec.iter()
        .map(|(port, conns, dests)| {
            let mut service = Service::new(ServiceKey::tcp([10, 0, 0, 1], *port), Scheduler::Wlc);
            service.stats = stats(*conns);
            let dests = dests
                .iter()
                .map(|(o, w, active, c)| {
                    let mut d = Dest::new([192, 168, 0, *o], *port);
                    d.fwd = Forward::Masq;
                    d.weight = *w;
                    d.active_conns = *active;
                    d.inact_conns = 1;
                    d.stats = stats(*c);
                    d
                })
                .collect();
            ServiceEntry { service, dests }
        })
        .collect()
}

fn cps(r: &Rates) -> Option<f64> {
    r.valid().map(|p| p.cps)
}

#[test]
fn rates_come_from_counter_deltas_over_the_real_interval() {
    let mut e = Engine::new(false);
    let s = e.update(0.0, sample(&[(80, 100, &[(1, 1, 5, 60), (2, 1, 4, 40)])]));
    assert_eq!(
        s.rows[0].figures.rates,
        Rates::Unknown,
        "one read has no rate"
    );
    assert_eq!(s.interval, 0.0);
    // 2 s later: 40 more connections on the service.
    let s = e.update(2.0, sample(&[(80, 140, &[(1, 1, 6, 90), (2, 1, 4, 50)])]));
    let r = &s.rows[0];
    assert_eq!(cps(&r.figures.rates), Some(20.0));
    assert_eq!(r.figures.rates.valid().unwrap().outbps, 20_000.0);
    assert_eq!(cps(&r.dests[0].figures.rates), Some(15.0));
    assert_eq!(cps(&r.dests[1].figures.rates), Some(5.0));
    assert_eq!(
        (r.figures.active, r.figures.inactive, r.figures.weight),
        (10, 2, 2)
    );
    assert_eq!((s.active, s.servers, s.total.cps), (10, 2, 20.0));
    assert_eq!(s.interval, 2.0);
    assert_eq!(e.track(&r.key).unwrap().cps.latest(), Some(20.0));
}

#[test]
fn a_zeroed_service_shows_a_reset_then_rates_again() {
    let mut e = Engine::new(false);
    e.update(0.0, sample(&[(80, 1000, &[(1, 1, 5, 1000)])]));
    // `ipvsadm -Z` between the reads, then 7 connections.
    let s = e.update(2.0, sample(&[(80, 7, &[(1, 1, 5, 7)])]));
    assert_eq!(s.rows[0].figures.rates, Rates::Reset);
    assert_eq!(s.rows[0].dests[0].figures.rates, Rates::Reset);
    assert_eq!(s.resets, 2);
    assert_eq!(s.total.cps, 0.0, "a reset adds nothing to the totals");
    assert_eq!(
        e.track(&s.rows[0].key).unwrap().cps.latest(),
        None,
        "a gap, not a spike"
    );
    // Rates again from the reset on (the window is one read of 2 s).
    let s = e.update(4.0, sample(&[(80, 17, &[(1, 1, 5, 17)])]));
    assert_eq!(cps(&s.rows[0].figures.rates), Some(5.0));
    assert_eq!(s.resets, 0);
}

#[test]
fn services_and_servers_that_appear_or_vanish() {
    let mut e = Engine::new(false);
    e.update(0.0, sample(&[(80, 10, &[(1, 1, 0, 10)]), (443, 5, &[])]));
    let s = e.update(
        1.0,
        sample(&[(80, 20, &[(1, 1, 0, 12), (2, 1, 0, 8)]), (53, 1, &[])]),
    );
    let by_port = |p: u16| s.rows.iter().find(|r| r.key.port() == p).unwrap();
    assert!(by_port(53).appeared);
    assert_eq!(by_port(53).figures.rates, Rates::Unknown);
    assert!(!by_port(80).appeared);
    assert!(by_port(80).dests[1].appeared);
    assert_eq!(by_port(80).dests[1].figures.rates, Rates::Unknown);
    assert_eq!(
        (s.appeared, s.vanished),
        (2, 1),
        "53 and a server new, 443 gone"
    );
    assert!(
        e.track(&ServiceKey::tcp([10, 0, 0, 1], 443)).is_none(),
        "its history is dropped"
    );
    // 443 comes back with lower counters: new again, not a reset.
    let s = e.update(4.0, sample(&[(443, 1, &[])]));
    assert!(s.rows[0].appeared);
    assert_eq!(s.rows[0].figures.rates, Rates::Unknown);
    assert_eq!(s.resets, 0);
}

#[test]
fn a_draining_server_shows_its_connections_falling_and_when_they_end() {
    let mut e = Engine::new(false);
    let mut last = None;
    for (t, active) in [(0.0, 60), (1.0, 50), (2.0, 40), (3.0, 30)] {
        let s = e.update(
            t,
            sample(&[(80, 100, &[(1, 0, active, 100), (2, 1, 9, 100)])]),
        );
        last = Some(s);
    }
    let s = last.unwrap();
    match s.rows[0].dests[0].drain {
        Some(Drain::Eta(secs)) => assert!((secs - 3.0).abs() < 1e-9, "{secs}"),
        other => panic!("{other:?}"),
    }
    assert_eq!(s.rows[0].dests[1].drain, None, "weight 1 is not draining");
    let s = e.update(4.0, sample(&[(80, 100, &[(1, 0, 0, 100), (2, 1, 9, 100)])]));
    assert_eq!(s.rows[0].dests[0].drain, Some(Drain::Drained));
    // Weight back up: no longer draining, and a later drain starts afresh.
    let s = e.update(5.0, sample(&[(80, 100, &[(1, 1, 3, 100)])]));
    assert_eq!(s.rows[0].dests[0].drain, None);
    let s = e.update(6.0, sample(&[(80, 100, &[(1, 0, 3, 100)])]));
    assert_eq!(s.rows[0].dests[0].drain, Some(Drain::Unknown));
}

#[test]
fn counters_near_the_64_bit_limit_never_give_a_negative_rate() {
    let mut e = Engine::new(false);
    let mut a = sample(&[(80, 0, &[])]);
    a[0].service.stats.inbytes = u64::MAX - 499;
    a[0].service.stats.outbytes = u64::MAX;
    e.update(0.0, a);
    let mut b = sample(&[(80, 0, &[])]);
    b[0].service.stats.inbytes = 500;
    b[0].service.stats.outbytes = 0;
    let s = e.update(2.0, b);
    let p = s.rows[0].figures.rates.valid().copied().unwrap();
    assert_eq!((p.inbps, p.outbps), (500.0, 0.5));
    assert!(p.cps >= 0.0 && p.inpps >= 0.0);
}

#[test]
fn kernel_rates_are_the_estimators_from_the_first_read() {
    let mut e = Engine::new(true);
    let mut a = sample(&[(80, 10, &[])]);
    a[0].service.stats.cps = 7;
    a[0].service.stats.outbps = 9000;
    let s = e.update(0.0, a);
    let p = s.rows[0].figures.rates.valid().copied().unwrap();
    assert_eq!((p.cps, p.outbps), (7.0, 9000.0));
}

#[test]
fn fwmark_and_ipv6_services_are_keyed_and_ordered() {
    let mut e = Engine::new(false);
    let v6 = Service::new(
        ServiceKey::udp("2001:db8::1".parse::<IpAddr>().unwrap(), 53),
        Scheduler::Rr,
    );
    let fwm = Service::new(
        ServiceKey::fwmark(7, crate::model::Family::Inet),
        Scheduler::Rr,
    );
    let mut entries = sample(&[(80, 1, &[])]);
    for service in [fwm, v6] {
        entries.push(ServiceEntry {
            service,
            dests: vec![],
        });
    }
    let mut s = e.update(0.0, entries);
    crate::top::sort::SortSpec::default().sort(&mut s.rows);
    let order: Vec<String> = s
        .rows
        .iter()
        .map(|r| crate::top::format::service_addr(&r.key, None))
        .collect();
    assert_eq!(order, ["TCP 10.0.0.1:80", "UDP [2001:db8::1]:53", "FWM 7"]);
}

#[test]
fn counters_the_kernel_refreshes_every_two_seconds_give_steady_rates_at_one() {
    // 6.1 lists counters the estimator copied at its last 2-second tick:
    // read every second, they change every other read. 10 conns a second.
    let mut e = Engine::new(false);
    let mut seen = Vec::new();
    for i in 0..12u64 {
        let t = 50.0 + i as f64 + 0.02 * (i % 3) as f64; // reads take time
        let ticks = ((t - 0.7) / 2.0).floor() as u64;
        let s = e.update(t, sample(&[(80, ticks * 20, &[(1, 1, 3, ticks * 20)])]));
        assert_eq!(s.settled, i >= 2, "read {i}");
        seen.push(cps(&s.rows[0].figures.rates));
    }
    assert_eq!(&seen[..2], &[None, None], "no rate before a whole window");
    for r in &seen[2..] {
        let r = r.expect("a rate");
        assert!((r - 10.0).abs() < 0.2, "{seen:?}");
    }
}

#[test]
fn a_server_added_at_the_head_keeps_the_others_rates() {
    // The kernel lists the newest server first: every other one moves
    // down a place, and is still found (by its neighbour, no search).
    let mut e = Engine::new(false);
    e.update(0.0, sample(&[(80, 10, &[(1, 1, 0, 10), (2, 1, 0, 20)])]));
    let s = e.update(
        2.0,
        sample(&[(80, 30, &[(9, 1, 0, 0), (1, 1, 0, 20), (2, 1, 0, 30)])]),
    );
    let d = &s.rows[0].dests;
    assert!(d[0].appeared && d[0].figures.rates == Rates::Unknown);
    assert_eq!(cps(&d[1].figures.rates), Some(5.0));
    assert_eq!(cps(&d[2].figures.rates), Some(5.0));
    assert_eq!((s.appeared, s.vanished), (1, 0));
}
