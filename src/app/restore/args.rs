//! `ipvsadm-restore`'s arguments: the option table (which `--help`, the
//! completions and the man-page test read), the parser and the help text.
//! What the options do is in `app/restore.rs`.
//!
//! Arguments, in `ipvsadm`'s long-option grammar (`--netns NAME` or
//! `--netns=NAME`): our options act; every other argument is ignored, as
//! the script ignores it (an init script written with `-n` by analogy with
//! `ipvsadm-save -n` must still load its rules); but a word that looks like
//! a mistyped option of ours (`--converg`, `--dry-rn`, `-check`) is
//! refused with a suggestion, because ignoring it would run a classic
//! clear-and-restore that the user did not ask for.

use crate::cmd::converge::DEFAULT_DRAIN;
use crate::cmd::{self, check::CheckOptions};
use crate::lock::Wait;
use crate::save_restore::scope::Scope;
use std::time::Duration;

/// Our options: long name, value placeholder (empty: no value), help.
pub const OPTIONS: &[(&str, &str, &str)] = &[
    (
        "check",
        "",
        "only check the rules: report every bad line, change nothing",
    ),
    (
        "json",
        "",
        "with --check: one JSON object per finding, a line each, on stdout",
    ),
    (
        "no-warn",
        "ID[,ID...]",
        "with --check: do not report these warnings (see the man page)",
    ),
    (
        "fail-on-warnings",
        "",
        "with --check: exit 1 on warnings too",
    ),
    (
        "converge",
        "",
        "change only what differs from the rules, adding before deleting",
    ),
    (
        "dry-run",
        "",
        "with --converge (implied): print the changes, make none",
    ),
    (
        "verbose",
        "",
        "with --converge: print each change made, and a count",
    ),
    (
        "line-numbers",
        "",
        "begin each error with the number of its line",
    ),
    (
        "strict",
        "",
        "exit with the first failing line's status, not the last's",
    ),
    (
        "scope",
        "SPEC",
        "with --converge or --check: only services in SPEC (repeatable)",
    ),
    (
        "drain",
        "[SECONDS]",
        "with --converge: weight 0, wait for connections to end, then delete",
    ),
    (
        "wait",
        "[SECONDS]",
        "if another apply is running, wait for it (at most SECONDS)",
    ),
    (
        "kernel-timeout",
        "SECONDS",
        "wait at most SECONDS for each answer of the kernel (default 5)",
    ),
    (
        "netns",
        "NAME|PATH",
        "work in this network namespace (/run/netns/NAME or a path)",
    ),
    ("help", "", "print this help and exit"),
    ("version", "", "print the version and exit"),
];

/// What the arguments asked for.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Args {
    pub check: bool,
    pub converge: bool,
    pub dry_run: bool,
    pub verbose: bool,
    pub line_numbers: bool,
    pub strict: bool,
    pub netns: Option<String>,
    pub scopes: Vec<Scope>,
    /// `--drain[=SECONDS]`.
    pub drain: Option<Duration>,
    /// `--wait[=SECONDS]`: how long to wait for another apply's lock
    /// (none given: a converge fails at once, a restore waits).
    pub wait: Option<Wait>,
    /// `--kernel-timeout SECONDS`: the deadline for each kernel answer.
    pub kernel_timeout: Option<Duration>,
    /// `--check` reporting: `--json`, `--no-warn`, `--fail-on-warnings`.
    pub report: CheckOptions,
    pub help: bool,
    pub version: bool,
}

/// Levenshtein distance, for "did you mean".
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

/// The option of ours that `word` is almost, if any: one dash too few, a
/// prefix, or a slip of a letter or two.
fn near_miss(word: &str) -> Option<&'static str> {
    let name = word.trim_start_matches('-');
    let name = name.split('=').next().unwrap_or(name);
    if name.len() < 3 {
        return None;
    }
    OPTIONS.iter().map(|o| o.0).find(|ours| {
        *ours == name
            || ours.starts_with(name)
            || distance(name, ours) <= if ours.len() > 6 { 2 } else { 1 }
    })
}

/// Parses the arguments after argv[0]. `Err` is the message for a word
/// that is almost one of ours, or for our option used wrongly.
pub fn parse(args: &[String]) -> Result<Args, String> {
    let mut a = Args::default();
    let mut words = args.iter();
    while let Some(word) = words.next() {
        let (name, value) = match word.strip_prefix("--") {
            Some(rest) => match rest.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (rest, None),
            },
            None if word == "-h" => ("help", None),
            None => ("", None),
        };
        let flag = match name {
            "check" => &mut a.check,
            "converge" => &mut a.converge,
            "dry-run" => &mut a.dry_run,
            "verbose" => &mut a.verbose,
            "line-numbers" => &mut a.line_numbers,
            "strict" => &mut a.strict,
            "json" => &mut a.report.json,
            "fail-on-warnings" => &mut a.report.fail_on_warnings,
            "no-warn" => {
                let v = value.or_else(|| words.next().cloned());
                let v = v.ok_or("option '--no-warn' needs a value")?;
                a.report.no_warn.extend(warning_ids(&v)?);
                continue;
            }
            "help" => &mut a.help,
            "version" => &mut a.version,
            "netns" => {
                let v = value.or_else(|| words.next().cloned());
                a.netns = Some(v.ok_or("option '--netns' needs a value")?);
                continue;
            }
            "scope" => {
                let v = value.or_else(|| words.next().cloned());
                let v = v.ok_or("option '--scope' needs a value")?;
                a.scopes.push(Scope::parse(&v)?);
                continue;
            }
            "drain" => {
                // The value is optional: attached, or a number that follows.
                let v = value.or_else(|| {
                    let next = words.as_slice().first()?;
                    next.bytes().all(|b| b.is_ascii_digit()).then(|| {
                        words.next();
                        next.clone()
                    })
                });
                let secs = match v {
                    Some(v) => v
                        .parse::<u64>()
                        .map_err(|_| format!("invalid --drain time '{v}' (seconds)"))?,
                    None => DEFAULT_DRAIN.as_secs(),
                };
                a.drain = Some(Duration::from_secs(secs));
                continue;
            }
            "wait" => {
                // Optional too: attached, or a number of seconds that follows.
                let v = value.or_else(|| {
                    let next = words.as_slice().first()?;
                    is_seconds(next).then(|| words.next().cloned())?
                });
                a.wait = Some(match v {
                    Some(v) => Wait::Upto(seconds("wait", &v, false)?),
                    None => Wait::Forever,
                });
                continue;
            }
            "kernel-timeout" => {
                let v = value.or_else(|| words.next().cloned());
                let v = v.ok_or("option '--kernel-timeout' needs a value")?;
                a.kernel_timeout = Some(seconds("kernel-timeout", &v, true)?);
                continue;
            }
            _ => {
                if word.starts_with('-') {
                    if let Some(ours) = near_miss(word) {
                        return Err(format!(
                            "unknown option '{word}'; did you mean '--{ours}'? \
                             (unknown arguments are ignored, as the classic script \
                             ignores them, but not one this close to an option)"
                        ));
                    }
                }
                continue;
            }
        };
        if value.is_some() {
            return Err(format!("option '--{name}' takes no value"));
        }
        *flag = true;
    }
    if a.check && a.converge {
        return Err("'--check' and '--converge' cannot be used together".into());
    }
    if a.drain.is_some() && !(a.converge || a.dry_run || a.check) {
        return Err("'--drain' goes with '--converge' (or --dry-run, --check)".into());
    }
    if !(a.scopes.is_empty() || a.converge || a.dry_run || a.check) {
        return Err("'--scope' goes with '--converge' (or --dry-run, --check)".into());
    }
    if a.check && a.wait.is_some() {
        return Err(
            "'--wait' goes with a restore or '--converge', not '--check', \
                    which changes nothing"
                .into(),
        );
    }
    if a.check && a.kernel_timeout.is_some() {
        return Err("'--kernel-timeout' does not go with '--check', which asks no kernel".into());
    }
    if a.report != CheckOptions::default() && !a.check {
        return Err("'--json', '--no-warn' and '--fail-on-warnings' need '--check'".into());
    }
    Ok(a)
}

/// Whether `word` is written as a number of seconds: digits, with at most
/// one decimal point.
fn is_seconds(word: &str) -> bool {
    word.bytes().any(|b| b.is_ascii_digit())
        && word.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && word.bytes().filter(|&b| b == b'.').count() <= 1
}

/// The value of `--OPTION` in seconds (`5`, `0.5`); `positive`: not 0.
fn seconds(option: &str, v: &str, positive: bool) -> Result<Duration, String> {
    let d = is_seconds(v)
        .then(|| v.parse::<f64>().ok())
        .flatten()
        .and_then(|s| Duration::try_from_secs_f64(s).ok());
    match d {
        Some(d) if !(positive && d.is_zero()) => Ok(d),
        _ => Err(format!(
            "invalid --{option} time '{v}' (seconds{})",
            if positive { ", more than 0" } else { "" }
        )),
    }
}

/// `--no-warn`'s comma list, each a warning of `--check`.
fn warning_ids(list: &str) -> Result<Vec<String>, String> {
    let known = cmd::check::warnings::WARNINGS;
    list.split(',')
        .map(|id| match known.iter().find(|w| w.0 == id) {
            Some(w) => Ok(w.0.to_string()),
            None => {
                let ids: Vec<&str> = known.iter().map(|w| w.0).collect();
                Err(format!(
                    "'--no-warn': no warning '{id}'; the warnings are {}",
                    ids.join(", ")
                ))
            }
        })
        .collect()
}

/// The `--help` text, laid out like `ipvsadm -h`.
pub fn help_text(prog: &str) -> String {
    let mut o = crate::cli::version_text();
    o.push_str("\nUsage:\n");
    for u in [
        "[--line-numbers] [--strict] [--wait[=SECONDS]] [--kernel-timeout SECONDS] [--netns NAME] < rules",
        "--check [--scope SPEC]... [--json] [--no-warn ID,...] [--fail-on-warnings] < rules",
        "--converge [--dry-run] [--verbose] [--scope SPEC]... [--drain[=SECONDS]] [--wait[=SECONDS]] [--kernel-timeout SECONDS] [--netns NAME] < rules",
        "--help|--version",
    ] {
        o.push_str(&format!("  {prog} {u}\n"));
    }
    o.push_str(
        "\nWithout options: clear the table, then load the rules (ipvsadm -C; ipvsadm -R).\n\
         Other arguments are ignored, as the classic script ignores them.\n\nOptions:\n",
    );
    for (name, value, help) in OPTIONS {
        let left = format!("  --{name} {value}");
        o.push_str(&format!("{left:<40}{help}\n"));
    }
    o
}
