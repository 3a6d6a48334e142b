//! The filter as an operator types it at `/`.

use super::*;
use crate::model::{Family, Forward, Scheduler, Service};
use crate::top::engine::{Engine, ServiceRow};
use crate::top::format::service_addr;

fn rows() -> Vec<ServiceRow> {
    let mut e = Engine::new(false);
    let mut entries = crate::top::engine::tests::sample(&[
        (80, 1, &[(1, 1, 0, 1), (2, 1, 0, 1)]),
        (443, 1, &[(3, 1, 0, 1)]),
    ]);
    let v6 = Service::new(
        ServiceKey::udp("2001:db8::53".parse::<IpAddr>().unwrap(), 53),
        Scheduler::Rr,
    );
    let mut d = crate::model::Dest::new("2001:db8::100".parse::<IpAddr>().unwrap(), 53);
    d.fwd = Forward::Route;
    entries.push(crate::model::ServiceEntry {
        service: v6,
        dests: vec![d],
    });
    let fwm = Service::new(ServiceKey::fwmark(12, Family::Inet), Scheduler::Sh);
    entries.push(crate::model::ServiceEntry {
        service: fwm,
        dests: vec![],
    });
    e.update(0.0, entries).rows
}

fn shown(f: &str) -> Vec<String> {
    Filter::parse(f)
        .apply(rows())
        .iter()
        .map(|r| format!("{} ({})", service_addr(&r.key, None), r.dests.len()))
        .collect()
}

#[test]
fn empty_shows_everything() {
    assert_eq!(shown("").len(), 4);
    assert!(Filter::parse("   ").is_empty());
}

#[test]
fn by_protocol_fwmark_and_virtual_address() {
    assert_eq!(shown("udp"), ["UDP [2001:db8::53]:53 (1)"]);
    assert_eq!(
        shown("TCP"),
        ["TCP 10.0.0.1:80 (2)", "TCP 10.0.0.1:443 (1)"]
    );
    assert_eq!(shown("fwm"), ["FWM 12 (0)"]);
    assert_eq!(shown("fwm:12"), ["FWM 12 (0)"]);
    assert_eq!(shown("fwmark=0xc"), ["FWM 12 (0)"]);
    assert!(shown("fwm:13").is_empty());
    assert_eq!(shown("10.0.0.1:443"), ["TCP 10.0.0.1:443 (1)"]);
    assert_eq!(shown("10.0.0.1").len(), 2);
    assert_eq!(shown("[2001:db8::53]:53"), ["UDP [2001:db8::53]:53 (1)"]);
    assert_eq!(shown("2001:db8::53"), ["UDP [2001:db8::53]:53 (1)"]);
}

#[test]
fn any_text_in_the_line_or_a_servers_line() {
    // The scheduler is text of the service's line.
    assert_eq!(shown("sh"), ["FWM 12 (0)"]);
    // A real server's address: its service, with that server only.
    assert_eq!(shown("192.168.0.2"), ["TCP 10.0.0.1:80 (1)"]);
    assert_eq!(shown("ROUTE"), ["UDP [2001:db8::53]:53 (1)"]);
    // Every word must match.
    assert_eq!(shown("tcp 192.168.0.3"), ["TCP 10.0.0.1:443 (1)"]);
    assert!(shown("udp 192.168.0.3").is_empty());
    assert_eq!(Filter::parse("  tcp  80 ").text(), "tcp  80");
}
