//! Behaviour, one file per command (`change` for every command that is one
//! request to the kernel). Each `run` works over the `Ipvs`
//! trait and writes to the context's streams, so the kernel model and
//! in-memory buffers can drive every command in tests.

pub mod change;
pub mod check;
pub mod conn;
pub mod converge;
pub mod list;
pub mod metrics;
pub mod restore;
pub mod save;

use crate::cli::{Action, Invocation};
use crate::error::Result;
use crate::ipvs::Ipvs;
use crate::model::Info;
use crate::names::Resolver;
use std::io::{BufRead, Write};

/// The kernel's /proc/net/ip_vs_status (7.1+; `None` before), for the JSON
/// and metrics views. Read from /proc of the current network namespace
/// (`--netns` has entered it by now), not through the `Ipvs` trait: it is
/// no netlink data. Unit tests run against the kernel model, never the
/// host's file, so their output is the same on any machine.
pub fn kernel_status() -> Option<crate::proc_status::IpvsStatus> {
    if cfg!(test) {
        return None;
    }
    crate::proc_status::read(std::path::Path::new(crate::proc_status::PROC_STATUS_PATH))
}

/// What a command may touch.
pub struct Ctx<'a> {
    pub ipvs: &'a mut dyn Ipvs,
    /// GET_INFO as read at start-up (the listing header).
    pub info: Info,
    pub out: &'a mut dyn Write,
    pub err: &'a mut dyn Write,
    /// `Sync` and `Send`: `-R` reads and parses its input on a thread of
    /// its own (cmd/restore/feed.rs).
    pub names: &'a (dyn Resolver + Sync),
    /// Standard input, for `-R`.
    pub input: &'a mut (dyn BufRead + Send),
}

/// Parses and runs one command line (argv[0] first; none at all lists
/// the table, as the reference does), printing any error; returns the
/// exit code.
pub fn run_argv(args: &[String], ctx: &mut Ctx) -> i32 {
    run_argv_guarded(args, ctx, |_, _| Ok(()))
}

/// `run_argv`, with `before` asked first about the parsed command; what
/// it gives is held while the command runs (app/: `-R`'s apply lock), and
/// its error ends the command.
pub fn run_argv_guarded<G>(
    args: &[String],
    ctx: &mut Ctx,
    before: impl FnOnce(&Invocation, &mut Ctx) -> Result<G>,
) -> i32 {
    let result = crate::cli::parse(args, ctx.names).and_then(|inv| {
        let _held = before(&inv, ctx)?;
        run(&inv, ctx)
    });
    let code = match result {
        Ok(()) => 0,
        Err(e) => e.report(ctx.err),
    };
    if let Err(e) = ctx.out.flush() {
        // A closed stdout reports 0; a failure already had keeps its code.
        let flushed = crate::error::Error::Io(e).report(ctx.err);
        if code == 0 {
            return flushed;
        }
    }
    code
}

/// Runs one parsed invocation.
pub fn run(inv: &Invocation, ctx: &mut Ctx) -> Result<()> {
    match &inv.action {
        Action::Change(req) => change::run(req, ctx),
        Action::List(args) => list::run(args, ctx),
        Action::Metrics(args) => metrics::run(args, ctx),
        Action::Save(args) => save::run(args, ctx),
        Action::Restore => restore::run(&inv.prog, ctx),
        Action::Help => Ok(write!(ctx.out, "{}", crate::cli::help_text(&inv.prog))?),
        Action::Version => Ok(writeln!(ctx.out, "{}", crate::cli::version_text())?),
    }
}

/// Standard error as the reference writes it (`fprintf`, its result never
/// looked at): a write that fails (stderr on a closed pipe) is dropped and
/// never becomes the run's error. Without this, `writeln!(ctx.err, ..)?`
/// would turn EPIPE into `Error::Io(BrokenPipe)`, which `Error::report`
/// takes for a closed stdout and exits 0: a converge with refused changes
/// would say success.
pub struct Unfailing<W: Write>(pub W);

impl<W: Write> Write for Unfailing<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let _ = self.0.write_all(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        let _ = self.0.flush();
        Ok(())
    }
}

#[cfg(test)]
pub(crate) mod testutil;
