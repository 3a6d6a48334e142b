//! A consumer of the `ipvs` library: does what its examples do and checks
//! each result, printing `ok: ...` / `FAIL: ...: ...` lines and exiting 1
//! if anything failed (2 on a usage error).
//!
//!   lib-consumer            the real kernel, as root: its own network
//!                           namespace (by path and by descriptor), the
//!                           caller's left as it was
//!   lib-consumer --model    the same changes on `KernelModel<FixedMachine>`,
//!                           in memory (no root, no IPVS needed)
//!
//! `changes` holds what both run; `kernel` what only the kernel has
//! (opening, namespaces, deadlines, streaming reads).

mod changes;
mod kernel;
mod netns;

use ipvs::kernel_model::FixedMachine;
use ipvs::KernelModel;
use std::fmt::Display;
use std::process::ExitCode;

/// The tally of checks, printing each as it is made.
#[derive(Default)]
pub struct Checks {
    passed: u32,
    failed: u32,
}

impl Checks {
    /// `name` passed if `r` is Ok (its value, if not empty, is shown).
    pub fn check<E: Display>(&mut self, name: &str, r: Result<String, E>) {
        match r {
            Ok(s) if s.is_empty() => self.ok(name.to_string()),
            Ok(s) => self.ok(format!("{name}: {s}")),
            Err(e) => self.fail(name, e),
        }
    }

    pub fn ok(&mut self, what: String) {
        println!("ok: {what}");
        self.passed += 1;
    }

    pub fn fail(&mut self, name: &str, why: impl Display) {
        println!("FAIL: {name}: {why}");
        self.failed += 1;
    }
}

/// A check's result: what to show after "ok: NAME", or why it failed.
pub type Res = Result<String, String>;

/// A library error as a check's failure.
pub fn text(e: ipvs::Error) -> String {
    e.to_string()
}

/// `Err(message)` unless `cond`.
pub fn ensure(cond: bool, message: impl FnOnce() -> String) -> Result<(), String> {
    if cond {
        Ok(())
    } else {
        Err(message())
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut checks = Checks::default();
    match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        [] => kernel::run(&mut checks),
        ["--model"] => {
            let mut model = KernelModel::new(FixedMachine::Stock);
            changes::run(&mut model, &mut checks);
        }
        _ => {
            eprintln!("usage: lib-consumer [--model]");
            return ExitCode::from(2);
        }
    }
    println!(
        "lib-consumer: {} ok, {} failed",
        checks.passed, checks.failed
    );
    if checks.failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
