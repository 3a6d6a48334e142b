//! One command line from argv to exit code: parse, run, report. `main`
//! and `-R` (each restore line) share it; the exit codes are the
//! reference's (shared/ipvsadm-behavior.md §7).

use crate::cli::{self, Command, Invocation};
use crate::cmd::{self, Ctx};
use crate::error::Error;
use std::io::Write;

/// Prints an error the way the reference does and gives its exit code. A
/// closed stdout (`ipvsadm -L | head`) ends quietly with 0.
pub fn report(e: &Error, err: &mut dyn Write) -> i32 {
    if let Error::Io(io) = e {
        if io.kind() == std::io::ErrorKind::BrokenPipe {
            return 0;
        }
    }
    if !e.is_silent() {
        let _ = writeln!(err, "{e}");
    }
    e.exit_code()
}

/// The invocation for `args` (argv[0] first). No arguments at all lists
/// the table, as the reference does.
pub fn parse(args: &[String], ctx: &Ctx) -> Result<Invocation, Error> {
    if args.len() <= 1 {
        let prog = args.first().map(String::as_str).unwrap_or("ipvsadm");
        return Ok(Invocation::new(Command::List, prog));
    }
    cli::parse(args, ctx.names)
}

/// Parses and runs `args`, printing any error; returns the exit code.
pub fn run_args(args: &[String], ctx: &mut Ctx) -> i32 {
    let result = parse(args, ctx).and_then(|inv| cmd::run(&inv, ctx));
    let code = match result {
        Ok(()) => 0,
        Err(e) => report(&e, ctx.err),
    };
    if let Err(e) = ctx.out.flush() {
        return report(&Error::Io(e), ctx.err);
    }
    code
}

/// The whole process: `-h` (which, unlike the reference, needs neither
/// root nor the module), then the command over the kernel. Returns the
/// exit code.
pub fn main(args: Vec<String>) -> i32 {
    let prog = args.first().cloned().unwrap_or_else(|| "ipvsadm".into());
    if matches!(args.get(1).map(String::as_str), Some("-h" | "--help")) {
        let mut out = std::io::stdout().lock();
        let _ = out
            .write_all(cli::help_text(&prog).as_bytes())
            .and_then(|_| out.flush());
        return 0;
    }
    let netns = crate::netns::requested(&args).map(str::to_string);
    with_kernel(netns.as_deref(), 1, |ctx| run_args(&args, ctx))
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
    let stderr = std::io::stderr();
    let mut err = stderr.lock();
    if let Some(ns) = netns {
        if let Err(e) = crate::netns::enter(ns) {
            return report(&e, &mut err);
        }
    }
    let (mut socket, info) = match crate::netlink::client::IpvsSocket::open() {
        Ok(v) => v,
        Err(e) => {
            let mut code = 0;
            for _ in 0..init_reports {
                code = report(&e, &mut err);
            }
            return code;
        }
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(64 * 1024, stdout.lock());
    let stdin = std::io::stdin();
    let mut input = std::io::BufReader::with_capacity(64 * 1024, stdin.lock());
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
        Err(e) => report(&Error::Io(e), ctx.err),
    }
}

/// What a command printed and the exit code it gave, captured in memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Captured {
    pub code: i32,
    pub out: Vec<u8>,
    pub err: Vec<u8>,
}

impl Captured {
    pub fn out_text(&self) -> String {
        String::from_utf8_lossy(&self.out).into_owned()
    }
    pub fn err_text(&self) -> String {
        String::from_utf8_lossy(&self.err).into_owned()
    }
}

/// Runs `f` over `ipvs` (the in-memory kernel, in tests and fuzzing) with
/// `input` as standard input and no name look-ups, capturing both streams.
pub fn capture(
    ipvs: &mut dyn crate::ipvs::Ipvs,
    input: &mut dyn std::io::BufRead,
    f: impl FnOnce(&mut Ctx) -> i32,
) -> Captured {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let info = ipvs.info().unwrap_or_default();
    let code = f(&mut Ctx {
        ipvs,
        info,
        out: &mut out,
        err: &mut err,
        names: &crate::names::NoResolver,
        input,
    });
    Captured { code, out, err }
}

/// `run_args` over `ipvs`, captured.
pub fn run_captured(
    ipvs: &mut dyn crate::ipvs::Ipvs,
    args: &[String],
    input: &mut dyn std::io::BufRead,
) -> Captured {
    capture(ipvs, input, |ctx| run_args(args, ctx))
}
