//! `ipvsadm-restore --check` (ours): read a whole rule file and report
//! every line that would fail, with its number, without touching the
//! kernel. Changes are simulated on the kernel model starting from an
//! empty table, as a clear-and-restore would see it, so duplicate services
//! and servers of undefined services are caught too, and so is what this
//! machine's kernel would refuse (a scheduler it cannot load, a sync
//! interface it does not have).
//!
//! Besides what fails, `--check` reports what is not what it looks like
//! (characters: `save_restore::lint`) and what the kernel accepts but is
//! rarely meant (`warnings`), on standard error or as JSON (`report`).
//! The classic restore paths print none of this.

use super::Ctx;
use crate::cli::Action;
use crate::error::{kernel_message, Error, Result};
use crate::ipvs::Request;
use crate::kernel_model::{KernelModel, Machine, ThisMachine};
use crate::names::Recording;
use crate::save_restore::plan::command_line;
use crate::save_restore::reader::{RuleLine, RuleSource};
use crate::save_restore::scope::{in_scope, Scope};

mod origins;
mod report;
pub mod warnings;

use origins::service_of;
pub use origins::Origins;
pub use report::{Finding, LineError, Severity};
use warnings::Observer;

/// What simulating a rule file gives.
pub struct Simulated<M: Machine> {
    /// The table the file builds from an empty one.
    pub model: KernelModel<M>,
    pub errors: Vec<LineError>,
    /// The lines behind what `model` holds (and nothing else: memory
    /// follows the table, not the file).
    pub origins: Origins,
}

/// The file's lines run against an empty kernel model of `machine`.
/// `changes_only` makes any line that is not a service or server change an
/// error (the non-disruptive mode can only converge those).
pub fn simulate<M: Machine>(
    ctx: &mut Ctx,
    prog: &str,
    changes_only: bool,
    machine: M,
    scopes: &[Scope],
) -> Result<Simulated<M>> {
    simulate_observed(ctx, prog, changes_only, machine, scopes, &mut ())
}

/// `simulate`, showing each line to `observer` before it is applied.
pub fn simulate_observed<M: Machine>(
    ctx: &mut Ctx,
    prog: &str,
    changes_only: bool,
    machine: M,
    scopes: &[Scope],
    observer: &mut dyn Observer,
) -> Result<Simulated<M>> {
    let mut model = KernelModel::new(machine);
    let mut origins = Origins::default();
    let mut errors = Vec::new();
    let names = Recording::new(ctx.names);
    let mut source = RuleSource::new(prog, &names);
    for line in source.lines(&mut *ctx.input) {
        let line = line?;
        observer.read(&line, names.take());
        let number = line.number;
        let (req, wrong) = request_of(line, changes_only, scopes);
        let refused = req.and_then(|req| match model.apply_request(&req) {
            Ok(()) => {
                origins.applied(&req, number);
                None
            }
            Err(errno) => Some(kernel_message(req.op(), errno)),
        });
        let line_error = |message| LineError {
            line: number,
            message,
        };
        errors.extend(wrong.into_iter().chain(refused).map(line_error));
    }
    Ok(Simulated {
        model,
        errors,
        origins,
    })
}

/// What a rule line asks of the simulated table: the request to apply, if
/// any, and what is wrong with the line, if anything. A line can be both:
/// in `changes_only` mode a change to something other than the table
/// (`-Z`, `--set`, a daemon) is an error and still applied.
fn request_of(
    line: RuleLine,
    changes_only: bool,
    scopes: &[Scope],
) -> (Option<Request>, Option<String>) {
    let inv = match line.parsed {
        Ok(inv) => inv,
        Err(ref e @ Error::TryHelp { .. }) => return (None, Some(why_not_a_command(&line, e))),
        Err(e) => return (None, Some(e.to_string())),
    };
    let command = inv.command().name();
    let req = match inv.action {
        Action::Restore => return (None, Some("a nested restore (-R) is refused".into())),
        Action::Help | Action::Version => {
            let why = "a help or version line ends the restore early";
            return (None, Some(why.into()));
        }
        Action::List(_) | Action::Metrics(_) | Action::Save(_) => {
            return (None, changes_only.then(|| not_convergible(command)));
        }
        Action::Change(req) => req,
    };
    // Only a service's or a server's request has a service, and every
    // one of those changes the table: the two errors never meet.
    if let Some(s) = service_of(&req) {
        if !in_scope(scopes, &s.key) {
            let why = format!("{} is outside every --scope", command_line(&req));
            return (None, Some(why));
        }
    }
    let table_change = !matches!(
        req,
        Request::Zero(_)
            | Request::SetTimeouts(_)
            | Request::StartDaemon(_)
            | Request::StopDaemon(_)
    );
    let wrong = (changes_only && !table_change).then(|| not_convergible(command));
    (Some(req), wrong)
}

/// The reference answers a line that does not start with a command only
/// with its "Try `ipvsadm -h'" line; `--check` says what was wrong.
fn why_not_a_command(line: &RuleLine, e: &Error) -> String {
    let first = line.first_word().unwrap_or_default();
    // Spelled out: a byte-order mark glued to `-A` must not hide in it.
    let first: String = first
        .chars()
        .map(|c| match c {
            ' '..='~' => c.to_string(),
            _ => format!("\\u{{{:04X}}}", u32::from(c)),
        })
        .collect();
    format!(
        "'{first}' is not a command: a rule line starts with one of -A -E -D -a -e -d \
         -C -Z -L -S --set --start-daemon --stop-daemon ({e})"
    )
}

fn not_convergible(command: &str) -> String {
    format!("only service and server rules can be converged, not '{command}'")
}

pub fn print_errors(ctx: &mut Ctx, errors: &[LineError]) -> Result<()> {
    for e in errors {
        writeln!(ctx.err, "line {}: {}", e.line, e.message)?;
    }
    Ok(())
}

/// Everything `--check` finds in the file, in line order; within a line,
/// by column, then errors before warnings.
pub fn findings(
    ctx: &mut Ctx,
    prog: &str,
    machine: impl Machine,
    scopes: &[Scope],
) -> Result<Vec<Finding>> {
    let mut watch = warnings::Watch::new(ctx.names);
    let sim = simulate_observed(ctx, prog, false, machine, scopes, &mut watch)?;
    let mut found = watch.finish(&sim.model, &sim.origins);
    found.extend(sim.errors.into_iter().map(Finding::rule));
    found.sort_by_key(|f| (f.line, f.column.unwrap_or(usize::MAX), f.severity));
    Ok(found)
}

/// How `--check` reports.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CheckOptions {
    /// JSON lines on standard output instead of text on standard error.
    pub json: bool,
    /// Warning identifiers not to report (`warnings::WARNINGS`).
    pub no_warn: Vec<String>,
    /// Exit 1 on warnings too.
    pub fail_on_warnings: bool,
    /// `--scope`: a line outside every scope is an error.
    pub scopes: Vec<Scope>,
}

/// Exit 0 when every line is good, 1 (after listing every finding)
/// otherwise; warnings change the status only with `fail_on_warnings`.
pub fn run(ctx: &mut Ctx, prog: &str, opts: &CheckOptions) -> Result<()> {
    run_on(ctx, prog, ThisMachine::new(), opts)
}

/// `run` as if on `machine`.
pub fn run_on(ctx: &mut Ctx, prog: &str, machine: impl Machine, opts: &CheckOptions) -> Result<()> {
    let mut findings = findings(ctx, prog, machine, &opts.scopes)?;
    findings.retain(|f| f.severity == Severity::Error || !opts.no_warn.iter().any(|w| w == f.id));
    if opts.json {
        report::write_json(ctx.out, &findings)?;
    } else {
        report::write_text(ctx.err, &findings)?;
    }
    let fails = |f: &Finding| f.severity == Severity::Error || opts.fail_on_warnings;
    if findings.iter().any(fails) {
        Err(Error::Silent(1))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests;
