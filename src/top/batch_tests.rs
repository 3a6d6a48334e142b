//! Batch text and JSON lines on recorded samples.

use super::*;
use crate::top::engine::tests::sample;
use crate::top::engine::Engine;
use std::time::{Duration, UNIX_EPOCH};

fn two_reads() -> (Snapshot, Vec<ServiceRow>) {
    let mut e = Engine::new(false);
    e.update(0.0, sample(&[(80, 100, &[(1, 1, 5, 60), (2, 0, 4, 40)])]));
    // Two seconds: one whole kernel period (window.rs).
    let snap = e.update(2.0, sample(&[(80, 200, &[(1, 1, 6, 160), (2, 0, 2, 40)])]));
    let rows = snap.rows.clone();
    (snap, rows)
}

const WHEN: u64 = 1_796_601_600; // 2026-12-07T00:00:00Z

fn when() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(WHEN + 3723)
}

#[test]
fn text_is_one_block_per_refresh() {
    let (snap, rows) = two_reads();
    let mut out = Vec::new();
    write_text(&mut out, when(), &snap, &rows, None, None).unwrap();
    let text = String::from_utf8(out).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "ipvstop 2026-12-07T01:02:03Z, rates over 2.00 s: 1 services, 2 servers | 8 active, \
         2 inactive | 50 conn/s | in 5.0K B/s 150 pk/s | out 50K B/s 100 pk/s"
    );
    assert_eq!(
        lines[1],
        "Service / Server    Method     Weight   Active    InAct   Conn/s   InPk/s  OutPk/s    InB/s   OutB/s"
    );
    assert_eq!(
        lines[2],
        "TCP 10.0.0.1:80     wlc                      8        2       50      150      100     5.0K      50K"
    );
    assert_eq!(
        lines[3],
        "  -> 192.168.0.1:80 Masq            1        6        1       50      150      100     5.0K      50K"
    );
    assert!(
        lines[4].starts_with("  -> 192.168.0.2:80 Masq            0        2        1        0")
    );
    assert!(lines[4].ends_with("  draining"), "{}", lines[4]);
    assert_eq!(lines[5], "", "a blank line ends the block");
}

#[test]
fn json_is_one_object_a_line_with_null_for_no_rate() {
    let mut e = Engine::new(false);
    let first = e.update(0.0, sample(&[(80, 1, &[(1, 0, 0, 1)])]));
    let (snap, rows) = two_reads();
    let mut out = Vec::new();
    write_json(&mut out, when(), &first, &first.rows, None).unwrap();
    write_json(&mut out, when(), &snap, &rows, None).unwrap();
    let text = String::from_utf8(out).unwrap();
    let objs: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(objs.len(), 2);
    assert_eq!(objs[0]["services"][0]["rates"], Value::Null);
    assert_eq!(
        objs[0]["services"][0]["servers"][0]["drain"]["state"],
        "drained"
    );
    let s = &objs[1]["services"][0];
    assert_eq!(s["service"], "TCP 10.0.0.1:80");
    assert_eq!(s["protocol"], "tcp");
    assert_eq!(s["port"], 80);
    assert_eq!(s["rates"]["cps"], 50.0);
    assert_eq!(s["reset"], false);
    assert_eq!(s["servers"][1]["weight"], 0);
    assert_eq!(s["servers"][1]["method"], "Masq");
    assert_eq!(objs[1]["time"], "2026-12-07T01:02:03Z");
    assert_eq!(objs[1]["totals"]["active"], 8);
}

#[test]
fn utc_dates() {
    assert_eq!(utc(UNIX_EPOCH), "1970-01-01T00:00:00Z");
    assert_eq!(
        utc(UNIX_EPOCH + Duration::from_secs(951_782_400)),
        "2000-02-29T00:00:00Z"
    );
    assert_eq!(
        utc(UNIX_EPOCH + Duration::from_secs(WHEN)),
        "2026-12-07T00:00:00Z"
    );
}
