//! `-S`: the table as `-A`/`-a` lines that `-R` reads back (ipvsadm 1.31's
//! `FMT_RULE` printing). Sorted as `-L`, names unless numeric, never cut
//! to the listing widths. Two deliberate fixes, so that every line
//! restores: fwmarks are printed unsigned (the reference's `%d` makes marks
//! of 2^31 and more negative), and `flag-3` of `sh`/`mh` is spelled
//! `flag-3` (the reference has no name for it there and writes `-b `
//! followed by nothing, which `-R` rejects). With `with_thresholds` (our
//! opt-in) `-a` lines also carry nonzero `-x`/`-y`.

use std::io::{self, Write};

use crate::model::ServiceEntry;
use crate::model::{proto, svc_flags, tun, Dest, Family, Forward, Service, ServiceKey};
use crate::names::Resolver;
use crate::render::addr::addrport;
use crate::render::sort::listing_order;
use crate::render::text::{mask_text, sched_flag_names};

/// The service part shared by `-A` and `-a`: `-t addr:port`,
/// `-u addr:port`, `--sctp-service addr:port`, `-f N` or `-f N -6`.
pub fn service_args(svc: &Service, numeric: bool, names: &dyn Resolver) -> String {
    match svc.key {
        ServiceKey::Fwmark { mark, af } => match af {
            // Unsigned: the reference's `%d` gives `-f -1`, which -R rejects.
            Family::Inet => format!("-f {mark}"),
            Family::Inet6 => format!("-f {mark} -6"),
        },
        ServiceKey::Addr {
            protocol,
            addr,
            port,
        } => {
            let opt = match protocol {
                proto::TCP => "-t",
                proto::UDP => "-u",
                _ => "--sctp-service",
            };
            format!(
                "{opt} {}",
                addrport(&addr, port, Some(protocol), numeric, names)
            )
        }
    }
}

/// The `-b` list. The listing's names, plus `flag-3` for `sh`/`mh`, whose
/// tables do not name it (the reference then loses the flag, or writes an
/// empty `-b`); the `-b` parser accepts `flag-N` with any scheduler.
pub fn save_sched_flags(svc: &Service) -> String {
    let mut names = sched_flag_names(&svc.sched_name, svc.flags);
    if matches!(svc.sched_name.as_str(), "sh" | "mh") && svc.flags & svc_flags::SCHED3 != 0 {
        names.push("flag-3");
    }
    names.join(",")
}

/// `-A <svc> -s <sched>[ -p <timeout>[ -M <mask>]][ --pe <pe>][ -o][ -b <flags>]`.
pub fn write_service_line(
    out: &mut dyn Write,
    svc: &Service,
    numeric: bool,
    names: &dyn Resolver,
) -> io::Result<()> {
    write!(
        out,
        "-A {} -s {}",
        service_args(svc, numeric, names),
        svc.sched_name
    )?;
    if svc.is_persistent() {
        write!(out, " -p {}", svc.timeout)?;
        if let Some(m) = mask_text(svc) {
            write!(out, " -M {m}")?;
        }
    }
    // Printed even when not persistent, as the reference.
    if !svc.pe_name.is_empty() {
        write!(out, " --pe {}", svc.pe_name)?;
    }
    if svc.flags & svc_flags::ONEPACKET != 0 {
        out.write_all(b" -o")?;
    }
    if svc.flags & svc_flags::SCHED_MASK != 0 {
        write!(out, " -b {}", save_sched_flags(svc))?;
    }
    out.write_all(b"\n")
}

/// `fwd_switch`: Masq `-m`, Tunnel `-i`, Route and Local `-g`.
fn fwd_switch(f: Forward) -> &'static str {
    match f {
        Forward::Masq => "-m",
        Forward::Tunnel => "-i",
        Forward::Route | Forward::Local => "-g",
        Forward::Bypass | Forward::Other(_) => "(null)",
    }
}

fn tun_csum_opt(flags: u16) -> &'static str {
    match tun::csum_mode(flags) {
        tun::Csum::Remote => "--tun-remcsum",
        tun::Csum::Csum => "--tun-csum",
        tun::Csum::No => "--tun-nocsum",
    }
}

/// `-a <svc> -r <addr:port> <-g|-m|-i> -w <weight>[ tunnel options]`
/// (`[ -x N][ -y N]` with `with_thresholds`).
pub fn write_dest_line(
    out: &mut dyn Write,
    svc: &Service,
    d: &Dest,
    numeric: bool,
    names: &dyn Resolver,
    with_thresholds: bool,
) -> io::Result<()> {
    write!(
        out,
        "-a {} -r {} {} -w {}",
        service_args(svc, numeric, names),
        addrport(&d.addr, d.port, svc.key.protocol(), numeric, names),
        fwd_switch(d.fwd),
        d.weight as i32
    )?;
    if d.fwd == Forward::Tunnel {
        match d.tun_type {
            tun::IPIP => out.write_all(b" --tun-type ipip")?,
            tun::GUE => write!(
                out,
                " --tun-type gue --tun-port {} {}",
                d.tun_port,
                tun_csum_opt(d.tun_flags)
            )?,
            tun::GRE => write!(out, " --tun-type gre {}", tun_csum_opt(d.tun_flags))?,
            _ => {}
        }
    }
    if with_thresholds {
        if d.u_threshold != 0 {
            write!(out, " -x {}", d.u_threshold)?;
        }
        if d.l_threshold != 0 {
            write!(out, " -y {}", d.l_threshold)?;
        }
    }
    out.write_all(b"\n")
}

/// `-S`: every service, then its destinations, in listing order. An empty
/// table writes nothing.
pub fn write_save(
    out: &mut dyn Write,
    entries: &[ServiceEntry],
    numeric: bool,
    names: &dyn Resolver,
    with_thresholds: bool,
) -> io::Result<()> {
    for (entry, dests) in listing_order(entries, false) {
        write_service_line(out, &entry.service, numeric, names)?;
        for d in dests {
            write_dest_line(out, &entry.service, d, numeric, names, with_thresholds)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
