//! `ipvsadm-restore`: the reference ships it as a shell script that
//! ignores its arguments, drops `#` lines, runs `ipvsadm -C` and feeds the
//! rest to `ipvsadm -R`. Ours does the same in one process on one socket,
//! and adds long options of its own (check, converge, numbered errors,
//! strict status, a network namespace).
//!
//! Arguments, in `ipvsadm`'s long-option grammar (`--netns NAME` or
//! `--netns=NAME`): our options act; every other argument is ignored, as
//! the script ignores it (an init script written with `-n` by analogy with
//! `ipvsadm-save -n` must still load its rules); but a word that looks like
//! a mistyped option of ours (`--converg`, `--dry-rn`, `-check`) is
//! refused with a suggestion, because ignoring it would run a classic
//! clear-and-restore that the user did not ask for.

use super::with_kernel;
use crate::cmd::converge::{scope::Scope, ConvergeOptions, DEFAULT_DRAIN};
use crate::cmd::{self, check::CheckOptions, restore::RestoreOptions};
use crate::ipvs::Request;
use std::io::Write;
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
    if a.report != CheckOptions::default() && !a.check {
        return Err("'--json', '--no-warn' and '--fail-on-warnings' need '--check'".into());
    }
    Ok(a)
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
        "[--line-numbers] [--strict] [--netns NAME] < rules",
        "--check [--scope SPEC]... [--json] [--no-warn ID,...] [--fail-on-warnings] < rules",
        "--converge [--dry-run] [--verbose] [--scope SPEC]... [--drain[=SECONDS]] [--netns NAME] < rules",
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

pub fn main(args: Vec<String>) -> i32 {
    let prog = args
        .first()
        .cloned()
        .unwrap_or_else(|| "ipvsadm-restore".into());
    let me = prog
        .rsplit('/')
        .next()
        .unwrap_or("ipvsadm-restore")
        .to_string();
    let a = match parse(args.get(1..).unwrap_or(&[])) {
        Ok(a) => a,
        Err(msg) => {
            // Not eprintln!: it panics when stderr is a closed pipe.
            let _ = write!(
                std::io::stderr(),
                "{me}: {msg}\nTry `{me} --help' for more information.\n"
            );
            return 2;
        }
    };
    if a.help || a.version {
        let text = if a.help {
            help_text(&me)
        } else {
            crate::cli::version_text() + "\n"
        };
        let mut out = std::io::stdout();
        let _ = out.write_all(text.as_bytes()).and_then(|_| out.flush());
        return 0;
    }
    // Messages name `ipvsadm`, as the wrapped command's would.
    const PROG: &str = "ipvsadm";
    if a.check {
        // No kernel needed to check a file; in a namespace, the machine's
        // answers (interfaces) are that namespace's.
        if let Some(ns) = &a.netns {
            if let Err(e) = crate::process::enter_netns(ns) {
                return e.report(&mut std::io::stderr());
            }
        }
        let opts = CheckOptions {
            scopes: a.scopes.clone(),
            ..a.report.clone()
        };
        return check_only(PROG, &opts);
    }
    if a.converge || a.dry_run {
        let opts = ConvergeOptions {
            dry_run: a.dry_run,
            verbose: a.verbose,
            scopes: a.scopes.clone(),
            drain: a.drain,
            drain_poll: None,
        };
        return with_kernel(a.netns.as_deref(), 1, |ctx| {
            match cmd::converge::run(ctx, PROG, &opts) {
                Ok(()) => 0,
                Err(e) => e.report(ctx.err),
            }
        });
    }
    let opts = RestoreOptions {
        line_numbers: a.line_numbers,
        strict: a.strict,
    };
    with_kernel(a.netns.as_deref(), 2, |ctx| {
        // `ipvsadm -C` first; its failure is reported and the restore
        // still runs, as in the classic script.
        if let Err(e) = ctx.ipvs.apply_one(Request::Flush) {
            e.report(ctx.err);
        }
        match cmd::restore::run_with(PROG, ctx, opts) {
            Ok(()) => 0,
            Err(e) => e.report(ctx.err),
        }
    })
}

fn check_only(prog: &str, opts: &CheckOptions) -> i32 {
    use crate::kernel_model::{KernelModel, ThisMachine, INFO};
    // The file is checked on a kernel model of this machine (check::run);
    // the context's kernel is an idle one, never the real kernel.
    let mut idle = KernelModel::new(ThisMachine::new());
    let mut input = std::io::BufReader::new(std::io::stdin());
    let mut out = std::io::stdout().lock();
    let mut err = cmd::Unfailing(std::io::stderr().lock());
    let names = crate::names::SystemResolver;
    let info = INFO;
    let mut ctx = cmd::Ctx {
        ipvs: &mut idle,
        info,
        out: &mut out,
        err: &mut err,
        names: &names,
        input: &mut input,
    };
    match cmd::check::run(&mut ctx, prog, opts) {
        Ok(()) => 0,
        Err(e) => e.report(ctx.err),
    }
}

#[cfg(test)]
mod tests;
