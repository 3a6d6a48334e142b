//! The `ipvsadm-save` command: argv in, exit code out (`app::save::main`).
//!
//! It starts at C `main` (`c_main!`), without Rust's runtime start-up:
//! why, and what it does instead, in src/process.rs.
#![cfg_attr(not(test), no_main)]

ipvsadm::c_main!(ipvsadm::app::save::main);
