//! `ipvsadm-restore --check` (ours): read a whole rule file and report
//! every line that would fail, with its number, without touching the
//! kernel. Changes are simulated on the kernel model starting from an
//! empty table, as a clear-and-restore would see it, so duplicate services
//! and servers of undefined services are caught too, and so is what this
//! machine's kernel would refuse (a scheduler it cannot load, a sync
//! interface it does not have).

use super::Ctx;
use crate::cli::{self, Command};
use crate::error::{kernel_message, Error, Result};
use crate::kernel_model::{KernelModel, Machine, ThisMachine};
use crate::save_restore::reader::{LineReader, RuleLine};

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
    let mut reader = LineReader::new();
    let mut buf = Vec::new();
    loop {
        buf.clear();
        if ctx.input.read_until(b'\n', &mut buf)? == 0 {
            break;
        }
        let tokens = match reader.line(&buf) {
            RuleLine::Blank => continue,
            RuleLine::Args(t) => t,
        };
        let line = reader.line_no;
        let mut args = vec![prog.to_string()];
        args.extend(tokens);
        let mut bad = |message: String| errors.push(LineError { line, message });
        let inv = match cli::parse(&args, ctx.names) {
            Ok(inv) => inv,
            Err(e) => {
                bad(e.to_string());
                continue;
            }
        };
        use Command::*;
        let is_change = matches!(
            inv.command,
            AddService | EditService | DelService | AddServer | EditServer | DelServer | Flush
        );
        match inv.command {
            Restore => bad("a nested restore (-R) is refused".into()),
            Help | Version => bad("a help or version line ends the restore early".into()),
            _ if changes_only && !is_change => bad(format!(
                "only service and server rules can be converged, not '{}'",
                inv.command.name()
            )),
            _ => {}
        }
        if let Some(req) = super::request_of(&inv) {
            let op = req.op();
            if let Err(errno) = model.apply_request(&req) {
                bad(kernel_message(op, errno));
            }
        }
    }
    Ok((model, errors))
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
