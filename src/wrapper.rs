//! `ipvsadm-save` and `ipvsadm-restore`: the reference ships them as bash
//! wrappers around `ipvsadm -S` and `ipvsadm -C; ipvsadm -R`. Ours do the
//! same in one process on one socket, with the wrappers' argument handling,
//! and ipvsadm-restore grows our options (check, converge, numbered errors,
//! strict status). Messages name `ipvsadm`, as the wrapped command would.

use crate::app::{report, with_kernel};
use crate::cli::{Command, Invocation};
use crate::cmd::{self, converge::ConvergeOptions, restore::RestoreOptions};
use crate::ipvs::Request;
use clap::Parser;

const PROG: &str = "ipvsadm";

/// `ipvsadm-save [-n]`: like the reference's script, `-n` asks for numeric
/// output, any other argument starting with `-` prints its two usage lines
/// and exits 1, other arguments are ignored.
pub fn save_main(args: Vec<String>) -> i32 {
    let mut numeric = false;
    for a in args.iter().skip(1) {
        match a.as_str() {
            "-n" => numeric = true,
            s if s.starts_with('-') => {
                let me = args[0].rsplit('/').next().unwrap_or("ipvsadm-save");
                eprintln!("{me}: Script to save the IPVS table to stdout.");
                eprintln!("   With the -n option, prints out the table in numeric format.");
                return 1;
            }
            _ => {}
        }
    }
    let mut inv = Invocation::new(Command::Save, PROG);
    inv.list.numeric = numeric;
    with_kernel(None, 1, |ctx| match cmd::run(&inv, ctx) {
        Ok(()) => 0,
        Err(e) => report(&e, ctx.err),
    })
}

/// Restore the IPVS table from rules on standard input (ipvsadm-save
/// format). Without options: clear the table, then apply every line, as
/// the classic ipvsadm-restore does.
#[derive(Parser, Debug)]
#[command(name = "ipvsadm-restore", version, about)]
pub struct RestoreArgs {
    /// Only check the rules: report every bad line with its number, change
    /// nothing; exit 1 if any line is bad.
    #[arg(long, conflicts_with = "converge")]
    pub check: bool,
    /// Do not clear the table: change only what differs from the rules,
    /// adding before deleting, so that traffic is never dropped.
    #[arg(long)]
    pub converge: bool,
    /// With --converge (implied): print the changes as ipvsadm command
    /// lines instead of making them.
    #[arg(long)]
    pub dry_run: bool,
    /// With --converge: print each change made, and a summary, on stderr.
    #[arg(short, long)]
    pub verbose: bool,
    /// Prefix each error with the number of the line that caused it.
    #[arg(long)]
    pub line_numbers: bool,
    /// Exit with the status of the first failing line (the classic tool
    /// exits with the last line's status, hiding earlier failures).
    #[arg(long)]
    pub strict: bool,
    /// Work in this network namespace (a name under /run/netns, or a path).
    #[arg(long, value_name = "NAME|PATH")]
    pub netns: Option<String>,
}

pub fn restore_main(args: Vec<String>) -> i32 {
    let a = match RestoreArgs::try_parse_from(&args) {
        Ok(a) => a,
        Err(e) => {
            let _ = e.print();
            return e.exit_code();
        }
    };
    if a.check {
        // No kernel needed to check a file.
        return check_only();
    }
    if a.converge || a.dry_run {
        let opts = ConvergeOptions {
            dry_run: a.dry_run,
            verbose: a.verbose,
        };
        return with_kernel(a.netns.as_deref(), 1, |ctx| {
            match cmd::converge::run(ctx, PROG, &opts) {
                Ok(()) => 0,
                Err(e) => report(&e, ctx.err),
            }
        });
    }
    let opts = RestoreOptions {
        line_numbers: a.line_numbers,
        strict: a.strict,
    };
    with_kernel(a.netns.as_deref(), 2, |ctx| {
        // `ipvsadm -C` first; its failure is reported and the restore
        // still runs, as in the classic script.
        if let Err(e) = ctx.ipvs.apply_one(Request::Flush) {
            report(&e, ctx.err);
        }
        let inv = Invocation::new(Command::Restore, PROG);
        match cmd::restore::run_with(&inv, ctx, opts) {
            Ok(()) => 0,
            Err(e) => report(&e, ctx.err),
        }
    })
}

fn check_only() -> i32 {
    use crate::kernel_model::{KernelModel, ThisMachine, INFO};
    // The file is checked on a kernel model of this machine (check::run);
    // the context's kernel is an idle one, never the real kernel.
    let mut idle = KernelModel::new(ThisMachine::new());
    let stdin = std::io::stdin();
    let mut input = std::io::BufReader::new(stdin.lock());
    let (mut out, mut err) = (std::io::stdout().lock(), std::io::stderr().lock());
    let names = crate::names::SystemResolver;
    let info = INFO;
    let mut ctx = cmd::Ctx {
        ipvs: &mut idle,
        info,
        out: &mut out,
        err: &mut err,
        names: &names,
        input: &mut input,
    };
    match cmd::check::run(&mut ctx, PROG) {
        Ok(()) => 0,
        Err(e) => report(&e, ctx.err),
    }
}
