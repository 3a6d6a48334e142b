//! `ipvsadm-save`: the reference ships it as a shell script around
//! `ipvsadm -S`; ours runs `-S` in one process. The arguments are the
//! script's: `-n` asks for numeric output, any other word starting with
//! `-` prints the script's two usage lines on stderr and exits 1, other
//! words are ignored. Messages name `ipvsadm`, as the wrapped command's
//! would.

use super::with_kernel;
use crate::cli::{Action, Invocation, SaveArgs};
use crate::cmd;
use std::io::Write;

pub fn main(args: Vec<String>) -> i32 {
    let mut numeric = false;
    for a in args.iter().skip(1) {
        match a.as_str() {
            "-n" => numeric = true,
            s if s.starts_with('-') => {
                let me = args[0].rsplit('/').next().unwrap_or("ipvsadm-save");
                // Not eprintln!: it panics when stderr is a closed pipe.
                let _ = write!(
                    std::io::stderr(),
                    "{me}: Script to save the IPVS table to stdout.\n   \
                     With the -n option, prints out the table in numeric format.\n"
                );
                return 1;
            }
            _ => {}
        }
    }
    let save = SaveArgs {
        numeric,
        thresholds: false,
    };
    let inv = Invocation::new(Action::Save(save), "ipvsadm");
    with_kernel(None, 1, |ctx| match cmd::run(&inv, ctx) {
        Ok(()) => 0,
        Err(e) => e.report(ctx.err),
    })
}
