//! `ipvsadm-restore --converge` (ours): bring the live table to what the
//! rule file describes without clearing it first. The file is simulated on
//! an empty kernel model (so it means exactly what a clear-and-restore
//! would build), compared with the live table, and only the difference is
//! sent (`save_restore::plan`), in phases with dependencies (`execute`):
//! no deletion goes out unless every addition and change before it took
//! effect. A file with any bad line changes nothing; a refused change
//! leaves what was there. Afterwards the table is read again and compared
//! with the file. `--dry-run` prints the plan instead.

mod drain;
mod execute;
mod report;

use super::check::{print_errors, simulate, Origins};
use super::Ctx;
use crate::error::{Error, Result};
use crate::ipvs::{Ipvs, Request};
use crate::kernel_model::{Machine, ThisMachine};
use crate::model::ServiceEntry;
use crate::save_restore::plan::{command_line, plan};
use crate::save_restore::scope::{in_scope, Scope};
pub use drain::{DrainOptions, DEFAULT_DRAIN};
pub use execute::{execute, in_effect, Execution, Fate, Why};
use report::report;
use std::io::IsTerminal;
use std::time::Duration;

#[derive(Default)]
pub struct ConvergeOptions {
    pub dry_run: bool,
    /// Print each request sent (and a summary) on stderr.
    pub verbose: bool,
    /// `--scope`: only these services are the converge's (none: all).
    pub scopes: Vec<Scope>,
    /// `--drain`: deletions wait for connections to end, this long at most.
    pub drain: Option<Duration>,
    /// The pause between two reads of a drain's counters (`None`: every
    /// half second; tests set it to zero).
    pub drain_poll: Option<Duration>,
}

/// How many times the table is read at most, waiting for two successive
/// reads to agree: IPVS dumps resume by index and never flag a concurrent
/// change (no NLM_F_DUMP_INTR), so one read taken while keepalived or
/// kube-proxy edits the table can skip or repeat entries.
const MAX_READS: usize = 5;

/// The live table inside the scopes, read until two successive reads
/// agree (what other owners change outside the scopes does not matter).
pub fn read_stable(ipvs: &mut dyn Ipvs, scopes: &[Scope]) -> Result<Vec<ServiceEntry>> {
    let mut read = || -> Result<Vec<ServiceEntry>> {
        let mut t = ipvs.read_table()?;
        t.retain(|e| in_scope(scopes, &e.service.key));
        Ok(t)
    };
    let mut last = read()?;
    for _ in 1..MAX_READS {
        let next = read()?;
        if plan(&last, &next).is_empty() {
            return Ok(next);
        }
        last = next;
    }
    Err(Error::List(format!(
        "the table kept changing while it was read ({MAX_READS} reads): \
         another program is editing it; nothing was changed"
    )))
}

pub fn run(ctx: &mut Ctx, prog: &str, opts: &ConvergeOptions) -> Result<()> {
    crate::process::catch();
    run_on(ctx, prog, opts, ThisMachine::new(), &crate::process::caught)
}

/// `run`, with the rule file checked as if on `machine`; `stop` gives the
/// signal that asks the run to end, if one came. The stages, each entered
/// once and in order; each either hands on what the next needs or ends
/// the run with what it has said.
pub fn run_on(
    ctx: &mut Ctx,
    prog: &str,
    opts: &ConvergeOptions,
    machine: impl Machine,
    stop: &dyn Fn() -> Option<i32>,
) -> Result<()> {
    let file = read_file(ctx, prog, machine, &opts.scopes)?;
    let live = read_live(ctx, prog, &opts.scopes)?;
    let plan = Plan::new(&live, &file.want, opts.drain.is_some());
    if opts.dry_run {
        return dry_run(ctx, prog, opts, &plan);
    }
    apply_changes(ctx, prog, opts, &plan, &file.origins, stop)?;
    drain_deletions(ctx, prog, opts, &plan, stop)?;
    verify(ctx, prog, &file.want, &plan, &opts.scopes)
}

/// The rule file, read and simulated on an empty kernel model: the table
/// it describes, and the lines behind that table.
struct Wanted {
    /// In the order the file added things, as the plan sends them.
    want: Vec<ServiceEntry>,
    origins: Origins,
}

/// Reads, parses and simulates the file; a file with any bad line ends
/// the run with every bad line listed, before the kernel is asked
/// anything.
fn read_file(ctx: &mut Ctx, prog: &str, machine: impl Machine, scopes: &[Scope]) -> Result<Wanted> {
    let sim = simulate(ctx, prog, true, machine, scopes)?;
    if !sim.errors.is_empty() {
        print_errors(ctx, &sim.errors)?;
        writeln!(ctx.err, "{prog}: nothing changed: the rule file has errors")?;
        return Err(Error::Silent(1));
    }
    // The kernel lists destinations newest first; the file added them
    // oldest first, and so will the plan.
    let want = sim
        .model
        .into_entries()
        .into_iter()
        .map(|mut e| {
            e.dests.reverse();
            e
        })
        .collect();
    Ok(Wanted {
        want,
        origins: sim.origins,
    })
}

/// The live table inside the scopes (`read_stable`). A read that fails
/// is a failure, never an empty table (which would plan to add
/// everything, or to delete nothing that is there).
fn read_live(ctx: &mut Ctx, prog: &str, scopes: &[Scope]) -> Result<Vec<ServiceEntry>> {
    match read_stable(ctx.ipvs, scopes) {
        Ok(live) => Ok(live),
        Err(e @ Error::List(_)) => Err(e),
        Err(e) => {
            writeln!(
                ctx.err,
                "{prog}: could not read the table: {e}; nothing was changed"
            )?;
            Err(Error::Silent(failing(&e)))
        }
    }
}

/// What to send: the difference between the live table and the file's.
struct Plan {
    /// Additions and changes, and without `--drain` the deletions too,
    /// in the order `save_restore::plan` gives.
    changes: Vec<Request>,
    /// With `--drain`, the deletions, left to the drain.
    deletes: Vec<Request>,
}

impl Plan {
    fn new(live: &[ServiceEntry], want: &[ServiceEntry], drain: bool) -> Plan {
        let requests = plan(live, want);
        let (changes, deletes) = if drain {
            requests.into_iter().partition(|r| !is_delete(r))
        } else {
            (requests, Vec::new())
        };
        Plan { changes, deletes }
    }

    fn is_empty(&self) -> bool {
        self.changes.is_empty() && self.deletes.is_empty()
    }
}

/// Sends the changes in phases (`execute`) and reports each one that did
/// not simply take effect. Ends the run unless every change took effect:
/// then nothing is drained or deleted.
fn apply_changes(
    ctx: &mut Ctx,
    prog: &str,
    opts: &ConvergeOptions,
    plan: &Plan,
    origins: &Origins,
    stop: &dyn Fn() -> Option<i32>,
) -> Result<()> {
    let run = execute(ctx.ipvs, &plan.changes, stop);
    report(ctx, prog, opts.verbose, &plan.changes, &run, origins)?;
    if let Some(sig) = run.interrupted {
        return Err(Error::Silent(128 + sig));
    }
    // A transport failure ends the run even when re-reading the table
    // showed every unanswered change applied: the later phases were not
    // sent (execute holds them), and the run must not say success.
    if !run.complete() || run.transport.is_some() {
        if !plan.deletes.is_empty() {
            writeln!(
                ctx.err,
                "{prog}: nothing drained or deleted: a change failed, so the {} deletion(s) \
                 were not started and what they would remove stays in place",
                plan.deletes.len()
            )?;
        }
        return Err(Error::Silent(255));
    }
    Ok(())
}

/// With `--drain`, each deletion once its connections end (`drain`).
/// Ends the run unless every deletion was made.
fn drain_deletions(
    ctx: &mut Ctx,
    prog: &str,
    opts: &ConvergeOptions,
    plan: &Plan,
    stop: &dyn Fn() -> Option<i32>,
) -> Result<()> {
    let Some(limit) = opts.drain.filter(|_| !plan.deletes.is_empty()) else {
        return Ok(());
    };
    let tty = std::io::stderr().is_terminal();
    let d = DrainOptions {
        limit,
        progress: tty || opts.verbose,
        status: tty,
        poll: opts.drain_poll.unwrap_or(drain::POLL),
    };
    let done = drain::drain(ctx.ipvs, &plan.deletes, &d, stop, ctx.err, prog);
    if let Some(sig) = done.interrupted {
        return Err(Error::Silent(128 + sig));
    }
    if let Some(code) = done.stopped {
        return Err(Error::Silent(code));
    }
    if done.failed > 0 {
        return Err(Error::Silent(255));
    }
    if done.kept > 0 {
        // Each reported: the table keeps what another program changed.
        return Err(Error::Silent(1));
    }
    Ok(())
}

/// The exit status for an error that ends the run: its own, never 0 (an
/// `Error::Io` of a closed pipe reports 0, but a read that failed is a
/// failure).
fn failing(e: &Error) -> i32 {
    match e.exit_code() {
        0 => 1,
        code => code,
    }
}

fn is_delete(r: &Request) -> bool {
    matches!(r, Request::DelDest(..) | Request::DelService(_))
}

/// The plan as command lines; with `--drain`, each deletion preceded by
/// the weight-0 change that starts its drain.
fn dry_run(ctx: &mut Ctx, prog: &str, opts: &ConvergeOptions, plan: &Plan) -> Result<()> {
    let deletes = &plan.deletes;
    for r in &plan.changes {
        writeln!(ctx.out, "{prog} {}", command_line(r))?;
    }
    let Some(limit) = opts.drain.filter(|_| !deletes.is_empty()) else {
        return Ok(());
    };
    for r in deletes {
        if let Request::DelDest(s, d) = r {
            if d.weight != 0 {
                let mut zero = d.clone();
                zero.weight = 0;
                let edit = Request::EditDest(s.clone(), zero);
                writeln!(ctx.out, "{prog} {}", command_line(&edit))?;
            }
        }
    }
    writeln!(
        ctx.out,
        "# then each of these once its connections end ({} s at most):",
        limit.as_secs()
    )?;
    for r in deletes {
        writeln!(ctx.out, "{prog} {}", command_line(r))?;
    }
    Ok(())
}

/// After a complete run: the table read again must be what the file
/// describes; another program may have changed it meanwhile. When the plan
/// was empty the table agreed with the file in two successive reads and
/// nothing was sent: reading it again would verify nothing new. One read that
/// shows the file's table is enough (a torn read does not invent exactly
/// the wanted table); a read that differs is confirmed by `read_stable`
/// before it is reported, so a dump torn by another writer is not taken
/// for a difference.
fn verify(
    ctx: &mut Ctx,
    prog: &str,
    want: &[ServiceEntry],
    planned: &Plan,
    scopes: &[Scope],
) -> Result<()> {
    if planned.is_empty() {
        return Ok(());
    }
    let unread = |ctx: &mut Ctx, e: Error| {
        let _ = writeln!(
            ctx.err,
            "{prog}: the changes were sent, but the table could not be read again to \
             verify them: {e}"
        );
        Error::Silent(failing(&e))
    };
    let mut first = match ctx.ipvs.read_table() {
        Ok(t) => t,
        Err(e) => return Err(unread(ctx, e.into())),
    };
    first.retain(|e| in_scope(scopes, &e.service.key));
    if plan(&first, want).is_empty() {
        return Ok(());
    }
    let live = match read_stable(ctx.ipvs, scopes) {
        Ok(t) => t,
        Err(e @ Error::List(_)) => return Err(e),
        Err(e) => return Err(unread(ctx, e)),
    };
    let rest = plan(&live, want);
    if rest.is_empty() {
        return Ok(());
    }
    writeln!(
        ctx.err,
        "{prog}: after converging, the table still differs from the rules \
         (another program changed it?); these changes would be needed:"
    )?;
    for r in &rest {
        writeln!(ctx.err, "  {prog} {}", command_line(r))?;
    }
    Err(Error::Silent(1))
}

#[cfg(test)]
mod tests;
