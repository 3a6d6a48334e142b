//! Grammar points first left unverified, then checked against the reference
//! binary in the VM (tests/scenarios/10-grammar.sh compares them byte for
//! byte); these pin them without a kernel. Also the order in which the
//! reference reports errors when several apply to one line.

use super::test_view::flat;
use super::*;
use crate::error::Error;

fn p(words: &[&str]) -> Result<Invocation, Error> {
    let args: Vec<String> = std::iter::once("ipvsadm")
        .chain(words.iter().copied())
        .map(String::from)
        .collect();
    parse(&args, &crate::names::NoResolver)
}

fn err(line: &str) -> (String, i32) {
    let words: Vec<&str> = line.split(' ').filter(|w| !w.is_empty()).collect();
    let e = p(&words).expect_err(line);
    (e.to_string(), e.exit_code())
}

const TRY_HELP: &str = "Try `ipvsadm -h' or 'ipvsadm --help' for more information.";

#[test]
fn sched_flags_come_after_popt_ranges_and_leftovers_but_before_the_matrix() {
    let bad = ("invalid scheduler flag `bogus'".to_string(), 2);
    // -b is illegal with -D and -L, but its flags are parsed first.
    assert_eq!(err("-D -t 1.2.3.4:80 -b bogus"), bad);
    assert_eq!(err("-L -b bogus"), bad);
    assert_eq!(err("-A -t 1.2.3.4:80 -b bogus -w 3"), bad);
    assert_eq!(err("-A -t 1.2.3.4:80 -b bogus -n"), bad);
    assert_eq!(
        err("-A -t 1.2.3.4:80 -b bogus -p x"),
        ("invalid timeout value `x' specified".into(), 2)
    );
    assert_eq!(
        err("-A -t 1.2.3.4:80 -b bogus foo"),
        ("unexpected argument foo".into(), 2)
    );
    assert_eq!(
        err("-A -t 1.2.3.4:80 -b bogus --zzz"),
        ("--zzz: unknown option".into(), 255)
    );
}

#[test]
fn daemon_value_after_the_command_is_the_reported_word() {
    assert_eq!(
        err("-L --start-daemon master"),
        ("invalid option `master'".into(), 2)
    );
    assert_eq!(
        err("-L --stop-daemon backup"),
        ("invalid option `backup'".into(), 2)
    );
    assert_eq!(
        err("--start-daemon master -L"),
        ("invalid option `-L'".into(), 2)
    );
}

#[test]
fn a_value_on_a_flag_is_a_popt_error() {
    assert_eq!(
        err("-L --numeric=x"),
        ("--numeric=x: option does not take an argument".into(), 255)
    );
    assert_eq!(
        err("-L --daemon=x"),
        ("--daemon=x: option does not take an argument".into(), 255)
    );
}

#[test]
fn a_leading_bare_word_is_a_leftover_not_try_help() {
    // popt skips positional words while looking for the first option, so
    // the command is found; the word is reported after parsing.
    assert_eq!(err("foo -L"), ("unexpected argument foo".into(), 2));
    assert_eq!(err("foo"), (TRY_HELP.into(), 255));
}

#[test]
fn short_option_equals_value() {
    // popt skips one '=' after a short option in a cluster.
    let inv = flat(p(&["-A", "-t=1.2.3.4:80"]).unwrap());
    assert!(inv.service.is_some());
    // As the first option it is still not a command.
    assert_eq!(err("-t=1.2.3.4:80 -A"), (TRY_HELP.into(), 255));
}

#[test]
fn bracketed_ipv4_has_no_port() {
    // The reference's strrchr(':') runs on the text inside the brackets.
    let zero = ("Zero port specified for non-persistent service".into(), 2);
    assert_eq!(err("-A -t [1.2.3.4]:80"), zero);
    assert_eq!(err("-A -t [1.2.3.4]:"), zero);
}

#[test]
fn names_are_cut_to_their_buffers_on_a_character_boundary() {
    // The reference copies bytes into fixed buffers (15 for the scheduler
    // and the interface, 16 for the PE). A name that long is never one the
    // kernel knows, so the only visible effect is the same kernel error;
    // we cut on a character boundary to keep the text valid UTF-8.
    let svc = |w: &[&str]| flat(p(w).unwrap()).service.unwrap();
    let s = svc(&["-A", "-t", "1.2.3.4:80", "-s", "aaaaaaaaaaaaaaé"]);
    assert_eq!(s.scheduler.as_str(), "aaaaaaaaaaaaaa");
    let s = svc(&["-A", "-t", "1.2.3.4:80", "-s", "aaaaaaaaaaaaaéb"]);
    assert_eq!(s.scheduler.as_str(), "aaaaaaaaaaaaaé");
    let s = svc(&["-A", "-t", "1.2.3.4:80", "-p", "--pe", "aaaaaaaaaaaaaaaé"]);
    assert_eq!(s.pe_name.as_deref(), Some("aaaaaaaaaaaaaaa"));
    let inv = p(&[
        "--start-daemon",
        "master",
        "--mcast-interface",
        "aaaaaaaaaaaaaaé",
    ])
    .map(flat)
    .unwrap();
    assert_eq!(inv.daemon.unwrap().mcast_ifn, "aaaaaaaaaaaaaa");
}

#[test]
fn list_accepts_and_ignores_syncid() {
    // A blank cell in the 1.31 binary's matrix (found by 11-matrix.sh).
    let inv = flat(p(&["-L", "--syncid", "3"]).unwrap());
    assert_eq!(inv.command, Command::List);
    assert_eq!(
        err("-L --syncid 256"),
        ("illegal syncid specified".into(), 2)
    );
}
