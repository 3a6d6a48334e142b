//! The `ipvsadm-restore` command: argv in, exit code out
//! (`app::restore::main`).

fn main() {
    let args = std::env::args_os()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    std::process::exit(ipvsadm::app::restore::main(args));
}
