//! argv to a typed `Invocation`, with the reference's grammar (popt
//! semantics), legality matrix and error sentences. Pure: name look-ups go
//! through `names::Resolver`, nothing here touches the kernel.

mod addr;
mod checks;
mod grammar;
mod help;
pub mod matrix;
pub mod options;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_verified;
mod tokens;

pub use addr::{inet_aton, parse_service, HostPort};
pub use grammar::{parse, DEFAULT_PERSISTENT_TIMEOUT, DEFAULT_SCHEDULER, MAX_TIMEOUT};
pub use help::{clap_command, help_text, version_text};
pub use options::{ArgKind, Opt, OptSpec, OPTIONS};

use crate::model::{Daemon, DaemonState, Dest, Service, Timeouts};

/// The command, the first option of the line.
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

impl Command {
    /// The name the reference uses in its messages (flush, not clear; set,
    /// not timeout).
    pub fn name(self) -> &'static str {
        match self {
            Command::AddService => "add-service",
            Command::EditService => "edit-service",
            Command::DelService => "delete-service",
            Command::Flush => "flush",
            Command::List => "list",
            Command::AddServer => "add-server",
            Command::DelServer => "delete-server",
            Command::EditServer => "edit-server",
            Command::SetTimeout => "set",
            Command::StartDaemon => "start-daemon",
            Command::StopDaemon => "stop-daemon",
            Command::Restore => "restore",
            Command::Save => "save",
            Command::Zero => "zero",
            Command::Help => "help",
            Command::Version => "version",
        }
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

/// One parsed command line (or one restore line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invocation {
    pub command: Command,
    /// argv[0] as given: the help and try-help texts repeat it.
    pub prog: String,
    /// The service with every field the command sends (`-A`/`-E` replace all
    /// fields, so defaults are already applied). `None` when no service
    /// option was given.
    pub service: Option<Service>,
    /// The real server for `-a`/`-e`/`-d`.
    pub dest: Option<Dest>,
    pub list: ListOptions,
    /// `--set tcp tcpfin udp`.
    pub timeouts: Timeouts,
    /// `--start-daemon` / `--stop-daemon`.
    pub daemon: Option<Daemon>,
    /// `--netns NAME|PATH` (our addition): run in that network namespace.
    pub netns: Option<String>,
}

impl Invocation {
    pub fn new(command: Command, prog: &str) -> Invocation {
        Invocation {
            command,
            prog: prog.to_string(),
            service: None,
            dest: None,
            list: ListOptions::default(),
            timeouts: Timeouts::default(),
            daemon: None,
            netns: None,
        }
    }

    /// A daemon request for `state` with the reference's defaults.
    pub fn default_daemon(state: DaemonState) -> Daemon {
        Daemon::new(state)
    }
}
