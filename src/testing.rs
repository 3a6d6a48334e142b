//! Test support, not used by the programs: run a command over any `Ipvs`
//! (the test kernel, in unit tests, integration tests and fuzzing)
//! with in-memory streams, and capture what it printed and its exit code.

use crate::cmd::Ctx;

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
    input: &mut (dyn std::io::BufRead + Send),
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
    input: &mut (dyn std::io::BufRead + Send),
) -> Captured {
    capture(ipvs, input, |ctx| crate::cmd::run_argv(args, ctx))
}
