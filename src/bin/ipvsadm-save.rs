//! The `ipvsadm-save` command: argv in, exit code out (`app::save::main`).
//!
//! It starts at C `main`, without Rust's runtime start-up (why, and what
//! `process::start` does instead: src/process.rs). Not in test builds,
//! whose harness has its own `main`.
#![cfg_attr(not(test), no_main)]

#[cfg(not(test))]
#[no_mangle]
extern "C" fn main(
    _argc: std::ffi::c_int,
    _argv: *const *const std::ffi::c_char,
) -> std::ffi::c_int {
    ipvsadm::process::start();
    // process::exit, not a return: it flushes Rust's standard output.
    std::process::exit(ipvsadm::app::save::main(ipvsadm::process::args()));
}
