//! The top layer: the three programs from argv to exit code (parse, run,
//! report), and the process's kernel context. Nothing imports this module;
//! the binaries in `src/main.rs` and `src/bin/` call it. The exit codes are
//! the reference's (shared/ipvsadm-behavior.md §7).
//!
//! `ipvsadm` is here; `ipvsadm-save` and `ipvsadm-restore` (the reference
//! ships them as shell scripts around `ipvsadm`) are in their own files.
//! This file also says who takes the apply lock (lock.rs) and what
//! happens when it is held: a converge fails (exit 4, as iptables for its xtables lock) unless
//! told to wait; a classic restore (`ipvsadm -R`, `ipvsadm-restore`) waits
//! without a word, and goes on without the lock where none can be had, as
//! the C tool, which has none; a single command takes none.

pub mod restore;
pub mod save;

use crate::cli::Action;
use crate::cmd::{self, Ctx};
use crate::error::Error;
use crate::lock::{ApplyLock, LockError, Wait};
use std::io::Write;
use std::path::Path;

/// The exit status when the apply lock is held (iptables' for a held
/// xtables lock) or cannot be taken by a converge.
pub const LOCK_STATUS: i32 = 4;

/// The whole process: `-h` (which, unlike the reference, needs neither
/// root nor the module), then the command over the kernel. Returns the
/// exit code.
pub fn main(args: Vec<String>) -> i32 {
    let prog = args.first().cloned().unwrap_or_else(|| "ipvsadm".into());
    if matches!(args.get(1).map(String::as_str), Some("-h" | "--help")) {
        let mut out = std::io::stdout().lock();
        let _ = out
            .write_all(crate::cli::help_text(&prog).as_bytes())
            .and_then(|_| out.flush());
        return 0;
    }
    let netns = crate::process::requested_netns(&args).map(str::to_string);
    with_kernel(netns.as_deref(), 1, |ctx| {
        cmd::run_argv_guarded(&args, ctx, |inv, ctx| match inv.action {
            // `-R` waits for a converge (the reference has no option to
            // say how long).
            Action::Restore => take_lock(
                &inv.prog,
                Path::new(crate::lock::DIR),
                Wait::Forever,
                false,
                ctx.err,
            ),
            _ => Ok(None),
        })
    })
}

/// Takes the apply lock under `dir` (lock.rs), waiting as `wait` says.
/// `needed`: a converge, which fails when the lock cannot be had at all;
/// otherwise a classic restore, which then goes on without it (`None`).
/// A failure is printed as `PROG: ...` and gives exit status 4
/// (`Error::Silent`), or 128 + the signal that ended the wait.
pub fn take_lock(
    prog: &str,
    dir: &Path,
    wait: Wait,
    needed: bool,
    err: &mut dyn Write,
) -> Result<Option<ApplyLock>, Error> {
    let e = match crate::lock::acquire(dir, wait) {
        Ok(lock) => return Ok(Some(lock)),
        Err(LockError::Open { .. }) if !needed => return Ok(None),
        Err(LockError::Interrupted(sig)) => return Err(Error::Silent(128 + sig)),
        Err(e) => e,
    };
    let hint = match (&e, wait) {
        (LockError::Held { .. }, Wait::No) => "; use --wait[=SECONDS] to wait for it",
        _ => "",
    };
    writeln!(err, "{prog}: {e}; nothing was changed{hint}")?;
    Err(Error::Silent(LOCK_STATUS))
}

/// Opens IPVS as the reference initialises it (`ipvs_init() &&
/// (modprobe_ipvs() || ipvs_init())`): any failure runs `/sbin/modprobe
/// -- ip_vs` once; if that succeeds, the open is tried again and its error
/// is the one reported; if not, the first failure is. So a non-root user
/// sees modprobe's own complaints too, as with the reference. A kernel
/// that does not answer (`Error::Timeout`) has the family: nothing is
/// loaded or tried again. Failures are the reference's init errors.
fn open_kernel() -> Result<(::ipvs::Ipvs, crate::model::Info), Error> {
    let open = || {
        ::ipvs::Ipvs::options()
            .deadline(crate::netlink::default_deadline())
            .open()
            .map(|h| {
                let info = h.opening_info();
                (h, info)
            })
            .map_err(init_error)
    };
    match open() {
        Ok(v) => Ok(v),
        Err(e @ Error::Timeout { .. }) => Err(e),
        Err(_) if ::ipvs::load_module() => open(),
        Err(first) => Err(first),
    }
}

/// The library's open errors as the reference's `Can't initialize ipvs`:
/// without the generic-netlink family, the reference falls back to the
/// old sockopt interface and reports how that failed.
fn init_error(e: ::ipvs::Error) -> Error {
    match e {
        ::ipvs::Error::NotAvailable {
            errno: libc::ENOENT,
        } => Error::Init {
            errno: crate::netlink::init::missing_family_errno(),
        },
        ::ipvs::Error::NotAvailable { errno } => Error::Init { errno },
        other => other.into(),
    }
}

/// Enters the network namespace, initialises IPVS (before any argument is
/// looked at, as the reference does, so its errors come first), and runs
/// `f` with the process's streams. An initialisation failure is printed
/// `init_reports` times (the reference's ipvsadm-restore runs two ipvsadm
/// processes, and each says it).
pub fn with_kernel(
    netns: Option<&str>,
    init_reports: usize,
    f: impl FnOnce(&mut Ctx) -> i32,
) -> i32 {
    let mut err = cmd::Unfailing(std::io::stderr().lock());
    if let Some(ns) = netns {
        if let Err(e) = crate::process::enter_netns(ns) {
            return e.report(&mut err);
        }
    }
    let (mut socket, info) = match open_kernel() {
        Ok(v) => v,
        Err(e) => {
            let mut code = 0;
            for _ in 0..init_reports {
                code = e.report(&mut err);
            }
            return code;
        }
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(64 * 1024, stdout.lock());
    // `Stdin`, not its lock (a lock cannot move to `-R`'s reading thread);
    // reads go around std's own buffer, 64 KiB at a time.
    let mut input = std::io::BufReader::with_capacity(64 * 1024, std::io::stdin());
    let names = crate::names::SystemResolver;
    let mut ctx = Ctx {
        ipvs: &mut socket,
        info,
        out: &mut out,
        err: &mut err,
        names: &names,
        input: &mut input,
    };
    let code = f(&mut ctx);
    match ctx.out.flush() {
        Ok(()) => code,
        // A closed stdout reports 0 (`ipvsadm -L | head`), which must not
        // hide a failure the command already had (issue 28).
        Err(e) => match Error::Io(e).report(ctx.err) {
            _ if code != 0 => code,
            flushed => flushed,
        },
    }
}

#[cfg(test)]
mod tests;
