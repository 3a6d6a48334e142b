//! `--json` goldens (the format is ours: the expected texts were written
//! for this crate and checked against the schema in `docs/json.md`), and
//! round trips: the output parsed back with serde_json equals the model.

use std::io::BufReader;
use std::net::IpAddr;

use serde_json::Value;

use super::*;
use crate::cli::ConnFilter;
use crate::model::{Dest, Service};
use crate::proc_conn::{parse_line, ConnRow};
use crate::render::conn::ConnSummary;
use crate::render::tests::{dest, entry, fwm, master_lo, persistent, svc, table1, tunnel, INFO};

fn list(entries: &[ServiceEntry], o: &ListOptions) -> String {
    let mut out = Vec::new();
    write_list(&mut out, &INFO, None, entries, o).unwrap();
    String::from_utf8(out).unwrap()
}

fn conns(proc_text: &str, f: ConnFilter) -> (String, ConnSummary) {
    let o = ListOptions {
        conn_filter: f,
        ..ListOptions::default()
    };
    let mut input = BufReader::new(proc_text.as_bytes());
    let mut out = Vec::new();
    let s = write_conns(&mut out, &mut input, &o).unwrap();
    (String::from_utf8(out).unwrap(), s)
}

/// A small table: an IPv6 service with a masq dest and a GUE tunnel dest
/// carrying counters past 2^53, and an IPv4 fwmark service with the
/// largest mark.
pub(super) fn big_table() -> Vec<ServiceEntry> {
    let mut gue = tunnel(
        "2001:db8::20",
        8080,
        TunnelType::Gue,
        6080,
        TunnelFlags::CSUM,
    );
    gue.stats = Stats::default();
    gue.stats.conns = (1 << 53) + 1;
    gue.stats.inpkts = u64::MAX;
    gue.stats.outpkts = u64::MAX - 1;
    gue.stats.inbytes = 18_446_744_073_709_551_557;
    gue.stats.outbytes = 1 << 63;
    gue.stats.cps = 9_007_199_254_740_993;
    gue.stats.inpps = 1;
    gue.stats.outpps = 2;
    gue.stats.inbps = u64::MAX;
    gue.stats.outbps = 0;
    gue.u_threshold = u32::MAX;
    gue.active_conns = 7;
    gue.persist_conns = 3;
    let mut v6 = persistent(
        svc(proto::TCP, "2001:db8::1", 443, "wlc"),
        300,
        Some(64),
        "sip",
    );
    v6.stats.inbytes = u64::MAX;
    let mut mark = fwm(4294967295, Family::Inet, "sh");
    // HASHED (0x2) is the kernel's own: only in flags_raw.
    mark.flags |= ServiceFlags::SCHED1
        | ServiceFlags::SCHED2
        | ServiceFlags::ONEPACKET
        | ServiceFlags::HASHED;
    vec![
        entry(v6, vec![gue, dest("2001:db8::10", 443, Forward::Masq, 2)]),
        entry(mark, vec![dest("10.0.0.9", 0, Forward::Other(6), 1)]),
    ]
}

#[test]
fn golden_small_table() {
    let want = concat!(
        r#"{"version":"1.2.1","conn_tab_size":4096,"services":["#,
        r#"{"family":"inet","fwmark":4294967295,"scheduler":"sh","#,
        r#""flags":["ops","sh-fallback","sh-port"],"flags_raw":30,"persistent":false,"#,
        r#""one_packet":true,"sched_flags":["sh-fallback","sh-port"],"timeout":0,"#,
        r#""netmask":"255.255.255.255","pe":null,"#,
        r#""stats":{"conns":0,"inpkts":0,"outpkts":0,"inbytes":0,"outbytes":0},"#,
        r#""rates":{"cps":0,"inpps":0,"outpps":0,"inbps":0,"outbps":0},"#,
        r#""destinations":[{"family":"inet","address":"10.0.0.9","port":0,"forward":6,"weight":1,"#,
        r#""u_threshold":0,"l_threshold":0,"active_conns":0,"inact_conns":0,"persist_conns":0,"#,
        r#""tunnel":null,"#,
        r#""stats":{"conns":0,"inpkts":0,"outpkts":0,"inbytes":0,"outbytes":0},"#,
        r#""rates":{"cps":0,"inpps":0,"outpps":0,"inbps":0,"outbps":0}}]},"#,
        r#"{"family":"inet6","protocol":"tcp","address":"2001:db8::1","port":443,"scheduler":"wlc","#,
        r#""flags":["persistent"],"flags_raw":1,"persistent":true,"one_packet":false,"sched_flags":[],"timeout":300,"#,
        r#""netmask":64,"pe":"sip","#,
        r#""stats":{"conns":0,"inpkts":0,"outpkts":0,"inbytes":18446744073709551615,"outbytes":0},"#,
        r#""rates":{"cps":0,"inpps":0,"outpps":0,"inbps":0,"outbps":0},"#,
        r#""destinations":[{"family":"inet6","address":"2001:db8::10","port":443,"forward":"masq","#,
        r#""weight":2,"u_threshold":0,"l_threshold":0,"active_conns":0,"inact_conns":0,"#,
        r#""persist_conns":0,"tunnel":null,"#,
        r#""stats":{"conns":0,"inpkts":0,"outpkts":0,"inbytes":0,"outbytes":0},"#,
        r#""rates":{"cps":0,"inpps":0,"outpps":0,"inbps":0,"outbps":0}},"#,
        r#"{"family":"inet6","address":"2001:db8::20","port":8080,"forward":"tunnel","weight":1,"#,
        r#""u_threshold":4294967295,"l_threshold":0,"active_conns":7,"inact_conns":0,"#,
        r#""persist_conns":3,"tunnel":{"type":"gue","port":6080,"csum":"csum"},"#,
        r#""stats":{"conns":9007199254740993,"inpkts":18446744073709551615,"#,
        r#""outpkts":18446744073709551614,"inbytes":18446744073709551557,"#,
        r#""outbytes":9223372036854775808},"#,
        r#""rates":{"cps":9007199254740993,"inpps":1,"outpps":2,"#,
        r#""inbps":18446744073709551615,"outbps":0}}]}]}"#,
        "\n"
    );
    // Sorted as the text view: mark 4294967295 sorts first (libipvs's
    // `int` subtraction), dests by address.
    assert_eq!(list(&big_table(), &ListOptions::default()), want);
}

#[test]
fn golden_table1() {
    assert_eq!(
        list(&table1(), &ListOptions::default()),
        include_str!("golden_table1.json")
    );
}

#[test]
fn view_options_and_names_do_not_change_json() {
    let base = list(&table1(), &ListOptions::default());
    let flags: [fn(&mut ListOptions); 7] = [
        |o| o.numeric = true,
        |o| o.stats = true,
        |o| o.rate = true,
        |o| o.thresholds = true,
        |o| o.persistent_conn = true,
        |o| o.tun_info = true,
        |o| o.exact = true,
    ];
    for f in flags {
        let mut o = ListOptions::default();
        f(&mut o);
        assert_eq!(list(&table1(), &o), base);
    }
    // Names are never looked up: `write_list` takes no resolver.
}

fn u(v: &Value) -> u64 {
    v.as_u64().unwrap_or_else(|| panic!("not a u64: {v}"))
}

fn check_stats(v: &Value, s: &Stats) {
    let t = &v["stats"];
    let r = &v["rates"];
    assert_eq!(
        ["conns", "inpkts", "outpkts", "inbytes", "outbytes"].map(|k| u(&t[k])),
        [s.conns, s.inpkts, s.outpkts, s.inbytes, s.outbytes]
    );
    assert_eq!(
        ["cps", "inpps", "outpps", "inbps", "outbps"].map(|k| u(&r[k])),
        [s.cps, s.inpps, s.outpps, s.inbps, s.outbps]
    );
}

fn check_service(v: &Value, s: &Service) {
    let fam = match s.family() {
        Family::Inet => "inet",
        Family::Inet6 => "inet6",
    };
    assert_eq!(v["family"], fam);
    match s.key {
        ServiceKey::Addr {
            protocol,
            addr,
            port,
        } => {
            assert_eq!(v["protocol"], proto::name(protocol).unwrap());
            let a: IpAddr = v["address"].as_str().unwrap().parse().unwrap();
            assert_eq!(a, addr);
            assert_eq!(u(&v["port"]), u64::from(port));
            assert!(v.get("fwmark").is_none());
        }
        ServiceKey::Fwmark { mark, .. } => {
            assert_eq!(u(&v["fwmark"]), u64::from(mark));
            assert!(v.get("address").is_none() && v.get("protocol").is_none());
        }
    }
    assert_eq!(v["scheduler"], s.scheduler.as_str());
    assert_eq!(u(&v["flags_raw"]), u64::from(s.flags.bits()));
    let names: Vec<&str> = v["flags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap())
        .collect();
    assert_eq!(names, service_flag_names(&s.scheduler, s.flags));
    assert_eq!(v["persistent"], s.is_persistent());
    assert_eq!(u(&v["timeout"]), u64::from(s.timeout));
    match s.family() {
        Family::Inet => {
            let m: std::net::Ipv4Addr = v["netmask"].as_str().unwrap().parse().unwrap();
            assert_eq!(u32::from(m), s.netmask);
        }
        Family::Inet6 => assert_eq!(u(&v["netmask"]), u64::from(s.netmask)),
    }
    match s.persistence_engine() {
        None => assert!(v["pe"].is_null()),
        Some(pe) => assert_eq!(v["pe"], pe),
    }
    check_stats(v, &s.stats);
}

fn check_dest(v: &Value, d: &Dest) {
    let a: IpAddr = v["address"].as_str().unwrap().parse().unwrap();
    assert_eq!(a, d.addr);
    assert_eq!(u(&v["port"]), u64::from(d.port));
    assert_eq!(
        v["forward"],
        serde_json::to_value(forward_label(d.fwd)).unwrap()
    );
    for (k, want) in [
        ("weight", d.weight),
        ("u_threshold", d.u_threshold),
        ("l_threshold", d.l_threshold),
        ("active_conns", d.active_conns),
        ("inact_conns", d.inact_conns),
        ("persist_conns", d.persist_conns),
    ] {
        assert_eq!(u(&v[k]), u64::from(want), "{k}");
    }
    if d.fwd == Forward::Tunnel {
        let t = &v["tunnel"];
        let kind = ["ipip", "gue", "gre"][usize::from(d.tun_type.to_raw())];
        assert_eq!(t["type"], kind);
        assert_eq!(u(&t["port"]), u64::from(d.tun_port));
        assert_eq!(t["csum"], tun_csum_name(d.tun_flags));
    } else {
        assert!(v["tunnel"].is_null());
    }
    check_stats(v, &d.stats);
}

#[test]
fn parsed_back_equals_the_model_in_listing_order() {
    for (entries, nosort) in [
        (big_table(), false),
        (big_table(), true),
        (table1(), false),
        (table1(), true),
    ] {
        let o = ListOptions {
            nosort,
            ..ListOptions::default()
        };
        let v: Value = serde_json::from_str(&list(&entries, &o)).unwrap();
        assert_eq!(v["version"], "1.2.1");
        assert_eq!(u(&v["conn_tab_size"]), 4096);
        let services = v["services"].as_array().unwrap();
        let order = listing_order(&entries, nosort);
        assert_eq!(services.len(), order.len());
        for (sv, (e, dests)) in services.iter().zip(order) {
            check_service(sv, &e.service);
            let dv = sv["destinations"].as_array().unwrap();
            assert_eq!(dv.len(), dests.len());
            for (dv, d) in dv.iter().zip(dests) {
                check_dest(dv, d);
            }
        }
    }
    // --nosort keeps kernel order: the IPv6 service first.
    let o = ListOptions {
        nosort: true,
        ..ListOptions::default()
    };
    let v: Value = serde_json::from_str(&list(&big_table(), &o)).unwrap();
    assert_eq!(v["services"][0]["address"], "2001:db8::1");
    assert_eq!(
        v["services"][0]["destinations"][0]["address"],
        "2001:db8::20"
    );
    assert_eq!(v["services"][1]["fwmark"], 4294967295u64);
}

#[test]
fn golden_timeouts_and_daemons() {
    let mut out = Vec::new();
    write_timeouts(&mut out, &Timeouts::KERNEL_DEFAULTS).unwrap();
    assert_eq!(out, b"{\"tcp\":900,\"tcp_fin\":120,\"udp\":300}\n");

    let mut b = Daemon::new(DaemonState::Backup);
    b.mcast_ifn = "eth1".into();
    b.syncid = 7;
    b.mcast_group = Some("ff02::1".parse().unwrap());
    let m = master_lo();
    let mut out = Vec::new();
    write_daemons(&mut out, &[b, m]).unwrap();
    assert_eq!(
        String::from_utf8(out).unwrap(),
        concat!(
            r#"{"daemons":[{"state":"master","mcast_interface":"lo","syncid":3,"#,
            r#""sync_maxlen":1472,"mcast_group":"224.0.0.81","mcast_port":8848,"mcast_ttl":1},"#,
            r#"{"state":"backup","mcast_interface":"eth1","syncid":7,"sync_maxlen":null,"#,
            r#""mcast_group":"ff02::1","mcast_port":null,"mcast_ttl":null}]}"#,
            "\n"
        )
    );
    let mut out = Vec::new();
    write_daemons(&mut out, &[]).unwrap();
    assert_eq!(out, b"{\"daemons\":[]}\n");
}

#[test]
fn golden_conns_stream() {
    let (got, s) = conns(
        include_str!("../../../tests/golden/c4_proc.txt"),
        ConnFilter::default(),
    );
    assert_eq!(
        got,
        concat!(
            "[\n",
            r#"{"protocol":"udp","client":{"address":"10.9.9.9","port":0},"#,
            r#""virtual":{"address":"10.9.9.9","port":5060},"#,
            r#""destination":{"address":"127.0.0.1","port":5060},"state":"NONE","expires":597,"#,
            r#""pe_name":"sip","pe_data":"a84b4c76e66710@pc33.example.com"},"#,
            "\n",
            r#"{"protocol":"udp","client":{"address":"10.9.9.9","port":5070},"#,
            r#""virtual":{"address":"10.9.9.9","port":5060},"#,
            r#""destination":{"address":"127.0.0.1","port":5060},"state":"UDP","expires":297,"#,
            r#""pe_name":null,"pe_data":null}"#,
            "\n]\n"
        )
    );
    assert_eq!(s.printed, 2);
}

#[test]
fn conns_parse_back_to_the_proc_rows() {
    for p in [
        include_str!("../../../tests/golden/c2_proc.txt"),
        include_str!("../../../tests/golden/c3_proc.txt"),
        include_str!("../../../tests/golden/c4_proc.txt"),
    ] {
        let (got, s) = conns(p, ConnFilter::default());
        let v: Value = serde_json::from_str(&got).unwrap();
        let rows: Vec<ConnRow> = p.lines().skip(1).map(|l| parse_line(l).unwrap()).collect();
        let arr = v.as_array().unwrap();
        assert_eq!(arr.len(), rows.len());
        assert_eq!(s.printed as usize, rows.len());
        for (j, r) in arr.iter().zip(&rows) {
            assert_eq!(j["protocol"], r.protocol.to_ascii_lowercase());
            for (k, sa) in [
                ("client", r.client),
                ("virtual", r.virt),
                ("destination", r.dest),
            ] {
                let a: IpAddr = j[k]["address"].as_str().unwrap().parse().unwrap();
                assert_eq!((a, u(&j[k]["port"])), (sa.ip(), u64::from(sa.port())));
            }
            assert_eq!(j["state"], r.state.as_str());
            assert_eq!(u(&j["expires"]), u64::from(r.expires));
            assert_eq!(j["pe_name"].as_str(), r.pe_name.as_deref());
            assert_eq!(j["pe_data"].as_str(), r.pe_data_lossy().as_deref());
        }
    }
}

#[test]
fn conn_filters_apply() {
    let p = include_str!("../../../tests/golden/c2_proc.txt");
    let v = |s: &str| Some(s.to_string());
    let rows = |f: ConnFilter| {
        let (got, s) = conns(p, f);
        let parsed: Value = serde_json::from_str(&got).unwrap();
        assert_eq!(parsed.as_array().unwrap().len() as u64, s.printed);
        (parsed, s)
    };
    let (all, s) = rows(ConnFilter::default());
    assert_eq!((all.as_array().unwrap().len(), s.filtered), (4, 0));
    let (six, s) = rows(ConnFilter {
        vaddr: v("[2001:db8::99]:80"),
        ..Default::default()
    });
    assert_eq!(s.filtered, 3);
    assert_eq!(six[0]["destination"]["address"], "::1");
    assert_eq!(six[0]["destination"]["port"], 8081);
    let (four, _) = rows(ConnFilter {
        raddr: v("127.0.0.1:8080"),
        state: v("time_wait"),
        ..Default::default()
    });
    assert_eq!(four.as_array().unwrap().len(), 3);
    let (got, s) = conns(
        p,
        ConnFilter {
            state: v("ESTABLISHED"),
            ..Default::default()
        },
    );
    assert_eq!((got.as_str(), s.filtered), ("[]\n", 4));
    let bad = ConnFilter {
        vaddr: v("nonsense"),
        ..Default::default()
    };
    let mut out = Vec::new();
    let o = ListOptions {
        conn_filter: bad,
        ..ListOptions::default()
    };
    assert!(write_conns(&mut out, &mut p.as_bytes(), &o).is_err());
    assert!(out.is_empty());
}

#[test]
fn no_header_line_writes_nothing() {
    let mut out = Vec::new();
    let e = write_conns(&mut out, &mut &b""[..], &ListOptions::default()).unwrap_err();
    assert_eq!(e.to_string(), "unexpected input from /proc/net/ip_vs_conn");
    assert!(out.is_empty());
    // A header and no rows is an empty array.
    let (got, _) = conns(
        &format!("{}\n", crate::proc_conn::HEADER),
        ConnFilter::default(),
    );
    assert_eq!(got, "[]\n");
}

#[test]
fn conns_are_streamed_not_collected() {
    // 20 000 rows make about 4 MB of JSON, written as they are read.
    let o = ListOptions::default();
    let total =
        crate::render::conn::tests::assert_streamed(|out, input| write_conns(out, input, &o));
    assert!(total > 3_000_000, "{total}");
}
