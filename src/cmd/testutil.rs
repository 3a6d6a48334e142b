//! Test helpers: run one command line against the fake kernel and capture
//! its stdout, stderr and exit code, as `main` would produce them.

use super::Ctx;
use crate::fake::FakeIpvs;
use crate::names::NoResolver;

pub struct Outcome {
    pub out: String,
    pub err: String,
    pub code: i32,
}

pub fn kernel() -> FakeIpvs {
    FakeIpvs::new()
}

/// Runs `ipvsadm <line>` (split on spaces) against `k`, with `input` as
/// standard input.
pub fn run_with_input(k: &mut FakeIpvs, line: &str, input: &str) -> Outcome {
    let mut args = vec!["ipvsadm".to_string()];
    args.extend(line.split_whitespace().map(str::to_string));
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let mut stdin = input.as_bytes();
    let info = k.info;
    let code = {
        let mut ctx = Ctx {
            ipvs: k,
            info,
            out: &mut out,
            err: &mut err,
            names: &NoResolver,
            input: &mut stdin,
        };
        crate::app::run_args(&args, &mut ctx)
    };
    Outcome {
        out: String::from_utf8_lossy(&out).into_owned(),
        err: String::from_utf8_lossy(&err).into_owned(),
        code,
    }
}

pub fn run_line(k: &mut FakeIpvs, line: &str) -> Outcome {
    run_with_input(k, line, "")
}

/// Runs `f` with a context over `k` whose standard input is `input`;
/// returns (exit code as main would give it, stdout, stderr).
pub fn with_kernel_ctx(
    k: &mut FakeIpvs,
    input: &str,
    f: impl FnOnce(&mut Ctx) -> crate::error::Result<()>,
) -> (i32, String, String) {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let mut stdin = input.as_bytes();
    let info = k.info;
    let code = {
        let mut ctx = Ctx {
            ipvs: k,
            info,
            out: &mut out,
            err: &mut err,
            names: &NoResolver,
            input: &mut stdin,
        };
        match f(&mut ctx) {
            Ok(()) => 0,
            Err(e) => crate::app::report(&e, ctx.err),
        }
    };
    (
        code,
        String::from_utf8_lossy(&out).into_owned(),
        String::from_utf8_lossy(&err).into_owned(),
    )
}

/// `with_kernel_ctx` over a fresh, empty fake kernel.
pub fn with_ctx(
    input: &str,
    f: impl FnOnce(&mut Ctx) -> crate::error::Result<()>,
) -> (i32, String, String) {
    with_kernel_ctx(&mut kernel(), input, f)
}
