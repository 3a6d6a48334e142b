//! The `ipvsadm` binary: argv in, exit code out; everything else is in the
//! library (`app::main`).

fn main() {
    let args = std::env::args_os()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    std::process::exit(ipvsadm::app::main(args));
}
