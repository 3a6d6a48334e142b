//! The plain domain model: services, destinations, daemons, timeouts, info
//! and stats, as the kernel's IPVS keeps them. Only the netlink layer
//! converts these to and from attributes; programs fill them and print
//! them.
//!
//! Values keep the kernel's widths (a weight is a u32 on the wire, printed
//! signed by ipvsadm; fwmarks are u32), and what a newer kernel may send
//! that this code has no name for is kept (`Other` variants, unknown flag
//! bits), so that nothing is lost between a listing and a request built
//! from it. Types the kernel may grow are `#[non_exhaustive]`: build them
//! with their constructors ([`Service::new`], [`Dest::new`], ...) and set
//! fields after.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

mod daemon;
mod dest;
mod flags;
pub mod limits;
mod scheduler;
mod service;

pub use daemon::{Daemon, DaemonState};
pub use dest::{Dest, Forward, TunnelType};
pub use flags::{ServiceFlags, TunnelCsum, TunnelFlags};
pub use scheduler::Scheduler;
pub use service::{Service, ServiceKey};

/// Address family, as `AF_INET` / `AF_INET6` on the wire (IPVS has no
/// other).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Family {
    /// IPv4 (`AF_INET`).
    #[default]
    Inet,
    /// IPv6 (`AF_INET6`).
    Inet6,
}

impl Family {
    /// `AF_INET`.
    pub const AF_INET: u16 = 2;
    /// `AF_INET6`.
    pub const AF_INET6: u16 = 10;

    /// The `AF_*` value.
    pub fn to_raw(self) -> u16 {
        match self {
            Family::Inet => Self::AF_INET,
            Family::Inet6 => Self::AF_INET6,
        }
    }

    /// The family of an `AF_*` value; `None` for any other.
    pub fn from_raw(af: u16) -> Option<Family> {
        match af {
            Self::AF_INET => Some(Family::Inet),
            Self::AF_INET6 => Some(Family::Inet6),
            _ => None,
        }
    }

    /// The family of an address.
    pub fn of(addr: &IpAddr) -> Family {
        match addr {
            IpAddr::V4(_) => Family::Inet,
            IpAddr::V6(_) => Family::Inet6,
        }
    }

    /// The all-zero address of this family.
    pub fn unspecified(self) -> IpAddr {
        match self {
            Family::Inet => IpAddr::V4(Ipv4Addr::UNSPECIFIED),
            Family::Inet6 => IpAddr::V6(Ipv6Addr::UNSPECIFIED),
        }
    }
}

/// IP protocol of a non-fwmark service (`IPPROTO_*` numbers).
pub mod proto {
    /// `IPPROTO_TCP`.
    pub const TCP: u16 = 6;
    /// `IPPROTO_UDP`.
    pub const UDP: u16 = 17;
    /// `IPPROTO_SCTP`.
    pub const SCTP: u16 = 132;

    /// The name used in listings and for /etc/services look-ups.
    pub fn name(p: u16) -> Option<&'static str> {
        match p {
            TCP => Some("tcp"),
            UDP => Some("udp"),
            SCTP => Some("sctp"),
            _ => None,
        }
    }
}

/// Traffic counters of a service or real server. The kernel sends 64-bit
/// `STATS64` (and 32-bit `STATS` for old tools); these are the 64-bit
/// values. Rates are the kernel's estimates, per second.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct Stats {
    /// Connections scheduled.
    pub conns: u64,
    /// Packets in (client to server).
    pub inpkts: u64,
    /// Packets out (server to client).
    pub outpkts: u64,
    /// Bytes in.
    pub inbytes: u64,
    /// Bytes out.
    pub outbytes: u64,
    /// Connections per second.
    pub cps: u64,
    /// Packets in per second.
    pub inpps: u64,
    /// Packets out per second.
    pub outpps: u64,
    /// Bytes in per second.
    pub inbps: u64,
    /// Bytes out per second.
    pub outbps: u64,
}

/// A service with its destinations, as listed and saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceEntry {
    /// The service.
    pub service: Service,
    /// Its real servers, in the kernel's order (newest first).
    pub dests: Vec<Dest>,
}

/// `GET_INFO`: the kernel's IPVS version and connection table size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct Info {
    /// `(major << 16) | (minor << 8) | patch`, e.g. 0x010201 for 1.2.1.
    pub version: u32,
    /// Buckets of the connection hash table (`ip_vs_conn_tab_size`).
    pub conn_tab_size: u32,
}

impl Info {
    /// Info of this version code and table size.
    pub const fn new(version: u32, conn_tab_size: u32) -> Info {
        Info {
            version,
            conn_tab_size,
        }
    }

    /// The version as (major, minor, patch).
    pub fn version_triple(&self) -> (u32, u32, u32) {
        (
            (self.version >> 16) & 0xff,
            (self.version >> 8) & 0xff,
            self.version & 0xff,
        )
    }
}

/// Protocol timeouts in seconds; 0 means "leave unchanged" when setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct Timeouts {
    /// Established TCP connections.
    pub tcp: u32,
    /// TCP connections after a FIN.
    pub tcp_fin: u32,
    /// UDP.
    pub udp: u32,
}

impl Timeouts {
    /// What a fresh kernel has (`ipvsadm --list --timeout` shows
    /// `900 120 300`).
    pub const KERNEL_DEFAULTS: Timeouts = Timeouts::new(900, 120, 300);

    /// These timeouts, in seconds.
    pub const fn new(tcp: u32, tcp_fin: u32, udp: u32) -> Timeouts {
        Timeouts { tcp, tcp_fin, udp }
    }
}
