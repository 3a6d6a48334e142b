//! `--json` (our addition): every `-L` view as JSON, from the same model and
//! in the same order as the text views. The schema is `docs/json.md`; the
//! `Serialize` structs below are that schema, field for field. JSON never
//! resolves names and always carries every field, so `-n`, `--stats`,
//! `--rate`, `--thresholds`, `--persistent-conn`, `--tun-info` and
//! `--exact` do not change it. Integers are exact (u64 counters, u32
//! fwmarks). `-c` (in `conn`) is streamed: each /proc row is written as it
//! is parsed.

use std::io::{self, Write};

use serde::Serialize;

mod conn;
mod status;
pub use conn::{conn_doc, write_conns, ConnDoc, EndpointDoc};
pub use status::{status_doc, StatusDoc};

use super::addr::inet_ntop;
use super::sort::listing_order;
use super::text::{sched_flag_names, service_flag_names};
use crate::cli::ListOptions;
use crate::model::{
    proto, Daemon, DaemonState, Dest, Family, Forward, Info, Service, ServiceEntry, ServiceFlags,
    ServiceKey, Stats, Timeouts, TunnelCsum, TunnelFlags, TunnelType,
};
use crate::proc_status::IpvsStatus;

/// A known name, else the raw number (protocols, forwarding methods and
/// tunnel types the kernel may add later).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Label {
    Name(&'static str),
    Number(u32),
}

fn family_name(f: Family) -> &'static str {
    match f {
        Family::Inet => "inet",
        Family::Inet6 => "inet6",
    }
}

/// The top level of `-L --json` and `-L -t|-u|-f ... --json`.
#[derive(Debug, Serialize)]
pub struct ListDoc {
    /// `"1.2.1"`.
    pub version: String,
    pub conn_tab_size: u32,
    /// /proc/net/ip_vs_status (7.1+); left out on kernels without it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kernel_status: Option<StatusDoc>,
    pub services: Vec<ServiceDoc>,
}

#[derive(Debug, Serialize)]
pub struct ServiceDoc {
    pub family: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub protocol: Option<Label>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub port: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fwmark: Option<u32>,
    pub scheduler: String,
    /// The flags by name, without the kernel-internal HASHED bit.
    pub flags: Vec<&'static str>,
    /// The kernel's raw word (`IP_VS_SVC_F_*`), HASHED included.
    pub flags_raw: u32,
    pub persistent: bool,
    pub one_packet: bool,
    pub sched_flags: Vec<&'static str>,
    pub timeout: u32,
    pub netmask: Netmask,
    pub pe: Option<String>,
    pub stats: Totals,
    pub rates: Rates,
    pub destinations: Vec<DestDoc>,
}

/// IPv4: dotted (`"255.255.255.0"`); IPv6: the prefix length (`64`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Netmask {
    Dotted(String),
    Prefix(u32),
}

#[derive(Debug, Serialize)]
pub struct DestDoc {
    pub family: &'static str,
    pub address: String,
    pub port: u16,
    pub forward: Label,
    pub weight: u32,
    pub u_threshold: u32,
    pub l_threshold: u32,
    pub active_conns: u32,
    pub inact_conns: u32,
    pub persist_conns: u32,
    /// `null` unless `forward` is `"tunnel"`.
    pub tunnel: Option<TunnelDoc>,
    pub stats: Totals,
    pub rates: Rates,
}

#[derive(Debug, Serialize)]
pub struct TunnelDoc {
    /// `"ipip"`, `"gue"`, `"gre"` or a number.
    #[serde(rename = "type")]
    pub kind: Label,
    /// The GUE port (0 for the other types).
    pub port: u16,
    /// `"nocsum"`, `"csum"` or `"remcsum"` (as `--tun-*csum`).
    pub csum: &'static str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Totals {
    pub conns: u64,
    pub inpkts: u64,
    pub outpkts: u64,
    pub inbytes: u64,
    pub outbytes: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Rates {
    pub cps: u64,
    pub inpps: u64,
    pub outpps: u64,
    pub inbps: u64,
    pub outbps: u64,
}

fn totals(s: &Stats) -> Totals {
    Totals {
        conns: s.conns,
        inpkts: s.inpkts,
        outpkts: s.outpkts,
        inbytes: s.inbytes,
        outbytes: s.outbytes,
    }
}

fn rates(s: &Stats) -> Rates {
    Rates {
        cps: s.cps,
        inpps: s.inpps,
        outpps: s.outpps,
        inbps: s.inbps,
        outbps: s.outbps,
    }
}

/// The forwarding method's JSON name; an unknown one is its number.
pub fn forward_label(f: Forward) -> Label {
    match f {
        Forward::Masq => Label::Name("masq"),
        Forward::Local => Label::Name("local"),
        Forward::Tunnel => Label::Name("tunnel"),
        Forward::Route => Label::Name("route"),
        Forward::Bypass => Label::Name("bypass"),
        other => Label::Number(other.to_raw()),
    }
}

/// The checksum mode of a tunnel, named as the `--tun-*` options.
pub fn tun_csum_name(flags: TunnelFlags) -> &'static str {
    match flags.csum() {
        TunnelCsum::RemCsum => "remcsum",
        TunnelCsum::Csum => "csum",
        _ => "nocsum",
    }
}

fn tunnel_doc(d: &Dest) -> Option<TunnelDoc> {
    if d.fwd != Forward::Tunnel {
        return None;
    }
    let kind = match d.tun_type {
        TunnelType::Ipip => Label::Name("ipip"),
        TunnelType::Gue => Label::Name("gue"),
        TunnelType::Gre => Label::Name("gre"),
        other => Label::Number(u32::from(other.to_raw())),
    };
    Some(TunnelDoc {
        kind,
        port: d.tun_port,
        csum: tun_csum_name(d.tun_flags),
    })
}

pub fn dest_doc(d: &Dest) -> DestDoc {
    DestDoc {
        family: family_name(d.family()),
        address: inet_ntop(&d.addr),
        port: d.port,
        forward: forward_label(d.fwd),
        weight: d.weight,
        u_threshold: d.u_threshold,
        l_threshold: d.l_threshold,
        active_conns: d.active_conns,
        inact_conns: d.inact_conns,
        persist_conns: d.persist_conns,
        tunnel: tunnel_doc(d),
        stats: totals(&d.stats),
        rates: rates(&d.stats),
    }
}

pub fn service_doc(svc: &Service, dests: &[&Dest]) -> ServiceDoc {
    let (protocol, address, port, fwmark) = match svc.key {
        ServiceKey::Addr {
            protocol,
            addr,
            port,
        } => {
            let p = proto::name(protocol).map_or(Label::Number(u32::from(protocol)), Label::Name);
            (Some(p), Some(inet_ntop(&addr)), Some(port), None)
        }
        ServiceKey::Fwmark { mark, .. } => (None, None, None, Some(mark)),
    };
    let netmask = match svc.family() {
        Family::Inet => Netmask::Dotted(std::net::Ipv4Addr::from(svc.netmask).to_string()),
        Family::Inet6 => Netmask::Prefix(svc.netmask),
    };
    ServiceDoc {
        family: family_name(svc.family()),
        protocol,
        address,
        port,
        fwmark,
        scheduler: svc.scheduler.to_string(),
        flags: service_flag_names(&svc.scheduler, svc.flags),
        flags_raw: svc.flags.bits(),
        persistent: svc.is_persistent(),
        one_packet: svc.flags.contains(ServiceFlags::ONEPACKET),
        sched_flags: sched_flag_names(&svc.scheduler, svc.flags),
        timeout: svc.timeout,
        netmask,
        pe: svc.persistence_engine().map(str::to_string),
        stats: totals(&svc.stats),
        rates: rates(&svc.stats),
        destinations: dests.iter().map(|d| dest_doc(d)).collect(),
    }
}

/// The document of `-L --json`: `entries` in kernel order, sorted here as
/// the text view sorts them unless `nosort`; `status` is the kernel's
/// /proc/net/ip_vs_status where it has one.
pub fn list_doc(
    info: &Info,
    status: Option<&IpvsStatus>,
    entries: &[ServiceEntry],
    nosort: bool,
) -> ListDoc {
    let (major, minor, patch) = info.version_triple();
    ListDoc {
        version: format!("{major}.{minor}.{patch}"),
        conn_tab_size: info.conn_tab_size,
        kernel_status: status.map(status_doc),
        services: listing_order(entries, nosort)
            .into_iter()
            .map(|(e, dests)| service_doc(&e.service, &dests))
            .collect(),
    }
}

/// Writes `v` as one line of compact JSON.
fn write_doc<T: Serialize>(out: &mut dyn Write, v: &T) -> io::Result<()> {
    serde_json::to_writer(&mut *out, v).map_err(io::Error::from)?;
    out.write_all(b"\n")
}

/// `-L --json` (the whole table) and `-L <service> --json` (one entry):
/// the same document, `{"version", "conn_tab_size", "kernel_status"?,
/// "services"}`.
pub fn write_list(
    out: &mut dyn Write,
    info: &Info,
    status: Option<&IpvsStatus>,
    entries: &[ServiceEntry],
    opts: &ListOptions,
) -> io::Result<()> {
    write_doc(out, &list_doc(info, status, entries, opts.nosort))
}

#[derive(Debug, Serialize)]
struct TimeoutsDoc {
    tcp: u32,
    tcp_fin: u32,
    udp: u32,
}

/// `--timeout --json`: `{"tcp":900,"tcp_fin":120,"udp":300}`.
pub fn write_timeouts(out: &mut dyn Write, t: &Timeouts) -> io::Result<()> {
    let doc = TimeoutsDoc {
        tcp: t.tcp,
        tcp_fin: t.tcp_fin,
        udp: t.udp,
    };
    write_doc(out, &doc)
}

#[derive(Debug, Serialize)]
pub struct DaemonDoc {
    pub state: &'static str,
    pub mcast_interface: String,
    pub syncid: u32,
    pub sync_maxlen: Option<u16>,
    pub mcast_group: Option<String>,
    pub mcast_port: Option<u16>,
    pub mcast_ttl: Option<u8>,
}

#[derive(Debug, Serialize)]
struct DaemonsDoc {
    daemons: Vec<DaemonDoc>,
}

/// `--daemon --json`: `{"daemons":[...]}`, masters first as in the text
/// view; the optional values are `null` when the kernel sent none.
pub fn write_daemons(out: &mut dyn Write, daemons: &[Daemon]) -> io::Result<()> {
    let mut doc = DaemonsDoc { daemons: vec![] };
    for state in [DaemonState::Master, DaemonState::Backup] {
        for d in daemons.iter().filter(|d| d.state == state) {
            doc.daemons.push(DaemonDoc {
                state: state.name(),
                mcast_interface: d.mcast_ifn.clone(),
                syncid: d.syncid,
                sync_maxlen: d.sync_maxlen,
                mcast_group: d.mcast_group.as_ref().map(inet_ntop),
                mcast_port: d.mcast_port,
                mcast_ttl: d.mcast_ttl,
            });
        }
    }
    write_doc(out, &doc)
}

#[cfg(test)]
mod schema_tests;
#[cfg(test)]
mod tests;
