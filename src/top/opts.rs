//! `ipvstop`'s command line, argv to [`Opts`]: pure, so every flag is
//! unit-tested. Options follow top(1) where top has one (`-d`, `-n`, `-b`);
//! the rest are long options of ours. Usage errors exit 2, as getopt-style
//! tools do; `--help` and `--version` print to stdout and exit 0.

use std::time::Duration;

use super::filter::Filter;
use super::sort::{Column, SortSpec};

/// The shortest refresh interval: a rate's window of whole 2-second
/// kernel periods (window.rs) is then 8 reads, the most a row keeps.
pub const MIN_DELAY: Duration = Duration::from_millis(250);
/// The longest: an hour, as a sanity bound on what `-d` takes.
pub const MAX_DELAY: Duration = Duration::from_secs(3600);

/// How the output is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// The full-screen view when stdout is a terminal, else batch text.
    Auto,
    /// `-b`: plain text, one block per refresh.
    Batch,
    /// `--json`: one JSON object per refresh and line.
    Json,
}

/// Everything the command line says.
#[derive(Debug, Clone, PartialEq)]
pub struct Opts {
    pub mode: Mode,
    /// `-d SECONDS`: time between samples.
    pub delay: Duration,
    /// `-n COUNT`: refreshes shown before exiting (None: until `q`).
    pub count: Option<u64>,
    /// `--netns NAME|PATH`.
    pub netns: Option<String>,
    /// `-N`/`--names`: host and port names (looked up once each).
    pub names: bool,
    /// `--kernel-rates`: the kernel estimator's rates, not counter deltas.
    pub kernel_rates: bool,
    /// `-c`/`--connections`: start in the connections view (batch: add
    /// the connection summary to each refresh).
    pub connections: bool,
    /// `-s`/`--sort`, `-r`/`--reverse`.
    pub sort: SortSpec,
    /// `-f`/`--filter TEXT`.
    pub filter: Filter,
}

/// What to do after parsing.
#[derive(Debug, Clone, PartialEq)]
pub enum Parsed {
    Run(Opts),
    Help,
    Version,
}

/// A usage error: the sentence to print after `ipvstop: `.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsageError(pub String);

impl Default for Opts {
    fn default() -> Opts {
        Opts {
            mode: Mode::Auto,
            delay: Duration::from_secs(1),
            count: None,
            netns: None,
            names: false,
            kernel_rates: false,
            connections: false,
            sort: SortSpec::default(),
            filter: Filter::default(),
        }
    }
}

/// The options that take a value, short and long.
const WITH_VALUE: [&str; 9] = [
    "-d",
    "--delay",
    "-n",
    "--iterations",
    "--netns",
    "-s",
    "--sort",
    "-f",
    "--filter",
];

/// Parses the arguments after the program name, getopt-style: short
/// options may be grouped (`-bn1`, `-bn 1`, `-bc`), a value may follow
/// its option in the same word (`-d0.5`, `--delay=0.5`) or the next one.
pub fn parse(args: &[String]) -> Result<Parsed, UsageError> {
    let mut o = Opts::default();
    let mut reverse = false;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        for (name, inline) in words(arg)? {
            let takes = WITH_VALUE.contains(&name.as_str());
            if !takes && inline.is_some() {
                return Err(UsageError(format!("option {name} takes no value")));
            }
            let mut value = |what: &str| -> Result<String, UsageError> {
                match &inline {
                    Some(v) => Ok(v.clone()),
                    None => it
                        .next()
                        .cloned()
                        .ok_or_else(|| UsageError(format!("option {name} needs {what}"))),
                }
            };
            match name.as_str() {
                "-h" | "--help" => return Ok(Parsed::Help),
                "-V" | "--version" => return Ok(Parsed::Version),
                "-b" | "--batch" => {
                    if o.mode == Mode::Auto {
                        o.mode = Mode::Batch;
                    }
                }
                "--json" => o.mode = Mode::Json,
                "-d" | "--delay" => o.delay = parse_delay(&value("SECONDS")?)?,
                "-n" | "--iterations" => o.count = Some(parse_count(&value("a COUNT")?)?),
                "--netns" => o.netns = Some(value("a namespace name or path")?),
                "-N" | "--names" => o.names = true,
                "--kernel-rates" => o.kernel_rates = true,
                "-c" | "--connections" => o.connections = true,
                "-s" | "--sort" => {
                    let v = value("a COLUMN")?;
                    o.sort = SortSpec::new(Column::from_name(&v).ok_or_else(|| {
                        UsageError(format!(
                            "unknown column '{v}' for {name} (one of: {})",
                            Column::names().join(", ")
                        ))
                    })?);
                }
                "-r" | "--reverse" => reverse = !reverse,
                "-f" | "--filter" => o.filter = Filter::parse(&value("TEXT")?),
                _ => return Err(UsageError(format!("unknown option '{name}'"))),
            }
        }
    }
    if reverse {
        o.sort.descending = !o.sort.descending;
    }
    Ok(Parsed::Run(o))
}

/// One argument as (option, value in the same word) pairs: `--name=v`,
/// `--name`, a group of short options whose last may carry its value
/// (`-bn1` is `-b`, then `-n` with `1`).
fn words(arg: &str) -> Result<Vec<(String, Option<String>)>, UsageError> {
    if let Some(long) = arg.strip_prefix("--") {
        return Ok(vec![match long.split_once('=') {
            Some((n, v)) => (format!("--{n}"), Some(v.to_string())),
            None => (arg.to_string(), None),
        }]);
    }
    let Some(shorts) = arg.strip_prefix('-').filter(|s| !s.is_empty()) else {
        return Err(UsageError(format!("unexpected argument '{arg}'")));
    };
    let mut out = Vec::new();
    for (i, c) in shorts.char_indices() {
        let name = format!("-{c}");
        if WITH_VALUE.contains(&name.as_str()) {
            let rest = &shorts[i + c.len_utf8()..];
            out.push((name, (!rest.is_empty()).then(|| rest.to_string())));
            break;
        }
        out.push((name, None));
    }
    Ok(out)
}

fn parse_delay(v: &str) -> Result<Duration, UsageError> {
    let bad = || {
        UsageError(format!(
            "bad interval '{v}' for -d: seconds from {} to {} (decimals allowed)",
            MIN_DELAY.as_secs_f64(),
            MAX_DELAY.as_secs()
        ))
    };
    let secs: f64 = v.trim().parse().map_err(|_| bad())?;
    if !secs.is_finite() {
        return Err(bad());
    }
    let d = Duration::try_from_secs_f64(secs).map_err(|_| bad())?;
    if d < MIN_DELAY || d > MAX_DELAY {
        return Err(bad());
    }
    Ok(d)
}

fn parse_count(v: &str) -> Result<u64, UsageError> {
    match v.trim().parse::<u64>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(UsageError(format!(
            "bad count '{v}' for -n: a whole number above 0"
        ))),
    }
}

/// What `--help` prints.
pub const HELP: &str = "\
ipvstop: a live view of the IPVS table (services, real servers, rates)

Usage: ipvstop [options]

  -d, --delay SECONDS    time between refreshes (default 1; 0.25 to 3600)
  -n, --iterations N     exit after N refreshes
  -b, --batch            plain text, one block per refresh (the default when
                         standard output is not a terminal)
      --json             one JSON object per refresh and line
  -c, --connections      the connections view (batch: add its summary)
  -s, --sort COLUMN      sort by COLUMN: addr, method, weight, active,
                         inactive, cps, inpps, outpps, inbps, outbps
  -r, --reverse          the other sort direction
  -f, --filter TEXT      show only services matching TEXT (an address,
                         tcp/udp/sctp, fwm or fwm:MARK, or any text)
  -N, --names            host and port names instead of numbers
      --kernel-rates     the kernel estimator's rates instead of deltas
      --netns NAME|PATH  the table of another network namespace
  -h, --help             this text
  -V, --version          the version

Keys in the full-screen view: ? lists them.
";

#[cfg(test)]
#[path = "opts_tests.rs"]
mod tests;
