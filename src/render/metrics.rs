//! `-L --metrics` (our addition): the table as one metrics document,
//! OpenMetrics text (the default) or Prometheus text 0.0.4, from the same
//! model the listings print. This file owns the metric families, their
//! names and labels and the document's order; `dests` groups destinations
//! for `--metrics-labels`, `conns` counts the connection table. The two
//! formats carry the same samples and differ only in metadata lines (see
//! `write_family`). No netlink here: the caller reads the table.

use std::io::{self, BufRead, BufWriter, Write};

mod conns;
mod dests;
mod status;

pub use conns::{count_conns, ConnCounts};
pub use dests::{group_dests, DestGroup};
pub use status::STATUS_FAMILIES;

use super::addr::inet_ntop;
use super::sort::listing_order;
use super::text::service_flag_names;
use crate::cli::{MetricsArgs, MetricsFormat};
use crate::error::Result;
use crate::model::{proto, Family, Info, Service, ServiceEntry, ServiceKey, Stats};
use crate::proc_status::IpvsStatus;

/// What a family is: the OpenMetrics type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Counter,
    Gauge,
    Info,
}

/// One metric family: its name (without `_total` or `_info`), type, unit
/// and help.
#[derive(Debug, Clone, Copy)]
pub struct Fam {
    pub name: &'static str,
    pub kind: Kind,
    pub unit: Option<&'static str>,
    pub help: &'static str,
}

const fn fam(
    name: &'static str,
    kind: Kind,
    unit: Option<&'static str>,
    help: &'static str,
) -> Fam {
    Fam {
        name,
        kind,
        unit,
        help,
    }
}

use Kind::{Counter, Gauge, Info as InfoKind};

pub const VERSION: Fam = fam("ipvs_version", InfoKind, None, "The kernel's IPVS version.");
pub const CONN_TAB_SIZE: Fam = fam(
    "ipvs_connection_table_size",
    Gauge,
    None,
    "Size of the kernel's IPVS connection hash table.",
);
pub const SERVICE: Fam = fam(
    "ipvs_service",
    InfoKind,
    None,
    "A virtual service: scheduler, flags and persistence.",
);

/// The five traffic counters of a service or destination, in the order
/// of `SERVICE_COUNTERS` and `DEST_COUNTERS`.
const STATS: [fn(&Stats) -> u64; 5] = [
    |s| s.conns,
    |s| s.inpkts,
    |s| s.outpkts,
    |s| s.inbytes,
    |s| s.outbytes,
];

const BYTES: Option<&str> = Some("bytes");

pub const SERVICE_COUNTERS: [Fam; 5] = [
    fam(
        "ipvs_service_connections",
        Counter,
        None,
        "Connections scheduled to the service.",
    ),
    fam(
        "ipvs_service_incoming_packets",
        Counter,
        None,
        "Packets from clients to the service.",
    ),
    fam(
        "ipvs_service_outgoing_packets",
        Counter,
        None,
        "Packets from the service to clients.",
    ),
    fam(
        "ipvs_service_incoming_bytes",
        Counter,
        BYTES,
        "Bytes from clients to the service.",
    ),
    fam(
        "ipvs_service_outgoing_bytes",
        Counter,
        BYTES,
        "Bytes from the service to clients.",
    ),
];

pub const DEST_COUNTERS: [Fam; 5] = [
    fam(
        "ipvs_destination_connections",
        Counter,
        None,
        "Connections scheduled to the real server.",
    ),
    fam(
        "ipvs_destination_incoming_packets",
        Counter,
        None,
        "Packets from clients to the real server.",
    ),
    fam(
        "ipvs_destination_outgoing_packets",
        Counter,
        None,
        "Packets from the real server to clients.",
    ),
    fam(
        "ipvs_destination_incoming_bytes",
        Counter,
        BYTES,
        "Bytes from clients to the real server.",
    ),
    fam(
        "ipvs_destination_outgoing_bytes",
        Counter,
        BYTES,
        "Bytes from the real server to clients.",
    ),
];

/// The destination gauges, with how each is read from a group.
/// A destination gauge: its family and how a group's value is read.
pub type DestGauge = (Fam, fn(&DestGroup) -> u64);

pub const DEST_GAUGES: [DestGauge; 4] = [
    (
        fam(
            "ipvs_destination_active_connections",
            Gauge,
            None,
            "Active connections.",
        ),
        |g| g.active,
    ),
    (
        fam(
            "ipvs_destination_inactive_connections",
            Gauge,
            None,
            "Inactive connections.",
        ),
        |g| g.inactive,
    ),
    (
        fam(
            "ipvs_destination_persistent_connections",
            Gauge,
            None,
            "Persistence templates.",
        ),
        |g| g.persistent,
    ),
    (
        fam("ipvs_destination_weight", Gauge, None, "Weight."),
        |g| g.weight,
    ),
];

/// A label set: names and values, in order.
pub type Labels = Vec<(&'static str, String)>;

/// The labels of a service: `family`, then `protocol`, `address` and
/// `port`, or `fwmark`.
pub fn service_labels(svc: &Service) -> Labels {
    let family = match svc.family() {
        Family::Inet => "inet",
        Family::Inet6 => "inet6",
    };
    let mut l = vec![("family", family.to_string())];
    match svc.key {
        ServiceKey::Addr {
            protocol,
            addr,
            port,
        } => {
            let p = proto::name(protocol).map_or_else(|| protocol.to_string(), str::to_string);
            l.push(("protocol", p));
            l.push(("address", inet_ntop(&addr)));
            l.push(("port", port.to_string()));
        }
        ServiceKey::Fwmark { mark, .. } => l.push(("fwmark", mark.to_string())),
    }
    l
}

/// The info labels of a service, after its key: `scheduler`, `flags`
/// (names, comma-separated), `persistence_timeout` (seconds, 0 when not
/// persistent) and `persistence_engine` when there is one.
fn service_info_labels(svc: &Service) -> Labels {
    let mut l = service_labels(svc);
    l.push(("scheduler", svc.scheduler.to_string()));
    l.push((
        "flags",
        service_flag_names(&svc.scheduler, svc.flags).join(","),
    ));
    let timeout = if svc.is_persistent() { svc.timeout } else { 0 };
    l.push(("persistence_timeout", timeout.to_string()));
    if let Some(pe) = svc.persistence_engine() {
        l.push(("persistence_engine", pe.to_string()));
    }
    l
}

/// Writes `s` as a label value: `\`, `"` and newline escaped (the same in
/// both formats).
pub fn write_escaped(out: &mut dyn Write, s: &str) -> io::Result<()> {
    let mut start = 0;
    for (i, c) in s.char_indices() {
        let esc: &[u8] = match c {
            '\\' => b"\\\\",
            '"' => b"\\\"",
            '\n' => b"\\n",
            _ => continue,
        };
        out.write_all(&s.as_bytes()[start..i])?;
        out.write_all(esc)?;
        start = i + 1;
    }
    out.write_all(&s.as_bytes()[start..])
}

/// The metadata lines of a family. OpenMetrics: `# TYPE`, `# UNIT`,
/// `# HELP` under the family name. Prometheus text: `# TYPE` and `# HELP`
/// under the sample name (`_total` included), `info` as a gauge, no unit.
pub fn write_family(out: &mut dyn Write, format: MetricsFormat, f: &Fam) -> io::Result<()> {
    let kind = match (f.kind, format) {
        (Counter, _) => "counter",
        (Gauge, _) | (InfoKind, MetricsFormat::Prometheus) => "gauge",
        (InfoKind, MetricsFormat::OpenMetrics) => "info",
    };
    match format {
        MetricsFormat::OpenMetrics => {
            writeln!(out, "# TYPE {} {kind}", f.name)?;
            if let Some(unit) = f.unit {
                writeln!(out, "# UNIT {} {unit}", f.name)?;
            }
            writeln!(out, "# HELP {} {}", f.name, f.help)
        }
        MetricsFormat::Prometheus => {
            let name = sample_name(f);
            writeln!(out, "# TYPE {name} {kind}")?;
            writeln!(out, "# HELP {name} {}", f.help)
        }
    }
}

fn sample_name(f: &Fam) -> String {
    match f.kind {
        Counter => format!("{}_total", f.name),
        InfoKind => format!("{}_info", f.name),
        Gauge => f.name.to_string(),
    }
}

/// One sample line: `name{a="x",b="y"} value` (an integer; signed for the
/// load factor exponent).
pub fn write_sample(
    out: &mut dyn Write,
    f: &Fam,
    labels: &Labels,
    value: impl std::fmt::Display,
) -> io::Result<()> {
    out.write_all(f.name.as_bytes())?;
    out.write_all(match f.kind {
        Counter => b"_total",
        InfoKind => b"_info",
        Gauge => b"",
    })?;
    if !labels.is_empty() {
        out.write_all(b"{")?;
        for (i, (name, value)) in labels.iter().enumerate() {
            let sep = if i == 0 { "" } else { "," };
            write!(out, "{sep}{name}=\"")?;
            write_escaped(out, value)?;
            out.write_all(b"\"")?;
        }
        out.write_all(b"}")?;
    }
    writeln!(out, " {value}")
}

/// `-L --metrics`: the version and table size, the kernel's
/// /proc/net/ip_vs_status where it has one (`status`), then per family every
/// service's (or destination group's) sample, services in listing order
/// (kernel order with `--nosort`), then the connection entries when
/// `conns` is given (`--metrics-conns`: the /proc table, header included,
/// counted as it is read), then `# EOF` (OpenMetrics).
pub fn write_metrics(
    out: &mut dyn Write,
    info: &Info,
    status: Option<&IpvsStatus>,
    entries: &[ServiceEntry],
    args: &MetricsArgs,
    conns: Option<&mut dyn BufRead>,
) -> Result<()> {
    let fmt = args.format;
    let mut out = BufWriter::with_capacity(64 * 1024, out);
    let out: &mut dyn Write = &mut out;
    let (major, minor, patch) = info.version_triple();
    write_family(out, fmt, &VERSION)?;
    let version = vec![("version", format!("{major}.{minor}.{patch}"))];
    write_sample(out, &VERSION, &version, 1)?;
    write_family(out, fmt, &CONN_TAB_SIZE)?;
    write_sample(out, &CONN_TAB_SIZE, &vec![], u64::from(info.conn_tab_size))?;
    if let Some(s) = status {
        status::write_status(out, fmt, s)?;
    }

    let order = listing_order(entries, args.nosort);
    let services: Vec<(&Service, Labels)> = order
        .iter()
        .map(|(e, _)| (&e.service, service_labels(&e.service)))
        .collect();
    write_family(out, fmt, &SERVICE)?;
    for (svc, _) in &services {
        write_sample(out, &SERVICE, &service_info_labels(svc), 1)?;
    }
    for (f, value) in SERVICE_COUNTERS.iter().zip(STATS) {
        write_family(out, fmt, f)?;
        for (svc, labels) in &services {
            write_sample(out, f, labels, value(&svc.stats))?;
        }
    }

    let groups: Vec<DestGroup> = order
        .iter()
        .zip(&services)
        .flat_map(|((_, dests), (_, labels))| group_dests(labels, dests, args.labels))
        .collect();
    for (f, value) in DEST_COUNTERS.iter().zip(STATS) {
        write_family(out, fmt, f)?;
        for g in &groups {
            write_sample(out, f, &g.labels, value(&g.stats))?;
        }
    }
    for (f, value) in &DEST_GAUGES {
        write_family(out, fmt, f)?;
        for g in &groups {
            write_sample(out, f, &g.labels, value(g))?;
        }
    }
    if let Some(input) = conns {
        conns::write_conn_counts(out, fmt, &count_conns(input)?)?;
    }
    if fmt == MetricsFormat::OpenMetrics {
        out.write_all(b"# EOF\n")?;
    }
    out.flush()?;
    Ok(())
}

#[cfg(test)]
mod structure_tests;
#[cfg(test)]
mod tests;
