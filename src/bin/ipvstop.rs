//! The `ipvstop` binary: a live view of the IPVS table (src/top/).
//! Rust's own start-up (unlike the other programs, which start at C
//! `main`, see src/process.rs): its cost does not matter to a program
//! that runs for minutes, and std's SIGPIPE handling (ignored, so a
//! closed pipe is an error we end on quietly) is what batch output needs.

fn main() {
    std::process::exit(ipvsadm::top::run::main(ipvsadm::process::args()));
}
