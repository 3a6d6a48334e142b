//! `IPVS_CMD_ATTR_SERVICE`: the service nest, typed, and its conversion to
//! and from the model's `Service`.

use super::attr;
use super::consts::*;
use super::stats::StatsNest;
use crate::model::{Family, Scheduler, Service, ServiceFlags, ServiceKey};
use netlink_packet_core::{DecodeError, DefaultNla, Nla, NlaBuffer, Parseable};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SvcAttr {
    Af(u16),
    Protocol(u16),
    /// 16-byte address blob.
    Addr([u8; 16]),
    /// Host order here, network order on the wire.
    Port(u16),
    Fwmark(u32),
    SchedName(String),
    /// `struct ip_vs_flags { flags, mask }`.
    Flags {
        flags: u32,
        mask: u32,
    },
    Timeout(u32),
    /// Raw bytes: IPv4 sends the mask in network order (`__be32`), IPv6 a
    /// prefix length in host order; only the family can tell.
    Netmask([u8; 4]),
    Stats(StatsNest),
    PeName(String),
    Stats64(StatsNest),
    Other(DefaultNla),
}

impl Nla for SvcAttr {
    fn value_len(&self) -> usize {
        use SvcAttr::*;
        match self {
            Af(_) | Protocol(_) | Port(_) => 2,
            Addr(_) => 16,
            Fwmark(_) | Timeout(_) | Netmask(_) => 4,
            SchedName(s) | PeName(s) => s.len() + 1,
            Flags { .. } => 8,
            Stats(n) | Stats64(n) => n.value_len(),
            Other(n) => n.value_len(),
        }
    }

    fn kind(&self) -> u16 {
        use SvcAttr::*;
        match self {
            Af(_) => IPVS_SVC_ATTR_AF,
            Protocol(_) => IPVS_SVC_ATTR_PROTOCOL,
            Addr(_) => IPVS_SVC_ATTR_ADDR,
            Port(_) => IPVS_SVC_ATTR_PORT,
            Fwmark(_) => IPVS_SVC_ATTR_FWMARK,
            SchedName(_) => IPVS_SVC_ATTR_SCHED_NAME,
            Flags { .. } => IPVS_SVC_ATTR_FLAGS,
            Timeout(_) => IPVS_SVC_ATTR_TIMEOUT,
            Netmask(_) => IPVS_SVC_ATTR_NETMASK,
            Stats(_) => IPVS_SVC_ATTR_STATS,
            PeName(_) => IPVS_SVC_ATTR_PE_NAME,
            Stats64(_) => IPVS_SVC_ATTR_STATS64,
            Other(n) => n.kind(),
        }
    }

    fn emit_value(&self, b: &mut [u8]) {
        use SvcAttr::*;
        match self {
            Af(v) | Protocol(v) => b[..2].copy_from_slice(&v.to_ne_bytes()),
            Port(v) => b[..2].copy_from_slice(&v.to_be_bytes()),
            Addr(a) => b[..16].copy_from_slice(a),
            Fwmark(v) | Timeout(v) => b[..4].copy_from_slice(&v.to_ne_bytes()),
            Netmask(m) => b[..4].copy_from_slice(m),
            SchedName(s) | PeName(s) => b[..s.len() + 1].copy_from_slice(&attr::cstring(s)),
            Flags { flags, mask } => {
                b[..4].copy_from_slice(&flags.to_ne_bytes());
                b[4..8].copy_from_slice(&mask.to_ne_bytes());
            }
            Stats(n) | Stats64(n) => n.emit_value(b),
            Other(n) => n.emit_value(b),
        }
    }
}

impl<'a, T: AsRef<[u8]> + ?Sized> Parseable<NlaBuffer<&'a T>> for SvcAttr {
    fn parse(buf: &NlaBuffer<&'a T>) -> Result<Self, DecodeError> {
        use SvcAttr::*;
        let v = buf.value();
        Ok(match buf.kind() {
            IPVS_SVC_ATTR_AF => Af(attr::u16_(v, "IPVS_SVC_ATTR_AF")?),
            IPVS_SVC_ATTR_PROTOCOL => Protocol(attr::u16_(v, "IPVS_SVC_ATTR_PROTOCOL")?),
            IPVS_SVC_ATTR_ADDR => {
                let mut a = [0u8; 16];
                let n = v.len().min(16);
                a[..n].copy_from_slice(&v[..n]);
                Addr(a)
            }
            IPVS_SVC_ATTR_PORT => Port(attr::be16(v, "IPVS_SVC_ATTR_PORT")?),
            IPVS_SVC_ATTR_FWMARK => Fwmark(attr::u32_(v, "IPVS_SVC_ATTR_FWMARK")?),
            IPVS_SVC_ATTR_SCHED_NAME => SchedName(attr::string(v, "IPVS_SVC_ATTR_SCHED_NAME")?),
            IPVS_SVC_ATTR_FLAGS => {
                let raw: [u8; 8] = v
                    .try_into()
                    .map_err(|_| DecodeError::from("invalid IPVS_SVC_ATTR_FLAGS"))?;
                Flags {
                    flags: u32::from_ne_bytes(raw[..4].try_into().unwrap_or_default()),
                    mask: u32::from_ne_bytes(raw[4..].try_into().unwrap_or_default()),
                }
            }
            IPVS_SVC_ATTR_TIMEOUT => Timeout(attr::u32_(v, "IPVS_SVC_ATTR_TIMEOUT")?),
            IPVS_SVC_ATTR_NETMASK => Netmask(
                v.try_into()
                    .map_err(|_| DecodeError::from("invalid IPVS_SVC_ATTR_NETMASK"))?,
            ),
            IPVS_SVC_ATTR_STATS => Stats(StatsNest::parse(v, false)?),
            IPVS_SVC_ATTR_PE_NAME => PeName(attr::string(v, "IPVS_SVC_ATTR_PE_NAME")?),
            IPVS_SVC_ATTR_STATS64 => Stats64(StatsNest::parse(v, true)?),
            _ => Other(DefaultNla::parse(buf)?),
        })
    }
}

/// How much of the service a request carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SvcScope {
    /// Only the key (AF plus FWMARK or PROTOCOL/ADDR/PORT): what the
    /// reference sends with GET_DEST.
    Key,
    /// Every field, as the reference sends for -A/-E/-D/-a/-e/-d/-Z and the
    /// single-service GET_SERVICE.
    Full,
}

/// The service nest for a request, in the reference's attribute order
/// (shared/ipvsadm-behavior.md §5.1).
pub fn to_attrs(svc: &Service, scope: SvcScope) -> Vec<SvcAttr> {
    let af = svc.family();
    let mut v = vec![SvcAttr::Af(af.to_raw())];
    match svc.key {
        ServiceKey::Fwmark { mark, .. } => v.push(SvcAttr::Fwmark(mark)),
        ServiceKey::Addr {
            protocol,
            addr,
            port,
        } => {
            v.push(SvcAttr::Protocol(protocol));
            v.push(SvcAttr::Addr(attr::addr_blob(&addr)));
            v.push(SvcAttr::Port(port));
        }
    }
    if scope == SvcScope::Key {
        return v;
    }
    v.push(SvcAttr::SchedName(svc.scheduler.as_str().to_string()));
    if let Some(pe) = svc.persistence_engine() {
        v.push(SvcAttr::PeName(pe.to_string()));
    }
    v.push(SvcAttr::Flags {
        flags: svc.flags.bits(),
        mask: !0,
    });
    v.push(SvcAttr::Timeout(svc.timeout));
    v.push(SvcAttr::Netmask(netmask_bytes(af, svc.netmask)));
    v
}

fn netmask_bytes(af: Family, mask: u32) -> [u8; 4] {
    match af {
        Family::Inet => mask.to_be_bytes(),
        Family::Inet6 => mask.to_ne_bytes(),
    }
}

fn netmask_value(af: Family, raw: [u8; 4]) -> u32 {
    match af {
        Family::Inet => u32::from_be_bytes(raw),
        Family::Inet6 => u32::from_ne_bytes(raw),
    }
}

/// A service from a reply's nest. STATS64 wins over STATS; the flags are
/// `flags & mask` as the kernel means them.
pub fn from_attrs(attrs: &[SvcAttr]) -> Result<Service, DecodeError> {
    let mut af = None;
    let (mut protocol, mut addr, mut port, mut fwmark) = (0u16, [0u8; 16], 0u16, 0u32);
    let mut netmask = None;
    let mut svc = Service::new(ServiceKey::default(), Scheduler::from_name(""));
    let mut have_stats64 = false;
    for a in attrs {
        match a {
            SvcAttr::Af(v) => af = Some(*v),
            SvcAttr::Protocol(v) => protocol = *v,
            SvcAttr::Addr(v) => addr = *v,
            SvcAttr::Port(v) => port = *v,
            SvcAttr::Fwmark(v) => fwmark = *v,
            SvcAttr::SchedName(s) => svc.scheduler = Scheduler::from_name(s),
            SvcAttr::PeName(s) => svc.pe_name = (!s.is_empty()).then(|| s.clone()),
            SvcAttr::Flags { flags, mask } => {
                svc.flags = ServiceFlags::from_bits_retain(flags & mask)
            }
            SvcAttr::Timeout(v) => svc.timeout = *v,
            SvcAttr::Netmask(m) => netmask = Some(*m),
            SvcAttr::Stats(n) if !have_stats64 => svc.stats = n.stats,
            SvcAttr::Stats64(n) => {
                svc.stats = n.stats;
                have_stats64 = true;
            }
            SvcAttr::Stats(_) | SvcAttr::Other(_) => {}
        }
    }
    let af = af.ok_or_else(|| DecodeError::from("missing IPVS_SVC_ATTR_AF"))?;
    let family = Family::from_raw(af)
        .ok_or_else(|| DecodeError::from(format!("invalid IPVS_SVC_ATTR_AF {af}")))?;
    svc.key = if fwmark != 0 {
        ServiceKey::Fwmark {
            mark: fwmark,
            af: family,
        }
    } else {
        ServiceKey::Addr {
            protocol,
            addr: attr::addr(&addr, family, "IPVS_SVC_ATTR_ADDR")?,
            port,
        }
    };
    svc.netmask = match netmask {
        Some(m) => netmask_value(family, m),
        None => Service::full_netmask(family),
    };
    Ok(svc)
}
