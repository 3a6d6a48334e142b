//! The `ipvsadm-save` command: argv in, exit code out (`wrapper::save_main`).

fn main() {
    let args = std::env::args_os()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    std::process::exit(ipvsadm::wrapper::save_main(args));
}
