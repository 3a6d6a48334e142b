//! `IPVS_CMD_ATTR_DAEMON`: the sync daemon nest, typed, and its conversion
//! to and from the model's `Daemon`.

use super::attr;
use super::consts::*;
use crate::model::{Daemon, DaemonState};
use netlink_packet_core::{DecodeError, DefaultNla, Nla, NlaBuffer, Parseable};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DaemonAttr {
    State(u32),
    McastIfn(String),
    SyncId(u32),
    SyncMaxlen(u16),
    /// `in_addr`, network order.
    McastGroup(Ipv4Addr),
    McastGroup6(Ipv6Addr),
    /// Host order: the kernel reads it with `nla_get_u16`.
    McastPort(u16),
    McastTtl(u8),
    Other(DefaultNla),
}

impl Nla for DaemonAttr {
    fn value_len(&self) -> usize {
        use DaemonAttr::*;
        match self {
            State(_) | SyncId(_) | McastGroup(_) => 4,
            McastIfn(s) => s.len() + 1,
            SyncMaxlen(_) | McastPort(_) => 2,
            McastGroup6(_) => 16,
            McastTtl(_) => 1,
            Other(n) => n.value_len(),
        }
    }

    fn kind(&self) -> u16 {
        use DaemonAttr::*;
        match self {
            State(_) => IPVS_DAEMON_ATTR_STATE,
            McastIfn(_) => IPVS_DAEMON_ATTR_MCAST_IFN,
            SyncId(_) => IPVS_DAEMON_ATTR_SYNC_ID,
            SyncMaxlen(_) => IPVS_DAEMON_ATTR_SYNC_MAXLEN,
            McastGroup(_) => IPVS_DAEMON_ATTR_MCAST_GROUP,
            McastGroup6(_) => IPVS_DAEMON_ATTR_MCAST_GROUP6,
            McastPort(_) => IPVS_DAEMON_ATTR_MCAST_PORT,
            McastTtl(_) => IPVS_DAEMON_ATTR_MCAST_TTL,
            Other(n) => n.kind(),
        }
    }

    fn emit_value(&self, b: &mut [u8]) {
        use DaemonAttr::*;
        match self {
            State(v) | SyncId(v) => b[..4].copy_from_slice(&v.to_ne_bytes()),
            McastIfn(s) => b[..s.len() + 1].copy_from_slice(&attr::cstring(s)),
            SyncMaxlen(v) | McastPort(v) => b[..2].copy_from_slice(&v.to_ne_bytes()),
            McastGroup(a) => b[..4].copy_from_slice(&a.octets()),
            McastGroup6(a) => b[..16].copy_from_slice(&a.octets()),
            McastTtl(v) => b[0] = *v,
            Other(n) => n.emit_value(b),
        }
    }
}

impl<'a, T: AsRef<[u8]> + ?Sized> Parseable<NlaBuffer<&'a T>> for DaemonAttr {
    fn parse(buf: &NlaBuffer<&'a T>) -> Result<Self, DecodeError> {
        use DaemonAttr::*;
        let v = buf.value();
        Ok(match buf.kind() {
            IPVS_DAEMON_ATTR_STATE => State(attr::u32_(v, "IPVS_DAEMON_ATTR_STATE")?),
            IPVS_DAEMON_ATTR_MCAST_IFN => McastIfn(attr::string(v, "IPVS_DAEMON_ATTR_MCAST_IFN")?),
            IPVS_DAEMON_ATTR_SYNC_ID => SyncId(attr::u32_(v, "IPVS_DAEMON_ATTR_SYNC_ID")?),
            IPVS_DAEMON_ATTR_SYNC_MAXLEN => {
                SyncMaxlen(attr::u16_(v, "IPVS_DAEMON_ATTR_SYNC_MAXLEN")?)
            }
            IPVS_DAEMON_ATTR_MCAST_GROUP => {
                let o: [u8; 4] = v
                    .try_into()
                    .map_err(|_| DecodeError::from("invalid IPVS_DAEMON_ATTR_MCAST_GROUP"))?;
                McastGroup(Ipv4Addr::from(o))
            }
            IPVS_DAEMON_ATTR_MCAST_GROUP6 => {
                let o: [u8; 16] = v
                    .try_into()
                    .map_err(|_| DecodeError::from("invalid IPVS_DAEMON_ATTR_MCAST_GROUP6"))?;
                McastGroup6(Ipv6Addr::from(o))
            }
            IPVS_DAEMON_ATTR_MCAST_PORT => McastPort(attr::u16_(v, "IPVS_DAEMON_ATTR_MCAST_PORT")?),
            IPVS_DAEMON_ATTR_MCAST_TTL => McastTtl(attr::u8_(v, "IPVS_DAEMON_ATTR_MCAST_TTL")?),
            _ => Other(DefaultNla::parse(buf)?),
        })
    }
}

/// The daemon nest for NEW_DAEMON / DEL_DAEMON, in the reference's order:
/// STATE, MCAST_IFN, SYNC_ID, then the optional fields only when given.
pub fn to_attrs(d: &Daemon) -> Vec<DaemonAttr> {
    let mut v = vec![
        DaemonAttr::State(d.state.to_raw()),
        DaemonAttr::McastIfn(d.mcast_ifn.clone()),
        DaemonAttr::SyncId(d.syncid),
    ];
    if let Some(n) = d.sync_maxlen {
        v.push(DaemonAttr::SyncMaxlen(n));
    }
    if let Some(p) = d.mcast_port {
        v.push(DaemonAttr::McastPort(p));
    }
    if let Some(t) = d.mcast_ttl {
        v.push(DaemonAttr::McastTtl(t));
    }
    match d.mcast_group {
        Some(IpAddr::V4(a)) => v.push(DaemonAttr::McastGroup(a)),
        Some(IpAddr::V6(a)) => v.push(DaemonAttr::McastGroup6(a)),
        None => {}
    }
    v
}

pub fn from_attrs(attrs: &[DaemonAttr]) -> Result<Daemon, DecodeError> {
    let mut state = None;
    let mut d = Daemon::new(DaemonState::Master);
    for a in attrs {
        match a {
            DaemonAttr::State(v) => state = DaemonState::from_raw(*v),
            DaemonAttr::McastIfn(s) => d.mcast_ifn = s.clone(),
            DaemonAttr::SyncId(v) => d.syncid = *v,
            DaemonAttr::SyncMaxlen(v) => d.sync_maxlen = Some(*v),
            DaemonAttr::McastGroup(a) => d.mcast_group = Some(IpAddr::V4(*a)),
            DaemonAttr::McastGroup6(a) => d.mcast_group = Some(IpAddr::V6(*a)),
            DaemonAttr::McastPort(v) => d.mcast_port = Some(*v),
            DaemonAttr::McastTtl(v) => d.mcast_ttl = Some(*v),
            DaemonAttr::Other(_) => {}
        }
    }
    d.state =
        state.ok_or_else(|| DecodeError::from("missing or invalid IPVS_DAEMON_ATTR_STATE"))?;
    Ok(d)
}
