//! The `-L` text views of ipvsadm 1.31, byte for byte: the version header,
//! the title lines of each view, service and destination lines, plus
//! `--timeout` and `--daemon`. Pure: the model in, text out. Sorting and
//! names come from `sort` and `addr`; `-c` is in `conn`.

use std::io::{self, Write};
use std::net::Ipv4Addr;

use super::addr::{dname, svcname};
use super::largenum::largenum;
use super::ljust;
use super::sort::listing_order;
use crate::cli::ListOptions;
use crate::model::{
    svc_flags, tun, Daemon, DaemonState, Dest, Family, Forward, Info, Service, ServiceEntry, Stats,
    Timeouts,
};
use crate::names::Resolver;

/// Which layout a listing uses. The first match wins: stats > rate >
/// thresholds > persistent-conn > tun-info > default (`--exact` only
/// changes the numbers of stats and rate).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Default,
    TunInfo,
    Stats,
    Rate,
    Thresholds,
    PersistentConn,
}

impl View {
    pub fn of(opts: &ListOptions) -> View {
        if opts.stats {
            View::Stats
        } else if opts.rate {
            View::Rate
        } else if opts.thresholds {
            View::Thresholds
        } else if opts.persistent_conn {
            View::PersistentConn
        } else if opts.tun_info {
            View::TunInfo
        } else {
            View::Default
        }
    }
}

/// `-L`: the version header when `header` is given (the full list; a single
/// service has none), the title lines, then each service with its
/// destinations. `entries` are in kernel order (dests too); they are sorted
/// here unless `opts.nosort`.
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
    let view = View::of(opts);
    write_title(out, view)?;
    for (entry, dests) in listing_order(entries, opts.nosort) {
        write_service(out, &entry.service, view, opts, names)?;
        for d in dests {
            write_dest(out, d, &entry.service, view, opts, names)?;
        }
    }
    Ok(())
}

/// `IP Virtual Server version X.Y.Z (size=N)`.
pub fn write_header(out: &mut dyn Write, info: &Info) -> io::Result<()> {
    let (major, minor, patch) = info.version_triple();
    writeln!(
        out,
        "IP Virtual Server version {major}.{minor}.{patch} (size={})",
        info.conn_tab_size as i32
    )
}

/// `print_title`.
pub fn write_title(out: &mut dyn Write, view: View) -> io::Result<()> {
    const PROT: &str = "Prot LocalAddress:Port";
    const ARROW: &str = "  -> RemoteAddress:Port";
    match view {
        View::Stats => writeln!(
            out,
            "{PROT:<33} {:>8} {:>8} {:>8} {:>8} {:>8}\n{ARROW}",
            "Conns", "InPkts", "OutPkts", "InBytes", "OutBytes"
        ),
        View::Rate => writeln!(
            out,
            "{PROT:<33} {:>8} {:>8} {:>8} {:>8} {:>8}\n{ARROW}",
            "CPS", "InPPS", "OutPPS", "InBPS", "OutBPS"
        ),
        View::Thresholds => writeln!(
            out,
            "{PROT:<33} {:<10} {:<10} {:<10} {:<10}\n{ARROW}",
            "Uthreshold", "Lthreshold", "ActiveConn", "InActConn"
        ),
        View::PersistentConn => writeln!(
            out,
            "{PROT:<33} {:<9} {:<11} {:<10} {:<10}\n{ARROW}",
            "Weight", "PersistConn", "ActiveConn", "InActConn"
        ),
        View::TunInfo => writeln!(
            out,
            "Prot LocalAddress:Port Scheduler Flags\n\
             {ARROW}           Forward TunnelInfo    Weight ActiveConn InActConn"
        ),
        View::Default => writeln!(
            out,
            "Prot LocalAddress:Port Scheduler Flags\n\
             {ARROW}           Forward Weight ActiveConn InActConn"
        ),
    }
}

/// The scheduler flag names the reference prints for `sched` (`sh` and `mh`
/// name flag-1 and flag-2 only, so `sh` with flag-3 gives an empty list).
pub fn sched_flag_names(sched: &str, flags: u32) -> Vec<&'static str> {
    let table: &[(u32, &'static str)] = match sched {
        "sh" => &[
            (svc_flags::SCHED1, "sh-fallback"),
            (svc_flags::SCHED2, "sh-port"),
        ],
        "mh" => &[
            (svc_flags::SCHED1, "mh-fallback"),
            (svc_flags::SCHED2, "mh-port"),
        ],
        _ => &[
            (svc_flags::SCHED1, "flag-1"),
            (svc_flags::SCHED2, "flag-2"),
            (svc_flags::SCHED3, "flag-3"),
        ],
    };
    table
        .iter()
        .filter(|(bit, _)| flags & bit != 0)
        .map(|(_, name)| *name)
        .collect()
}

/// Every user-visible service flag by name, for `--json` and `--metrics`:
/// `persistent`, `ops`, then the scheduler flags as `-b` spells them
/// (`flag-3` also for `sh` and `mh`, which have no name for it). The
/// kernel-internal HASHED bit, and bits no kernel defines, are left out.
pub fn service_flag_names(sched: &str, flags: u32) -> Vec<&'static str> {
    let mut names = Vec::new();
    if flags & svc_flags::PERSISTENT != 0 {
        names.push("persistent");
    }
    if flags & svc_flags::ONEPACKET != 0 {
        names.push("ops");
    }
    names.extend(sched_flag_names(sched, flags));
    if matches!(sched, "sh" | "mh") && flags & svc_flags::SCHED3 != 0 {
        names.push("flag-3");
    }
    names
}

/// ` mask <dotted>` (IPv4, not /32) or ` mask <n>` (IPv6, not 128) text,
/// without the keyword; `None` when there is no mask to show.
pub fn mask_text(svc: &Service) -> Option<String> {
    match svc.family() {
        Family::Inet if svc.netmask != 0xffff_ffff => Some(Ipv4Addr::from(svc.netmask).to_string()),
        Family::Inet6 if svc.netmask != 128 => Some((svc.netmask as i32).to_string()),
        _ => None,
    }
}

fn write_largenums(out: &mut dyn Write, v: &[u64], exact: bool) -> io::Result<()> {
    for n in v {
        out.write_all(largenum(*n, exact).as_bytes())?;
    }
    Ok(())
}

fn totals(s: &Stats) -> [u64; 5] {
    [s.conns, s.inpkts, s.outpkts, s.inbytes, s.outbytes]
}

fn rates(s: &Stats) -> [u64; 5] {
    [s.cps, s.inpps, s.outpps, s.inbps, s.outbps]
}

/// One service line in `view`.
pub fn write_service(
    out: &mut dyn Write,
    svc: &Service,
    view: View,
    opts: &ListOptions,
    names: &dyn Resolver,
) -> io::Result<()> {
    let name = svcname(svc, opts.numeric, names);
    match view {
        View::Stats | View::Rate => {
            ljust(out, &name, 33)?;
            let v = if view == View::Stats {
                totals(&svc.stats)
            } else {
                rates(&svc.stats)
            };
            write_largenums(out, &v, opts.exact)?;
        }
        _ => {
            write!(out, "{name} {}", svc.sched_name)?;
            if svc.flags & svc_flags::SCHED_MASK != 0 {
                write!(
                    out,
                    " ({})",
                    sched_flag_names(&svc.sched_name, svc.flags).join(",")
                )?;
            }
            if svc.is_persistent() {
                write!(out, " persistent {}", svc.timeout)?;
                if let Some(m) = mask_text(svc) {
                    write!(out, " mask {m}")?;
                }
                if !svc.pe_name.is_empty() {
                    write!(out, " pe {}", svc.pe_name)?;
                }
            }
            if svc.flags & svc_flags::ONEPACKET != 0 {
                out.write_all(b" ops")?;
            }
        }
    }
    out.write_all(b"\n")
}

/// `fwd_name`: `(null)` for a method the reference has no name for (glibc
/// prints a NULL `%s` so).
pub fn fwd_name(f: Forward) -> &'static str {
    match f {
        Forward::Masq => "Masq",
        Forward::Local => "Local",
        Forward::Tunnel => "Tunnel",
        Forward::Route => "Route",
        Forward::Bypass | Forward::Other(_) => "(null)",
    }
}

/// The checksum mode of a tunnel as `--tun-info` shows it (`tunflags[]`).
fn tun_csum_short(flags: u16) -> &'static str {
    match tun::csum_mode(flags) {
        tun::Csum::Remote => "r+c",
        tun::Csum::Csum => "+c",
        tun::Csum::No => "-c",
    }
}

/// `fwd_tun_info`: `n/a` unless a tunnel, else `ipip`, `gue:<port>:<csum>`
/// or `gre:<csum>` (an unknown type is `n/a` too).
pub fn tun_info(d: &Dest) -> String {
    if d.fwd != Forward::Tunnel {
        return "n/a".into();
    }
    match d.tun_type {
        tun::IPIP => "ipip".into(),
        tun::GUE => format!("gue:{}:{}", d.tun_port, tun_csum_short(d.tun_flags)),
        tun::GRE => format!("gre:{}", tun_csum_short(d.tun_flags)),
        _ => "n/a".into(),
    }
}

/// One destination line in `view`. Counters are printed with their full 64
/// bits (the reference truncates dest conns/pkts/cps/pps to 32).
pub fn write_dest(
    out: &mut dyn Write,
    d: &Dest,
    svc: &Service,
    view: View,
    opts: &ListOptions,
    names: &dyn Resolver,
) -> io::Result<()> {
    let name = dname(d, svc, opts.numeric, names);
    out.write_all(b"  -> ")?;
    ljust(out, &name, 28)?;
    match view {
        View::Stats => {
            write_largenums(out, &totals(&d.stats), opts.exact)?;
            out.write_all(b"\n")
        }
        View::Rate => {
            let s = &d.stats;
            write!(out, " {:8} {:8} {:8}", s.cps, s.inpps, s.outpps)?;
            write_largenums(out, &[s.inbps, s.outbps], opts.exact)?;
            out.write_all(b"\n")
        }
        View::Thresholds => writeln!(
            out,
            " {:<10} {:<10} {:<10} {:<10}",
            d.u_threshold, d.l_threshold, d.active_conns, d.inact_conns
        ),
        View::PersistentConn => writeln!(
            out,
            " {:<9} {:<11} {:<10} {:<10}",
            d.weight, d.persist_conns, d.active_conns, d.inact_conns
        ),
        View::TunInfo => writeln!(
            out,
            " {:<7} {:<13} {:<6} {:<10} {:<10}",
            fwd_name(d.fwd),
            tun_info(d),
            d.weight as i32,
            d.active_conns,
            d.inact_conns
        ),
        View::Default => writeln!(
            out,
            " {:<7} {:<6} {:<10} {:<10}",
            fwd_name(d.fwd),
            d.weight as i32,
            d.active_conns,
            d.inact_conns
        ),
    }
}

/// `--timeout`: `Timeout (tcp tcpfin udp): <tcp> <tcpfin> <udp>`.
pub fn write_timeouts(out: &mut dyn Write, t: &Timeouts) -> io::Result<()> {
    writeln!(
        out,
        "Timeout (tcp tcpfin udp): {} {} {}",
        t.tcp as i32, t.tcp_fin as i32, t.udp as i32
    )
}

/// `--daemon`: one line per daemon, masters first, then backups; nothing
/// when none runs. Optional parts only when present and nonzero.
pub fn write_daemons(out: &mut dyn Write, daemons: &[Daemon]) -> io::Result<()> {
    for state in [DaemonState::Master, DaemonState::Backup] {
        for d in daemons.iter().filter(|d| d.state == state) {
            write!(
                out,
                "{} sync daemon (mcast={}, syncid={}",
                state.name(),
                d.mcast_ifn,
                d.syncid as i32
            )?;
            if let Some(n) = d.sync_maxlen.filter(|n| *n != 0) {
                write!(out, ", maxlen={n}")?;
            }
            if let Some(g) = d.mcast_group.filter(|g| !g.is_unspecified()) {
                write!(out, ", group={}", super::addr::inet_ntop(&g))?;
            }
            if let Some(p) = d.mcast_port.filter(|p| *p != 0) {
                write!(out, ", port={p}")?;
            }
            if let Some(t) = d.mcast_ttl.filter(|t| *t != 0) {
                write!(out, ", ttl={t}")?;
            }
            out.write_all(b")\n")?;
        }
    }
    Ok(())
}
