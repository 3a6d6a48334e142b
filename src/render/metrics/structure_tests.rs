//! Structural checks of `--metrics` over every fixture, format and label
//! choice: each line parses, each family is declared once before its
//! samples, sample names match their family's type, label names are not
//! repeated, `# EOF` comes last; and the number of series per label choice.

use std::collections::HashSet;

use super::tests::{args, metrics, small, PROC};
use super::*;
use crate::model::Forward;
use crate::render::tests::{dest, entry, svc, table1};

/// Every line is metadata or a sample; families are declared once, before
/// their samples, and a sample's name is its family's plus the type's
/// suffix; OpenMetrics ends with `# EOF`. Returns the number of samples.
pub(super) fn check_structure(text: &str, format: MetricsFormat) -> usize {
    let om = format == MetricsFormat::OpenMetrics;
    let mut lines: Vec<&str> = text.lines().collect();
    assert!(text.ends_with('\n'));
    if om {
        assert_eq!(lines.pop(), Some("# EOF"), "EOF last");
    }
    let mut declared = HashSet::new();
    let (mut family, mut kind, mut samples) = (String::new(), String::new(), 0);
    for l in lines {
        if let Some(meta) = l.strip_prefix("# ") {
            let mut f = meta.splitn(3, ' ');
            let (what, name, rest) = (f.next().unwrap(), f.next().unwrap(), f.next().unwrap());
            assert!(!rest.is_empty(), "{l}");
            if what == "TYPE" {
                assert!(declared.insert(name.to_string()), "declared twice: {l}");
                family = name.to_string();
                kind = rest.to_string();
            } else {
                assert!(what == "HELP" || (om && what == "UNIT"), "{l}");
                assert_eq!(name, family, "{l}");
                if what == "UNIT" {
                    assert!(name.ends_with(&format!("_{rest}")), "{l}");
                }
            }
            continue;
        }
        let (name, rest) = l.split_at(l.find(['{', ' ']).unwrap());
        let want = match (kind.as_str(), om) {
            ("counter", true) => format!("{family}_total"),
            ("info", true) => format!("{family}_info"),
            _ => family.clone(),
        };
        assert_eq!(name, want, "{l}");
        assert!(kind != "counter" || name.ends_with("_total"), "{l}");
        let value = rest.rsplit(' ').next().unwrap();
        // Integers; only the load factor exponent is ever negative.
        assert!(
            value.parse::<u64>().is_ok()
                || (family.ends_with("_load_factor_exponent") && value.parse::<i64>().is_ok()),
            "{l}"
        );
        if let Some(labels) = rest.strip_prefix('{') {
            let labels = &labels[..labels.rfind("} ").expect("labels close")];
            let mut names = HashSet::new();
            let mut s = labels;
            while !s.is_empty() {
                let eq = s.find("=\"").unwrap();
                assert!(names.insert(&s[..eq]), "label twice: {l}");
                let mut i = eq + 2;
                let b = s.as_bytes();
                while b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                s = s[i + 1..].strip_prefix(',').unwrap_or(&s[i + 1..]);
            }
        }
        samples += 1;
    }
    samples
}

#[test]
fn every_fixture_and_option_is_well_formed() {
    for format in [MetricsFormat::OpenMetrics, MetricsFormat::Prometheus] {
        for labels in [
            "dest_address,dest_port",
            "dest_address",
            "dest_port",
            "service",
        ] {
            for table in [table1(), small(), vec![]] {
                let mut a = args(format, labels);
                for nosort in [false, true] {
                    a.nosort = nosort;
                    check_structure(&metrics(&table, &a, Some(PROC)), format);
                }
            }
        }
    }
}

#[test]
fn series_counts_follow_the_labels_kept() {
    // 50 services of 10 destinations, each on one of two ports.
    let table: Vec<ServiceEntry> = (0..50u32)
        .map(|s| {
            let dests = (0..10u32)
                .map(|d| {
                    dest(
                        &format!("10.1.{s}.{d}"),
                        80 + (d % 2) as u16,
                        Forward::Masq,
                        1,
                    )
                })
                .collect();
            entry(
                svc(
                    proto::TCP,
                    &format!("10.0.{}.{}", s / 250, s % 250),
                    80,
                    "rr",
                ),
                dests,
            )
        })
        .collect();
    let count = |labels| {
        check_structure(
            &metrics(&table, &args(MetricsFormat::OpenMetrics, labels), None),
            MetricsFormat::OpenMetrics,
        )
    };
    // version + table size, 6 per service, 9 per destination group.
    assert_eq!(count("dest_address,dest_port"), 2 + 6 * 50 + 9 * 500);
    assert_eq!(count("dest_address"), 2 + 6 * 50 + 9 * 500);
    assert_eq!(count("dest_port"), 2 + 6 * 50 + 9 * 100);
    assert_eq!(count("service"), 2 + 6 * 50 + 9 * 50);
}
