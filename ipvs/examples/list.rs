//! Lists the IPVS table with its counters, as `ipvsadm -L -n --stats
//! --rate` would in one view: per service and per real server, the
//! connection, packet and byte counters (64-bit, since the counters were
//! last zeroed) and the kernel's own rate estimates (per second).
//!
//! Run as root on a director: `cargo run -p linux-ipvs --example list`.
//! The table is read with `Ipvs::for_each_entry`: each service is printed
//! as soon as its real servers are read, so even a table of 100,000
//! services is never held whole.

use ipvs::model::{Dest, Family, Forward, Service, ServiceKey, Stats};
use ipvs::{Backend, Ipvs};
use std::process::ExitCode;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("list: {e}{}", hint(&e));
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), ipvs::Error> {
    let mut ipvs = Ipvs::open()?;
    let info = ipvs.opening_info();
    let (major, minor, patch) = info.version_triple();
    let t = ipvs.timeouts()?;
    println!(
        "IPVS {major}.{minor}.{patch}, connection table size {}, timeouts tcp {} s, tcpfin {} s, udp {} s",
        info.conn_tab_size, t.tcp, t.tcp_fin, t.udp
    );
    println!(
        "{:<40} {:>8} {:>10} {:>10} {:>12} {:>12} | {:>6} {:>7} {:>7} {:>9} {:>9}",
        "service / -> real server",
        "conns",
        "inpkts",
        "outpkts",
        "inbytes",
        "outbytes",
        "cps",
        "inpps",
        "outpps",
        "inbps",
        "outbps"
    );
    let mut services = 0;
    ipvs.for_each_entry(|entry| {
        services += 1;
        println!(
            "{}",
            row(&service_name(&entry.service), &entry.service.stats)
        );
        for dest in &entry.dests {
            println!("{}", row(&dest_name(dest), &dest.stats));
        }
        true // keep going
    })?;
    println!("{services} service(s)");
    Ok(())
}

/// One line: a name, the five counters, the five rates.
fn row(name: &str, s: &Stats) -> String {
    format!(
        "{name:<40} {:>8} {:>10} {:>10} {:>12} {:>12} | {:>6} {:>7} {:>7} {:>9} {:>9}",
        s.conns,
        s.inpkts,
        s.outpkts,
        s.inbytes,
        s.outbytes,
        s.cps,
        s.inpps,
        s.outpps,
        s.inbps,
        s.outbps
    )
}

/// "TCP 10.0.0.1:80 wrr", "UDP [2001:db8::1]:53 rr", "FWM 7 (IPv4) sh".
fn service_name(svc: &Service) -> String {
    let key = match svc.key {
        ServiceKey::Addr {
            protocol,
            addr,
            port,
        } => {
            let proto = ipvs::model::proto::name(protocol).unwrap_or("proto?");
            format!(
                "{} {}",
                proto.to_uppercase(),
                std::net::SocketAddr::new(addr, port)
            )
        }
        ServiceKey::Fwmark { mark, af } => {
            let af = if af == Family::Inet6 { "IPv6" } else { "IPv4" };
            format!("FWM {mark} ({af})")
        }
    };
    format!("{key} {}", svc.scheduler)
}

/// "  -> 10.1.1.1:80 masq w2 act 3 inact 9".
fn dest_name(d: &Dest) -> String {
    let fwd = match d.fwd {
        Forward::Masq => "masq",
        Forward::Local => "local",
        Forward::Tunnel => "tunnel",
        Forward::Route => "route",
        Forward::Bypass => "bypass",
        _ => "other",
    };
    format!(
        "  -> {} {fwd} w{} act {} inact {}",
        std::net::SocketAddr::new(d.addr, d.port),
        d.weight,
        d.active_conns,
        d.inact_conns
    )
}

/// What to do about the usual failures to open.
fn hint(e: &(dyn std::error::Error + 'static)) -> &'static str {
    match e.downcast_ref::<ipvs::Error>() {
        Some(ipvs::Error::NotAvailable { errno: libc::EPERM }) => {
            " (run as root: administering IPVS needs CAP_NET_ADMIN)"
        }
        Some(ipvs::Error::NotAvailable {
            errno: libc::ENOENT,
        }) => " (no IPVS in this kernel: `modprobe ip_vs`)",
        _ => "",
    }
}
