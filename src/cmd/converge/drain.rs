//! `--drain[=SECONDS]`: take real servers out gracefully. Deleting a real
//! server cuts its live connections (the kernel's `expire_nodest_conn`);
//! the practice is weight 0, wait until its connections end, then delete.
//! Each destination the plan deletes (and each destination of a service it
//! deletes) is set to weight 0 at once, then deleted when its ActiveConn +
//! InActConn + persistence templates (the kernel's counters in the
//! destination dump) reach 0, or when the time is up (reported with the
//! count it still had). A service to delete goes once all its destinations
//! are drained.
//!
//! Nothing is deleted on a guess (issue 28):
//! - a destination whose weight-0 edit was refused is left as it is, and
//!   so is its service;
//! - a destination missing from one dump is not taken for drained: IPVS
//!   dumps resume by index and never flag a concurrent change, so a dump
//!   torn by another writer can skip it; only a second dump without it
//!   says it is gone (another program deleted it);
//! - right before a deletion the destinations are read once more: only a
//!   destination still at weight 0 and idle (or past the deadline) is
//!   deleted; one whose weight came back (keepalived, an operator) is left
//!   alone and reported; a service that gained a server meanwhile stays;
//! - a read that fails, or a change that gets no answer (its outcome is
//!   unknown), stops the drain where it is: what is at weight 0 stays at
//!   weight 0, nothing more is deleted, and the run says so and fails.
//!
//! The only state is the weight in the kernel: a destination at weight 0
//! that the file no longer has is drained again by the next run, not
//! deleted at once, so a stopped or interrupted drain (SIGINT, SIGTERM,
//! SIGHUP stop the wait and leave the weights at 0) continues where it
//! stopped when the same command runs again.

mod steps;

use crate::error::Error;
use crate::ipvs::{Ipvs, Request};
use crate::model::{Dest, Service};
use crate::save_restore::plan::command_line;
use std::io::Write;
use std::time::{Duration, Instant};

/// The default drain time: long enough for the TCP FIN_WAIT/TIME_WAIT
/// entries (120 s by default, `ipvsadm -L --timeout`) and usual HTTP
/// keep-alive idle times to run out, short enough not to hold a deploy for
/// the 15-minute established-connection timeout.
pub const DEFAULT_DRAIN: Duration = Duration::from_secs(300);

/// How often the counters are read.
pub const POLL: Duration = Duration::from_millis(500);

/// Dumps of one service's destinations read at most, waiting for two to
/// agree (as converge's `MAX_READS` for the whole table).
const MAX_READS: usize = 5;

pub struct DrainOptions {
    pub limit: Duration,
    /// A line per change of state (a terminal, or --verbose).
    pub progress: bool,
    /// A one-line status, rewritten in place (a terminal only).
    pub status: bool,
    /// The pause between two reads of the counters (`POLL`).
    pub poll: Duration,
}

/// How the drain ended.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Drained {
    pub deleted: usize,
    /// Deleted at the deadline with connections left.
    pub cut: usize,
    /// Changes the kernel refused (each reported).
    pub failed: usize,
    /// Left in place because another program changed them meanwhile: a
    /// weight that came back, a server added to a service (each reported).
    pub kept: usize,
    pub interrupted: Option<i32>,
    /// The exit status of a drain that stopped early (a failed read, an
    /// unanswered change).
    pub stopped: Option<i32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// At weight 0 (or about to be), waiting for its connections to end.
    Draining,
    /// Deleted, or found gone.
    Done,
    /// Left in place, and reported.
    Kept,
}

/// One destination being drained.
struct Target {
    svc: Service,
    dest: Dest,
    /// Its service is being deleted too (the service's deletion removes it).
    with_service: bool,
    state: State,
    /// Successive dumps that did not list it.
    missed: u8,
    /// At weight 0: it was, or the drain's edit was applied (and no one
    /// gave it a weight back).
    zeroed: bool,
    /// No longer in the kernel: deleted, found gone, or its service was.
    removed: bool,
}

/// A service the plan deletes.
struct Going {
    svc: Service,
    state: State,
}

/// Why a drain stopped before its end (boxed: it is the error side of
/// every step, and rare).
type Halt = Box<Halted>;

enum Halted {
    /// A destination dump failed.
    Read(Service, Error),
    /// A change went unanswered: its outcome is unknown.
    Unanswered(Request, Option<Error>),
}

struct Drain<'a> {
    ipvs: &'a mut dyn Ipvs,
    err: &'a mut dyn Write,
    prog: &'a str,
    opts: &'a DrainOptions,
    ts: Vec<Target>,
    going: Vec<Going>,
    /// The services the plan deletes.
    services: usize,
    result: Drained,
}

fn count(d: &Dest) -> u64 {
    u64::from(d.active_conns) + u64::from(d.inact_conns) + u64::from(d.persist_conns)
}

/// `-t 10.0.0.1:80` and the like: a service as a rule line names it.
fn service_text(svc: &Service) -> String {
    let line = command_line(&Request::DelService(svc.clone()));
    line.strip_prefix("-D ").unwrap_or(&line).to_string()
}

/// Drains and deletes what `deletes` (the plan's deletions, in order)
/// removes; `stop` ends the wait. Everything that did not go as planned
/// is reported on `err`; the result says how it ended.
pub fn drain(
    ipvs: &mut dyn Ipvs,
    deletes: &[Request],
    opts: &DrainOptions,
    stop: &dyn Fn() -> Option<i32>,
    err: &mut dyn Write,
    prog: &str,
) -> Drained {
    let mut d = Drain {
        ipvs,
        err,
        prog,
        opts,
        ts: Vec::new(),
        going: Vec::new(),
        services: deletes
            .iter()
            .filter(|r| matches!(r, Request::DelService(_)))
            .count(),
        result: Drained::default(),
    };
    let halted = d.run(deletes, stop).err();
    if opts.status {
        let _ = write!(d.err, "\r\x1b[K");
    }
    if let Some(h) = halted {
        d.report_halt(h);
    } else if let Some(sig) = d.result.interrupted {
        let waiting = d.left_at_zero();
        let _ = writeln!(
            d.err,
            "{prog}: drain interrupted by signal {sig}: {waiting} destination(s) left at \
             weight 0; run the same command again to finish"
        );
    }
    d.result
}

impl Drain<'_> {
    fn run(&mut self, deletes: &[Request], stop: &dyn Fn() -> Option<i32>) -> Result<(), Halt> {
        self.targets(deletes)?;
        self.zero_weights()?;
        let start = Instant::now();
        loop {
            let expired = start.elapsed() >= self.opts.limit;
            let left = self.poll(expired)?;
            self.delete_services(expired)?;
            if self.draining() == 0 && !self.going.iter().any(|g| g.state == State::Draining) {
                return Ok(());
            }
            if self.opts.status {
                let rest = self.opts.limit.saturating_sub(start.elapsed()).as_secs();
                let _ = write!(
                    self.err,
                    "\r{}: draining {} destination(s), {} connection(s), {rest} s left \x1b[K",
                    self.prog, left.0, left.1
                );
            }
            if let Some(sig) = stop() {
                self.result.interrupted = Some(sig);
                return Ok(());
            }
            std::thread::sleep(self.opts.poll);
        }
    }

    /// Servers this drain leaves at weight 0 in the kernel: set to 0 (or
    /// found there), not deleted, not gone, and not given a weight back.
    fn left_at_zero(&self) -> usize {
        self.ts.iter().filter(|t| t.zeroed && !t.removed).count()
    }

    /// Destinations still waiting.
    fn draining(&self) -> usize {
        self.ts
            .iter()
            .filter(|t| t.state == State::Draining)
            .count()
    }

    /// What the plan deletes, with the destinations of each service it
    /// deletes, as the kernel lists them now.
    fn targets(&mut self, deletes: &[Request]) -> Result<(), Halt> {
        for req in deletes {
            match req {
                Request::DelDest(s, d) => self.ts.push(Target {
                    svc: s.clone(),
                    dest: d.clone(),
                    with_service: false,
                    state: State::Draining,
                    missed: 0,
                    zeroed: d.weight == 0,
                    removed: false,
                }),
                Request::DelService(s) => {
                    for d in self.read_settled(s)? {
                        self.ts.push(Target {
                            svc: s.clone(),
                            zeroed: d.weight == 0,
                            removed: false,
                            dest: d,
                            with_service: true,
                            state: State::Draining,
                            missed: 0,
                        });
                    }
                    self.going.push(Going {
                        svc: s.clone(),
                        state: State::Draining,
                    });
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// Weight 0 for every target not there yet. A refused edit keeps its
    /// destination (and so its service) as it is.
    fn zero_weights(&mut self) -> Result<(), Halt> {
        for i in 0..self.ts.len() {
            let t = &self.ts[i];
            if t.dest.weight == 0 {
                continue;
            }
            let mut zero = t.dest.clone();
            zero.weight = 0;
            let line = command_line(&Request::DelDest(t.svc.clone(), t.dest.clone()));
            if self.send(Request::EditDest(t.svc.clone(), zero))?.is_some() {
                self.result.failed += 1;
                self.ts[i].state = State::Kept;
                continue;
            }
            self.ts[i].zeroed = true;
            if self.opts.progress {
                let _ = writeln!(self.err, "{}: draining (weight 0): {line}", self.prog);
            }
        }
        Ok(())
    }

    fn report_halt(&mut self, h: Halt) {
        let prog = self.prog;
        let (what, code) = match *h {
            Halted::Read(svc, e) => (
                format!("could not read the servers of {}: {e}", service_text(&svc)),
                e.exit_code(),
            ),
            Halted::Unanswered(req, e) => {
                let why = e.map(|e| format!(" ({})", e.cause())).unwrap_or_default();
                (
                    format!(
                        "no answer to {}{why}: its outcome is unknown",
                        command_line(&req)
                    ),
                    255,
                )
            }
        };
        self.result.stopped = Some(if code == 0 { 1 } else { code });
        let waiting = self.left_at_zero();
        // Services kept (and reported) are in place too.
        let services = self.services - self.going.iter().filter(|g| g.state == State::Done).count();
        let _ = writeln!(
            self.err,
            "{prog}: the drain stopped: {what}; {waiting} server(s) left at weight 0 and \
             {services} service(s) to delete left in place, nothing more deleted; run the \
             same command again to finish"
        );
    }
}
