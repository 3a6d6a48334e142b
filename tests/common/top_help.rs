//! ipvstop's options as its `--help` lists them (`top::opts::HELP`): the
//! one table of them there is, read here for the man page check
//! (tests/man_options.rs) and the completions (tests/completions.rs).
//! An option line is `  -d, --delay SECONDS    what it does`; lines
//! indented further below it continue its description.
// Each test crate that includes this uses part of it.
#![allow(dead_code)]

/// One option of the help text.
#[derive(Debug, Clone, PartialEq)]
pub struct TopOpt {
    pub short: Option<char>,
    pub long: String,
    /// `SECONDS`, `NAME|PATH`; `None` for a flag.
    pub value: Option<String>,
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

/// The options of ipvstop's help text, in its order.
pub fn top_options() -> Vec<TopOpt> {
    parse(ipvsadm::top::opts::HELP)
}

fn parse(help: &str) -> Vec<TopOpt> {
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
            long: long.to_string(),
            value: words.next().map(String::from),
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
                long: "delay".into(),
                value: Some("SECONDS".into()),
                help: "time between refreshes".into(),
            },
            TopOpt {
                short: None,
                long: "json".into(),
                value: None,
                help: "lines".into(),
            },
        ]
    );
}
