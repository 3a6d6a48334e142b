//! The one error type, the reference's kernel-error sentences and the exit
//! codes. `main` prints `Error`'s Display on stderr and exits with
//! `exit_code()`; nothing else in the crate exits.

use std::time::Duration;
use thiserror::Error;

/// Which kernel request failed. The reference picks its message from the
/// pair (last libipvs function, errno); this is that function.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KernelOp {
    Init,
    AddService,
    EditService,
    DelService,
    Zero,
    AddDest,
    EditDest,
    DelDest,
    SetTimeout,
    StartDaemon,
    StopDaemon,
    /// `-C`. The reference does not record flush as its last function, so
    /// only the generic rows apply.
    Flush,
    /// The GET_SERVICE dump behind a full `-L`/`-S`: generic rows only, as
    /// for flush.
    GetServices,
    GetService,
    GetDests,
    GetTimeout,
    GetDaemon,
    GetInfo,
}

impl KernelOp {
    /// Read-only requests: their failures exit 1 in the reference, the
    /// modifying ones 255.
    pub fn is_query(self) -> bool {
        matches!(
            self,
            KernelOp::GetServices
                | KernelOp::GetService
                | KernelOp::GetDests
                | KernelOp::GetTimeout
                | KernelOp::GetDaemon
                | KernelOp::GetInfo
        )
    }

    /// Requests that change the kernel's state: neither a query nor the
    /// family lookup of `Init`.
    pub fn is_change(self) -> bool {
        !self.is_query() && self != KernelOp::Init
    }

    /// The request, as a noun phrase for messages of ours ("no answer
    /// from the kernel to ...").
    pub fn what(self) -> &'static str {
        use KernelOp::*;
        match self {
            Init => "the lookup of the IPVS netlink family",
            AddService => "a request to add a service",
            EditService => "a request to edit a service",
            DelService => "a request to delete a service",
            Zero => "a request to zero counters",
            AddDest => "a request to add a destination",
            EditDest => "a request to edit a destination",
            DelDest => "a request to delete a destination",
            SetTimeout => "a request to set the timeouts",
            StartDaemon => "a request to start a sync daemon",
            StopDaemon => "a request to stop a sync daemon",
            Flush => "a request to flush the table",
            GetServices => "the dump of the services",
            GetService => "the query of a service",
            GetDests => "the dump of a service's destinations",
            GetTimeout => "the query of the timeouts",
            GetDaemon => "the dump of the sync daemons",
            GetInfo => "the query of the IPVS version",
        }
    }
}

/// A timeout's wording: "5 s", "0.2 s", "1.25 s"; below a millisecond,
/// Rust's own ("500µs").
pub fn show_duration(d: Duration) -> String {
    if d < Duration::from_millis(1) {
        return format!("{d:?}");
    }
    let s = format!("{:.3}", d.as_secs_f64());
    let s = s.trim_end_matches('0').trim_end_matches('.');
    format!("{s} s")
}

/// The message of `Error::Timeout`.
fn timeout_message(op: KernelOp, after: Duration) -> String {
    let mut m = format!(
        "no answer from the kernel to {} within {}",
        op.what(),
        show_duration(after)
    );
    if op.is_change() {
        m.push_str(": whether it was applied is unknown");
    }
    m
}

/// The reference's message for a kernel error (ipvsadm 1.31 with libipvs,
/// observed on a 6.1 kernel; see shared/ipvsadm-behavior.md §5.3). Rows keyed
/// on the operation come first, then the generic rows, then strerror.
pub fn kernel_message(op: KernelOp, errno: i32) -> String {
    use KernelOp::*;
    let specific = match (op, errno) {
        (AddService, libc::EEXIST) => Some("Service already exists"),
        (AddService | EditService, libc::ENOENT) => {
            Some("Scheduler or persistence engine not found")
        }
        (EditService | DelService | Zero, libc::ESRCH) => Some("No such service"),
        (AddDest | EditDest | DelDest, libc::ESRCH) => Some("Service not defined"),
        (AddDest, libc::EEXIST) => Some("Destination already exists"),
        (EditDest | DelDest, libc::ENOENT) => Some("No such destination"),
        (StartDaemon, libc::EEXIST) => Some("Daemon has already run"),
        (StopDaemon, libc::ESRCH) => Some("No daemon is running"),
        (GetService | GetDests, libc::ESRCH) => Some("No such service"),
        _ => None,
    };
    if let Some(s) = specific {
        return s.to_string();
    }
    let generic = match errno {
        libc::EPERM => Some("Permission denied (you must be root)"),
        libc::EINVAL => {
            Some("Invalid operation.  Possibly wrong module version, address not unicast, ...")
        }
        libc::ENOPROTOOPT => Some("Protocol not available"),
        libc::ENOMEM => Some("Memory allocation problem"),
        libc::EOPNOTSUPP => Some("Operation not supported with IPv6"),
        libc::EAFNOSUPPORT => Some("Operation not supported with specified address family"),
        libc::EMSGSIZE => Some("Module is wrong version"),
        _ => None,
    };
    match generic {
        Some(s) => s.to_string(),
        None => strerror(errno),
    }
}

/// glibc's strerror text, without the " (os error N)" std appends.
pub fn strerror(errno: i32) -> String {
    let s = std::io::Error::from_raw_os_error(errno).to_string();
    match s.rfind(" (os error ") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

#[derive(Debug, Error)]
pub enum Error {
    /// The reference's `fail()` class: a legality, range or parse error.
    /// Exit 2.
    #[error("{0}")]
    Usage(String),
    /// The first option is not a command (and a few others): the
    /// "try help" line. Exit 255.
    #[error("Try `{prog} -h' or '{prog} --help' for more information.")]
    TryHelp { prog: String },
    /// A popt-level error: `<option as typed>: <popt message>`. Exit 255.
    #[error("{opt}: {msg}")]
    Popt { opt: String, msg: String },
    /// The kernel refused a request. Exit 1 for queries, 255 otherwise.
    #[error("{}", kernel_message(*op, *errno))]
    Kernel { op: KernelOp, errno: i32 },
    /// The kernel did not answer `op` within `after` (ours: the reference
    /// waits forever). Exit 1 for queries and the family lookup, 255 for
    /// changes, whose outcome is then unknown.
    #[error("{}", timeout_message(*op, *after))]
    Timeout { op: KernelOp, after: Duration },
    /// IPVS could not be initialised (no module, not root). Exit 2.
    #[error("Can't initialize ipvs: {}\nAre you sure that IP Virtual Server is built in the kernel or as module?", kernel_message(KernelOp::Init, *errno))]
    Init { errno: i32 },
    /// A listing failure with the reference's message (exit 1), e.g.
    /// `cannot open file /proc/net/ip_vs_conn`.
    #[error("{0}")]
    List(String),
    /// Exit with this status and print nothing (the reference's `--timeout`
    /// and `--daemon` failures).
    #[error("")]
    Silent(i32),
    /// A rule line longer than the reference reads whole (ours; the
    /// reference runs the pieces as separate commands). Exit 2, like a
    /// parse error; always reported with its line number.
    #[error("too long: more than {max} bytes")]
    LineTooLong { max: usize },
    /// An option that means something for a whole run, not one rule, found
    /// in a rule line (ours: the reference does not know `--netns` and
    /// refuses it as an unknown option). Exit 2, like a parse error;
    /// always reported with its line number.
    #[error("{option} is not allowed in a rule line")]
    NotInRuleLine { option: &'static str },
    /// A reply we could not decode, or a reply that broke the protocol.
    #[error("netlink: {0}")]
    Protocol(String),
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

impl Error {
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Usage(_)
            | Error::Init { .. }
            | Error::LineTooLong { .. }
            | Error::NotInRuleLine { .. } => 2,
            Error::TryHelp { .. } | Error::Popt { .. } => 255,
            Error::Kernel { op, .. } if op.is_query() => 1,
            Error::Kernel { .. } => 255,
            Error::Timeout { op, .. } if op.is_change() => 255,
            Error::Timeout { .. } => 1,
            Error::List(_) => 1,
            Error::Silent(code) => *code,
            Error::Protocol(_) | Error::Io(_) => 1,
        }
    }

    /// Whether `-R` names the line of this error even without
    /// `--line-numbers`: errors of ours about the line as a whole, which
    /// the reference has no message for.
    pub fn names_its_line(&self) -> bool {
        matches!(
            self,
            Error::LineTooLong { .. } | Error::NotInRuleLine { .. }
        )
    }

    /// The error in a few words, for a sentence that already names the
    /// request and says that its outcome is unknown: a timeout as "no
    /// answer within 5 s", anything else as its message.
    pub fn cause(&self) -> String {
        match self {
            Error::Timeout { after, .. } => format!("no answer within {}", show_duration(*after)),
            e => e.to_string(),
        }
    }

    /// Whether anything is printed for this error.
    pub fn is_silent(&self) -> bool {
        matches!(self, Error::Silent(_))
    }

    /// Prints the error the way the reference does and gives its exit
    /// code. A closed stdout (`ipvsadm -L | head`) ends quietly with 0.
    pub fn report(&self, err: &mut dyn std::io::Write) -> i32 {
        if let Error::Io(io) = self {
            if io.kind() == std::io::ErrorKind::BrokenPipe {
                return 0;
            }
        }
        if !self.is_silent() {
            let _ = writeln!(err, "{self}");
        }
        self.exit_code()
    }

    pub fn usage(msg: impl Into<String>) -> Error {
        Error::Usage(msg.into())
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
#[path = "error_tests.rs"]
mod tests;
