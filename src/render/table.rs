//! `--table` (our addition): the `-L` views as human tables drawn with
//! comfy-table, from the same model and in the same order as the text
//! views. Names follow `-n` as in the text view, but nothing is cut and
//! numbers are never scaled. The layout does not depend on the terminal
//! (no dynamic width, no tty styling), so output is stable for goldens.
//! Unlike `--json`, `-c` here buffers the whole table.

use std::io::{self, BufRead, Write};

use comfy_table::{CellAlignment, ContentArrangement, Table};

use super::addr::{addrport, inet_ntop, proto_label};
use super::conn::{for_each_conn, skip_conn_header, ConnMatcher, ConnSummary};
use super::sort::listing_order;
use super::text::{mask_text, sched_flag_names, tun_info, write_header, View};
use crate::cli::ListOptions;
use crate::error::Result;
use crate::model::{
    Daemon, DaemonState, Dest, Family, Forward, Info, Service, ServiceEntry, ServiceFlags,
    ServiceKey, Stats, Timeouts,
};
use crate::names::Resolver;

/// comfy-table's `ASCII_FULL_CONDENSED` with `+` where the header rule
/// crosses a column line.
const PRESET: &str = "||--+=++|    ++++++";

/// A table with fixed layout: ASCII borders, a header rule, no rules
/// between rows, columns as wide as their content, no tty look-ups.
/// Columns from `right_from` on are right-aligned (the numbers).
fn new_table(header: &[&str], right_from: usize) -> Table {
    let mut t = Table::new();
    t.load_preset(PRESET)
        .set_content_arrangement(ContentArrangement::Disabled)
        .force_no_tty()
        .set_header(header.to_vec());
    for i in right_from..header.len() {
        if let Some(c) = t.column_mut(i) {
            c.set_cell_alignment(CellAlignment::Right);
        }
    }
    t
}

fn emit(out: &mut dyn Write, t: &Table) -> io::Result<()> {
    writeln!(out, "{t}")
}

/// The protocol column: `TCP`, `UDP`, `SCTP` or `FWM`.
fn prot(svc: &Service) -> &'static str {
    match svc.key {
        ServiceKey::Addr { protocol, .. } => proto_label(protocol),
        ServiceKey::Fwmark { .. } => "FWM",
    }
}

/// The virtual service column: `addr:port` (`[v6]:port`), names unless
/// numeric; a fwmark service is its mark (unsigned), `IPv6` appended for
/// an IPv6 one.
fn virt(svc: &Service, numeric: bool, names: &dyn Resolver) -> String {
    match svc.key {
        ServiceKey::Addr {
            protocol,
            addr,
            port,
        } => addrport(&addr, port, Some(protocol), numeric, names),
        ServiceKey::Fwmark { mark, af } => match af {
            Family::Inet => mark.to_string(),
            Family::Inet6 => format!("{mark} IPv6"),
        },
    }
}

/// The flags column: scheduler flags, `persistent <timeout>`, `mask <m>`,
/// `pe <name>` and `ops`, as the text view words them.
fn flags_text(svc: &Service) -> String {
    let mut parts = Vec::new();
    let sched = sched_flag_names(&svc.scheduler, svc.flags);
    if !sched.is_empty() {
        parts.push(sched.join(","));
    }
    if svc.is_persistent() {
        parts.push(format!("persistent {}", svc.timeout));
        if let Some(m) = mask_text(svc) {
            parts.push(format!("mask {m}"));
        }
        if let Some(pe) = svc.persistence_engine() {
            parts.push(format!("pe {pe}"));
        }
    }
    if svc.flags.contains(ServiceFlags::ONEPACKET) {
        parts.push("ops".into());
    }
    parts.join(" ")
}

fn forward_text(f: Forward) -> String {
    match f {
        Forward::Masq => "Masq".into(),
        Forward::Local => "Local".into(),
        Forward::Tunnel => "Tunnel".into(),
        Forward::Route => "Route".into(),
        Forward::Bypass => "Bypass".into(),
        other => other.to_raw().to_string(),
    }
}

fn real(d: &Dest, svc: &Service, numeric: bool, names: &dyn Resolver) -> String {
    addrport(&d.addr, d.port, svc.key.protocol(), numeric, names)
}

/// `-L --table` (and one service): the version line when `header` is
/// given, then one table. `--stats` and `--rate` give a counter table
/// (a row per service with its totals, then a row per destination);
/// otherwise a row per destination (a service without any has one row),
/// the service columns filled on its first row only, with threshold and
/// persistent-connection columns added by `--thresholds` and
/// `--persistent-conn`. `entries` are in kernel order; sorted here unless
/// `opts.nosort`.
pub fn write_list(
    out: &mut dyn Write,
    header: Option<&Info>,
    entries: &[ServiceEntry],
    opts: &ListOptions,
    names: &dyn Resolver,
) -> io::Result<()> {
    if let Some(info) = header {
        write_header(out, info)?;
    }
    let t = match View::of(opts) {
        View::Stats => counter_table(entries, opts, names, true),
        View::Rate => counter_table(entries, opts, names, false),
        _ => service_table(entries, opts, names),
    };
    emit(out, &t)
}

fn service_table(entries: &[ServiceEntry], opts: &ListOptions, names: &dyn Resolver) -> Table {
    let mut header = vec![
        "Prot",
        "Virtual",
        "Scheduler",
        "Flags",
        "Real server",
        "Forward",
        "Tunnel",
        "Weight",
    ];
    if opts.thresholds {
        header.extend(["Uthreshold", "Lthreshold"]);
    }
    if opts.persistent_conn {
        header.push("PersistConn");
    }
    header.extend(["ActiveConn", "InActConn"]);
    let mut t = new_table(&header, 7);
    for (e, dests) in listing_order(entries, opts.nosort) {
        let svc = &e.service;
        let mut first: Vec<String> = vec![
            prot(svc).into(),
            virt(svc, opts.numeric, names),
            svc.scheduler.to_string(),
            flags_text(svc),
        ];
        if dests.is_empty() {
            first.resize(header.len(), String::new());
            t.add_row(first);
            continue;
        }
        for d in dests {
            let mut row = std::mem::take(&mut first);
            row.resize(4, String::new());
            row.extend([
                real(d, svc, opts.numeric, names),
                forward_text(d.fwd),
                tun_info(d),
                (d.weight as i32).to_string(),
            ]);
            if opts.thresholds {
                row.extend([d.u_threshold.to_string(), d.l_threshold.to_string()]);
            }
            if opts.persistent_conn {
                row.push(d.persist_conns.to_string());
            }
            row.extend([d.active_conns.to_string(), d.inact_conns.to_string()]);
            t.add_row(row);
        }
    }
    t
}

fn counter_table(
    entries: &[ServiceEntry],
    opts: &ListOptions,
    names: &dyn Resolver,
    totals: bool,
) -> Table {
    let cols: [&str; 5] = if totals {
        ["Conns", "InPkts", "OutPkts", "InBytes", "OutBytes"]
    } else {
        ["CPS", "InPPS", "OutPPS", "InBPS", "OutBPS"]
    };
    let mut header = vec!["Prot", "Virtual", "Real server"];
    header.extend(cols);
    let mut t = new_table(&header, 3);
    let nums = |s: &Stats| -> [String; 5] {
        let v = if totals {
            [s.conns, s.inpkts, s.outpkts, s.inbytes, s.outbytes]
        } else {
            [s.cps, s.inpps, s.outpps, s.inbps, s.outbps]
        };
        v.map(|n| n.to_string())
    };
    for (e, dests) in listing_order(entries, opts.nosort) {
        let svc = &e.service;
        let mut row = vec![prot(svc).into(), virt(svc, opts.numeric, names), "".into()];
        row.extend(nums(&svc.stats));
        t.add_row(row);
        for d in dests {
            let mut row = vec![
                String::new(),
                String::new(),
                real(d, svc, opts.numeric, names),
            ];
            row.extend(nums(&d.stats));
            t.add_row(row);
        }
    }
    t
}

/// `--timeout --table`: a row per protocol.
pub fn write_timeouts(out: &mut dyn Write, tm: &Timeouts) -> io::Result<()> {
    let mut t = new_table(&["Protocol", "Timeout (s)"], 1);
    for (name, v) in [("tcp", tm.tcp), ("tcpfin", tm.tcp_fin), ("udp", tm.udp)] {
        t.add_row(vec![name.to_string(), v.to_string()]);
    }
    emit(out, &t)
}

/// `--daemon --table`: a key column and a column per daemon (masters
/// first); `-` where the kernel sent nothing or zero. Nothing at all when
/// no daemon runs, as the text view.
pub fn write_daemons(out: &mut dyn Write, daemons: &[Daemon]) -> io::Result<()> {
    let ordered: Vec<&Daemon> = [DaemonState::Master, DaemonState::Backup]
        .iter()
        .flat_map(|s| daemons.iter().filter(move |d| d.state == *s))
        .collect();
    if ordered.is_empty() {
        return Ok(());
    }
    let mut header = vec![""];
    header.extend(ordered.iter().map(|d| d.state.name()));
    let mut t = new_table(&header, header.len());
    fn opt<T: ToString + PartialEq + Default>(v: Option<T>) -> String {
        v.filter(|v| *v != T::default())
            .map_or("-".into(), |v| v.to_string())
    }
    type Field = fn(&Daemon) -> String;
    let rows: [(&str, Field); 6] = [
        ("mcast interface", |d| d.mcast_ifn.clone()),
        ("syncid", |d| d.syncid.to_string()),
        ("maxlen", |d| opt(d.sync_maxlen)),
        ("group", |d| {
            d.mcast_group
                .filter(|g| !g.is_unspecified())
                .map_or("-".into(), |g| inet_ntop(&g))
        }),
        ("port", |d| opt(d.mcast_port)),
        ("ttl", |d| opt(d.mcast_ttl)),
    ];
    for (key, f) in rows {
        let mut row = vec![key.to_string()];
        row.extend(ordered.iter().map(|d| f(d)));
        t.add_row(row);
    }
    emit(out, &t)
}

/// `-c --table`: reads the whole /proc table (matching rows only), then
/// prints one table; PE columns with `--persistent-conn` (the PE data in
/// full). Expiry is `MM:SS` as in the text view.
pub fn write_conns(
    out: &mut dyn Write,
    input: &mut dyn BufRead,
    opts: &ListOptions,
    names: &dyn Resolver,
) -> Result<ConnSummary> {
    let matcher = ConnMatcher::new(&opts.conn_filter)?;
    skip_conn_header(input)?;
    let mut header = vec!["Pro", "Expire", "State", "Source", "Virtual", "Destination"];
    if opts.persistent_conn {
        header.extend(["PE name", "PE data"]);
    }
    let mut t = new_table(&header, header.len());
    if let Some(c) = t.column_mut(1) {
        c.set_cell_alignment(CellAlignment::Right);
    }
    let summary = for_each_conn(input, &matcher, |row| {
        let p = row.protocol_number();
        let name = |a: &std::net::SocketAddr| addrport(&a.ip(), a.port(), p, opts.numeric, names);
        let mut cells = vec![
            row.protocol.clone(),
            format!("{:02}:{:02}", row.expires / 60, row.expires % 60),
            row.state.clone(),
            name(&row.client),
            name(&row.virt),
            name(&row.dest),
        ];
        if opts.persistent_conn {
            cells.push(row.pe_name.clone().unwrap_or_default());
            cells.push(row.pe_data_lossy().unwrap_or_default().into_owned());
        }
        t.add_row(cells);
        Ok(())
    })?;
    emit(out, &t)?;
    Ok(summary)
}

#[cfg(test)]
mod tests;
