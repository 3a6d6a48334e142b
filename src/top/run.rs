//! `ipvstop`'s main: options, namespace, kernel, then the view or the
//! batch loop. Exit status: 0 done (`q`, `-n` refreshes, a closed pipe),
//! 1 a failure (IPVS cannot be opened or read, the terminal cannot be
//! used), 2 a usage error, 128+N after signal N.

use std::io::{self, IsTerminal, Write};
use std::thread::sleep;
use std::time::{Instant, SystemTime};

use super::batch::{write_json, write_text};
use super::engine::Engine;
use super::names::Names;
use super::opts::{parse, Mode, Opts, Parsed, HELP};
use super::source::KernelSource;
use crate::process;

pub fn main(args: Vec<String>) -> i32 {
    let o = match parse(args.get(1..).unwrap_or_default()) {
        Ok(Parsed::Run(o)) => o,
        Ok(Parsed::Help) => return print(HELP),
        Ok(Parsed::Version) => return print(&format!("ipvstop {}\n", env!("CARGO_PKG_VERSION"))),
        Err(e) => {
            eprintln!(
                "ipvstop: {}\nTry 'ipvstop --help' for more information.",
                e.0
            );
            return 2;
        }
    };
    if let Some(ns) = &o.netns {
        if let Err(e) = process::enter_netns(ns) {
            eprintln!("ipvstop: {e}");
            return 1;
        }
    }
    let mut src = match KernelSource::open(::ipvs::DEFAULT_DEADLINE) {
        Ok(s) => s,
        Err(e) => {
            // ENOENT: no ip_vs family, which a viewer does not load.
            let hint = match e {
                ::ipvs::Error::NotAvailable {
                    errno: libc::ENOENT,
                } => " (the ip_vs module is not loaded; ipvstop does not load it)",
                _ => "",
            };
            eprintln!("ipvstop: cannot open IPVS: {e}{hint}");
            return 1;
        }
    };
    let batch = match o.mode {
        Mode::Auto => !io::stdout().is_terminal(),
        Mode::Batch | Mode::Json => true,
    };
    if batch {
        batch_loop(&o, &mut src)
    } else {
        super::ui::run(&o, &mut src)
    }
}

fn print(s: &str) -> i32 {
    let _ = io::stdout().write_all(s.as_bytes());
    0
}

/// Prints a refresh every interval. Rates need a window of whole kernel
/// periods (window.rs), so the first block comes when there is one: at
/// 2 s with `-d 1` (at once with `--kernel-rates`), and `-n 1` prints one
/// block of real rates.
fn batch_loop(o: &Opts, src: &mut KernelSource) -> i32 {
    let mut engine = Engine::new(o.kernel_rates);
    let names = o.names.then(Names::in_place);
    let started = Instant::now();
    let mut printed = 0u64;
    let stdout = io::stdout();
    loop {
        let due = Instant::now() + o.delay;
        let entries = match src.read() {
            Ok(e) => e,
            Err(e) => {
                eprintln!("ipvstop: cannot read the IPVS table: {e}");
                return 1;
            }
        };
        let mut snap = engine.update(started.elapsed().as_secs_f64(), entries);
        if snap.settled {
            let conns = if o.connections {
                match src.conns() {
                    Ok(c) => Some(c),
                    Err(e) => {
                        eprintln!("ipvstop: cannot read /proc/net/ip_vs_conn: {e}");
                        return 1;
                    }
                }
            } else {
                None
            };
            // The rows move out: the printers take the totals from `snap`.
            let mut rows = o.filter.apply(std::mem::take(&mut snap.rows));
            o.sort.sort(&mut rows);
            let mut out = stdout.lock();
            let now = SystemTime::now();
            let written = match o.mode {
                Mode::Json => write_json(&mut out, now, &snap, &rows, conns.as_ref()),
                _ => write_text(&mut out, now, &snap, &rows, names.as_ref(), conns.as_ref()),
            }
            .and_then(|_| out.flush());
            match written {
                Ok(()) => {}
                // `ipvstop -b | head`: the reader is done, so are we.
                Err(e) if e.kind() == io::ErrorKind::BrokenPipe => return 0,
                Err(e) => {
                    eprintln!("ipvstop: cannot write: {e}");
                    return 1;
                }
            }
            printed += 1;
            if o.count.is_some_and(|n| printed >= n) {
                return 0;
            }
        }
        sleep(due.saturating_duration_since(Instant::now()));
    }
}
