//! The connection-sync daemon as the kernel knows it: its role and its
//! multicast settings.

use std::net::IpAddr;

/// Sync daemon role (`IP_VS_STATE_MASTER` / `IP_VS_STATE_BACKUP`); the
/// kernel runs at most one of each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DaemonState {
    /// Sends this host's connections to the backups.
    Master,
    /// Receives a master's connections.
    Backup,
}

impl DaemonState {
    /// The kernel's value.
    pub fn to_raw(self) -> u32 {
        match self {
            DaemonState::Master => 1,
            DaemonState::Backup => 2,
        }
    }

    /// The role of a kernel value; `None` for any other.
    pub fn from_raw(v: u32) -> Option<DaemonState> {
        match v {
            1 => Some(DaemonState::Master),
            2 => Some(DaemonState::Backup),
            _ => None,
        }
    }

    /// `master` or `backup`, as ipvsadm spells it.
    pub fn name(self) -> &'static str {
        match self {
            DaemonState::Master => "master",
            DaemonState::Backup => "backup",
        }
    }
}

/// A connection-sync daemon. The optional fields are sent only when given;
/// the kernel fills in its defaults for those not given and lists them.
///
/// ```
/// use ipvs::model::{Daemon, DaemonState};
///
/// let mut d = Daemon::new(DaemonState::Backup);
/// d.mcast_ifn = "eth1".into();
/// d.syncid = 7;
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Daemon {
    /// Its role.
    pub state: DaemonState,
    /// The multicast interface (at most 15 bytes).
    pub mcast_ifn: String,
    /// The sync id: a backup takes only a master's of the same id (0:
    /// any).
    pub syncid: u32,
    /// The largest sync message payload, in bytes.
    pub sync_maxlen: Option<u16>,
    /// The multicast group (IPv4 or IPv6; the kernel's default is
    /// 224.0.0.81).
    pub mcast_group: Option<IpAddr>,
    /// The multicast UDP port (the kernel's default is 8848).
    pub mcast_port: Option<u16>,
    /// The multicast TTL (the kernel's default is 1).
    pub mcast_ttl: Option<u8>,
}

impl Daemon {
    /// A daemon of this role on no interface yet, sync id 0, the kernel's
    /// defaults for the rest.
    pub fn new(state: DaemonState) -> Daemon {
        Daemon {
            state,
            mcast_ifn: String::new(),
            syncid: 0,
            sync_maxlen: None,
            mcast_group: None,
            mcast_port: None,
            mcast_ttl: None,
        }
    }
}
