//! Grammar tests: §2.1 of the behaviour notes: general rules.

use super::*;

// ---- §2.1 general rules -------------------------------------------------

#[test]
fn no_arguments_lists_everything() {
    let inv = flat(parse(&argv(&[]), &Fake).unwrap());
    assert_eq!(inv.command, Command::List);
    assert_eq!(inv.service, None);
}

#[test]
fn first_option_must_be_a_command() {
    for line in [
        "-n -L",
        "-t 1.2.3.4:80 -A",
        "--syncid 3 --start-daemon master",
        "--bogus",
        "foo",
        "--lis",
        "--list=foo",
        "-Q",
        "--sort -L",
        "-6",
        "--start-daemon",
    ] {
        assert_eq!(err(line), (TRY_HELP.to_string(), 255), "{line}");
    }
}

#[test]
fn try_help_repeats_argv0_as_given() {
    let args: Vec<String> = ["./sbin/ipvsadm", "-n"].map(String::from).to_vec();
    let e = parse(&args, &Fake).unwrap_err();
    assert_eq!(
        e.to_string(),
        "Try `./sbin/ipvsadm -h' or './sbin/ipvsadm --help' for more information."
    );
}

#[test]
fn later_command_is_an_invalid_option_not_multiple_commands() {
    assert_eq!(usage("-L -A"), "invalid option `-A'");
    assert_eq!(usage("-L -h"), "invalid option `-h'");
    assert_eq!(usage("-L --version"), "invalid option `--version'");
    assert_eq!(usage("-L -nA"), "invalid option `-nA'");
    // popt's bad-option word is the last one consumed: the value.
    assert_eq!(usage("-L --start-daemon master"), "invalid option `master'");
}

#[test]
fn help_and_version_return_before_later_options() {
    assert_eq!(ok("-h -Q").command, Command::Help);
    assert_eq!(ok("--help --bogus").command, Command::Help);
    assert_eq!(ok("--version -n").command, Command::Version);
    assert_eq!(ok("-v").command, Command::Version);
    assert_eq!(ok("-hn").command, Command::Help);
}

#[test]
fn short_options_cluster() {
    let inv = ok("-lnc");
    assert_eq!(inv.command, Command::List);
    assert!(inv.list.numeric && inv.list.connection);
    assert!(ok("-Ln").list.numeric);
    assert!(ok("-Sn").list.numeric);
    let want = key("-A -t 1.2.3.4:80");
    assert_eq!(key("-At 1.2.3.4:80"), want);
    assert_eq!(key("-A -t1.2.3.4:80"), want);
    assert_eq!(key("-At1.2.3.4:80"), want);
    // A value-taking letter swallows the rest of the cluster: -s "nq".
    assert_eq!(svc("-A -t 1.2.3.4:80 -snq").scheduler.as_str(), "nq");
}

#[test]
fn popt_errors_name_the_word_and_exit_255() {
    let cases = [
        ("-Lx", "-Lx: missing argument"),
        ("-L --bogus", "--bogus: unknown option"),
        ("-L -Q", "-Q: unknown option"),
        ("-A -t", "-t: missing argument"),
        ("-A -t 1.2.3.4:80 --pe", "--pe: missing argument"),
        ("--set -1 1 1", "-1: unknown option"),
        ("-L --lis", "--lis: unknown option"),
        (
            "-L --numeric=yes",
            "--numeric=yes: option does not take an argument",
        ),
    ];
    for (line, msg) in cases {
        assert_eq!(err(line), (msg.to_string(), 255), "{line}");
    }
}

#[test]
fn options_act_in_order_so_an_earlier_fail_beats_a_later_popt_error() {
    assert_eq!(
        err("-A -w x --bogus"),
        ("illegal weight specified".into(), 2)
    );
    assert_eq!(
        err("-A --bogus -w x"),
        ("--bogus: unknown option".into(), 255)
    );
}

#[test]
fn long_options_take_equals_or_next_word() {
    assert_eq!(
        key("-A --tcp-service=1.2.3.4:80"),
        key("-A --tcp-service 1.2.3.4:80")
    );
    assert_eq!(
        svc("-A -t 1.2.3.4:80 --scheduler=rr").scheduler.as_str(),
        "rr"
    );
}

#[test]
fn duplicate_options() {
    assert_eq!(usage("-L -n -n"), "multiple 'numeric' options specified");
    assert_eq!(
        usage("-a -t 1.2.3.4:80 -r 5.6.7.8 -m -g"),
        "multiple 'forwarding-method' options specified"
    );
    assert_eq!(
        usage("-A -t 1.2.3.4:80 -f 1"),
        "multiple 'service-address' options specified"
    );
    assert_eq!(
        usage("-A -u 1.2.3.4:80 --sctp-service 1.2.3.4:80"),
        "multiple 'service-address' options specified"
    );
    assert_eq!(
        usage("-A -f 1 -p -p"),
        "multiple 'persistent' options specified"
    );
    // --sort and -6 are not counted.
    assert!(p("-L --sort --sort").is_ok());
    assert!(p("-A -f 1 -6 -6").is_ok());
}

#[test]
fn leftover_words_are_unexpected() {
    assert_eq!(usage("-L -- -n"), "unexpected argument -n");
    assert_eq!(usage("-L foo"), "unexpected argument foo");
    assert_eq!(usage("-R extra"), "unexpected argument extra");
    assert_eq!(usage("-L -"), "unexpected argument -");
    // popt skips positional words when looking for the first option.
    assert_eq!(usage("foo -L"), "unexpected argument foo");
}

#[test]
fn set_takes_three_timeouts() {
    let inv = ok("--set 900 120 300");
    assert_eq!(inv.command, Command::SetTimeout);
    assert_eq!(
        (inv.timeouts.tcp, inv.timeouts.tcp_fin, inv.timeouts.udp),
        (900, 120, 300)
    );
    assert_eq!(ok("--set 0 0 2678400").timeouts.udp, 2678400);
    assert_eq!(usage("--set 1 2"), "--set option requires 3 timeout values");
    assert_eq!(usage("--set"), "--set option requires 3 timeout values");
    assert_eq!(usage("--set 1 x 3"), "invalid timeout value `x' specified");
    assert_eq!(
        usage("--set 1 2 2678401"),
        "invalid timeout value `2678401' specified"
    );
    assert_eq!(usage("--set 1 2 3 4"), "unexpected argument 4");
    assert_eq!(
        usage("--set 1 -n 2 3"),
        "Illegal 'numeric' option with the 'set' command"
    );
}
