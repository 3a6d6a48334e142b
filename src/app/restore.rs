//! `ipvsadm-restore`: the reference ships it as a shell script that
//! ignores its arguments, drops `#` lines, runs `ipvsadm -C` and feeds the
//! rest to `ipvsadm -R`. Ours does the same in one process on one socket,
//! and adds long options of its own (check, converge, numbered errors,
//! strict status, a network namespace), parsed in `restore/args.rs`.

mod args;

pub use args::{help_text, parse, Args, OPTIONS};

use super::{take_lock, with_kernel};
use crate::cmd::converge::ConvergeOptions;
use crate::cmd::{self, check::CheckOptions, restore::RestoreOptions};
use crate::ipvs::Request;
use crate::lock::Wait;
use std::io::Write;
use std::path::Path;

pub fn main(args: Vec<String>) -> i32 {
    let prog = args
        .first()
        .cloned()
        .unwrap_or_else(|| "ipvsadm-restore".into());
    let me = prog
        .rsplit('/')
        .next()
        .unwrap_or("ipvsadm-restore")
        .to_string();
    let a = match parse(args.get(1..).unwrap_or(&[])) {
        Ok(a) => a,
        Err(msg) => {
            // Not eprintln!: it panics when stderr is a closed pipe.
            let _ = write!(
                std::io::stderr(),
                "{me}: {msg}\nTry `{me} --help' for more information.\n"
            );
            return 2;
        }
    };
    if a.help || a.version {
        let text = if a.help {
            help_text(&me)
        } else {
            crate::cli::version_text() + "\n"
        };
        let mut out = std::io::stdout();
        let _ = out.write_all(text.as_bytes()).and_then(|_| out.flush());
        return 0;
    }
    // Messages name `ipvsadm`, as the wrapped command's would.
    const PROG: &str = "ipvsadm";
    if a.check {
        // No kernel needed to check a file; in a namespace, the machine's
        // answers (interfaces) are that namespace's.
        if let Some(ns) = &a.netns {
            if let Err(e) = crate::process::enter_netns(ns) {
                return e.report(&mut std::io::stderr());
            }
        }
        let opts = CheckOptions {
            scopes: a.scopes.clone(),
            ..a.report.clone()
        };
        return check_only(PROG, &opts);
    }
    if let Some(d) = a.kernel_timeout {
        crate::netlink::set_default_deadline(d);
    }
    // The apply lock is the namespace's, and taken after IPVS is
    // initialised (its errors come first, as the reference's).
    let lock_dir = Path::new(crate::lock::DIR);
    if a.converge || a.dry_run {
        let opts = ConvergeOptions {
            dry_run: a.dry_run,
            verbose: a.verbose,
            scopes: a.scopes.clone(),
            drain: a.drain,
            drain_poll: None,
        };
        return with_kernel(a.netns.as_deref(), 1, |ctx| {
            // A dry run changes nothing: it does not wait for the lock.
            let lock = match a.dry_run {
                true => Ok(None),
                false => take_lock(&me, lock_dir, a.wait.unwrap_or(Wait::No), true, ctx.err),
            };
            let _lock = match lock {
                Ok(lock) => lock,
                Err(e) => return e.report(ctx.err),
            };
            match cmd::converge::run(ctx, PROG, &opts) {
                Ok(()) => 0,
                Err(e) => e.report(ctx.err),
            }
        });
    }
    let opts = RestoreOptions {
        line_numbers: a.line_numbers,
        strict: a.strict,
    };
    with_kernel(a.netns.as_deref(), 2, |ctx| {
        // Waits for a converge, silently: the output stays the script's.
        let wait = a.wait.unwrap_or(Wait::Forever);
        let _lock = match take_lock(&me, lock_dir, wait, false, ctx.err) {
            Ok(lock) => lock,
            Err(e) => return e.report(ctx.err),
        };
        // `ipvsadm -C` first; its failure is reported and the restore
        // still runs, as in the classic script.
        if let Err(e) = ctx.ipvs.apply_one(Request::Flush) {
            crate::error::Error::from(e).report(ctx.err);
        }
        match cmd::restore::run_with(PROG, ctx, opts) {
            Ok(()) => 0,
            Err(e) => e.report(ctx.err),
        }
    })
}

fn check_only(prog: &str, opts: &CheckOptions) -> i32 {
    use crate::kernel_model::{KernelModel, ThisMachine, INFO};
    // The file is checked on a kernel model of this machine (check::run);
    // the context's kernel is an idle one, never the real kernel.
    let mut idle = KernelModel::new(ThisMachine::new());
    let mut input = std::io::BufReader::new(std::io::stdin());
    let mut out = std::io::stdout().lock();
    let mut err = cmd::Unfailing(std::io::stderr().lock());
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
    match cmd::check::run(&mut ctx, prog, opts) {
        Ok(()) => 0,
        Err(e) => e.report(ctx.err),
    }
}

#[cfg(test)]
mod tests;
