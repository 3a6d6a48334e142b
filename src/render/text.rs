//! The `-L` text views of ipvsadm 1.31, byte for byte: the version header,
//! the title lines of each view, service and destination lines. Pure: the
//! model in, text out. Sorting and
//! names come from `sort` and `addr`; `-c` is in `conn`, `--timeout` and
//! `--daemon` in `daemons`.

use std::io::{self, Write};
use std::net::Ipv4Addr;

use super::addr::{dname_into, svcname_into};
use super::ascii;
use super::largenum::largenum;
use super::sort::write_in_order;
use crate::cli::ListOptions;
use crate::model::{
    Dest, Family, Forward, Info, Scheduler, Service, ServiceEntry, ServiceFlags, Stats, TunnelCsum,
    TunnelFlags, TunnelType,
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
    write_in_order(out, entries, opts.nosort, |buf, svc, dest| match dest {
        None => push_service(buf, svc, view, opts, names),
        Some(d) => push_dest(buf, d, svc, view, opts, names),
    })
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
pub fn sched_flag_names(sched: &Scheduler, flags: ServiceFlags) -> Vec<&'static str> {
    let table: &[(ServiceFlags, &'static str)] = match sched {
        Scheduler::Sh => &[
            (ServiceFlags::SCHED_SH_FALLBACK, "sh-fallback"),
            (ServiceFlags::SCHED_SH_PORT, "sh-port"),
        ],
        Scheduler::Mh => &[
            (ServiceFlags::SCHED_MH_FALLBACK, "mh-fallback"),
            (ServiceFlags::SCHED_MH_PORT, "mh-port"),
        ],
        _ => &[
            (ServiceFlags::SCHED1, "flag-1"),
            (ServiceFlags::SCHED2, "flag-2"),
            (ServiceFlags::SCHED3, "flag-3"),
        ],
    };
    table
        .iter()
        .filter(|(bit, _)| flags.contains(*bit))
        .map(|(_, name)| *name)
        .collect()
}

/// Every user-visible service flag by name, for `--json` and `--metrics`:
/// `persistent`, `ops`, then the scheduler flags as `-b` spells them
/// (`flag-3` also for `sh` and `mh`, which have no name for it). The
/// kernel-internal HASHED bit, and bits no kernel defines, are left out.
pub fn service_flag_names(sched: &Scheduler, flags: ServiceFlags) -> Vec<&'static str> {
    let mut names = Vec::new();
    if flags.contains(ServiceFlags::PERSISTENT) {
        names.push("persistent");
    }
    if flags.contains(ServiceFlags::ONEPACKET) {
        names.push("ops");
    }
    names.extend(sched_flag_names(sched, flags));
    if matches!(sched, Scheduler::Sh | Scheduler::Mh) && flags.contains(ServiceFlags::SCHED3) {
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

fn push_largenums(out: &mut Vec<u8>, v: &[u64], exact: bool) {
    for n in v {
        out.extend_from_slice(largenum(*n, exact).as_bytes());
    }
}

fn totals(s: &Stats) -> [u64; 5] {
    [s.conns, s.inpkts, s.outpkts, s.inbytes, s.outbytes]
}

fn rates(s: &Stats) -> [u64; 5] {
    [s.cps, s.inpps, s.outpps, s.inbps, s.outbps]
}

/// One service line in `view`, appended to `out`.
pub fn push_service(
    out: &mut Vec<u8>,
    svc: &Service,
    view: View,
    opts: &ListOptions,
    names: &dyn Resolver,
) {
    let start = out.len();
    svcname_into(out, svc, opts.numeric, names);
    match view {
        View::Stats | View::Rate => {
            ascii::pad_from(out, start, 33);
            let v = if view == View::Stats {
                totals(&svc.stats)
            } else {
                rates(&svc.stats)
            };
            push_largenums(out, &v, opts.exact);
        }
        _ => {
            out.push(b' ');
            out.extend_from_slice(svc.scheduler.as_str().as_bytes());
            if svc.flags.intersects(ServiceFlags::SCHED_MASK) {
                out.extend_from_slice(b" (");
                out.extend_from_slice(
                    sched_flag_names(&svc.scheduler, svc.flags)
                        .join(",")
                        .as_bytes(),
                );
                out.push(b')');
            }
            if svc.is_persistent() {
                out.extend_from_slice(b" persistent ");
                ascii::push_u32(out, svc.timeout);
                if let Some(m) = mask_text(svc) {
                    out.extend_from_slice(b" mask ");
                    out.extend_from_slice(m.as_bytes());
                }
                if let Some(pe) = svc.persistence_engine() {
                    out.extend_from_slice(b" pe ");
                    out.extend_from_slice(pe.as_bytes());
                }
            }
            if svc.flags.contains(ServiceFlags::ONEPACKET) {
                out.extend_from_slice(b" ops");
            }
        }
    }
    out.push(b'\n');
}

/// `fwd_name`: `(null)` for a method the reference has no name for (glibc
/// prints a NULL `%s` so).
pub fn fwd_name(f: Forward) -> &'static str {
    match f {
        Forward::Masq => "Masq",
        Forward::Local => "Local",
        Forward::Tunnel => "Tunnel",
        Forward::Route => "Route",
        _ => "(null)",
    }
}

/// The checksum mode of a tunnel as `--tun-info` shows it (`tunflags[]`).
fn tun_csum_short(flags: TunnelFlags) -> &'static str {
    match flags.csum() {
        TunnelCsum::RemCsum => "r+c",
        TunnelCsum::Csum => "+c",
        _ => "-c",
    }
}

/// `fwd_tun_info`: `n/a` unless a tunnel, else `ipip`, `gue:<port>:<csum>`
/// or `gre:<csum>` (an unknown type is `n/a` too).
pub fn tun_info(d: &Dest) -> String {
    if d.fwd != Forward::Tunnel {
        return "n/a".into();
    }
    match d.tun_type {
        TunnelType::Ipip => "ipip".into(),
        TunnelType::Gue => format!("gue:{}:{}", d.tun_port, tun_csum_short(d.tun_flags)),
        TunnelType::Gre => format!("gre:{}", tun_csum_short(d.tun_flags)),
        _ => "n/a".into(),
    }
}

/// One destination line in `view`, appended to `out`. Counters are
/// printed with their full 64 bits (the reference truncates dest
/// conns/pkts/cps/pps to 32).
pub fn push_dest(
    out: &mut Vec<u8>,
    d: &Dest,
    svc: &Service,
    view: View,
    opts: &ListOptions,
    names: &dyn Resolver,
) {
    out.extend_from_slice(b"  -> ");
    let start = out.len();
    dname_into(out, d, svc, opts.numeric, names);
    ascii::pad_from(out, start, 28);
    // " %-Ns" fields; the numbers are `%u` but for the weight's `%d`.
    let field = |out: &mut Vec<u8>, text: &[u8], width: usize| {
        out.push(b' ');
        ascii::push_ljust(out, text, width);
    };
    let num = |out: &mut Vec<u8>, n: u32, width: usize| {
        out.push(b' ');
        let start = out.len();
        ascii::push_u32(out, n);
        ascii::pad_from(out, start, width);
    };
    let weight = |out: &mut Vec<u8>, width: usize| {
        out.push(b' ');
        let start = out.len();
        ascii::push_i32(out, d.weight as i32);
        ascii::pad_from(out, start, width);
    };
    match view {
        View::Stats => push_largenums(out, &totals(&d.stats), opts.exact),
        View::Rate => {
            let s = &d.stats;
            // `%8u`: right-aligned (std's `{:8}` for numbers).
            for n in [s.cps, s.inpps, s.outpps] {
                let text = n.to_string();
                out.push(b' ');
                out.resize(out.len() + 8usize.saturating_sub(text.len()), b' ');
                out.extend_from_slice(text.as_bytes());
            }
            push_largenums(out, &[s.inbps, s.outbps], opts.exact);
        }
        View::Thresholds => {
            num(out, d.u_threshold, 10);
            num(out, d.l_threshold, 10);
            num(out, d.active_conns, 10);
            num(out, d.inact_conns, 10);
        }
        View::PersistentConn => {
            // The weight as `%-9u` here (unsigned, unlike the other views).
            num(out, d.weight, 9);
            num(out, d.persist_conns, 11);
            num(out, d.active_conns, 10);
            num(out, d.inact_conns, 10);
        }
        View::TunInfo => {
            field(out, fwd_name(d.fwd).as_bytes(), 7);
            field(out, tun_info(d).as_bytes(), 13);
            weight(out, 6);
            num(out, d.active_conns, 10);
            num(out, d.inact_conns, 10);
        }
        View::Default => {
            field(out, fwd_name(d.fwd).as_bytes(), 7);
            weight(out, 6);
            num(out, d.active_conns, 10);
            num(out, d.inact_conns, 10);
        }
    }
    out.push(b'\n');
}
