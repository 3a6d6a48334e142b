//! `ipvsadm-restore --check` (ours): read a whole rule file and report
//! every line that would fail, with its number, without touching the
//! kernel. Changes are simulated on the kernel model starting from an
//! empty table, as a clear-and-restore would see it, so duplicate services
//! and servers of undefined services are caught too, and so is what this
//! machine's kernel would refuse (a scheduler it cannot load, a sync
//! interface it does not have).

use super::Ctx;
use crate::cli::Action;
use crate::error::{kernel_message, Error, Result};
use crate::ipvs::Request;
use crate::kernel_model::{KernelModel, Machine, ThisMachine};
use crate::save_restore::reader::RuleSource;

/// One bad line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    pub line: usize,
    pub message: String,
}

/// The file's lines run against an empty kernel model of `machine`.
/// `changes_only` makes any line that is not a service or server change an
/// error (the non-disruptive mode can only converge those).
pub fn simulate<M: Machine>(
    ctx: &mut Ctx,
    prog: &str,
    changes_only: bool,
    machine: M,
) -> Result<(KernelModel<M>, Vec<LineError>)> {
    let mut model = KernelModel::new(machine);
    let mut errors = Vec::new();
    let mut source = RuleSource::new(prog, ctx.names);
    for line in source.lines(&mut *ctx.input) {
        let line = line?;
        let mut bad = |message: String| {
            errors.push(LineError {
                line: line.number,
                message,
            })
        };
        let inv = match line.parsed {
            Ok(inv) => inv,
            Err(e) => {
                bad(e.to_string());
                continue;
            }
        };
        let command = inv.command().name();
        let req = match inv.action {
            Action::Restore => {
                bad("a nested restore (-R) is refused".into());
                continue;
            }
            Action::Help | Action::Version => {
                bad("a help or version line ends the restore early".into());
                continue;
            }
            Action::Change(req) => req,
            Action::List(_) | Action::Save(_) => {
                if changes_only {
                    bad(not_convergible(command));
                }
                continue;
            }
        };
        let is_table_change = !matches!(
            req,
            Request::Zero(_)
                | Request::SetTimeouts(_)
                | Request::StartDaemon(_)
                | Request::StopDaemon(_)
        );
        if changes_only && !is_table_change {
            bad(not_convergible(command));
        }
        let op = req.op();
        if let Err(errno) = model.apply_request(&req) {
            bad(kernel_message(op, errno));
        }
    }
    Ok((model, errors))
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

/// Exit 0 when every line is good, 1 (after listing them) otherwise.
pub fn run(ctx: &mut Ctx, prog: &str) -> Result<()> {
    run_on(ctx, prog, ThisMachine::new())
}

/// `run` as if on `machine`.
pub fn run_on(ctx: &mut Ctx, prog: &str, machine: impl Machine) -> Result<()> {
    let (_, errors) = simulate(ctx, prog, false, machine)?;
    print_errors(ctx, &errors)?;
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Error::Silent(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cmd::testutil::with_ctx;
    use crate::test_kernel::FixedMachine;

    #[test]
    fn reports_every_bad_line_with_its_number() {
        let file = "-A -t 10.0.0.1:80 -s rr\n\n-A -t 10.0.0.1:80 -s rr\n-a -t 10.0.0.2:80 -r 1.1.1.1\n-a -t 10.0.0.1:80 -r 1.1.1.1 -w 99999999999\n-A --bogus\n";
        let (code, _, err) = with_ctx(file, |ctx| run_on(ctx, "ipvsadm", FixedMachine::Stock));
        assert_eq!(code, 1);
        assert_eq!(
            err,
            "line 3: Service already exists\nline 4: Service not defined\nline 5: illegal weight specified\nline 6: --bogus: unknown option\n"
        );
    }

    #[test]
    fn netns_in_a_rule_line_is_reported() {
        let file = "-A -t 10.0.0.1:80 -s rr --netns other\n";
        let (code, _, err) = with_ctx(file, |ctx| run_on(ctx, "ipvsadm", FixedMachine::Stock));
        assert_eq!(code, 1);
        assert_eq!(err, "line 1: --netns is not allowed in a rule line\n");
    }

    #[test]
    fn good_file_passes_and_touches_nothing() {
        let (code, out, err) = with_ctx(
            "-A -t 10.0.0.1:80 -s custom\n-a -t 10.0.0.1:80 -r 1.1.1.1\n",
            |ctx| run_on(ctx, "ipvsadm", FixedMachine::Unknown),
        );
        assert_eq!((code, out.as_str(), err.as_str()), (0, "", ""));
    }

    #[test]
    fn what_this_machine_cannot_do_is_named_by_line() {
        let file = concat!(
            "-A -t 10.0.0.1:80 -s custom\n",
            "--start-daemon master --mcast-interface lo\n",
            "--start-daemon backup --mcast-interface eth9\n",
            "-A -t 10.0.0.2:80 -s rr --pe nosuch\n",
        );
        let (code, _, err) = with_ctx(file, |ctx| run_on(ctx, "ipvsadm", FixedMachine::Stock));
        assert_eq!(code, 1);
        assert_eq!(
            err,
            concat!(
                "line 1: Scheduler or persistence engine not found\n",
                "line 3: No such device\n",
                "line 4: Scheduler or persistence engine not found\n",
            )
        );
        // Where nothing can be found out, nothing is refused.
        let (code, _, err) = with_ctx(file, |ctx| run_on(ctx, "ipvsadm", FixedMachine::Unknown));
        assert_eq!((code, err.as_str()), (0, ""));
    }

    #[test]
    fn kernel_value_rules_are_checked() {
        let file = concat!(
            "-A -t 10.0.0.1:80 -s rr\n",
            "-a -t 10.0.0.1:80 -r 10.1.1.1 -x 5 -y 10\n",
            "-a -t 10.0.0.1:80 -r 224.1.1.1\n",
            "-a -t 10.0.0.1:80 -r 10.1.1.2 -x 10 -y 5\n",
        );
        let (code, _, err) = with_ctx(file, |ctx| run_on(ctx, "ipvsadm", FixedMachine::Stock));
        assert_eq!(code, 1);
        let einval = "Invalid operation.  Possibly wrong module version, address not unicast, ...";
        assert_eq!(
            err,
            format!("line 2: Numerical result out of range\nline 3: {einval}\n")
        );
    }
}
