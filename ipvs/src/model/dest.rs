//! A real server (destination) of a service: its address and port, how
//! packets reach it (the forwarding method, and a tunnel's type, port and
//! checksum), its weight and thresholds, and its counters.

use std::hash::{Hash, Hasher};
use std::net::{IpAddr, Ipv4Addr};

use super::{Family, Stats, TunnelFlags};

/// How packets reach a real server (`IP_VS_CONN_F_*` masked by
/// `IP_VS_CONN_F_FWD_MASK`).
///
/// A value the kernel may send that this code has no name for is
/// [`Forward::Other`]; a known value always reads as its own variant, and
/// two methods are equal when their values are.
#[derive(Debug, Clone, Copy, Eq, Default)]
#[non_exhaustive]
pub enum Forward {
    /// `IP_VS_CONN_F_MASQ` (0): NAT (ipvsadm `-m`).
    Masq,
    /// `IP_VS_CONN_F_LOCALNODE` (1): the real server is this host.
    Local,
    /// `IP_VS_CONN_F_TUNNEL` (2): encapsulated, as [`Dest::tun_type`]
    /// says (ipvsadm `-i`).
    Tunnel,
    /// `IP_VS_CONN_F_DROUTE` (3): direct routing (ipvsadm `-g`, its
    /// default).
    #[default]
    Route,
    /// `IP_VS_CONN_F_BYPASS` (4): cache bypass.
    Bypass,
    /// A value outside the kernel's known methods, kept as sent.
    Other(u32),
}

impl Forward {
    /// `IP_VS_CONN_F_FWD_MASK`: the bits of the method.
    pub const MASK: u32 = 0x0007;

    /// The kernel's value.
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

    /// The method of a kernel value (masked by [`Forward::MASK`], as the
    /// kernel masks it).
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

/// Equal when the kernel's values are.
impl PartialEq for Forward {
    fn eq(&self, other: &Forward) -> bool {
        self.to_raw() == other.to_raw()
    }
}

impl Hash for Forward {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.to_raw().hash(state)
    }
}

/// A tunnelling destination's encapsulation (`IP_VS_CONN_F_TUNNEL_TYPE_*`,
/// Linux 5.2 and later; older kernels tunnel IP in IP only).
///
/// A known value always reads as its own variant, and two types are equal
/// when their values are.
#[derive(Debug, Clone, Copy, Eq, Default)]
#[non_exhaustive]
pub enum TunnelType {
    /// `IP_VS_CONN_F_TUNNEL_TYPE_IPIP` (0): IP in IP.
    #[default]
    Ipip,
    /// `IP_VS_CONN_F_TUNNEL_TYPE_GUE` (1): generic UDP encapsulation, to
    /// [`Dest::tun_port`].
    Gue,
    /// `IP_VS_CONN_F_TUNNEL_TYPE_GRE` (2): GRE.
    Gre,
    /// A type this code has no name for, kept as sent.
    Other(u8),
}

impl TunnelType {
    /// The kernel's value.
    pub fn to_raw(self) -> u8 {
        match self {
            TunnelType::Ipip => 0,
            TunnelType::Gue => 1,
            TunnelType::Gre => 2,
            TunnelType::Other(v) => v,
        }
    }

    /// The type of a kernel value.
    pub fn from_raw(v: u8) -> TunnelType {
        match v {
            0 => TunnelType::Ipip,
            1 => TunnelType::Gue,
            2 => TunnelType::Gre,
            other => TunnelType::Other(other),
        }
    }
}

/// Equal when the kernel's values are.
impl PartialEq for TunnelType {
    fn eq(&self, other: &TunnelType) -> bool {
        self.to_raw() == other.to_raw()
    }
}

impl Hash for TunnelType {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.to_raw().hash(state)
    }
}

/// A real server of a service. A request sends every field but the
/// connection counts and [`Stats`], which only the kernel fills in.
///
/// ```
/// use ipvs::model::{Dest, Forward, TunnelFlags, TunnelType};
///
/// let mut d = Dest::new([192, 0, 2, 10], 8080);
/// d.fwd = Forward::Tunnel;
/// d.tun_type = TunnelType::Gue;
/// d.tun_port = 6080;
/// d.tun_flags = TunnelFlags::CSUM;
/// assert_eq!(d.key(), ("192.0.2.10".parse().unwrap(), 8080));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Dest {
    /// The real server's address; its family may differ from the
    /// service's only for a tunnel.
    pub addr: IpAddr,
    /// The real server's port.
    pub port: u16,
    /// The forwarding method.
    pub fwd: Forward,
    /// The weight, 0 to `i32::MAX` (the kernel refuses more with ERANGE);
    /// 0 takes no new connections.
    pub weight: u32,
    /// Upper connection threshold: above it no new connections; 0 is
    /// none.
    pub u_threshold: u32,
    /// Lower connection threshold: below it an overloaded server takes
    /// new connections again (0: below three quarters of the upper). It
    /// may not exceed `u_threshold`.
    pub l_threshold: u32,
    /// A tunnel's encapsulation.
    pub tun_type: TunnelType,
    /// A GUE tunnel's destination port (required for GUE).
    pub tun_port: u16,
    /// A GUE or GRE tunnel's flags (its checksum mode).
    pub tun_flags: TunnelFlags,
    /// Active connections (listed by the kernel).
    pub active_conns: u32,
    /// Inactive connections (listed by the kernel).
    pub inact_conns: u32,
    /// Persistence templates (listed by the kernel).
    pub persist_conns: u32,
    /// Counters (listed by the kernel).
    pub stats: Stats,
}

impl Dest {
    /// A real server at `addr:port`, reached by direct routing, weight 1,
    /// no thresholds (ipvsadm's defaults).
    pub fn new(addr: impl Into<IpAddr>, port: u16) -> Dest {
        Dest {
            addr: addr.into(),
            port,
            fwd: Forward::Route,
            weight: 1,
            u_threshold: 0,
            l_threshold: 0,
            tun_type: TunnelType::Ipip,
            tun_port: 0,
            tun_flags: TunnelFlags::NOCSUM,
            active_conns: 0,
            inact_conns: 0,
            persist_conns: 0,
            stats: Stats::default(),
        }
    }

    /// What identifies a real server within its service, as the kernel
    /// looks it up (`ip_vs_lookup_dest`): its address and port.
    pub fn key(&self) -> (IpAddr, u16) {
        (self.addr, self.port)
    }

    /// The family of the real server's address.
    pub fn family(&self) -> Family {
        Family::of(&self.addr)
    }
}

/// `0.0.0.0:0` with [`Dest::new`]'s defaults.
impl Default for Dest {
    fn default() -> Self {
        Dest::new(Ipv4Addr::UNSPECIFIED, 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_values_read_as_their_variant() {
        for v in 0..=7 {
            assert_eq!(Forward::from_raw(v).to_raw(), v);
        }
        assert_eq!(Forward::from_raw(0x0103), Forward::Route);
        assert_eq!(Forward::Other(3), Forward::Route);
        for v in 0..=255 {
            assert_eq!(TunnelType::from_raw(v).to_raw(), v);
        }
        assert_eq!(TunnelType::from_raw(1), TunnelType::Gue);
        assert_eq!(TunnelType::Other(2), TunnelType::Gre);
    }
}
