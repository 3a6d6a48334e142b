//! The `ipvsadm-restore` command: argv in, exit code out
//! (`wrapper::restore_main`).

fn main() {
    let args = std::env::args_os()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    std::process::exit(ipvsadm::wrapper::restore_main(args));
}
