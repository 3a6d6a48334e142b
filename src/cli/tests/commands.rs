//! Grammar tests: other commands, our additions, help, version, table.

use super::*;

// ---- other commands ----------------------------------------------------------

#[test]
fn list_zero_flush_restore_save() {
    assert_eq!(ok("-L").service, None);
    assert_eq!(
        key("-L -t 1.2.3.4:80"),
        ServiceKey::Addr {
            protocol: proto::TCP,
            addr: v4(1, 2, 3, 4),
            port: 80
        }
    );
    assert_eq!(ok("-Z").service, None);
    assert!(ok("-Z -f 3").service.is_some());
    assert_eq!(ok("-C").command, Command::Flush);
    assert_eq!(ok("--clear").command, Command::Flush);
    assert_eq!(ok("-R").command, Command::Restore);
    assert_eq!(ok("--save").command, Command::Save);
    let l = ok("-L --stats --exact --nosort -n").list;
    assert!(l.stats && l.exact && l.nosort && l.numeric);
    assert!(ok("-L --rate").list.rate);
    assert!(ok("-L --thresholds").list.thresholds);
    assert!(ok("-L --timeout").list.timeout);
    assert!(ok("-L --daemon").list.daemon);
}

// ---- our additions -----------------------------------------------------------

#[test]
fn extensions() {
    assert_eq!(ok("--netns blue -L").netns.as_deref(), Some("blue"));
    assert_eq!(
        ok("-A -t 1.2.3.4:80 --netns /run/netns/x").netns.as_deref(),
        Some("/run/netns/x")
    );
    assert_eq!(ok("--netns blue -h").command, Command::Help);
    assert_eq!(
        usage("-L --netns a --netns b"),
        "multiple 'netns' options specified"
    );
    assert_eq!(ok("-L --json").list.format, Format::Json);
    assert_eq!(ok("-L --table").list.format, Format::Table);
    assert_eq!(
        usage("-L --json --json"),
        "multiple 'json' options specified"
    );
    assert_eq!(
        usage("-L --json --table"),
        "The option 'table' conflicts with the 'json' option in the 'list' command"
    );
    assert_eq!(
        usage("-A -t 1.2.3.4:80 --json"),
        "Illegal 'json' option with the 'add-service' command"
    );
    let f = ok("-L -c --filter-vip 1.2.3.4 --filter-rip 5.6.7.8 --filter-state ESTABLISHED")
        .list
        .conn_filter;
    assert_eq!(
        (f.vaddr.as_deref(), f.raddr.as_deref(), f.state.as_deref()),
        (Some("1.2.3.4"), Some("5.6.7.8"), Some("ESTABLISHED"))
    );
    assert_eq!(
        usage("-L --filter-vip 1.2.3.4"),
        "The 'filter-vip' option needs the 'connection' option"
    );
    // The reference's errors come first.
    assert_eq!(
        usage("-L -n -n --json --table"),
        "multiple 'numeric' options specified"
    );
}

// ---- help, version, table ----------------------------------------------------

#[test]
fn help_and_version_texts() {
    assert!(version_text().starts_with("ipvsadm v1.31 "));
    let h = help_text("./x");
    assert!(h.matches("./x ").count() >= 13);
    assert!(h.contains("rr|wrr|lc|wlc|lblc|lblcr|dh|sh|sed|nq|fo|ovf|mh"));
    assert!(h.contains("sip") && h.contains("default wlc") && h.contains("ipip"));
    for s in OPTIONS {
        if let Some(long) = s.long {
            assert!(
                h.contains(&format!("--{long}")),
                "--{long} missing from help"
            );
        }
        if let Some(c) = s.short {
            assert!(h.contains(&format!("-{c}")), "-{c} missing from help");
        }
    }
}

#[test]
fn metrics_options() {
    use crate::cli::{Action, DestLabels, MetricsArgs, MetricsFormat};
    let m = |line: &str| match p(line).unwrap().action {
        Action::Metrics(m) => m,
        other => panic!("{line}: {other:?}"),
    };
    assert_eq!(m("-L --metrics"), MetricsArgs::default());
    let a = m("-L -n --metrics=prometheus -t 1.2.3.4:80 --metrics-conns --metrics-labels service");
    assert_eq!(a.format, MetricsFormat::Prometheus);
    assert!(a.conns && a.service.is_some());
    assert_eq!(
        a.labels,
        DestLabels {
            address: false,
            port: false
        }
    );
    assert_eq!(
        m("-L --metrics openmetrics --nosort").format,
        MetricsFormat::OpenMetrics
    );
    assert!(m("-L --metrics --nosort").nosort);
    assert_eq!(
        usage("-L --metrics=json"),
        "invalid metrics format `json': use openmetrics or prometheus"
    );
    assert_eq!(
        usage("-L --metrics --metrics-labels dest_ip"),
        "invalid metrics-labels value `dest_ip': use service, dest_address or dest_port, comma-separated"
    );
    for (line, msg) in [
        (
            "-L --metrics-conns",
            "The 'metrics-conns' option needs the 'metrics' option",
        ),
        (
            "-L --json --metrics-labels service",
            "The 'metrics-labels' option needs the 'metrics' option",
        ),
        (
            "-L --metrics --json",
            "The option 'json' conflicts with the 'metrics' option in the 'list' command",
        ),
        (
            "-L --metrics --table",
            "The option 'table' conflicts with the 'metrics' option in the 'list' command",
        ),
        (
            "-L --metrics -c",
            "The option 'connection' conflicts with the 'metrics' option in the 'list' command",
        ),
        (
            "-L --timeout --metrics",
            "The option 'timeout' conflicts with the 'metrics' option in the 'list' command",
        ),
        (
            "-L --metrics --daemon",
            "The option 'daemon' conflicts with the 'metrics' option in the 'list' command",
        ),
        (
            "-L --metrics --stats",
            "The option 'stats' conflicts with the 'metrics' option in the 'list' command",
        ),
        (
            "-A -t 1.2.3.4:80 --metrics",
            "Illegal 'metrics' option with the 'add-service' command",
        ),
        (
            "-S --metrics-conns",
            "Illegal 'metrics-conns' option with the 'save' command",
        ),
        (
            "-L --metrics --metrics",
            "multiple 'metrics' options specified",
        ),
    ] {
        assert_eq!(usage(line), msg, "{line}");
    }
}
