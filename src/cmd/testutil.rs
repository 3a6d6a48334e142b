//! Test helpers: run one command line against the test kernel (a recording
//! kernel model, `crate::test_kernel`) and capture its stdout, stderr and
//! exit code, as `main` would produce them.

use super::Ctx;
use crate::test_kernel::TestKernel;

pub struct Outcome {
    pub out: String,
    pub err: String,
    pub code: i32,
}

pub fn kernel() -> TestKernel {
    TestKernel::new()
}

fn outcome(c: crate::testing::Captured) -> Outcome {
    Outcome {
        out: c.out_text(),
        err: c.err_text(),
        code: c.code,
    }
}

/// Runs `ipvsadm <line>` (split on spaces) against `k`, with `input` as
/// standard input.
pub fn run_with_input(k: &mut TestKernel, line: &str, input: &str) -> Outcome {
    let mut args = vec!["ipvsadm".to_string()];
    args.extend(line.split_whitespace().map(str::to_string));
    outcome(crate::testing::run_captured(
        k,
        &args,
        &mut input.as_bytes(),
    ))
}

pub fn run_line(k: &mut TestKernel, line: &str) -> Outcome {
    run_with_input(k, line, "")
}

/// Runs `f` with a context over `k` whose standard input is `input`;
/// returns (exit code as main would give it, stdout, stderr).
pub fn with_kernel_ctx(
    k: &mut TestKernel,
    input: &str,
    f: impl FnOnce(&mut Ctx) -> crate::error::Result<()>,
) -> (i32, String, String) {
    let o = outcome(crate::testing::capture(
        k,
        &mut input.as_bytes(),
        |ctx| match f(ctx) {
            Ok(()) => 0,
            Err(e) => e.report(ctx.err),
        },
    ));
    (o.code, o.out, o.err)
}

/// `with_kernel_ctx` over a fresh, empty test kernel.
pub fn with_ctx(
    input: &str,
    f: impl FnOnce(&mut Ctx) -> crate::error::Result<()>,
) -> (i32, String, String) {
    with_kernel_ctx(&mut kernel(), input, f)
}

/// A stream on a pipe whose reader has gone: every write and flush fails
/// with EPIPE (stdout or stderr of `... | head` after head exits).
pub struct Closed;

impl std::io::Write for Closed {
    fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
        Err(std::io::ErrorKind::BrokenPipe.into())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Err(std::io::ErrorKind::BrokenPipe.into())
    }
}
