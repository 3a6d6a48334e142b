//! What a converge says of its changes once they are sent: each request
//! that did not simply take effect, named by its rule line, and a summary.

use super::execute::{Execution, Fate, Why};
use crate::cmd::check::Origins;
use crate::cmd::Ctx;
use crate::error::{kernel_message, Result};
use crate::ipvs::Request;
use crate::save_restore::plan::command_line;

/// What to say of a request that did not simply take effect.
fn fate_text(req: &Request, fate: Fate) -> Option<String> {
    Some(match fate {
        Fate::Applied => return None,
        Fate::Refused(errno) => kernel_message(req.op(), errno),
        Fate::Settled { applied: true } => {
            "unanswered (transport failed); re-reading the table shows it was applied".into()
        }
        Fate::Settled { applied: false } => {
            "unanswered (transport failed); re-reading the table shows it was not applied".into()
        }
        Fate::Unknown => "unanswered (transport failed); its outcome is unknown".into(),
        Fate::Held(Why::ParentFailed) => "not sent: its service was not added".into(),
        Fate::Held(Why::EarlierFailure) => "not sent: kept, because a change failed".into(),
        Fate::Held(Why::Interrupted) => "not sent: interrupted".into(),
        Fate::Held(Why::TransportFailed) => "not sent: the transport failed".into(),
    })
}

/// Everything the run did not do, one line per request, named by its rule
/// line where one asked for it; then a summary.
pub fn report(
    ctx: &mut Ctx,
    prog: &str,
    verbose: bool,
    requests: &[Request],
    run: &Execution,
    origins: &Origins,
) -> Result<()> {
    let mut sent = 0;
    let mut failed = 0;
    for (req, fate) in requests.iter().zip(&run.fates) {
        if !matches!(fate, Fate::Held(_)) {
            sent += 1;
        }
        let Some(text) = fate_text(req, *fate) else {
            if verbose {
                writeln!(ctx.err, "{prog} {}", command_line(req))?;
            }
            continue;
        };
        if !matches!(fate, Fate::Held(Why::EarlierFailure | Why::Interrupted)) {
            failed += 1;
        }
        if let Some(line) = origins.line_of(req) {
            write!(ctx.err, "line {line}: ")?;
        }
        writeln!(ctx.err, "{prog} {}: {text}", command_line(req))?;
    }
    if let Some(e) = &run.transport {
        writeln!(ctx.err, "{prog}: the batch ended early: {e}")?;
    }
    let kept = run
        .fates
        .iter()
        .filter(|f| matches!(f, Fate::Held(Why::EarlierFailure)))
        .count();
    if kept > 0 {
        writeln!(
            ctx.err,
            "{prog}: nothing deleted: {failed} change(s) failed, so the {kept} deletion(s) \
             above were not sent and what they would remove stays in place"
        )?;
    }
    if let Some(sig) = run.interrupted {
        let applied = run.fates.iter().filter(|f| **f == Fate::Applied).count();
        writeln!(
            ctx.err,
            "{prog}: interrupted by signal {sig}: {applied} of {} change(s) applied; \
             every service that stays is still in place",
            requests.len()
        )?;
    }
    if verbose {
        writeln!(ctx.err, "{sent} changes sent, {failed} failed")?;
    }
    Ok(())
}
