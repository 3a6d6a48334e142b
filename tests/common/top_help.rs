//! ipvstop's options as its `--help` lists them (`top::opts::HELP`): the
//! one table of them there is, read here for the man page check
//! (tests/man_options.rs) and the completions (tests/completions.rs).
//! An option line is `  -d, --delay SECONDS    what it does`; lines
//! indented further below it continue its description.
// Each test crate that includes this uses part of it.
#![allow(dead_code)]

use clap::{Arg, ArgAction, Command};

/// One option of the help text.
#[derive(Debug, Clone, PartialEq)]
pub struct TopOpt {
    pub short: Option<char>,
    /// Slices of the help text: clap (tests/completions.rs) wants names
    /// that live as long as the program.
    pub long: &'static str,
    /// `SECONDS`, `NAME|PATH`; `None` for a flag.
    pub value: Option<&'static str>,
    pub help: String,
}

impl TopOpt {
    /// `-d` and `--delay`, as the man page writes them.
    pub fn forms(&self) -> Vec<String> {
        let mut f: Vec<String> = self.short.map(|c| format!("-{c}")).into_iter().collect();
        f.push(format!("--{}", self.long));
        f
    }
}

/// ipvstop's options as a `clap::Command`, for the completion generators
/// (ipvstop parses them by hand).
pub fn clap_command() -> Command {
    let mut cmd = Command::new("ipvstop")
        .disable_help_flag(true)
        .disable_version_flag(true);
    for o in top_options() {
        let mut arg = Arg::new(o.long).long(o.long).help(o.help);
        if let Some(c) = o.short {
            arg = arg.short(c);
        }
        cmd = cmd.arg(match o.value {
            Some(v) => arg.action(ArgAction::Set).value_name(v),
            None => arg.action(ArgAction::SetTrue),
        });
    }
    cmd
}

/// The options of ipvstop's help text, in its order.
pub fn top_options() -> Vec<TopOpt> {
    parse(ipvsadm::top::opts::HELP)
}

fn parse(help: &'static str) -> Vec<TopOpt> {
    let mut opts: Vec<TopOpt> = Vec::new();
    for line in help.lines() {
        let text = line.trim_start();
        let indent = line.len() - text.len();
        if indent == 0 || text.is_empty() {
            continue;
        }
        if !text.starts_with('-') {
            // A continuation of the option above.
            if let Some(o) = opts.last_mut() {
                o.help = format!("{} {}", o.help, text.trim());
            }
            continue;
        }
        // The names and value, then two or more spaces, then the help.
        let (spec, help) = text.split_once("  ").unwrap_or((text, ""));
        let mut words = spec.split_whitespace().peekable();
        let mut short = None;
        if let Some(s) = words.next_if(|w| !w.starts_with("--")) {
            short = s
                .trim_end_matches(',')
                .strip_prefix('-')
                .and_then(|c| c.chars().next());
        }
        let long = words.next().and_then(|l| l.strip_prefix("--"));
        let long = long.unwrap_or_else(|| panic!("no long name in help line {line:?}"));
        opts.push(TopOpt {
            short,
            long,
            value: words.next(),
            help: help.trim().to_string(),
        });
    }
    opts
}

#[test]
fn help_lines_are_read_with_their_values_and_continuations() {
    let o = parse(
        "Usage: x\n\n  -d, --delay SECONDS    time between\n                         refreshes\n      --json             lines\n",
    );
    assert_eq!(
        o,
        [
            TopOpt {
                short: Some('d'),
                long: "delay",
                value: Some("SECONDS"),
                help: "time between refreshes".into(),
            },
            TopOpt {
                short: None,
                long: "json",
                value: None,
                help: "lines".into(),
            },
        ]
    );
}
