//! What can go wrong talking to IPVS: `Error`, the request it belongs to
//! (`KernelOp`), and what the kernel means by an errno for that request
//! (`meaning`, after the checks of net/netfilter/ipvs/ip_vs_ctl.c). No
//! program's wording: the `ipvsadm` programs map these to their own
//! sentences.

use std::time::Duration;
use thiserror::Error;

/// Which kernel request failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum KernelOp {
    /// Opening IPVS: the generic-netlink family lookup and GET_INFO.
    Init,
    /// IPVS_CMD_NEW_SERVICE.
    AddService,
    /// IPVS_CMD_SET_SERVICE.
    EditService,
    /// IPVS_CMD_DEL_SERVICE.
    DelService,
    /// IPVS_CMD_ZERO (one service, or all).
    Zero,
    /// IPVS_CMD_NEW_DEST.
    AddDest,
    /// IPVS_CMD_SET_DEST.
    EditDest,
    /// IPVS_CMD_DEL_DEST.
    DelDest,
    /// IPVS_CMD_SET_CONFIG.
    SetTimeout,
    /// IPVS_CMD_NEW_DAEMON.
    StartDaemon,
    /// IPVS_CMD_DEL_DAEMON.
    StopDaemon,
    /// IPVS_CMD_FLUSH.
    Flush,
    /// The IPVS_CMD_GET_SERVICE dump of every service.
    GetServices,
    /// IPVS_CMD_GET_SERVICE of one service.
    GetService,
    /// The IPVS_CMD_GET_DEST dump of one service's destinations.
    GetDests,
    /// IPVS_CMD_GET_CONFIG.
    GetTimeout,
    /// The IPVS_CMD_GET_DAEMON dump.
    GetDaemon,
    /// IPVS_CMD_GET_INFO.
    GetInfo,
}

impl KernelOp {
    /// Read-only requests.
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

/// The message of `Error::Timeout`: the request, the deadline and, for a
/// change, that whether it was applied is unknown.
pub fn timeout_message(op: KernelOp, after: Duration) -> String {
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

/// What the kernel means by `errno` in answer to `op`, as ip_vs_ctl.c
/// decides it (the generic strerror text where the errno says no more).
pub fn meaning(op: KernelOp, errno: i32) -> String {
    use KernelOp::*;
    let specific = match (op, errno) {
        (AddService, libc::EEXIST) => "the service already exists",
        (AddService | EditService, libc::ENOENT) => {
            "the scheduler or persistence engine could not be found or loaded"
        }
        (EditService | DelService | Zero | GetService, libc::ESRCH) => "no such service",
        (AddDest | EditDest | DelDest | GetDests, libc::ESRCH) => "the service does not exist",
        (AddDest, libc::EEXIST) => "the destination already exists",
        (EditDest | DelDest, libc::ENOENT) => "no such destination",
        (StartDaemon, libc::EEXIST) => "a sync daemon of that state is already running",
        (StopDaemon, libc::ESRCH) => "no sync daemon of that state is running",
        (_, libc::EPERM) => "not permitted (CAP_NET_ADMIN is needed)",
        (_, libc::EINVAL) => "the kernel refused an attribute's value",
        _ => return strerror(errno),
    };
    specific.to_string()
}

/// The C library's text for an errno, without the " (os error N)" that
/// std appends.
pub fn strerror(errno: i32) -> String {
    let s = std::io::Error::from_raw_os_error(errno).to_string();
    match s.rfind(" (os error ") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

/// A failure talking to IPVS.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum Error {
    /// The kernel answered `op` with this errno.
    #[error("{}: {}", op.what(), meaning(*op, *errno))]
    Kernel {
        /// The request.
        op: KernelOp,
        /// The kernel's errno (positive).
        errno: i32,
    },
    /// The kernel did not answer `op` within `after` (the handle's
    /// deadline). For a change, whether it was applied is unknown.
    #[error("{}", timeout_message(*op, *after))]
    Timeout {
        /// The request.
        op: KernelOp,
        /// The deadline that ran out.
        after: Duration,
    },
    /// IPVS cannot be used here: no `ip_vs` in the kernel (`errno` is then
    /// ENOENT from the family lookup) or not permitted (EPERM).
    #[error("IPVS is not available: {}", strerror(*errno))]
    NotAvailable {
        /// Why, as an errno.
        errno: i32,
    },
    /// A reply that could not be decoded or broke the protocol.
    #[error("netlink: {0}")]
    Protocol(String),
    /// The socket failed (opening it, or sending).
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

impl Error {
    /// The errno behind the error, if there is one.
    pub fn errno(&self) -> Option<i32> {
        match self {
            Error::Kernel { errno, .. } | Error::NotAvailable { errno } => Some(*errno),
            Error::Io(e) => e.raw_os_error(),
            _ => None,
        }
    }

    /// The request the error belongs to, if it is one request's.
    pub fn op(&self) -> Option<KernelOp> {
        match self {
            Error::Kernel { op, .. } | Error::Timeout { op, .. } => Some(*op),
            _ => None,
        }
    }
}

/// A result with this crate's `Error`.
pub type Result<T, E = Error> = std::result::Result<T, E>;
