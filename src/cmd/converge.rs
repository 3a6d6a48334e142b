//! `ipvsadm-restore --converge` (ours): bring the live table to what the
//! rule file describes without clearing it first. The file is simulated on
//! an empty kernel model (so it means exactly what a clear-and-restore
//! would build), compared with the live table, and only the difference is
//! sent, adds and edits before deletes (`save_restore::plan`). A file with
//! any bad line changes nothing. `--dry-run` prints the plan instead.

use super::check::{print_errors, simulate};
use super::Ctx;
use crate::error::{kernel_message, Error, Result};
use crate::kernel_model::{Machine, ThisMachine};
use crate::model::ServiceEntry;
use crate::save_restore::plan::{command_line, plan};

pub struct ConvergeOptions {
    pub dry_run: bool,
    /// Print each request sent (and a summary) on stderr.
    pub verbose: bool,
}

pub fn run(ctx: &mut Ctx, prog: &str, opts: &ConvergeOptions) -> Result<()> {
    run_on(ctx, prog, opts, ThisMachine::new())
}

/// `run`, with the rule file checked as if on `machine`.
pub fn run_on(
    ctx: &mut Ctx,
    prog: &str,
    opts: &ConvergeOptions,
    machine: impl Machine,
) -> Result<()> {
    let (model, errors) = simulate(ctx, prog, true, machine)?;
    if !errors.is_empty() {
        print_errors(ctx, &errors)?;
        writeln!(ctx.err, "{prog}: nothing changed: the rule file has errors")?;
        return Err(Error::Silent(1));
    }
    // The kernel lists destinations newest first; the file added them
    // oldest first, and so will the plan.
    let want: Vec<ServiceEntry> = model
        .into_entries()
        .into_iter()
        .map(|mut e| {
            e.dests.reverse();
            e
        })
        .collect();
    let live = super::list::read_table(ctx.ipvs)?;
    let requests = plan(&live, &want);
    if opts.dry_run {
        for r in &requests {
            writeln!(ctx.out, "{prog} {}", command_line(r))?;
        }
        return Ok(());
    }
    let acks = ctx.ipvs.apply(&requests)?;
    let mut failed = 0;
    for (req, ack) in requests.iter().zip(&acks) {
        match ack {
            Ok(()) if opts.verbose => writeln!(ctx.err, "{prog} {}", command_line(req))?,
            Ok(()) => {}
            Err(errno) => {
                failed += 1;
                writeln!(
                    ctx.err,
                    "{prog} {}: {}",
                    command_line(req),
                    kernel_message(req.op(), *errno)
                )?;
            }
        }
    }
    if opts.verbose {
        writeln!(ctx.err, "{} changes sent, {failed} failed", requests.len())?;
    }
    if failed > 0 {
        Err(Error::Silent(255))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cmd::testutil::{kernel, run_line, with_kernel_ctx};
    use crate::test_kernel::FixedMachine;

    const FILE: &str = "-A -t 10.0.0.1:80 -s rr\n-a -t 10.0.0.1:80 -r 192.168.0.1:80 -m -w 1\n-a -t 10.0.0.1:80 -r 192.168.0.2:80 -m -w 1\n-A -u 10.0.0.1:53 -s wlc\n";

    #[test]
    fn second_run_makes_no_writes() {
        let mut k = kernel();
        let opts = ConvergeOptions {
            dry_run: false,
            verbose: false,
        };
        let (code, _, err) = with_kernel_ctx(&mut k, FILE, |ctx| {
            run_on(ctx, "ipvsadm", &opts, FixedMachine::Stock)
        });
        assert_eq!((code, err.as_str()), (0, ""));
        let restored = run_line(&mut k, "-S -n").out;
        let mut k2 = kernel();
        crate::cmd::testutil::run_with_input(&mut k2, "-R", FILE);
        assert_eq!(
            restored,
            run_line(&mut k2, "-S -n").out,
            "same table as clear + restore, same dest order"
        );
        k.log.clear();
        let (code, _, _) = with_kernel_ctx(&mut k, FILE, |ctx| {
            run_on(ctx, "ipvsadm", &opts, FixedMachine::Stock)
        });
        assert_eq!(code, 0);
        assert!(
            k.log.is_empty(),
            "an unchanged file sends nothing: {:?}",
            k.log
        );
    }

    #[test]
    fn dry_run_prints_plan_and_changes_nothing() {
        let mut k = kernel();
        run_line(&mut k, "-A -t 10.0.0.1:80 -s wrr");
        run_line(&mut k, "-a -t 10.0.0.1:80 -r 192.168.0.9:80 -m -w 1");
        run_line(&mut k, "-A -t 10.0.0.7:80 -s rr");
        k.log.clear();
        let opts = ConvergeOptions {
            dry_run: true,
            verbose: false,
        };
        let (code, out, _) = with_kernel_ctx(&mut k, FILE, |ctx| {
            run_on(ctx, "ipvsadm", &opts, FixedMachine::Stock)
        });
        assert_eq!(code, 0);
        assert_eq!(
            out,
            "ipvsadm -E -t 10.0.0.1:80 -s rr\n\
             ipvsadm -a -t 10.0.0.1:80 -r 192.168.0.1:80 -m -w 1\n\
             ipvsadm -a -t 10.0.0.1:80 -r 192.168.0.2:80 -m -w 1\n\
             ipvsadm -A -u 10.0.0.1:53 -s wlc\n\
             ipvsadm -d -t 10.0.0.1:80 -r 192.168.0.9:80\n\
             ipvsadm -D -t 10.0.0.7:80\n"
        );
        assert!(k.log.is_empty());
    }

    #[test]
    fn bad_file_changes_nothing() {
        let mut k = kernel();
        run_line(&mut k, "-A -t 10.0.0.7:80 -s rr");
        k.log.clear();
        let opts = ConvergeOptions {
            dry_run: false,
            verbose: false,
        };
        let (code, _, err) = with_kernel_ctx(&mut k, "-A -t 10.0.0.1:80\n--set 1 2 3\n", |ctx| {
            run_on(ctx, "ipvsadm", &opts, FixedMachine::Stock)
        });
        assert_eq!(code, 1);
        assert!(
            err.starts_with("line 2: only service and server rules"),
            "{err}"
        );
        assert!(k.log.is_empty());
    }
}
