//! ipvstop's command line, flag by flag.

use super::*;

fn run(args: &[&str]) -> Result<Opts, String> {
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    match parse(&args) {
        Ok(Parsed::Run(o)) => Ok(o),
        Ok(other) => Err(format!("{other:?}")),
        Err(e) => Err(e.0),
    }
}

#[test]
fn defaults_as_top() {
    let o = run(&[]).unwrap();
    assert_eq!(o, Opts::default());
    assert_eq!(
        (o.mode, o.delay, o.count),
        (Mode::Auto, Duration::from_secs(1), None)
    );
    assert_eq!(o.sort, SortSpec::new(Column::Addr));
}

#[test]
fn values_in_the_same_word_or_the_next() {
    for args in [
        &["-d", "0.5"][..],
        &["-d0.5"],
        &["--delay=0.5"],
        &["--delay", "0.5"],
    ] {
        assert_eq!(
            run(args).unwrap().delay,
            Duration::from_millis(500),
            "{args:?}"
        );
    }
    assert_eq!(run(&["-n", "3"]).unwrap().count, Some(3));
    assert_eq!(run(&["--iterations=3"]).unwrap().count, Some(3));
    assert_eq!(
        run(&["--netns", "blue"]).unwrap().netns.as_deref(),
        Some("blue")
    );
    assert_eq!(
        run(&["-f", "tcp 10.0.0.1"]).unwrap().filter,
        Filter::parse("tcp 10.0.0.1")
    );
}

#[test]
fn short_options_group_as_with_getopt() {
    for args in [&["-bn1"][..], &["-bn", "1"], &["-b", "-n1"]] {
        let o = run(args).unwrap();
        assert_eq!((o.mode, o.count), (Mode::Batch, Some(1)), "{args:?}");
    }
    let o = run(&["-bcN"]).unwrap();
    assert!(o.connections && o.names && o.mode == Mode::Batch);
    let o = run(&["-rscps"]).unwrap();
    assert_eq!((o.sort.column, o.sort.descending), (Column::Cps, false));
}

#[test]
fn modes_sort_and_flags() {
    assert_eq!(run(&["--json"]).unwrap().mode, Mode::Json);
    assert_eq!(
        run(&["--json", "-b"]).unwrap().mode,
        Mode::Json,
        "JSON is batch already"
    );
    let o = run(&["-s", "inbps"]).unwrap();
    assert_eq!((o.sort.column, o.sort.descending), (Column::InBps, true));
    let o = run(&["--sort=ADDR", "-r"]).unwrap();
    assert_eq!((o.sort.column, o.sort.descending), (Column::Addr, true));
    let o = run(&["--kernel-rates", "-c", "--names"]).unwrap();
    assert!(o.kernel_rates && o.connections && o.names);
    assert_eq!(run(&["-h"]), Err("Help".into()));
    assert_eq!(run(&["-b", "--version"]), Err("Version".into()));
}

#[test]
fn usage_errors_say_what_is_wrong() {
    let cases: &[(&[&str], &str)] = &[
        (&["-x"], "unknown option '-x'"),
        (&["--bogus"], "unknown option '--bogus'"),
        (&["top"], "unexpected argument 'top'"),
        (&["-d"], "option -d needs SECONDS"),
        (&["-d", "0"], "bad interval '0' for -d"),
        (&["-d", "nan"], "bad interval 'nan'"),
        (&["-d", "4000"], "bad interval '4000'"),
        (&["-n", "0"], "bad count '0' for -n"),
        (&["-n", "-1"], "bad count '-1'"),
        (
            &["-s", "speed"],
            "unknown column 'speed' for -s (one of: addr, method",
        ),
        (&["--reverse=no"], "option --reverse takes no value"),
        (&["--json=1"], "option --json takes no value"),
        (&["--names=yes"], "option --names takes no value"),
        (&["-"], "unexpected argument '-'"),
    ];
    for (args, want) in cases {
        let got = run(args).unwrap_err();
        assert!(got.starts_with(want), "{args:?}: {got}");
    }
}
