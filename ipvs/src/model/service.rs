//! A virtual service: what identifies it (protocol, address and port, or a
//! firewall mark) and what it is set to (scheduler, persistence, flags).

use std::net::IpAddr;

use super::{proto, Family, Scheduler, ServiceFlags, Stats};

/// What identifies a virtual service: protocol, address and port, or a
/// firewall mark (with the family the mark applies to).
///
/// ```
/// use ipvs::model::{Family, ServiceKey};
///
/// let web = ServiceKey::tcp([10, 0, 0, 1], 80);
/// assert_eq!((web.family(), web.port()), (Family::Inet, 80));
/// let marked = ServiceKey::fwmark(7, Family::Inet6);
/// assert_eq!((marked.mark(), marked.protocol()), (7, None));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ServiceKey {
    /// A service on an address and port.
    Addr {
        /// The IP protocol: [`proto::TCP`], [`proto::UDP`] or
        /// [`proto::SCTP`].
        protocol: u16,
        /// The virtual address (IPv4 or IPv6).
        addr: IpAddr,
        /// The virtual port; 0 matches every port (ipvsadm allows that for
        /// persistent services only).
        port: u16,
    },
    /// A service for the packets netfilter marked with `mark`.
    Fwmark {
        /// The firewall mark (not 0: the kernel reads 0 as no mark).
        mark: u32,
        /// The family of the packets the mark applies to.
        af: Family,
    },
}

impl ServiceKey {
    /// A TCP service at `addr:port`.
    pub fn tcp(addr: impl Into<IpAddr>, port: u16) -> ServiceKey {
        ServiceKey::Addr {
            protocol: proto::TCP,
            addr: addr.into(),
            port,
        }
    }

    /// A UDP service at `addr:port`.
    pub fn udp(addr: impl Into<IpAddr>, port: u16) -> ServiceKey {
        ServiceKey::Addr {
            protocol: proto::UDP,
            addr: addr.into(),
            port,
        }
    }

    /// An SCTP service at `addr:port`.
    pub fn sctp(addr: impl Into<IpAddr>, port: u16) -> ServiceKey {
        ServiceKey::Addr {
            protocol: proto::SCTP,
            addr: addr.into(),
            port,
        }
    }

    /// A firewall-mark service for packets of family `af`.
    pub fn fwmark(mark: u32, af: Family) -> ServiceKey {
        ServiceKey::Fwmark { mark, af }
    }

    /// The service's address family.
    pub fn family(&self) -> Family {
        match self {
            ServiceKey::Addr { addr, .. } => Family::of(addr),
            ServiceKey::Fwmark { af, .. } => *af,
        }
    }

    /// The firewall mark, 0 for an address service.
    pub fn mark(&self) -> u32 {
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

/// `TCP 0.0.0.0:0`.
impl Default for ServiceKey {
    fn default() -> Self {
        ServiceKey::tcp(Family::Inet.unspecified(), 0)
    }
}

/// A virtual service. A request to add or edit one sends every field but
/// the counters (an edit replaces the whole service); the kernel lists
/// them all.
///
/// ```
/// use ipvs::model::{Scheduler, Service, ServiceFlags, ServiceKey};
///
/// let mut s = Service::new(ServiceKey::tcp([10, 0, 0, 1], 443), Scheduler::Sh);
/// s.flags = ServiceFlags::PERSISTENT | ServiceFlags::SCHED_SH_PORT;
/// s.timeout = 300;
/// assert!(s.is_persistent());
/// assert_eq!(s.netmask, 0xffff_ffff);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Service {
    /// What identifies the service.
    pub key: ServiceKey,
    /// How it picks a real server.
    pub scheduler: Scheduler,
    /// The persistence engine (`IPVS_SVC_ATTR_PE_NAME`), `None` for none.
    /// A name, not a type: the kernel has one engine, `sip`, and loads
    /// `ip_vs_pe_NAME` for any other name it is given. The kernel reads an
    /// empty name as none too.
    pub pe_name: Option<String>,
    /// The service's flags.
    pub flags: ServiceFlags,
    /// Persistence timeout in seconds (with [`ServiceFlags::PERSISTENT`]).
    pub timeout: u32,
    /// The persistence granularity: IPv4, a dotted mask as a host-order
    /// u32 (0xffffffff = one client address); IPv6, a prefix length
    /// (128 = one client address).
    pub netmask: u32,
    /// Counters (listed by the kernel).
    pub stats: Stats,
}

impl Service {
    /// A service at `key` using `scheduler`: no flags, no persistence,
    /// the full netmask of its family.
    pub fn new(key: ServiceKey, scheduler: Scheduler) -> Service {
        Service {
            key,
            scheduler,
            pe_name: None,
            flags: ServiceFlags::empty(),
            timeout: 0,
            netmask: Service::full_netmask(key.family()),
            stats: Stats::default(),
        }
    }

    /// The service's address family.
    pub fn family(&self) -> Family {
        self.key.family()
    }

    /// The persistence engine's name, if any: an empty name is none, as
    /// the kernel reads it.
    pub fn persistence_engine(&self) -> Option<&str> {
        self.pe_name.as_deref().filter(|pe| !pe.is_empty())
    }

    /// Whether [`ServiceFlags::PERSISTENT`] is set.
    pub fn is_persistent(&self) -> bool {
        self.flags.contains(ServiceFlags::PERSISTENT)
    }

    /// The netmask that means "no mask" for this family.
    pub fn full_netmask(af: Family) -> u32 {
        match af {
            Family::Inet => 0xffff_ffff,
            Family::Inet6 => 128,
        }
    }
}
