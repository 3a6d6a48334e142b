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
use crate::model::{
    proto, Dest, Family, Forward, Scheduler, Service, ServiceFlags, ServiceKey, TunnelCsum,
    TunnelFlags, TunnelType,
};
use crate::names::Resolver;
use crate::render::addr::addrport_into;
use crate::render::ascii::{push_i32, push_u32};
use crate::render::sort::write_in_order;
use crate::render::text::{mask_text, sched_flag_names};

/// The service part shared by `-A` and `-a`: `-t addr:port`,
/// `-u addr:port`, `--sctp-service addr:port`, `-f N` or `-f N -6`.
pub fn service_args(svc: &Service, numeric: bool, names: &dyn Resolver) -> String {
    let mut v = Vec::with_capacity(32);
    service_args_into(&mut v, svc, numeric, names);
    // Only ASCII and whole `String` names are appended.
    String::from_utf8_lossy(&v).into_owned()
}

/// `service_args` appended to `out`.
pub fn service_args_into(out: &mut Vec<u8>, svc: &Service, numeric: bool, names: &dyn Resolver) {
    match svc.key {
        ServiceKey::Fwmark { mark, af } => {
            // Unsigned: the reference's `%d` gives `-f -1`, which -R rejects.
            out.extend_from_slice(b"-f ");
            push_u32(out, mark);
            if af == Family::Inet6 {
                out.extend_from_slice(b" -6");
            }
        }
        ServiceKey::Addr {
            protocol,
            addr,
            port,
        } => {
            out.extend_from_slice(match protocol {
                proto::TCP => b"-t ",
                proto::UDP => b"-u ",
                _ => b"--sctp-service ",
            });
            addrport_into(out, &addr, port, Some(protocol), numeric, names);
        }
    }
}

/// The `-b` list. The listing's names, plus `flag-3` for `sh`/`mh`, whose
/// tables do not name it (the reference then loses the flag, or writes an
/// empty `-b`); the `-b` parser accepts `flag-N` with any scheduler.
pub fn save_sched_flags(svc: &Service) -> String {
    let mut names = sched_flag_names(&svc.scheduler, svc.flags);
    if matches!(svc.scheduler, Scheduler::Sh | Scheduler::Mh)
        && svc.flags.contains(ServiceFlags::SCHED3)
    {
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
    let mut line = Vec::with_capacity(64);
    push_service_line(&mut line, svc, numeric, names);
    out.write_all(&line)
}

/// `write_service_line` appended to `out`.
pub fn push_service_line(out: &mut Vec<u8>, svc: &Service, numeric: bool, names: &dyn Resolver) {
    out.extend_from_slice(b"-A ");
    service_args_into(out, svc, numeric, names);
    out.extend_from_slice(b" -s ");
    out.extend_from_slice(svc.scheduler.as_str().as_bytes());
    if svc.is_persistent() {
        out.extend_from_slice(b" -p ");
        push_u32(out, svc.timeout);
        if let Some(m) = mask_text(svc) {
            out.extend_from_slice(b" -M ");
            out.extend_from_slice(m.as_bytes());
        }
    }
    // Printed even when not persistent, as the reference.
    if let Some(pe) = svc.persistence_engine() {
        out.extend_from_slice(b" --pe ");
        out.extend_from_slice(pe.as_bytes());
    }
    if svc.flags.contains(ServiceFlags::ONEPACKET) {
        out.extend_from_slice(b" -o");
    }
    if svc.flags.intersects(ServiceFlags::SCHED_MASK) {
        out.extend_from_slice(b" -b ");
        out.extend_from_slice(save_sched_flags(svc).as_bytes());
    }
    out.push(b'\n');
}

/// `fwd_switch`: Masq `-m`, Tunnel `-i`, Route and Local `-g`.
fn fwd_switch(f: Forward) -> &'static str {
    match f {
        Forward::Masq => "-m",
        Forward::Tunnel => "-i",
        Forward::Route | Forward::Local => "-g",
        _ => "(null)",
    }
}

fn tun_csum_opt(flags: TunnelFlags) -> &'static str {
    match flags.csum() {
        TunnelCsum::RemCsum => "--tun-remcsum",
        TunnelCsum::Csum => "--tun-csum",
        _ => "--tun-nocsum",
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
    let mut line = Vec::with_capacity(96);
    push_dest_line(&mut line, svc, d, numeric, names, with_thresholds);
    out.write_all(&line)
}

/// `write_dest_line` appended to `out`.
pub fn push_dest_line(
    out: &mut Vec<u8>,
    svc: &Service,
    d: &Dest,
    numeric: bool,
    names: &dyn Resolver,
    with_thresholds: bool,
) {
    out.extend_from_slice(b"-a ");
    service_args_into(out, svc, numeric, names);
    out.extend_from_slice(b" -r ");
    addrport_into(out, &d.addr, d.port, svc.key.protocol(), numeric, names);
    out.push(b' ');
    out.extend_from_slice(fwd_switch(d.fwd).as_bytes());
    out.extend_from_slice(b" -w ");
    push_i32(out, d.weight as i32);
    if d.fwd == Forward::Tunnel {
        match d.tun_type {
            TunnelType::Ipip => out.extend_from_slice(b" --tun-type ipip"),
            TunnelType::Gue => {
                out.extend_from_slice(b" --tun-type gue --tun-port ");
                push_u32(out, d.tun_port.into());
                out.push(b' ');
                out.extend_from_slice(tun_csum_opt(d.tun_flags).as_bytes());
            }
            TunnelType::Gre => {
                out.extend_from_slice(b" --tun-type gre ");
                out.extend_from_slice(tun_csum_opt(d.tun_flags).as_bytes());
            }
            _ => {}
        }
    }
    if with_thresholds {
        if d.u_threshold != 0 {
            out.extend_from_slice(b" -x ");
            push_u32(out, d.u_threshold);
        }
        if d.l_threshold != 0 {
            out.extend_from_slice(b" -y ");
            push_u32(out, d.l_threshold);
        }
    }
    out.push(b'\n');
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
    write_in_order(out, entries, false, |buf, svc, dest| match dest {
        None => push_service_line(buf, svc, numeric, names),
        Some(d) => push_dest_line(buf, svc, d, numeric, names, with_thresholds),
    })
}

#[cfg(test)]
mod tests;
