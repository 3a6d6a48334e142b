//! The man pages against the parsers: every option in `cli::OPTIONS` must
//! have its entry in man/ipvsadm.8, and every option of ipvsadm-restore's
//! option table (`app::restore::OPTIONS`) in man/ipvsadm-restore.8, each in a definition (a
//! `.TP` paragraph) that names all its forms (`-t, --tcp-service`).
//! ipvstop's options, as its `--help` lists them, and the OPTIONS of
//! man/ipvstop.8 must be the same set, and its parser must know each.
//! Also: the pages render without warnings (mandoc -T lint, and groff
//! with warnings on), where those tools are installed (.ci/run installs
//! both).

#[path = "common/top_help.rs"]
mod top_help;

use std::path::{Path, PathBuf};
use std::process::Command;

fn page(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("man").join(name)
}

/// The page as plain text: roff's `\-` is a dash and font changes vanish,
/// so `\fB\-t\fR, \fB\-\-tcp\-service\fR` reads `-t, --tcp-service`.
fn plain(name: &str) -> String {
    let roff = std::fs::read_to_string(page(name)).unwrap();
    let mut s = roff.replace("\\-", "-");
    for font in ["\\fB", "\\fI", "\\fR", "\\fP"] {
        s = s.replace(font, "");
    }
    s
}

/// An option's forms: `-t` and `--tcp-service`.
fn forms(short: Option<char>, long: Option<&str>) -> Vec<String> {
    let mut f: Vec<String> = short.map(|c| format!("-{c}")).into_iter().collect();
    f.extend(long.map(|l| format!("--{l}")));
    assert!(!f.is_empty(), "an option without a name");
    f
}

/// The options each definition names. Definitions are `.TP` paragraphs
/// whose tag line starts with the forms: `-L, -l, --list`,
/// `--set tcp tcpfin udp`.
fn definitions(text: &str) -> Vec<Vec<String>> {
    let lines: Vec<&str> = text.lines().collect();
    lines
        .windows(2)
        .filter(|w| w[0] == ".TP")
        .map(|w| {
            w[1].split_whitespace()
                .take_while(|t| t.starts_with('-'))
                .map(|t| t.trim_end_matches(',').to_string())
                .collect()
        })
        .collect()
}

/// The options (by their forms) that no definition in the page names.
fn missing(page_name: &str, options: &[Vec<String>]) -> Vec<String> {
    let defs = definitions(&plain(page_name));
    options
        .iter()
        .filter(|o| !defs.iter().any(|d| o.iter().all(|f| d.contains(f))))
        .map(|o| o.join(", "))
        .collect()
}

#[test]
fn every_ipvsadm_option_is_in_its_man_page() {
    let entries: Vec<Vec<String>> = ipvsadm::cli::OPTIONS
        .iter()
        .map(|s| forms(s.short, s.long))
        .collect();
    let missing = missing("ipvsadm.8", &entries);
    assert!(missing.is_empty(), "ipvsadm.8 lacks {missing:?}");
}

#[test]
fn every_restore_option_is_in_its_man_page() {
    let entries: Vec<Vec<String>> = ipvsadm::app::restore::OPTIONS
        .iter()
        .map(|(long, _, _)| forms(None, Some(long)))
        .collect();
    assert!(entries.len() >= 9, "{entries:?}");
    let missing = missing("ipvsadm-restore.8", &entries);
    assert!(missing.is_empty(), "ipvsadm-restore.8 lacks {missing:?}");
}

/// The text of one `.SH` section of a page (plain), to its end.
fn section(text: &str, name: &str) -> String {
    let head = format!(".SH {name}\n");
    let start = text
        .find(&head)
        .unwrap_or_else(|| panic!("no section {name}"))
        + head.len();
    let rest = &text[start..];
    rest[..rest.find("\n.SH ").map_or(rest.len(), |e| e + 1)].to_string()
}

#[test]
fn ipvstop_help_and_man_page_list_the_same_options() {
    let help: Vec<Vec<String>> = top_help::top_options().iter().map(|o| o.forms()).collect();
    assert!(help.len() >= 13, "{help:?}");
    let missing = missing("ipvstop.8", &help);
    assert!(missing.is_empty(), "ipvstop.8 lacks {missing:?}");
    // The other way: every definition in OPTIONS is an option of --help
    // (KEYS has definitions too, `-` among them: not options).
    let options = section(&plain("ipvstop.8"), "OPTIONS");
    let extra: Vec<Vec<String>> = definitions(&options)
        .into_iter()
        .filter(|d| !help.contains(d))
        .collect();
    assert!(
        extra.is_empty(),
        "ipvstop.8 documents {extra:?}, --help does not"
    );
}

/// An option in the help text that the parser refuses as unknown is a
/// help text out of date.
#[test]
fn ipvstop_parser_knows_every_option_of_its_help() {
    use ipvsadm::top::opts::{parse, UsageError};
    for o in top_help::top_options() {
        for form in o.forms() {
            if let Err(UsageError(e)) = parse(std::slice::from_ref(&form)) {
                assert!(!e.starts_with("unknown option"), "{form}: {e}");
            }
        }
    }
}

/// The keys of the view: the help screen's (`ui::draw::HELP_TEXT`) and the
/// sort keys of every column. Each must be a tag under KEYS in the page.
const TOP_KEYS: &[&str] = &[
    "q", "Ctrl-C", "?", "h", "/", "d", "s", "p", "Up", "Down", "PgUp", "PgDn", "Home", "End",
    "Enter", "Space", "Left", "Right", "+", "-", "v", "Tab", "<", ">", "R", "t", "N", "e",
];

#[test]
fn ipvstop_page_lists_every_key() {
    let help = ipvsadm::top::ui::draw::HELP_TEXT;
    let keys = section(&plain("ipvstop.8"), "KEYS");
    let lines: Vec<&str> = keys.lines().collect();
    let tags: Vec<&str> = lines
        .windows(2)
        .filter(|w| w[0] == ".TP")
        .flat_map(|w| w[1].split(", "))
        .collect();
    let columns = ipvsadm::top::sort::Column::ALL.map(|c| c.key().to_string());
    for key in TOP_KEYS
        .iter()
        .copied()
        .chain(columns.iter().map(|k| k.as_str()))
    {
        assert!(help.contains(key), "the help screen lacks {key:?}");
        assert!(tags.contains(&key), "KEYS in ipvstop.8 lacks {key:?}");
    }
}

#[test]
fn save_page_documents_n() {
    assert!(definitions(&plain("ipvsadm-save.8")).contains(&vec!["-n".to_string()]));
}

/// The pages, each in full, must draw no message at all from the linter.
#[test]
fn pages_render_without_warnings() {
    for name in [
        "ipvsadm.8",
        "ipvsadm-save.8",
        "ipvsadm-restore.8",
        "ipvstop.8",
    ] {
        let file = page(name);
        if let Some(out) = run("mandoc", &["-T", "lint", "-W", "style"], &file) {
            let text = format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            assert!(out.status.success() && text.is_empty(), "{name}: {text}");
        }
        if let Some(out) = run("groff", &["-man", "-ww", "-z", "-Tutf8"], &file) {
            let text = String::from_utf8_lossy(&out.stderr);
            assert!(out.status.success() && text.is_empty(), "{name}: {text}");
        }
    }
}

/// Runs `prog args file`; `None` when the program is not installed.
fn run(prog: &str, args: &[&str], file: &Path) -> Option<std::process::Output> {
    match Command::new(prog).args(args).arg(file).output() {
        Ok(out) => Some(out),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            eprintln!("{prog} not installed: skipping its check");
            None
        }
        Err(e) => panic!("{prog}: {e}"),
    }
}
