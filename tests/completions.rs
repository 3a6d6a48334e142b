//! Shell completions for bash, zsh and fish, generated with clap_complete
//! from the option table (`ipvsadm::cli::clap_command()`) and from
//! ipvsadm-restore's option table (`app::restore::OPTIONS`). The files
//! are committed under `completions/` so that `make install` needs no extra
//! build; this test fails when they are stale.
//! Regenerate with `make completions`
//! (`UPDATE_COMPLETIONS=1 cargo test --test completions`).
//!
//! The generator lives here, not in the installed binaries: the drop-in's
//! command line stays exactly the reference's.

use clap::builder::PossibleValuesParser;
use clap::{Arg, ArgAction, Command};
use clap_complete::Shell;
use std::path::{Path, PathBuf};

/// What the kernel's IPVS offers (ipvsadm 1.31's help lists the same).
const SCHEDULERS: &[&str] = &[
    "rr", "wrr", "lc", "wlc", "lblc", "lblcr", "dh", "sh", "sed", "nq", "fo", "ovf", "mh",
];
const SCHED_FLAGS: &[&str] = &[
    "flag-1",
    "flag-2",
    "flag-3",
    "sh-fallback",
    "sh-port",
    "mh-fallback",
    "mh-port",
];

fn values(cmd: Command, arg: &str, vals: &'static [&'static str]) -> Command {
    cmd.mut_arg(arg, |a| a.value_parser(PossibleValuesParser::new(vals)))
}

/// The option table plus the value lists the table does not carry.
fn ipvsadm_command() -> Command {
    let cmd = ipvsadm::cli::clap_command();
    let cmd = values(cmd, "scheduler", SCHEDULERS);
    let cmd = values(cmd, "sched-flags", SCHED_FLAGS);
    let cmd = values(cmd, "tun-type", &["ipip", "gue", "gre"]);
    let cmd = values(cmd, "pe", &["sip"]);
    let cmd = values(cmd, "start-daemon", &["master", "backup"]);
    values(cmd, "stop-daemon", &["master", "backup"])
}

/// ipvsadm-save has one option (the wrapper parses it by hand).
fn save_command() -> Command {
    Command::new("ipvsadm-save")
        .about("Write the IPVS table as ipvsadm-restore input")
        .disable_help_flag(true)
        .disable_version_flag(true)
        .arg(
            Arg::new("numeric")
                .short('n')
                .action(ArgAction::SetTrue)
                .help("print addresses and ports as numbers"),
        )
}

/// ipvsadm-restore's own options, from its option table (it parses them
/// by hand, in ipvsadm's long-option grammar).
fn restore_command() -> Command {
    let mut cmd = Command::new("ipvsadm-restore")
        .about("Load the IPVS table from rules on standard input")
        .disable_help_flag(true)
        .disable_version_flag(true);
    for (long, value, help) in ipvsadm::app::restore::OPTIONS {
        let arg = Arg::new(*long).long(*long).help(*help);
        cmd = cmd.arg(if value.is_empty() {
            arg.action(ArgAction::SetTrue)
        } else {
            arg.value_name(*value)
        });
    }
    cmd
}

fn commands() -> Vec<(&'static str, Command)> {
    vec![
        ("ipvsadm", ipvsadm_command()),
        ("ipvsadm-save", save_command()),
        ("ipvsadm-restore", restore_command()),
    ]
}

/// Each shell's conventional file name for a command's completions.
fn file_name(shell: Shell, bin: &str) -> String {
    match shell {
        Shell::Bash => bin.to_string(),
        Shell::Zsh => format!("_{bin}"),
        Shell::Fish => format!("{bin}.fish"),
        _ => unreachable!(),
    }
}

struct Generated {
    shell: Shell,
    bin: &'static str,
    path: PathBuf,
    text: String,
}

fn generated() -> Vec<Generated> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("completions");
    let mut files = Vec::new();
    for shell in [Shell::Bash, Shell::Zsh, Shell::Fish] {
        for (bin, mut cmd) in commands() {
            let mut buf = Vec::new();
            clap_complete::generate(shell, &mut cmd, bin, &mut buf);
            files.push(Generated {
                shell,
                bin,
                path: root.join(shell.to_string()).join(file_name(shell, bin)),
                text: String::from_utf8(buf).unwrap(),
            });
        }
    }
    files
}

#[test]
fn committed_completions_are_current() {
    let update = std::env::var_os("UPDATE_COMPLETIONS").is_some();
    let mut stale = Vec::new();
    for Generated { path, text, .. } in generated() {
        if update {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &text).unwrap();
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            stale.push(path.display().to_string());
        }
    }
    assert!(
        stale.is_empty(),
        "stale completions (run `make completions`): {stale:?}"
    );
}

#[test]
fn completions_know_commands_options_and_values() {
    for g in generated().into_iter().filter(|g| g.bin == "ipvsadm") {
        for word in [
            "--add-service",
            "--scheduler",
            "--masquerading",
            "--gatewaying",
            "--ipip",
            "--json",
            "--netns",
            "wlc",
            "lblcr",
            "mh-port",
            "sh-fallback",
            "flag-3",
            "master",
        ] {
            // fish names long options without their dashes (`-l scheduler`).
            let word = match g.shell {
                Shell::Fish => word.trim_start_matches("--"),
                _ => word,
            };
            assert!(g.text.contains(word), "{} lacks {word}", g.path.display());
        }
    }
}

#[test]
fn bash_completion_loads() {
    let Ok(bash) = which("bash") else { return };
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("completions/bash");
    for bin in ["ipvsadm", "ipvsadm-save", "ipvsadm-restore"] {
        let file = root.join(bin);
        let out = std::process::Command::new(&bash)
            .arg("-c")
            .arg(format!("source '{}' && complete -p {bin}", file.display()))
            .output()
            .unwrap();
        assert!(out.status.success(), "{bin}: {out:?}");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains(&format!(" {bin}")), "{bin}: {text}");
    }
}

fn which(prog: &str) -> Result<PathBuf, ()> {
    let path = std::env::var_os("PATH").ok_or(())?;
    std::env::split_paths(&path)
        .map(|d| d.join(prog))
        .find(|p| p.is_file())
        .ok_or(())
}
