use super::*;
use crate::cmd::converge::DEFAULT_DRAIN;
use std::time::Duration;

fn p(words: &[&str]) -> Result<Args, String> {
    parse(&words.iter().map(|w| w.to_string()).collect::<Vec<_>>())
}

#[test]
fn the_scripts_arguments_are_accepted_and_do_nothing() {
    // Debian's and RHEL's script ignores every argument.
    for words in [
        &["-n"][..],
        &["--bogus"],
        &["-v"],
        &["-V"],
        &["-f", "/etc/ipvsadm.rules"],
        &["rules", "--", "-"],
        &["--numeric"],
    ] {
        assert_eq!(p(words), Ok(Args::default()), "{words:?}");
    }
}

#[test]
fn our_options_in_ipvsadms_long_option_grammar() {
    let a = p(&["--converge", "--dry-run", "--verbose", "--netns", "blue"]).unwrap();
    assert!(a.converge && a.dry_run && a.verbose);
    assert_eq!(a.netns.as_deref(), Some("blue"));
    assert_eq!(
        p(&["--netns=/proc/1/ns/net"]).unwrap().netns.as_deref(),
        Some("/proc/1/ns/net")
    );
    let a = p(&["-n", "--line-numbers", "--strict"]).unwrap();
    assert!(a.line_numbers && a.strict && !a.converge);
    assert!(p(&["-h"]).unwrap().help);
    assert!(p(&["--version"]).unwrap().version);
}

#[test]
fn near_misses_of_ours_are_refused_with_a_suggestion() {
    for (word, ours) in [
        ("--converg", "--converge"),
        ("--dry-rn", "--dry-run"),
        ("--dryrun", "--dry-run"),
        ("-check", "--check"),
        ("--chek", "--check"),
        ("--line-number", "--line-numbers"),
        ("--stric", "--strict"),
        ("--converge=yes", "--converge"),
    ] {
        let e = p(&[word]).unwrap_err();
        assert!(e.contains(&format!("'{ours}'")), "{word}: {e}");
    }
    assert!(p(&["--netns"]).unwrap_err().contains("needs a value"));
    assert!(p(&["--check", "--converge"]).is_err());
}

#[test]
fn help_is_laid_out_like_ipvsadms() {
    let h = help_text("ipvsadm-restore");
    assert!(h.starts_with("ipvsadm v1.31"), "{h}");
    for (name, _, help) in OPTIONS {
        assert!(
            h.contains(&format!("--{name}")) && h.contains(help),
            "{name}"
        );
    }
}

#[test]
fn scope_and_drain() {
    let a = p(&[
        "--converge",
        "--scope",
        "10.0.0.0/24",
        "--scope=fwmark:1-9",
        "--drain",
    ])
    .unwrap();
    assert_eq!(a.scopes.len(), 2);
    assert_eq!(a.drain, Some(DEFAULT_DRAIN));
    let a = p(&["--converge", "--drain", "30"]).unwrap();
    assert_eq!(a.drain, Some(Duration::from_secs(30)));
    assert_eq!(
        p(&["--converge", "--drain=2"]).unwrap().drain,
        Some(Duration::from_secs(2))
    );
    // A word after --drain that is not a number is not its value.
    let a = p(&["--converge", "--drain", "-n"]).unwrap();
    assert_eq!(a.drain, Some(DEFAULT_DRAIN));
    assert!(p(&["--converge", "--scope", "10.0.0.0/33"])
        .unwrap_err()
        .contains("invalid --scope"));
    assert!(p(&["--drain"])
        .unwrap_err()
        .contains("goes with '--converge'"));
    assert!(p(&["--scope", "10.0.0.0/8"]).is_err());
}

#[test]
fn check_reporting_options() {
    let a = p(&[
        "--check",
        "--json",
        "--no-warn=names,dr-port",
        "--no-warn",
        "no-dests",
    ])
    .unwrap();
    assert!(a.check && a.report.json && !a.report.fail_on_warnings);
    assert_eq!(a.report.no_warn, ["names", "dr-port", "no-dests"]);
    assert!(
        p(&["--check", "--fail-on-warnings"])
            .unwrap()
            .report
            .fail_on_warnings
    );
    let e = p(&["--check", "--no-warn=dr-prot"]).unwrap_err();
    assert!(
        e.contains("no warning 'dr-prot'") && e.contains("mixed-forward"),
        "{e}"
    );
    assert!(p(&["--check", "--no-warn"])
        .unwrap_err()
        .contains("needs a value"));
    assert!(p(&["--check", "--json=yes"])
        .unwrap_err()
        .contains("takes no value"));
    // Without --check they would be ignored by a classic restore: refused.
    for words in [
        &["--json"][..],
        &["--no-warn=names"],
        &["--fail-on-warnings"],
    ] {
        assert!(
            p(words).unwrap_err().contains("need '--check'"),
            "{words:?}"
        );
    }
    for (word, ours) in [
        ("--jsn", "--json"),
        ("--no-wran", "--no-warn"),
        ("--fail-on-warning", "--fail-on-warnings"),
    ] {
        let e = p(&[word]).unwrap_err();
        assert!(e.contains(&format!("'{ours}'")), "{word}: {e}");
    }
}

#[test]
fn wait_and_kernel_timeout() {
    use crate::lock::Wait;
    let secs = Duration::from_secs_f64;
    assert_eq!(p(&["--converge"]).unwrap().wait, None);
    assert_eq!(
        p(&["--converge", "--wait"]).unwrap().wait,
        Some(Wait::Forever)
    );
    for (words, want) in [
        (&["--converge", "--wait=10"][..], secs(10.0)),
        (&["--converge", "--wait", "2.5"], secs(2.5)),
        (&["--wait=0.5"], secs(0.5)),
        (&["--wait", "0"], Duration::ZERO),
    ] {
        assert_eq!(p(words).unwrap().wait, Some(Wait::Upto(want)), "{words:?}");
    }
    // A word after --wait that is not a number is not its value.
    let a = p(&["--converge", "--wait", "-n"]).unwrap();
    assert_eq!(a.wait, Some(Wait::Forever));
    for bad in [
        "--wait=x",
        "--wait=-1",
        "--wait=1e3",
        "--wait=1.2.3",
        "--wait=",
    ] {
        let e = p(&["--converge", bad]).unwrap_err();
        assert!(e.starts_with("invalid --wait time"), "{bad}: {e}");
    }
    assert!(p(&["--check", "--wait"])
        .unwrap_err()
        .contains("not '--check'"));

    for (words, want) in [
        (&["--kernel-timeout", "2"][..], secs(2.0)),
        (&["--converge", "--kernel-timeout=0.5"], secs(0.5)),
    ] {
        assert_eq!(p(words).unwrap().kernel_timeout, Some(want), "{words:?}");
    }
    for bad in ["0", "0.0", "-1", "five", "inf", ""] {
        let e = p(&[&format!("--kernel-timeout={bad}")]).unwrap_err();
        assert_eq!(
            e,
            format!("invalid --kernel-timeout time '{bad}' (seconds, more than 0)")
        );
    }
    assert!(p(&["--kernel-timeout"])
        .unwrap_err()
        .contains("needs a value"));
    assert!(p(&["--check", "--kernel-timeout=1"])
        .unwrap_err()
        .contains("asks no kernel"));
    for (word, ours) in [
        ("--wit", "--wait"),
        ("--wai", "--wait"),
        ("--kernel-timout", "--kernel-timeout"),
        ("--kernel", "--kernel-timeout"),
    ] {
        let e = p(&[word]).unwrap_err();
        assert!(e.contains(&format!("'{ours}'")), "{word}: {e}");
    }
}
