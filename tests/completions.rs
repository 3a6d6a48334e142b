//! Shell completions for bash, zsh and fish, generated from the option
//! table (`clap_command()` over `ipvsadm::cli::OPTIONS`), from ipvsadm-restore's option
//! table (`app::restore::OPTIONS`) and from ipvstop's `--help`
//! (tests/common/top_help.rs), plus `value_of`, which says what
//! each option's value is: an address from the live table, a connection
//! state, a name in /run/netns, a scheduler, a column, or nothing to
//! offer; never a file name. `completions/shells.rs` writes each shell's script. The files
//! are committed under `completions/` so that `make install` needs no extra
//! build; this test fails when they are stale, and runs the bash and fish
//! completions (zsh: loads it) where those shells are installed.
//! Regenerate with `make completions`
//! (`UPDATE_COMPLETIONS=1 cargo test --test completions`).
//!
//! The generator lives here, not in the installed binaries: the drop-in's
//! command line stays exactly the reference's.

#[path = "completions/shells.rs"]
mod shells;
#[path = "common/top_help.rs"]
mod top_help;

use clap::{Arg, ArgAction, Command};
use shells::{Opt, Value};
use std::path::{Path, PathBuf};
use std::process::Command as Process;

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
/// Connection states as /proc/net/ip_vs_conn names them: the kernel's
/// tcp_state_name_table, udp_state_name_table and sctp_state_name_table
/// (ip_vs_proto_{tcp,udp,sctp}.c). --filter-state compares ignoring case.
const STATES: &[&str] = &[
    "NONE",
    "ESTABLISHED",
    "SYN_SENT",
    "SYN_RECV",
    "FIN_WAIT",
    "TIME_WAIT",
    "CLOSE",
    "CLOSE_WAIT",
    "LAST_ACK",
    "LISTEN",
    "SYNACK",
    "UDP",
    "INIT1",
    "INIT",
    "C-SENT",
    "C-REPLIED",
    "C-WAIT",
    "COOKIE",
    "C-ECHOED",
    "S-SENT",
    "S-RECEIVED",
    "S-ACK-SENT",
    "REJECTED",
    "CLOSED",
];

/// ipvstop's columns, as `--sort` takes them (`top::sort::Column::name`).
const COLUMNS: &[&str] = &[
    "addr", "method", "weight", "active", "inactive", "cps", "inpps", "outpps", "inbps", "outbps",
];

/// What an option's value is, by the option's long name; options not
/// listed take no value, an optional one, or one with nothing to offer
/// (a number, a mask, a port), as the option table says.
fn value_of(arg: &Arg) -> Value {
    match arg.get_id().as_str() {
        "tcp-service" => Value::Services("-t"),
        "udp-service" => Value::Services("-u"),
        "sctp-service" => Value::Services("--sctp-service"),
        "fwmark-service" => Value::Services("-f"),
        "filter-vip" => Value::Services(""),
        "real-server" | "filter-rip" => Value::Servers,
        "filter-state" => Value::Words(STATES),
        "netns" => Value::Netns,
        "mcast-interface" => Value::Interfaces,
        "scheduler" => Value::Words(SCHEDULERS),
        "sched-flags" => Value::List(SCHED_FLAGS),
        "tun-type" => Value::Words(&["ipip", "gue", "gre"]),
        "pe" => Value::Words(&["sip"]),
        "start-daemon" | "stop-daemon" => Value::Words(&["master", "backup"]),
        // ipvstop's; ipvsadm's --sort is a flag.
        "sort" if arg.get_action().takes_values() => Value::Words(COLUMNS),
        _ if !arg.get_action().takes_values() => Value::Flag,
        _ if arg.get_num_args().is_some_and(|n| n.min_values() == 0) => Value::Optional,
        _ => Value::Free,
    }
}

/// A command's options (positionals have nothing to offer), help and
/// version flags included where clap adds them.
fn options(mut cmd: Command) -> Vec<Opt> {
    cmd.build();
    cmd.get_arguments()
        .filter(|a| !a.is_positional() && !a.is_hide_set())
        .map(|a| Opt {
            shorts: a.get_short_and_visible_aliases().unwrap_or_default(),
            longs: (a.get_long_and_visible_aliases().unwrap_or_default())
                .into_iter()
                .map(String::from)
                .collect(),
            help: a.get_help().map(|h| h.to_string()).unwrap_or_default(),
            value_name: (a.get_value_names().and_then(|v| v.first()))
                .map_or_else(|| "value".to_string(), |v| v.to_string()),
            value: value_of(a),
        })
        .collect()
}

/// ipvsadm-save has one option (the wrapper parses it by hand).
fn save_command() -> Command {
    Command::new("ipvsadm-save")
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
        .disable_help_flag(true)
        .disable_version_flag(true);
    for (long, value, help) in ipvsadm::app::restore::OPTIONS {
        let arg = Arg::new(*long).long(*long).help(*help);
        cmd = cmd.arg(if value.is_empty() {
            arg.action(ArgAction::SetTrue)
        } else {
            arg.value_name(value.trim_matches(|c| c == '[' || c == ']'))
        });
    }
    cmd
}

fn commands() -> Vec<(&'static str, Vec<Opt>)> {
    vec![
        ("ipvsadm", options(clap_command())),
        ("ipvsadm-save", options(save_command())),
        ("ipvsadm-restore", options(restore_command())),
        ("ipvstop", options(top_help::clap_command())),
    ]
}

#[test]
fn top_columns_are_ipvstops() {
    assert_eq!(COLUMNS, ipvsadm::top::sort::Column::names());
    top_help::clap_command().debug_assert();
}

struct Generated {
    shell: &'static str,
    bin: &'static str,
    path: PathBuf,
    text: String,
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn generated() -> Vec<Generated> {
    let mut files = Vec::new();
    for (bin, opts) in commands() {
        for (shell, file, text) in [
            ("bash", bin.to_string(), shells::bash(bin, &opts)),
            ("zsh", format!("_{bin}"), shells::zsh(bin, &opts)),
            ("fish", format!("{bin}.fish"), shells::fish(bin, &opts)),
        ] {
            let path = root().join("completions").join(shell).join(file);
            files.push(Generated {
                shell,
                bin,
                path,
                text,
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
            "add-service",
            "scheduler",
            "masquerading",
            "json",
            "netns",
            "wlc",
            "lblcr",
            "mh-port",
            "sh-fallback",
            "master",
            "ESTABLISHED",
            "C-ECHOED",
            "_ipvsadm_live -A -t",
            "_ipvsadm_live -A -f",
            "_ipvsadm_live -a",
            "/run/netns",
        ] {
            assert!(g.text.contains(word), "{} lacks {word}", g.path.display());
        }
    }
}

#[test]
fn ipvstop_completions_know_options_columns_and_namespaces() {
    for g in generated().into_iter().filter(|g| g.bin == "ipvstop") {
        for word in [
            "delay",
            "iterations",
            "kernel-rates",
            "json",
            "netns",
            "/run/netns",
            "inactive",
            "outbps",
        ] {
            assert!(g.text.contains(word), "{} lacks {word}", g.path.display());
        }
        assert!(!g.text.contains("_ipvsadm_live"), "{}", g.path.display());
    }
}

#[test]
fn completions_never_offer_file_names() {
    for g in generated() {
        let bad: &[&str] = match g.shell {
            "bash" => &["compgen -f", "-o default", "-o bashdefault"],
            "zsh" => &["_files", "_default"],
            _ => &[" -F", " --force-files"],
        };
        for bad in bad {
            assert!(
                !g.text.contains(bad),
                "{} offers files ({bad})",
                g.path.display()
            );
        }
        if g.shell == "fish" {
            let line = format!("complete -c {} -f\n", g.bin);
            assert!(g.text.contains(&line), "{}", g.path.display());
        }
    }
}

/// What `ipvsadm -Sn` prints for a small table.
const TABLE: &str = "\
-A -t 10.9.9.9:80 -s rr
-a -t 10.9.9.9:80 -r 192.168.0.1:8080 -m -w 1
-a -t 10.9.9.9:80 -r 192.168.0.2:8080 -m -w 3
-A -u 10.9.9.9:53 -s sh -b sh-fallback
-a -u 10.9.9.9:53 -r 192.168.0.3:53 -i -w 2
-A -t [2001:db8::1]:80 -s mh
-a -t [2001:db8::1]:80 -r [2001:db8::10]:8080 -m -w 1
-A -f 7 -s wrr
-a -f 7 -r 192.168.0.4:0 -g -w 1
";

/// Command lines (cursor at the end) and what completing them offers.
const CASES: &[(&str, &str)] = &[
    ("ipvsadm -A -t ", "10.9.9.9:80 [2001:db8::1]:80"),
    ("ipvsadm -D -u 10", "10.9.9.9:53"),
    ("ipvsadm -A -f ", "7"),
    (
        "ipvsadm -a -t 10.9.9.9:80 -r 192.168.0.",
        "192.168.0.1:8080 192.168.0.2:8080 192.168.0.3:53 192.168.0.4:0",
    ),
    ("ipvsadm -Lnc --filter-vip 10", "10.9.9.9:53 10.9.9.9:80"),
    ("ipvsadm -Lnc --filter-state ES", "ESTABLISHED"),
    ("ipvsadm -Lnc --filter-state=TIME", "TIME_WAIT"),
    ("ipvsadm -A -t 10.0.0.1:80 -s w", "wlc wrr"),
    (
        "ipvsadm -A -t 10.0.0.1:80 -b sh-fallback,sh-p",
        "sh-fallback,sh-port",
    ),
    ("ipvsadm -a -t 10.9.9.9:80 -r 10.0.0.2 -w ", ""),
    ("ipvsadm --add-se", "--add-server --add-service"),
    ("ipvsadm -R Carg", ""),
    ("ipvsadm-restore --ch", "--check"),
    ("ipvstop -s in", "inactive inbps inpps"),
    ("ipvstop --sort=out", "outbps outpps"),
    ("ipvstop -r --sort a", "active addr"),
    ("ipvstop --kern", "--kernel-rates"),
    ("ipvstop -d ", ""),
];

/// The bash script's candidates; bash trims each to the text after the
/// line's last ':', as readline shows it.
fn bash_expected(line: &str, want: &str) -> String {
    let colon = line.rsplit(' ').next().unwrap().rfind(':');
    let mut w: Vec<&str> = want
        .split_whitespace()
        .map(|c| colon.map_or(c, |i| &c[i + 1..]))
        .collect();
    w.sort();
    w.join(" ")
}

#[test]
fn bash_completion_offers_what_fits() {
    let Ok(bash) = which("bash") else { return };
    let dir = root().join("completions/bash");
    let mut script = String::new();
    for bin in ["ipvsadm", "ipvsadm-restore", "ipvsadm-save", "ipvstop"] {
        script += &format!("source '{}' || exit 1\n", dir.join(bin).display());
    }
    // The table from TABLE instead of the kernel; the awk is the script's.
    script += "_ipvsadm_table_text() { printf '%s' \"$TABLE\"; }\n\
        COMP_WORDBREAKS=$' \\t\\n\"\\'><=;|&(:'\n\
        for line in \"$@\"; do COMP_LINE=$line COMP_POINT=${#line} COMPREPLY=()\n\
        f=_$(echo \"${line%% *}\" | tr - _); $f\n\
        printf '%s\\n' \"${COMPREPLY[@]}\" | sort | tr '\\n' ' ' | sed 's/ *$//'; echo; done\n";
    let out = Process::new(bash)
        .env("TABLE", TABLE)
        .arg("-c")
        .arg(&script)
        .arg("bash")
        .args(CASES.iter().map(|c| c.0))
        .output()
        .unwrap();
    assert!(out.status.success() && out.stderr.is_empty(), "{out:?}");
    let got = String::from_utf8(out.stdout).unwrap();
    for ((line, want), got) in CASES.iter().zip(got.lines()) {
        assert_eq!(got, bash_expected(line, want), "bash: {line}");
    }
}

#[test]
fn fish_completion_offers_what_fits() {
    let Ok(fish) = which("fish") else { return };
    let dir = root().join("completions/fish");
    for (line, want) in CASES {
        let bin = line.split(' ').next().unwrap();
        let script = format!(
            "source '{}'; function _ipvsadm_table_text; printf '%s' \"$TABLE\"; end; complete -C '{line}'",
            dir.join(format!("{bin}.fish")).display()
        );
        let out = Process::new(&fish)
            .env("TABLE", TABLE)
            .args(["--no-config", "-c", &script])
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        let mut got: Vec<&str> = text
            .lines()
            .map(|l| l.split('\t').next().unwrap())
            .collect();
        got.sort();
        // fish shows `--opt=value` candidates whole.
        let cur = line.rsplit(' ').next().unwrap();
        let opt = cur.split_once('=').map_or("", |(o, _)| o);
        let eq = if opt.is_empty() { "" } else { "=" };
        let mut want: Vec<String> = want
            .split_whitespace()
            .map(|w| format!("{opt}{eq}{w}"))
            .collect();
        want.sort();
        assert_eq!(got, want, "fish: {line}");
    }
}

#[test]
fn zsh_completion_loads_and_reads_the_table() {
    let Ok(zsh) = which("zsh") else { return };
    for bin in ["ipvsadm", "ipvsadm-save", "ipvsadm-restore", "ipvstop"] {
        let file = root().join(format!("completions/zsh/_{bin}"));
        let f = format!("_{}", bin.replace('-', "_"));
        let script = format!(
            "autoload -Uz compinit && compinit -u -D && source '{}' && (( $+functions[{f}] )) && [[ $_comps[{bin}] = {f} ]]",
            file.display()
        );
        let out = Process::new(&zsh)
            .args(["-f", "-c", &script])
            .output()
            .unwrap();
        assert!(
            out.status.success() && out.stderr.is_empty(),
            "{bin}: {out:?}"
        );
    }
}

fn which(prog: &str) -> Result<PathBuf, ()> {
    let path = std::env::var_os("PATH").ok_or(())?;
    std::env::split_paths(&path)
        .map(|d| d.join(prog))
        .find(|p| p.is_file())
        .ok_or(())
}

/// A `clap::Command` describing every option, for completion generators
/// (the shells' option lists). The programs do not use it: parsing is
/// popt's grammar (`ipvsadm::cli`).
fn clap_command() -> clap::Command {
    use clap::{Arg, ArgAction};
    let mut cmd = clap::Command::new("ipvsadm")
        .about("Linux Virtual Server administration")
        .disable_help_flag(true)
        .disable_version_flag(true);
    for s in ipvsadm::cli::OPTIONS {
        // `-l` has no long name: it is added as an alias of `--list`.
        let Some(long) = s.long else { continue };
        let mut arg = Arg::new(long).long(long).help(s.help);
        if let Some(c) = s.short {
            arg = arg.short(c);
        }
        if s.opt == ipvsadm::cli::Opt::List {
            arg = arg.short_alias('l');
        }
        arg = match s.arg {
            ipvsadm::cli::ArgKind::None => arg.action(ArgAction::SetTrue),
            ipvsadm::cli::ArgKind::Required => arg.action(ArgAction::Set).value_name(s.value_name),
            ipvsadm::cli::ArgKind::Optional => arg
                .action(ArgAction::Set)
                .num_args(0..=1)
                .value_name(s.value_name),
        };
        cmd = cmd.arg(arg);
    }
    cmd.arg(
        Arg::new("timeouts")
            .num_args(0..=3)
            .value_name("timeout")
            .help("--set: tcp tcpfin udp"),
    )
}

#[test]
fn clap_command_is_consistent() {
    clap_command().debug_assert();
}
