//! `--metrics` goldens: the format is ours, so the expected texts were
//! written by hand from the fixtures, following the OpenMetrics and
//! Prometheus text rules. The structural checks are in `structure_tests`.

use std::io::BufReader;

use super::structure_tests::check_structure;
use super::*;
use crate::cli::DestLabels;
use crate::model::{Dest, Forward, ServiceFlags};
use crate::render::tests::{dest, entry, fwm, persistent, svc, INFO};

pub(super) fn metrics(
    entries: &[ServiceEntry],
    args: &MetricsArgs,
    proc_text: Option<&str>,
) -> String {
    let mut out = Vec::new();
    let mut input = proc_text.map(|t| BufReader::new(t.as_bytes()));
    let conns = input.as_mut().map(|i| i as &mut dyn BufRead);
    write_metrics(&mut out, &INFO, None, entries, args, conns).unwrap();
    String::from_utf8(out).unwrap()
}

pub(super) fn args(format: MetricsFormat, labels: &str) -> MetricsArgs {
    MetricsArgs {
        format,
        labels: DestLabels::parse(labels).unwrap(),
        ..MetricsArgs::default()
    }
}

fn with_stats(mut d: Dest, s: [u64; 5], gauges: [u32; 3]) -> Dest {
    d.stats = Stats::default();
    d.stats.conns = s[0];
    d.stats.inpkts = s[1];
    d.stats.outpkts = s[2];
    d.stats.inbytes = s[3];
    d.stats.outbytes = s[4];
    [d.active_conns, d.inact_conns, d.persist_conns] = gauges;
    d
}

/// One TCP service with two masq destinations (counters past 2^53 and at
/// the u64 limit), and a persistent IPv6 fwmark service with `sh-port`
/// and the kernel's HASHED bit, with no destination.
pub(super) fn small() -> Vec<ServiceEntry> {
    let mut web = svc(proto::TCP, "10.0.0.1", 80, "rr");
    web.flags = ServiceFlags::HASHED;
    web.stats.conns = 15;
    web.stats.inbytes = u64::MAX;
    let mut mark = persistent(fwm(7, Family::Inet6, "sh"), 60, None, "");
    mark.flags |= ServiceFlags::SCHED2 | ServiceFlags::HASHED;
    vec![
        entry(mark, vec![]),
        entry(
            web,
            vec![
                with_stats(
                    dest("192.168.0.1", 8080, Forward::Masq, 2),
                    [10, 100, 90, (1 << 53) + 1, u64::MAX],
                    [3, 1, 0],
                ),
                with_stats(
                    dest("192.168.0.2", 8080, Forward::Masq, 1),
                    [5, 50, 40, 3000, 4000],
                    [0, 2, 1],
                ),
            ],
        ),
    ]
}

const WEB: &str = r#"family="inet",protocol="tcp",address="10.0.0.1",port="80""#;
const D1: &str = r#"dest_address="192.168.0.1",dest_port="8080""#;
const D2: &str = r#"dest_address="192.168.0.2",dest_port="8080""#;

/// The expected document for `small()` with every destination label
/// (sorted: address services before fwmark services, as `-L`).
fn small_golden() -> String {
    let mut want = String::from(concat!(
        "# TYPE ipvs_version info\n",
        "# HELP ipvs_version The kernel's IPVS version.\n",
        "ipvs_version_info{version=\"1.2.1\"} 1\n",
        "# TYPE ipvs_connection_table_size gauge\n",
        "# HELP ipvs_connection_table_size Size of the kernel's IPVS connection hash table.\n",
        "ipvs_connection_table_size 4096\n",
        "# TYPE ipvs_service info\n",
        "# HELP ipvs_service A virtual service: scheduler, flags and persistence.\n",
    ));
    want += &format!(
        "ipvs_service_info{{{WEB},scheduler=\"rr\",flags=\"\",persistence_timeout=\"0\"}} 1\n"
    );
    want += "ipvs_service_info{family=\"inet6\",fwmark=\"7\",scheduler=\"sh\",\
             flags=\"persistent,sh-port\",persistence_timeout=\"60\"} 1\n";
    let fwm7 = r#"family="inet6",fwmark="7""#;
    let svc_counters = [
        (
            "connections",
            None,
            "Connections scheduled to the service.",
            "15",
        ),
        (
            "incoming_packets",
            None,
            "Packets from clients to the service.",
            "0",
        ),
        (
            "outgoing_packets",
            None,
            "Packets from the service to clients.",
            "0",
        ),
        (
            "incoming_bytes",
            Some("bytes"),
            "Bytes from clients to the service.",
            "18446744073709551615",
        ),
        (
            "outgoing_bytes",
            Some("bytes"),
            "Bytes from the service to clients.",
            "0",
        ),
    ];
    for (name, unit, help, v) in svc_counters {
        want += &format!("# TYPE ipvs_service_{name} counter\n");
        if let Some(u) = unit {
            want += &format!("# UNIT ipvs_service_{name} {u}\n");
        }
        want += &format!("# HELP ipvs_service_{name} {help}\n");
        want += &format!("ipvs_service_{name}_total{{{WEB}}} {v}\n");
        want += &format!("ipvs_service_{name}_total{{{fwm7}}} 0\n");
    }
    let dest_counters = [
        (
            "connections",
            None,
            "Connections scheduled to the real server.",
            "10",
            "5",
        ),
        (
            "incoming_packets",
            None,
            "Packets from clients to the real server.",
            "100",
            "50",
        ),
        (
            "outgoing_packets",
            None,
            "Packets from the real server to clients.",
            "90",
            "40",
        ),
        (
            "incoming_bytes",
            Some("bytes"),
            "Bytes from clients to the real server.",
            "9007199254740993",
            "3000",
        ),
        (
            "outgoing_bytes",
            Some("bytes"),
            "Bytes from the real server to clients.",
            "18446744073709551615",
            "4000",
        ),
    ];
    for (name, unit, help, v1, v2) in dest_counters {
        want += &format!("# TYPE ipvs_destination_{name} counter\n");
        if let Some(u) = unit {
            want += &format!("# UNIT ipvs_destination_{name} {u}\n");
        }
        want += &format!("# HELP ipvs_destination_{name} {help}\n");
        // The listing sorts destinations by address.
        want += &format!("ipvs_destination_{name}_total{{{WEB},{D1}}} {v1}\n");
        want += &format!("ipvs_destination_{name}_total{{{WEB},{D2}}} {v2}\n");
    }
    let gauges = [
        ("active_connections", "Active connections.", 3, 0),
        ("inactive_connections", "Inactive connections.", 1, 2),
        ("persistent_connections", "Persistence templates.", 0, 1),
        ("weight", "Weight.", 2, 1),
    ];
    for (name, help, v1, v2) in gauges {
        want += &format!("# TYPE ipvs_destination_{name} gauge\n");
        want += &format!("# HELP ipvs_destination_{name} {help}\n");
        want += &format!("ipvs_destination_{name}{{{WEB},{D1}}} {v1}\n");
        want += &format!("ipvs_destination_{name}{{{WEB},{D2}}} {v2}\n");
    }
    want + "# EOF\n"
}

#[test]
fn golden_openmetrics() {
    let got = metrics(
        &small(),
        &args(MetricsFormat::OpenMetrics, "dest_address,dest_port"),
        None,
    );
    assert_eq!(got, small_golden());
}

#[test]
fn prometheus_text_differs_only_in_metadata() {
    let om = small_golden();
    let got = metrics(
        &small(),
        &args(MetricsFormat::Prometheus, "dest_address,dest_port"),
        None,
    );
    let samples = |t: &str| -> Vec<String> {
        t.lines()
            .filter(|l| !l.starts_with('#'))
            .map(String::from)
            .collect()
    };
    assert_eq!(samples(&got), samples(&om));
    assert!(!got.contains("# EOF") && !got.contains("# UNIT"));
    assert!(got.starts_with(
        "# TYPE ipvs_version_info gauge\n# HELP ipvs_version_info The kernel's IPVS version.\n"
    ));
    assert!(got.contains(
        "# TYPE ipvs_service_incoming_bytes_total counter\n\
         # HELP ipvs_service_incoming_bytes_total Bytes from clients to the service.\n"
    ));
}

#[test]
fn labels_reduced_sum_over_the_rest() {
    let a = args(MetricsFormat::OpenMetrics, "service");
    let got = metrics(&small(), &a, None);
    assert!(got.contains(&format!("ipvs_destination_connections_total{{{WEB}}} 15\n")));
    // 2^53+1 + 3000, and u64::MAX + 4000 wrapping as the kernel's u64 would.
    assert!(got.contains(&format!(
        "ipvs_destination_incoming_bytes_total{{{WEB}}} 9007199254743993\n"
    )));
    assert!(got.contains(&format!(
        "ipvs_destination_outgoing_bytes_total{{{WEB}}} 3999\n"
    )));
    assert!(got.contains(&format!("ipvs_destination_weight{{{WEB}}} 3\n")));
    assert!(!got.contains("dest_"));
    // Both destinations share port 8080: one group, labelled with it.
    let got = metrics(
        &small(),
        &args(MetricsFormat::OpenMetrics, "dest_port"),
        None,
    );
    assert!(got.contains(&format!(
        "ipvs_destination_inactive_connections{{{WEB},dest_port=\"8080\"}} 3\n"
    )));
    assert!(!got.contains("dest_address"));
}

#[test]
fn destination_labels_parse() {
    let l = |s| DestLabels::parse(s).map(|d| (d.address, d.port));
    assert_eq!(l("service"), Some((false, false)));
    assert_eq!(l("dest_address"), Some((true, false)));
    assert_eq!(l("service,dest_port"), Some((false, true)));
    assert_eq!(l("dest_port,dest_address"), Some((true, true)));
    assert_eq!(l(""), None);
    assert_eq!(l("address"), None);
    assert_eq!(l("dest_port,"), None);
}

#[test]
fn label_values_are_escaped() {
    let mut out = Vec::new();
    write_escaped(&mut out, "a\\b\"c\nd").unwrap();
    assert_eq!(out, b"a\\\\b\\\"c\\nd");
    let mut odd = svc(proto::UDP, "::1", 53, "we\"ird\\");
    odd.pe_name = Some("x\ny".into());
    odd.flags = ServiceFlags::PERSISTENT | ServiceFlags::ONEPACKET | ServiceFlags::SCHED3;
    odd.timeout = 300;
    let got = metrics(&[entry(odd, vec![])], &MetricsArgs::default(), None);
    assert!(
        got.contains(
            "ipvs_service_info{family=\"inet6\",protocol=\"udp\",address=\"::1\",port=\"53\",\
         scheduler=\"we\\\"ird\\\\\",flags=\"persistent,ops,flag-3\",\
         persistence_timeout=\"300\",persistence_engine=\"x\\ny\"} 1\n"
        ),
        "{got}"
    );
    check_structure(&got, MetricsFormat::OpenMetrics);
}

pub(super) const PROC: &str = "\
Pro FromIP   FPrt ToIP     TPrt DestIP   DPrt State       Expires PEName PEData
TCP 0A090909 A028 0A090909 0050 7F000001 1F90 TIME_WAIT         110
TCP 0A090909 A029 0A090909 0050 7F000001 1F90 TIME_WAIT         111
TCP 0A090909 A02A 0A090909 0050 7F000001 1F90 ESTABLISHED       900
UDP 0A090909 4E20 0A090909 0035 7F000001 14E9 UDP               290
IP  0A090909 0000 0A090909 0000 7F000001 0000 NONE              100
this line is malformed
";

#[test]
fn connection_entries_counted_by_protocol_and_state() {
    let got = metrics(&small(), &MetricsArgs::default(), Some(PROC));
    let tail = "# TYPE ipvs_connection_entries gauge\n\
        # HELP ipvs_connection_entries Entries in the connection table, templates included.\n\
        ipvs_connection_entries{protocol=\"ip\",state=\"NONE\"} 1\n\
        ipvs_connection_entries{protocol=\"tcp\",state=\"ESTABLISHED\"} 1\n\
        ipvs_connection_entries{protocol=\"tcp\",state=\"TIME_WAIT\"} 2\n\
        ipvs_connection_entries{protocol=\"udp\",state=\"UDP\"} 1\n\
        # EOF\n";
    assert!(got.ends_with(tail), "{got}");
    // An empty file (no header) is the -c views' error.
    let mut out = Vec::new();
    let mut empty: &[u8] = b"";
    let e = write_metrics(
        &mut out,
        &INFO,
        None,
        &[],
        &MetricsArgs::default(),
        Some(&mut empty),
    );
    assert!(e.is_err());
}

/// /proc/net/ip_vs_status (7.1+) comes after the table size: read off
/// Debian's 7.2.13 kernel in the test VM with one service, then a
/// connection table in use (the kernel patch's example) for the chain rows.
#[test]
fn kernel_status_families() {
    let status = crate::proc_status::parse(
        "Conns:\t3\nConn buckets:\t256 (8 bits, lfactor -4)\n\
         Conn buckets empty:\t253 (98%)\nConn buckets len-1:\t3 (100%)\n\
         Services:\t1\nService buckets:\t16 (4 bits, lfactor -3)\n\
         Service buckets empty:\t15 (93%)\nService buckets len-1:\t1 (100%)\n\
         Stats thread slots:\t1 (max 8)\nStats chain max len:\t71\nStats thread ests:\t170400\n",
    );
    for format in [MetricsFormat::OpenMetrics, MetricsFormat::Prometheus] {
        let mut out = Vec::new();
        write_metrics(
            &mut out,
            &INFO,
            Some(&status),
            &[],
            &args(format, "dest_address,dest_port"),
            None,
        )
        .unwrap();
        let got = String::from_utf8(out).unwrap();
        check_structure(&got, format);
        let want = "ipvs_connection_table_size 4096\n\
            # TYPE ipvs_hash_table_entries gauge\n\
            # HELP ipvs_hash_table_entries Entries in a kernel IPVS hash table (ip_vs_status).\n\
            ipvs_hash_table_entries{table=\"connection\"} 3\n\
            ipvs_hash_table_entries{table=\"service\"} 1\n\
            # TYPE ipvs_hash_table_buckets gauge\n\
            # HELP ipvs_hash_table_buckets Buckets of a kernel IPVS hash table, resized with its load (ip_vs_status).\n\
            ipvs_hash_table_buckets{table=\"connection\"} 256\n\
            ipvs_hash_table_buckets{table=\"service\"} 16\n\
            # TYPE ipvs_hash_table_load_factor_exponent gauge\n\
            # HELP ipvs_hash_table_load_factor_exponent The load factor exponent the table is resized by (lfactor in ip_vs_status).\n\
            ipvs_hash_table_load_factor_exponent{table=\"connection\"} -4\n\
            ipvs_hash_table_load_factor_exponent{table=\"service\"} -3\n\
            # TYPE ipvs_hash_table_chain_buckets gauge\n\
            # HELP ipvs_hash_table_chain_buckets Buckets by chain length (0: empty; 7: 7 or more), as ip_vs_status lists them.\n\
            ipvs_hash_table_chain_buckets{table=\"connection\",length=\"0\"} 253\n\
            ipvs_hash_table_chain_buckets{table=\"connection\",length=\"1\"} 3\n\
            ipvs_hash_table_chain_buckets{table=\"service\",length=\"0\"} 15\n\
            ipvs_hash_table_chain_buckets{table=\"service\",length=\"1\"} 1\n\
            # TYPE ipvs_estimator_thread_slots gauge\n\
            # HELP ipvs_estimator_thread_slots Stats estimator kthread slots in use (ip_vs_status).\n\
            ipvs_estimator_thread_slots 1\n\
            # TYPE ipvs_estimator_thread_slots_max gauge\n\
            # HELP ipvs_estimator_thread_slots_max Stats estimator kthread slots at most (ip_vs_status).\n\
            ipvs_estimator_thread_slots_max 8\n\
            # TYPE ipvs_service";
        assert!(got.contains(want), "{got}");
    }
    // Without the file: none of these families.
    let none = metrics(
        &[],
        &args(MetricsFormat::OpenMetrics, "dest_address,dest_port"),
        None,
    );
    for f in STATUS_FAMILIES {
        assert!(!none.contains(f.name), "{none}");
    }
}
