//! The plain domain model: services, destinations, daemons, timeouts, info
//! and stats, as the kernel's IPVS keeps them. Only `netlink/` converts these
//! to and from attributes; the CLI fills them and the printers read them.
//!
//! Values keep the kernel's widths (a weight is a u32 on the wire, printed
//! signed by the reference; fwmarks are u32, printed signed) so that nothing
//! is lost between a dump and a save.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

mod daemon;
pub use daemon::{Daemon, DaemonState};

/// Address family, as `AF_INET` / `AF_INET6` on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Family {
    #[default]
    Inet,
    Inet6,
}

impl Family {
    pub const AF_INET: u16 = 2;
    pub const AF_INET6: u16 = 10;

    pub fn to_raw(self) -> u16 {
        match self {
            Family::Inet => Self::AF_INET,
            Family::Inet6 => Self::AF_INET6,
        }
    }

    pub fn from_raw(af: u16) -> Option<Family> {
        match af {
            Self::AF_INET => Some(Family::Inet),
            Self::AF_INET6 => Some(Family::Inet6),
            _ => None,
        }
    }

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

/// IP protocol of a non-fwmark service (IPPROTO_* numbers).
pub mod proto {
    pub const TCP: u16 = 6;
    pub const UDP: u16 = 17;
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

/// Service flags (`IP_VS_SVC_F_*` in the kernel's uapi `ip_vs.h`).
pub mod svc_flags {
    pub const PERSISTENT: u32 = 0x0001;
    pub const HASHED: u32 = 0x0002;
    pub const ONEPACKET: u32 = 0x0004;
    pub const SCHED1: u32 = 0x0008;
    pub const SCHED2: u32 = 0x0010;
    pub const SCHED3: u32 = 0x0020;
    pub const SCHED_MASK: u32 = SCHED1 | SCHED2 | SCHED3;
}

/// What identifies a virtual service: protocol, address and port, or a
/// firewall mark (with the family the mark applies to).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ServiceKey {
    Addr {
        protocol: u16,
        addr: IpAddr,
        port: u16,
    },
    Fwmark {
        mark: u32,
        af: Family,
    },
}

impl ServiceKey {
    pub fn family(&self) -> Family {
        match self {
            ServiceKey::Addr { addr, .. } => Family::of(addr),
            ServiceKey::Fwmark { af, .. } => *af,
        }
    }

    pub fn fwmark(&self) -> u32 {
        match self {
            ServiceKey::Fwmark { mark, .. } => *mark,
            ServiceKey::Addr { .. } => 0,
        }
    }

    /// The service port, 0 for a fwmark service.
    pub fn port(&self) -> u16 {
        match self {
            ServiceKey::Addr { port, .. } => *port,
            ServiceKey::Fwmark { .. } => 0,
        }
    }

    /// The protocol used for port names: fwmark services have none (the
    /// reference sets TCP internally but never sends or prints it).
    pub fn protocol(&self) -> Option<u16> {
        match self {
            ServiceKey::Addr { protocol, .. } => Some(*protocol),
            ServiceKey::Fwmark { .. } => None,
        }
    }
}

impl Default for ServiceKey {
    fn default() -> Self {
        ServiceKey::Addr {
            protocol: proto::TCP,
            addr: IpAddr::V4(Ipv4Addr::UNSPECIFIED),
            port: 0,
        }
    }
}

/// Traffic counters. The kernel sends 64-bit `STATS64` (and 32-bit `STATS`
/// for old tools); we keep the 64-bit values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Stats {
    pub conns: u64,
    pub inpkts: u64,
    pub outpkts: u64,
    pub inbytes: u64,
    pub outbytes: u64,
    pub cps: u64,
    pub inpps: u64,
    pub outpps: u64,
    pub inbps: u64,
    pub outbps: u64,
}

/// A virtual service. `-A`/`-E` send every field (the reference's edit
/// replaces the whole service).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Service {
    pub key: ServiceKey,
    pub sched_name: String,
    /// Persistence engine; empty when none.
    pub pe_name: String,
    pub flags: u32,
    /// Persistence timeout in seconds.
    pub timeout: u32,
    /// IPv4: a dotted mask as a host-order u32 (0xffffffff = /32);
    /// IPv6: a prefix length (128 = none).
    pub netmask: u32,
    pub stats: Stats,
}

impl Service {
    pub fn family(&self) -> Family {
        self.key.family()
    }

    pub fn is_persistent(&self) -> bool {
        self.flags & svc_flags::PERSISTENT != 0
    }

    /// The netmask that means "no mask" for this family.
    pub fn full_netmask(af: Family) -> u32 {
        match af {
            Family::Inet => 0xffff_ffff,
            Family::Inet6 => 128,
        }
    }
}

/// Forwarding method (`IP_VS_CONN_F_*` & `IP_VS_CONN_F_FWD_MASK`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Forward {
    Masq,
    Local,
    Tunnel,
    #[default]
    Route,
    Bypass,
    /// A value outside the kernel's known methods, kept as sent.
    Other(u32),
}

impl Forward {
    pub const MASK: u32 = 0x0007;

    pub fn to_raw(self) -> u32 {
        match self {
            Forward::Masq => 0,
            Forward::Local => 1,
            Forward::Tunnel => 2,
            Forward::Route => 3,
            Forward::Bypass => 4,
            Forward::Other(v) => v,
        }
    }

    pub fn from_raw(v: u32) -> Forward {
        match v & Self::MASK {
            0 => Forward::Masq,
            1 => Forward::Local,
            2 => Forward::Tunnel,
            3 => Forward::Route,
            4 => Forward::Bypass,
            other => Forward::Other(other),
        }
    }
}

/// Tunnel encapsulation of a tunnelling destination (`IP_VS_CONN_F_TUNNEL_TYPE_*`).
pub mod tun {
    pub const IPIP: u8 = 0;
    pub const GUE: u8 = 1;
    pub const GRE: u8 = 2;
    /// `IP_VS_TUNNEL_ENCAP_FLAG_*`
    pub const NOCSUM: u16 = 0;
    pub const CSUM: u16 = 1 << 0;
    pub const REMCSUM: u16 = 1 << 1;

    /// A tunnel's checksum mode, as its flags mean it: remote checksum
    /// wins over checksum, as the kernel and the reference read them.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Csum {
        No,
        Csum,
        Remote,
    }

    pub fn csum_mode(flags: u16) -> Csum {
        if flags & REMCSUM != 0 {
            Csum::Remote
        } else if flags & CSUM != 0 {
            Csum::Csum
        } else {
            Csum::No
        }
    }
}

/// A real server of a service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dest {
    pub addr: IpAddr,
    pub port: u16,
    pub fwd: Forward,
    pub weight: u32,
    pub u_threshold: u32,
    pub l_threshold: u32,
    pub tun_type: u8,
    pub tun_port: u16,
    pub tun_flags: u16,
    pub active_conns: u32,
    pub inact_conns: u32,
    pub persist_conns: u32,
    pub stats: Stats,
}

impl Default for Dest {
    fn default() -> Self {
        Dest {
            addr: IpAddr::V4(Ipv4Addr::UNSPECIFIED),
            port: 0,
            fwd: Forward::Route,
            weight: 1,
            u_threshold: 0,
            l_threshold: 0,
            tun_type: tun::IPIP,
            tun_port: 0,
            tun_flags: tun::NOCSUM,
            active_conns: 0,
            inact_conns: 0,
            persist_conns: 0,
            stats: Stats::default(),
        }
    }
}

impl Dest {
    pub fn family(&self) -> Family {
        Family::of(&self.addr)
    }
}

/// A service with its destinations, as listed and saved.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ServiceEntry {
    pub service: Service,
    pub dests: Vec<Dest>,
}

/// `GET_INFO`: the kernel's IPVS version and connection table size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Info {
    /// `(major << 16) | (minor << 8) | patch`, e.g. 0x010201 for 1.2.1.
    pub version: u32,
    pub conn_tab_size: u32,
}

impl Info {
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
pub struct Timeouts {
    pub tcp: u32,
    pub tcp_fin: u32,
    pub udp: u32,
}

impl Timeouts {
    /// What a fresh kernel has (`--timeout` shows `900 120 300`).
    pub const KERNEL_DEFAULTS: Timeouts = Timeouts {
        tcp: 900,
        tcp_fin: 120,
        udp: 300,
    };
}
