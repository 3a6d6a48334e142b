//! `--table` goldens. The format is ours: the expected texts beside this
//! file were written for this crate (and read over by eye), not captured
//! from the reference.

use std::io::BufReader;

use super::*;
use crate::model::{proto, TunnelFlags, TunnelType};
use crate::names::NoResolver;
use crate::render::tests::{
    backup_v6, dest, entry, fwm, guest_names, master_lo, svc, table1, tunnel, INFO,
};

fn list(
    header: bool,
    entries: &[ServiceEntry],
    f: impl FnOnce(&mut ListOptions),
    names: &dyn Resolver,
) -> String {
    let mut o = ListOptions::default();
    f(&mut o);
    let mut out = Vec::new();
    write_list(&mut out, header.then_some(&INFO), entries, &o, names).unwrap();
    String::from_utf8(out).unwrap()
}

fn conns(proc_text: &str, f: impl FnOnce(&mut ListOptions), names: &dyn Resolver) -> String {
    let mut o = ListOptions::default();
    f(&mut o);
    let mut input = BufReader::new(proc_text.as_bytes());
    let mut out = Vec::new();
    write_conns(&mut out, &mut input, &o, names).unwrap();
    String::from_utf8(out).unwrap()
}

/// Counters past what `largenum` would scale, on an IPv6 service with a
/// GUE dest and an IPv6 fwmark service.
fn counters() -> Vec<ServiceEntry> {
    let mut s = svc(proto::TCP, "2001:db8::1", 443, "wlc");
    s.stats = Stats::default();
    s.stats.conns = 123_456_789;
    s.stats.inpkts = u64::MAX;
    s.stats.outbytes = 1 << 53;
    s.stats.cps = 4_000_000_000;
    s.stats.inbps = 99_999_999_999;
    let mut d = tunnel(
        "2001:db8::20",
        443,
        TunnelType::Gue,
        6080,
        TunnelFlags::CSUM,
    );
    d.stats = Stats::default();
    d.stats.conns = 5;
    d.stats.inbytes = 1_000_000_000_000;
    d.stats.outpps = 7;
    let mut m = fwm(4294967295, Family::Inet6, "rr");
    m.stats.conns = 1;
    vec![entry(s, vec![d]), entry(m, vec![])]
}

#[test]
fn golden_service_list_numeric() {
    let got = list(true, &table1(), |o| o.numeric = true, &NoResolver);
    assert_eq!(got, include_str!("list_numeric.txt"));
}

#[test]
fn golden_names_thresholds_and_persistent_conns() {
    let got = list(
        false,
        &table1(),
        |o| {
            o.thresholds = true;
            o.persistent_conn = true;
        },
        &guest_names(),
    );
    assert_eq!(got, include_str!("list_names_thr_pc.txt"));
}

#[test]
fn golden_stats_and_rate_are_unscaled() {
    let got = list(
        false,
        &counters(),
        |o| {
            o.numeric = true;
            o.stats = true
        },
        &NoResolver,
    );
    assert_eq!(got, include_str!("stats.txt"));
    let got = list(
        false,
        &counters(),
        |o| {
            o.numeric = true;
            o.rate = true
        },
        &NoResolver,
    );
    assert_eq!(got, include_str!("rate.txt"));
    assert!(got.contains(" 4000000000 |"));
}

#[test]
fn golden_empty_table_has_the_header_row_only() {
    assert_eq!(
        list(true, &[], |o| o.numeric = true, &NoResolver),
        "IP Virtual Server version 1.2.1 (size=4096)\n\
         +------+---------+-----------+-------+-------------+---------+--------+--------+------------+-----------+\n\
         | Prot | Virtual | Scheduler | Flags | Real server | Forward | Tunnel | Weight | ActiveConn | InActConn |\n\
         +======+=========+===========+=======+=============+=========+========+========+============+===========+\n\
         +------+---------+-----------+-------+-------------+---------+--------+--------+------------+-----------+\n"
    );
}

#[test]
fn nosort_keeps_kernel_order() {
    let e = vec![
        entry(
            svc(proto::TCP, "10.0.0.2", 80, "rr"),
            vec![
                dest("10.1.0.2", 80, Forward::Masq, 1),
                dest("10.1.0.1", 80, Forward::Masq, 1),
            ],
        ),
        entry(svc(proto::TCP, "10.0.0.1", 80, "rr"), vec![]),
    ];
    let pos = |s: &str, pat: &str| s.find(pat).unwrap();
    let sorted = list(false, &e, |o| o.numeric = true, &NoResolver);
    assert!(pos(&sorted, "10.0.0.1:80") < pos(&sorted, "10.0.0.2:80"));
    assert!(pos(&sorted, "10.1.0.1:80") < pos(&sorted, "10.1.0.2:80"));
    let kernel = list(
        false,
        &e,
        |o| {
            o.numeric = true;
            o.nosort = true
        },
        &NoResolver,
    );
    assert!(pos(&kernel, "10.0.0.2:80") < pos(&kernel, "10.0.0.1:80"));
    assert!(pos(&kernel, "10.1.0.2:80") < pos(&kernel, "10.1.0.1:80"));
}

#[test]
fn golden_timeouts_and_daemons() {
    let mut out = Vec::new();
    write_timeouts(&mut out, &Timeouts::KERNEL_DEFAULTS).unwrap();
    assert_eq!(
        String::from_utf8(out).unwrap(),
        "+----------+-------------+\n\
         | Protocol | Timeout (s) |\n\
         +==========+=============+\n\
         | tcp      |         900 |\n\
         | tcpfin   |         120 |\n\
         | udp      |         300 |\n\
         +----------+-------------+\n"
    );

    let (b, m) = (backup_v6(), master_lo());
    let mut out = Vec::new();
    write_daemons(&mut out, &[b, m]).unwrap();
    assert_eq!(
        String::from_utf8(out).unwrap(),
        "+-----------------+------------+---------+\n\
         |                 | master     | backup  |\n\
         +=================+============+=========+\n\
         | mcast interface | lo         | eth1    |\n\
         | syncid          | 3          | 7       |\n\
         | maxlen          | 1472       | -       |\n\
         | group           | 224.0.0.81 | ff02::1 |\n\
         | port            | 8848       | -       |\n\
         | ttl             | 1          | -       |\n\
         +-----------------+------------+---------+\n"
    );
    let mut out = Vec::new();
    write_daemons(&mut out, &[]).unwrap();
    assert!(out.is_empty());
}

#[test]
fn golden_conns() {
    let got = conns(
        include_str!("../../../tests/golden/c2_proc.txt"),
        |o| o.numeric = true,
        &NoResolver,
    );
    assert_eq!(got, include_str!("conn_numeric.txt"));
    let got = conns(
        include_str!("../../../tests/golden/c4_proc.txt"),
        |o| o.persistent_conn = true,
        &guest_names(),
    );
    assert_eq!(got, include_str!("conn_pc_names.txt"));
}

#[test]
fn conn_filters_apply_and_errors_match_the_text_view() {
    let p = include_str!("../../../tests/golden/c2_proc.txt");
    let got = conns(
        p,
        |o| {
            o.numeric = true;
            o.conn_filter.raddr = Some("::1".into());
        },
        &NoResolver,
    );
    // Borders, header, rule, one row, border.
    assert_eq!(got.lines().count(), 5, "{got}");
    assert!(got.contains("[::1]:8081"));
    let mut out = Vec::new();
    let e = write_conns(
        &mut out,
        &mut &b""[..],
        &ListOptions::default(),
        &NoResolver,
    );
    assert_eq!(
        e.unwrap_err().to_string(),
        "unexpected input from /proc/net/ip_vs_conn"
    );
    assert!(out.is_empty());
}
