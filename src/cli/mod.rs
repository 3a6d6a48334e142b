//! argv to a typed `Invocation`, with the reference's grammar (popt
//! semantics), legality matrix and error sentences. Pure: name look-ups go
//! through `names::Resolver`, nothing here touches the kernel.

mod act;
mod addr;
mod checks;
mod grammar;
mod help;
pub mod matrix;
pub mod options;
#[cfg(test)]
mod test_view;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_verified;
mod tokens;

pub use addr::{inet_aton, parse_service, HostPort};
pub use grammar::{parse, parse_words, DEFAULT_PERSISTENT_TIMEOUT, DEFAULT_SCHEDULER, MAX_TIMEOUT};
pub use help::{help_text, version_text};
pub use options::{ArgKind, Opt, OptSpec, OPTIONS};
pub use tokens::last_value;

pub use crate::ipvs::Request;
use crate::model::Service;

/// The command, the first option of the line. The parser uses it for the
/// legality matrix and messages; what a command carries is `Action`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Command {
    AddService,
    EditService,
    DelService,
    Flush,
    List,
    AddServer,
    DelServer,
    EditServer,
    SetTimeout,
    StartDaemon,
    StopDaemon,
    Restore,
    Save,
    Zero,
    Help,
    Version,
}

/// Every command, once: the option that starts it, the name the reference
/// uses in its messages (flush, not clear; set, not timeout), and its
/// column in the legality matrix (`matrix::MATRIX`; help and version are
/// never checked).
pub const COMMANDS: &[(Command, Opt, &str, Option<usize>)] = &[
    (Command::AddService, Opt::AddService, "add-service", Some(0)),
    (
        Command::EditService,
        Opt::EditService,
        "edit-service",
        Some(1),
    ),
    (
        Command::DelService,
        Opt::DelService,
        "delete-service",
        Some(2),
    ),
    (Command::Flush, Opt::Clear, "flush", Some(3)),
    (Command::List, Opt::List, "list", Some(4)),
    (Command::AddServer, Opt::AddServer, "add-server", Some(5)),
    (Command::DelServer, Opt::DelServer, "delete-server", Some(6)),
    (Command::EditServer, Opt::EditServer, "edit-server", Some(7)),
    (Command::SetTimeout, Opt::Set, "set", Some(8)),
    (
        Command::StartDaemon,
        Opt::StartDaemon,
        "start-daemon",
        Some(9),
    ),
    (
        Command::StopDaemon,
        Opt::StopDaemon,
        "stop-daemon",
        Some(10),
    ),
    (Command::Restore, Opt::Restore, "restore", Some(11)),
    (Command::Save, Opt::Save, "save", Some(12)),
    (Command::Zero, Opt::Zero, "zero", Some(13)),
    (Command::Help, Opt::Help, "help", None),
    (Command::Version, Opt::Version, "version", None),
];

impl Command {
    fn row(self) -> &'static (Command, Opt, &'static str, Option<usize>) {
        COMMANDS
            .iter()
            .find(|r| r.0 == self)
            .expect("every command has a row")
    }

    /// The name the reference uses in its messages.
    pub fn name(self) -> &'static str {
        self.row().2
    }

    /// The legality matrix column (None for help and version).
    pub fn column(self) -> Option<usize> {
        self.row().3
    }

    /// The command an option starts, if it is one.
    pub fn of(opt: Opt) -> Option<Command> {
        COMMANDS.iter().find(|r| r.1 == opt).map(|r| r.0)
    }
}

/// Output format of listings. `Text` is the reference's, byte for byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Text,
    /// `--json`: our addition.
    Json,
    /// `--table`: a human table (comfy-table); our addition.
    Table,
}

/// The `-L` view options.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ListOptions {
    pub numeric: bool,
    pub connection: bool,
    pub timeout: bool,
    pub daemon: bool,
    pub stats: bool,
    pub rate: bool,
    pub thresholds: bool,
    pub persistent_conn: bool,
    pub tun_info: bool,
    pub nosort: bool,
    pub exact: bool,
    pub format: Format,
    /// Filters for `-c` (our addition): virtual address, real server, state.
    pub conn_filter: ConnFilter,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ConnFilter {
    pub vaddr: Option<String>,
    pub raddr: Option<String>,
    pub state: Option<String>,
}

/// One parsed command line (or one rule line): what to do, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invocation {
    /// argv[0] as given: the help and try-help texts repeat it.
    pub prog: String,
    /// `--netns NAME|PATH` (our addition): run in that network namespace.
    pub netns: Option<String>,
    pub action: Action,
}

/// What one command line asks for, carrying exactly what that command
/// needs: the parser's guarantees hold in the type, so no command checks
/// them again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// One change to the kernel's table or settings (`-A -E -D -a -e -d -C
    /// -Z --set --start-daemon --stop-daemon`), every field already filled
    /// with the reference's defaults (`-E` and `-e` replace every field).
    Change(Request),
    /// `-L`/`-l`, and no arguments at all.
    List(ListArgs),
    /// `-L --metrics` (our addition): the table as OpenMetrics text.
    Metrics(MetricsArgs),
    /// `-S`.
    Save(SaveArgs),
    /// `-R`: rule lines from standard input.
    Restore,
    Help,
    Version,
}

/// `-L`: one service (its key given with `-t`/`-u`/`--sctp-service`/`-f`)
/// or all, and the view.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ListArgs {
    pub service: Option<Service>,
    pub opts: ListOptions,
}

/// `-L --metrics`: one service or all, in listing order unless `nosort`;
/// which destination labels are kept (the rest summed over); whether the
/// connection table is counted too (`--metrics-conns`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MetricsArgs {
    pub format: MetricsFormat,
    pub service: Option<Service>,
    pub nosort: bool,
    pub labels: DestLabels,
    pub conns: bool,
}

/// `--metrics[=FORMAT]`: the exposition format. The two carry the same
/// samples; they differ in the metadata lines (OpenMetrics names a
/// counter's family without `_total`, has `info` and `# UNIT`, ends with
/// `# EOF`; Prometheus text 0.0.4, which node_exporter's textfile
/// collector and promtool read, has none of that).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MetricsFormat {
    #[default]
    OpenMetrics,
    Prometheus,
}

/// `--metrics-labels`: the destination labels kept in the destination
/// series (the service's labels are always kept). Both by default; none
/// (`service`) sums every destination of a service into one series.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DestLabels {
    pub address: bool,
    pub port: bool,
}

impl Default for DestLabels {
    fn default() -> Self {
        DestLabels {
            address: true,
            port: true,
        }
    }
}

impl DestLabels {
    /// `service`, `dest_address`, `dest_port`, comma-separated (`service`
    /// names the labels every series has, so it adds nothing).
    pub fn parse(list: &str) -> Option<DestLabels> {
        let mut l = DestLabels {
            address: false,
            port: false,
        };
        for word in list.split(',') {
            match word {
                "service" => {}
                "dest_address" => l.address = true,
                "dest_port" => l.port = true,
                _ => return None,
            }
        }
        Some(l)
    }
}

/// `-S`: numeric output, and our `--thresholds`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SaveArgs {
    pub numeric: bool,
    pub thresholds: bool,
}

impl Invocation {
    pub fn new(action: Action, prog: &str) -> Invocation {
        Invocation {
            prog: prog.to_string(),
            netns: None,
            action,
        }
    }

    /// The command this invocation came from (for messages).
    pub fn command(&self) -> Command {
        match &self.action {
            Action::Change(r) => match r {
                Request::AddService(_) => Command::AddService,
                Request::EditService(_) => Command::EditService,
                Request::DelService(_) => Command::DelService,
                Request::AddDest(..) => Command::AddServer,
                Request::EditDest(..) => Command::EditServer,
                Request::DelDest(..) => Command::DelServer,
                Request::Flush => Command::Flush,
                Request::Zero(_) => Command::Zero,
                Request::SetTimeouts(_) => Command::SetTimeout,
                Request::StartDaemon(_) => Command::StartDaemon,
                Request::StopDaemon(_) => Command::StopDaemon,
            },
            Action::List(_) | Action::Metrics(_) => Command::List,
            Action::Save(_) => Command::Save,
            Action::Restore => Command::Restore,
            Action::Help => Command::Help,
            Action::Version => Command::Version,
        }
    }
}
