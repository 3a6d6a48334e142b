//! The `ipvsadm-save` command: argv in, exit code out (`app::save::main`).

fn main() {
    let args = std::env::args_os()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    std::process::exit(ipvsadm::app::save::main(args));
}
