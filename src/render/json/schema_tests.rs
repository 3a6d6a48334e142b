//! `docs/json.schema.json` against the printers: every `--json` view of
//! the printer fixtures (the table goldens' tables, one service, the view
//! options that do not change the shape, timeouts, daemons, the connection
//! goldens' /proc copies) validates, and documents of the wrong shape do
//! not (so the schema is not vacuous).

use std::io::BufReader;

use serde_json::{json, Value};

use super::tests::big_table;
use super::*;
use crate::render::tests::{backup_v6, master_lo, table1, INFO};

fn schema() -> jsonschema::Validator {
    let text = include_str!("../../../docs/json.schema.json");
    let schema: Value = serde_json::from_str(text).unwrap();
    jsonschema::draft202012::meta::validate(&schema).unwrap();
    jsonschema::draft202012::new(&schema).unwrap()
}

fn assert_valid(v: &jsonschema::Validator, what: &str, out: &[u8]) {
    let doc: Value = serde_json::from_slice(out).unwrap();
    let errors: Vec<String> = v.iter_errors(&doc).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{what}: {errors:#?}");
}

#[test]
fn every_view_of_the_fixtures_validates() {
    let v = schema();
    let views: [fn(&mut ListOptions); 5] = [
        |_| {},
        |o| o.stats = true,
        |o| o.rate = true,
        |o| o.thresholds = true,
        |o| o.persistent_conn = true,
    ];
    for table in [table1(), big_table(), vec![]] {
        for view in views {
            let mut o = ListOptions::default();
            view(&mut o);
            let mut out = Vec::new();
            write_list(&mut out, &INFO, None, &table, &o).unwrap();
            assert_valid(&v, "list", &out);
            for e in &table {
                let mut out = Vec::new();
                write_list(&mut out, &INFO, None, std::slice::from_ref(e), &o).unwrap();
                assert_valid(&v, "one service", &out);
            }
        }
    }
    // /proc/net/ip_vs_status of a 7.x kernel: a table in use, and one not
    // made yet (no empty-bucket line: null).
    let status = crate::proc_status::parse(STATUS_7X);
    let mut out = Vec::new();
    write_list(
        &mut out,
        &INFO,
        Some(&status),
        &table1(),
        &ListOptions::default(),
    )
    .unwrap();
    assert_valid(&v, "list with kernel_status", &out);
    let mut out = Vec::new();
    write_timeouts(&mut out, &Timeouts::KERNEL_DEFAULTS).unwrap();
    assert_valid(&v, "timeouts", &out);
    for daemons in [vec![], vec![master_lo(), backup_v6()]] {
        let mut out = Vec::new();
        write_daemons(&mut out, &daemons).unwrap();
        assert_valid(&v, "daemons", &out);
    }
    for proc_text in [
        include_str!("../../../tests/golden/c2_proc.txt"),
        include_str!("../../../tests/golden/c3_proc.txt"),
        include_str!("../../../tests/golden/c4_proc.txt"),
    ] {
        let mut out = Vec::new();
        let mut input = BufReader::new(proc_text.as_bytes());
        write_conns(&mut out, &mut input, &ListOptions::default()).unwrap();
        assert_valid(&v, "connections", &out);
    }
}

/// Read off Debian's 7.2.13 kernel in the test VM, one service.
const STATUS_7X: &str = "Conns:\t0\nConn buckets:\t256 (8 bits, lfactor -4)\n\
    Services:\t1\nService buckets:\t16 (4 bits, lfactor -3)\n\
    Service buckets empty:\t15 (93%)\nService buckets len-1:\t1 (100%)\n\
    Stats thread slots:\t1 (max 8)\nStats chain max len:\t71\nStats thread ests:\t170400\n";

#[test]
fn kernel_status_shape() {
    let v = schema();
    let status = crate::proc_status::parse(STATUS_7X);
    let mut out = Vec::new();
    write_list(&mut out, &INFO, Some(&status), &[], &ListOptions::default()).unwrap();
    let good: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(
        good["kernel_status"],
        json!({
            "conn_table": {"entries": 0, "buckets": 256, "bits": 8, "lfactor": -4,
                           "empty_buckets": null, "chains": []},
            "service_table": {"entries": 1, "buckets": 16, "bits": 4, "lfactor": -3,
                              "empty_buckets": 15, "chains": [{"length": 1, "buckets": 1}]},
            "estimator": {"thread_slots": 1, "thread_slots_max": 8, "chain_max_len": 71,
                          "thread_ests": 170400}
        })
    );
    let bad = |edit: fn(&mut Value)| {
        let mut doc = good.clone();
        edit(&mut doc);
        !v.is_valid(&doc)
    };
    assert!(bad(|d| d["kernel_status"]["extra"] = json!(1)));
    assert!(bad(
        |d| d["kernel_status"]["conn_table"]["chains"] = json!([{"length": 8, "buckets": 1}])
    ));
    assert!(bad(|d| {
        d["kernel_status"]["service_table"]
            .as_object_mut()
            .unwrap()
            .remove("lfactor");
    }));
    // Without the file, the key is left out.
    let mut out = Vec::new();
    write_list(&mut out, &INFO, None, &[], &ListOptions::default()).unwrap();
    let none: Value = serde_json::from_slice(&out).unwrap();
    assert!(none.get("kernel_status").is_none());
}

#[test]
fn wrong_shapes_are_refused() {
    let v = schema();
    let mut out = Vec::new();
    write_list(&mut out, &INFO, None, &table1(), &ListOptions::default()).unwrap();
    let good: Value = serde_json::from_slice(&out).unwrap();
    let bad = |edit: fn(&mut Value)| {
        let mut doc = good.clone();
        edit(&mut doc);
        !v.is_valid(&doc)
    };
    // The old shape: flags as the raw word.
    assert!(bad(|d| d["services"][0]["flags"] = json!(2)));
    // The kernel-internal bit by name.
    assert!(bad(|d| d["services"][0]["flags"] = json!(["hashed"])));
    assert!(bad(|d| {
        d["services"][0]["fwmark"] = json!(1);
    }));
    assert!(bad(|d| {
        d["services"][0].as_object_mut().unwrap().remove("stats");
    }));
    assert!(bad(|d| d["services"][0]["stats"]["conns"] = json!(-1)));
    assert!(bad(|d| d["extra"] = json!(1)));
    assert!(!v.is_valid(&json!({"tcp": 900, "tcp_fin": 120})));
}
