//! The kernel's replies as the model: GET_INFO, GET_CONFIG, the service,
//! destination and daemon dumps, and the error of a request that failed.
//! Shared by the single requests (`client`) and the table's run of dumps
//! (`table`), which therefore need not import each other.

use super::message::{IpvsAttr, IpvsMessage};
use super::socket::NlError;
use super::{daemon, dest, service};
use crate::error::{Error, KernelOp, Result};
use crate::model::{Daemon, Dest, Info, Service, Timeouts};

/// The error of request `op` that failed in the transport or the kernel.
pub(crate) fn kernel(op: KernelOp) -> impl Fn(NlError) -> Error {
    move |e| match e {
        NlError::Errno(errno) => Error::Kernel { op, errno },
        NlError::Protocol(m) => Error::Protocol(m),
        NlError::Timeout(after) => Error::Timeout { op, after },
    }
}

fn decode_err(op: KernelOp) -> impl Fn(netlink_packet_core::DecodeError) -> Error {
    move |e| Error::Protocol(format!("{op:?} reply: {e}"))
}

/// The GET_INFO reply's version and connection table size. Attributes a
/// newer kernel adds are ignored; missing ones stay 0.
pub fn info_of(replies: Vec<IpvsMessage>) -> Info {
    let mut info = Info::default();
    for a in replies.into_iter().flat_map(|m| m.attrs) {
        match a {
            IpvsAttr::InfoVersion(v) => info.version = v,
            IpvsAttr::InfoConnTabSize(v) => info.conn_tab_size = v,
            _ => {}
        }
    }
    info
}

/// The GET_CONFIG reply's three timeouts; unknown attributes are ignored.
pub fn timeouts_of(replies: Vec<IpvsMessage>) -> Timeouts {
    let mut t = Timeouts::default();
    for a in replies.into_iter().flat_map(|m| m.attrs) {
        match a {
            IpvsAttr::TimeoutTcp(v) => t.tcp = v,
            IpvsAttr::TimeoutTcpFin(v) => t.tcp_fin = v,
            IpvsAttr::TimeoutUdp(v) => t.udp = v,
            _ => {}
        }
    }
    t
}

/// The services of GET_SERVICE replies (a dump or a single reply).
pub fn services_of(msgs: Vec<IpvsMessage>, op: KernelOp) -> Result<Vec<Service>> {
    let mut out = Vec::new();
    for m in msgs {
        for a in m.attrs {
            if let IpvsAttr::Service(attrs) = a {
                out.push(service::from_attrs(&attrs).map_err(decode_err(op))?);
            }
        }
    }
    Ok(out)
}

/// The destinations of GET_DEST replies; `svc_af` is the family a dest
/// without IPVS_DEST_ATTR_ADDR_FAMILY (older kernels) has.
pub fn dests_of(msgs: Vec<IpvsMessage>, svc_af: crate::model::Family) -> Result<Vec<Dest>> {
    let op = KernelOp::GetDests;
    let mut out = Vec::new();
    for a in msgs.into_iter().flat_map(|m| m.attrs) {
        if let IpvsAttr::Dest(attrs) = a {
            out.push(dest::from_attrs(&attrs, svc_af).map_err(decode_err(op))?);
        }
    }
    Ok(out)
}

/// The sync daemons of GET_DAEMON replies.
pub fn daemons_of(msgs: Vec<IpvsMessage>) -> Result<Vec<Daemon>> {
    let op = KernelOp::GetDaemon;
    let mut out = Vec::new();
    for a in msgs.into_iter().flat_map(|m| m.attrs) {
        if let IpvsAttr::Daemon(attrs) = a {
            out.push(daemon::from_attrs(&attrs).map_err(decode_err(op))?);
        }
    }
    Ok(out)
}
