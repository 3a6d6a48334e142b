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
//! The only state is the weight in the kernel: a destination at weight 0
//! that the file no longer has is drained again by the next run, not
//! deleted at once, so an interrupted drain (SIGINT/SIGTERM stop the wait
//! and leave the weights at 0) continues where it stopped.

use crate::error::{kernel_message, Result};
use crate::ipvs::{Ipvs, Outcome, Request};
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
const POLL: Duration = Duration::from_millis(500);

pub struct DrainOptions {
    pub limit: Duration,
    /// A line per change of state (a terminal, or --verbose).
    pub progress: bool,
    /// A one-line status, rewritten in place (a terminal only).
    pub status: bool,
}

/// One destination being drained.
struct Target {
    svc: Service,
    dest: Dest,
    /// Its service is being deleted too.
    with_service: bool,
    done: bool,
}

/// How the drain ended.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Drained {
    pub deleted: usize,
    /// Deleted at the deadline with connections left.
    pub cut: usize,
    pub failed: usize,
    pub interrupted: Option<i32>,
}

fn count(d: &Dest) -> u64 {
    u64::from(d.active_conns) + u64::from(d.inact_conns) + u64::from(d.persist_conns)
}

fn targets(ipvs: &mut dyn Ipvs, deletes: &[Request]) -> Result<Vec<Target>> {
    let mut out = Vec::new();
    for req in deletes {
        match req {
            Request::DelDest(s, d) => out.push(Target {
                svc: s.clone(),
                dest: d.clone(),
                with_service: false,
                done: false,
            }),
            Request::DelService(s) => {
                for d in ipvs.dests(s)? {
                    out.push(Target {
                        svc: s.clone(),
                        dest: d,
                        with_service: true,
                        done: false,
                    });
                }
                // A service without destinations drains at once.
                out.push(Target {
                    svc: s.clone(),
                    dest: Dest::default(),
                    with_service: true,
                    done: true,
                });
            }
            _ => {}
        }
    }
    Ok(out)
}

fn send(ipvs: &mut dyn Ipvs, req: Request, err: &mut dyn Write, prog: &str) -> bool {
    match ipvs.apply_all(std::slice::from_ref(&req)).outcomes.first() {
        Some(Outcome::Applied) => true,
        Some(Outcome::Refused(errno)) => {
            let m = kernel_message(req.op(), *errno);
            let _ = writeln!(err, "{prog} {}: {m}", command_line(&req));
            false
        }
        _ => {
            let _ = writeln!(err, "{prog} {}: no answer", command_line(&req));
            false
        }
    }
}

/// Drains and deletes what `deletes` (the plan's deletions, in order)
/// removes; `stop` ends the wait.
pub fn drain(
    ipvs: &mut dyn Ipvs,
    deletes: &[Request],
    opts: &DrainOptions,
    stop: &dyn Fn() -> Option<i32>,
    err: &mut dyn Write,
    prog: &str,
) -> Result<Drained> {
    let mut result = Drained::default();
    let mut ts = targets(ipvs, deletes)?;
    for t in ts.iter_mut().filter(|t| !t.done && t.dest.weight != 0) {
        let zero = Dest {
            weight: 0,
            ..t.dest.clone()
        };
        if !send(ipvs, Request::EditDest(t.svc.clone(), zero), err, prog) {
            // Not drained: left as it is, and not deleted.
            t.done = true;
            result.failed += 1;
            continue;
        }
        if opts.progress {
            let line = command_line(&Request::DelDest(t.svc.clone(), t.dest.clone()));
            writeln!(err, "{prog}: draining (weight 0): {line}")?;
        }
    }
    let start = Instant::now();
    loop {
        let expired = start.elapsed() >= opts.limit;
        let mut left = (0usize, 0u64);
        let mut services: Vec<Service> = Vec::new();
        for t in ts.iter().filter(|t| !t.done) {
            if !services.iter().any(|s| s.key == t.svc.key) {
                services.push(t.svc.clone());
            }
        }
        for svc in services {
            let live = ipvs.dests(&svc).unwrap_or_default();
            for t in ts.iter_mut().filter(|t| !t.done && t.svc.key == svc.key) {
                let now = live
                    .iter()
                    .find(|d| d.addr == t.dest.addr && d.port == t.dest.port);
                let n = now.map(count).unwrap_or(0);
                if n > 0 && !expired {
                    left.0 += 1;
                    left.1 += n;
                    continue;
                }
                t.done = true;
                let del = Request::DelDest(t.svc.clone(), t.dest.clone());
                let line = command_line(&del);
                if now.is_some() && !t.with_service && !send(ipvs, del, err, prog) {
                    result.failed += 1;
                    continue;
                }
                if n > 0 {
                    result.cut += 1;
                    writeln!(
                        err,
                        "{prog}: drain time up, deleted with {n} connection(s) left: {line}"
                    )?;
                } else if opts.progress {
                    writeln!(err, "{prog}: drained: {line}")?;
                }
                result.deleted += usize::from(!t.with_service);
            }
        }
        // A service goes when all its destinations are drained.
        let mut gone = Vec::new();
        for t in &ts {
            let all = ts.iter().filter(|u| u.svc.key == t.svc.key).all(|u| u.done);
            if t.with_service && all && !gone.iter().any(|g: &Service| g.key == t.svc.key) {
                gone.push(t.svc.clone());
            }
        }
        for svc in gone {
            ts.retain(|t| t.svc.key != svc.key);
            let del = Request::DelService(svc);
            let line = command_line(&del);
            if send(ipvs, del, err, prog) {
                result.deleted += 1;
                if opts.progress {
                    writeln!(err, "{prog}: drained: {line}")?;
                }
            } else {
                result.failed += 1;
            }
        }
        if ts.iter().all(|t| t.done) {
            break;
        }
        if opts.status {
            let rest = opts.limit.saturating_sub(start.elapsed()).as_secs();
            write!(
                err,
                "\r{prog}: draining {} destination(s), {} connection(s), {rest} s left \x1b[K",
                left.0, left.1
            )?;
        }
        if let Some(sig) = stop() {
            result.interrupted = Some(sig);
            break;
        }
        std::thread::sleep(POLL);
    }
    if opts.status {
        write!(err, "\r\x1b[K")?;
    }
    if let Some(sig) = result.interrupted {
        let waiting = ts.iter().filter(|t| !t.done).count();
        writeln!(
            err,
            "{prog}: drain interrupted by signal {sig}: {waiting} destination(s) left at \
             weight 0; run the same command again to finish"
        )?;
    }
    Ok(result)
}
