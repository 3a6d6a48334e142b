//! The built `ipvsadm-restore --check` on the rule files of
//! tests/restore_check/: the tutorial example of ipvsadm-restore(8), a file
//! with each class of character that is not what it looks like, and one
//! with each warning. No kernel and no root needed.
//!
//! The check asks this machine which schedulers it could load; where the
//! answer is no (a kernel without IPVS modules), every `-A` line also
//! fails with "Scheduler or persistence engine not found". Those lines are
//! left out before comparing, and then count for the exit status.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

const NO_SCHED: &str = "Scheduler or persistence engine not found";

struct Run {
    code: i32,
    out: String,
    err: String,
    /// Lines left out for the machine's missing schedulers.
    no_sched: usize,
}

fn check(file: &str, args: &[&str]) -> Run {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/restore_check")
        .join(file);
    let input = std::fs::read(path).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_ipvsadm-restore"))
        .arg("--check")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // A run refused for its arguments exits without reading its input:
    // the write may then fail with EPIPE, which is no failure here.
    let _ = child.stdin.take().unwrap().write_all(&input);
    let o = child.wait_with_output().unwrap();
    let keep = |text: Vec<u8>| {
        let text = String::from_utf8(text).unwrap();
        let (dropped, kept): (Vec<&str>, Vec<&str>) =
            text.lines().partition(|l| l.contains(NO_SCHED));
        (
            kept.iter().map(|l| format!("{l}\n")).collect(),
            dropped.len(),
        )
    };
    let (out, n_out) = keep(o.stdout);
    let (err, n_err) = keep(o.stderr);
    Run {
        code: o.status.code().unwrap(),
        out,
        err,
        no_sched: n_out + n_err,
    }
}

/// The findings of a `--json` run: (line, column, id, code point).
fn json(run: &Run) -> Vec<(u64, Option<u64>, String, Option<String>)> {
    run.out
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            (
                v["line"].as_u64().unwrap(),
                v["column"].as_u64(),
                v["id"].as_str().unwrap().to_string(),
                v["code_point"].as_str().map(String::from),
            )
        })
        .collect()
}

#[test]
fn the_man_pages_tutorial_example() {
    let r = check("tutorial.rules", &[]);
    assert_eq!(r.code, 1);
    assert_eq!(r.out, "");
    assert_eq!(
        r.err,
        "line 2: warning [dr-port]: real server 10.0.0.2:8080 asks for port 8080, but direct \
         routing (-g) cannot change the port: it gets the service's port 80 (only \
         masquerading, -m, maps ports)\n\
         line 3, column 39: U+2013 EN DASH looks like '-'\n\
         line 3: unexpected argument \u{2013}g\n"
    );
    let r = check("tutorial.rules", &["--json"]);
    assert_eq!((r.code, r.err.as_str()), (1, ""));
    let en_dash = r.out.lines().nth(1).unwrap();
    assert_eq!(
        en_dash,
        r#"{"line":3,"column":39,"byte":39,"severity":"error","id":"char","message":"U+2013 EN DASH looks like '-'","code_point":"U+2013","name":"EN DASH","ascii":"-"}"#
    );
}

#[test]
fn every_class_of_character_with_line_and_column() {
    let r = check("characters.rules", &["--json"]);
    assert_eq!(r.code, 1);
    let chars: Vec<_> = json(&r).into_iter().filter(|f| f.2 != "rule").collect();
    let want = [
        (1, 1, "char", Some("U+FEFF")),
        (3, 33, "char", Some("U+00A0")),
        (4, 31, "char", Some("U+2014")),
        (5, 37, "char", Some("U+FF12")),
        (6, 37, "char", Some("U+201C")),
        (6, 39, "char", Some("U+201D")),
        (7, 33, "control", Some("U+000C")),
        (8, 34, "not-utf8", None),
    ];
    let want: Vec<_> = want
        .iter()
        .map(|&(l, c, id, cp)| (l, Some(c), id.to_string(), cp.map(String::from)))
        .collect();
    assert_eq!(chars, want);
    // Each bad line also fails as the restore would fail it; the comment
    // on the last line is not looked at.
    let rules: Vec<u64> = json(&r)
        .into_iter()
        .filter(|f| f.2 == "rule")
        .map(|f| f.0)
        .collect();
    assert_eq!(rules, [1, 3, 4, 5, 6, 7, 8]);
    // The text says the same, in the same order.
    let text = check("characters.rules", &[]);
    assert_eq!(text.err.lines().count(), r.out.lines().count());
    assert!(text
        .err
        .contains("line 8, column 34: byte 0xA0 is not UTF-8"));
}

#[test]
fn every_warning_and_how_to_silence_them() {
    let r = check("warnings.rules", &[]);
    let ids: Vec<(usize, &str)> = r
        .err
        .lines()
        .filter(|l| l.contains(": warning ["))
        .map(|l| {
            let line = l["line ".len()..].split(':').next().unwrap();
            let id = l.split('[').nth(1).unwrap().split(']').next().unwrap();
            (line.parse().unwrap(), id)
        })
        .collect();
    assert_eq!(
        ids,
        [
            (1, "mixed-forward"),
            (2, "dr-port"),
            (4, "no-dests"),
            (5, "zero-weight"),
            (7, "names"),
        ]
    );
    // Warnings alone leave the status at 0.
    assert_eq!(r.code, i32::from(r.no_sched > 0));
    let fail = check("warnings.rules", &["--fail-on-warnings"]);
    assert_eq!(fail.code, 1);
    let quiet = check(
        "warnings.rules",
        &[
            "--no-warn=mixed-forward,dr-port",
            "--no-warn",
            "no-dests,zero-weight",
            "--no-warn=names",
            "--fail-on-warnings",
        ],
    );
    assert_eq!((quiet.out.as_str(), quiet.err.as_str()), ("", ""));
    assert_eq!(quiet.code, i32::from(quiet.no_sched > 0));
}

#[test]
fn reporting_options_need_check_and_known_warnings() {
    let r = check("warnings.rules", &["--no-warn=dr-prot"]);
    assert_eq!(r.code, 2);
    assert!(r.err.contains("no warning 'dr-prot'"), "{}", r.err);
    // Without --check the restore would clear the table: refused first.
    let o = Command::new(env!("CARGO_BIN_EXE_ipvsadm-restore"))
        .arg("--json")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("need '--check'"));
}
