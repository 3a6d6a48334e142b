//! The one error type, the reference's kernel-error sentences and the exit
//! codes. `main` prints `Error`'s Display on stderr and exits with
//! `exit_code()`; nothing else in the crate exits.

use std::time::Duration;
use thiserror::Error;

pub use ::ipvs::error::{show_duration, strerror, timeout_message, KernelOp};

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

/// The library's errors as the programs report them: a kernel errno as
/// the reference's sentence for that request, IPVS missing as the
/// reference's initialisation failure.
impl From<::ipvs::Error> for Error {
    fn from(e: ::ipvs::Error) -> Error {
        match e {
            ::ipvs::Error::Kernel { op, errno } => Error::Kernel { op, errno },
            ::ipvs::Error::Timeout { op, after } => Error::Timeout { op, after },
            ::ipvs::Error::NotAvailable { errno } => Error::Init { errno },
            ::ipvs::Error::Protocol(m) => Error::Protocol(m),
            ::ipvs::Error::Io(e) => Error::Io(e),
            other => Error::Protocol(other.to_string()),
        }
    }
}

#[cfg(test)]
#[path = "error_tests.rs"]
mod tests;
