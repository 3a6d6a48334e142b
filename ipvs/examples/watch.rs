//! Watches the IPVS counters: reads the table a few times about a second
//! apart and prints, per service and interval, the rates worked out from
//! the counters' change (connections, packets and bytes per second), next
//! to the kernel's own estimate; then a total over the whole window. Ends
//! by itself.
//!
//! Run as root on a director: `cargo run -p linux-ipvs --example watch`.
//!
//! Rates from deltas are what a monitoring system computes from the 64-bit
//! counters. The kernel adds its per-CPU counters into the ones it reports
//! every 2 seconds (its rate estimator's timer), so over 1-second windows
//! the deltas come in steps: one window shows two seconds' worth, the next
//! none. Over longer windows the two agree.

use ipvs::model::{ServiceEntry, ServiceKey, Stats};
use ipvs::{Backend, Ipvs};
use std::collections::{HashMap, HashSet};
use std::process::ExitCode;
use std::time::{Duration, Instant};

const SAMPLES: usize = 4;
const INTERVAL: Duration = Duration::from_secs(1);

/// One reading of the table: each service's counters, by key, in the
/// kernel's order.
#[derive(Clone)]
struct Sample {
    at: Instant,
    services: Vec<(ServiceKey, Stats)>,
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("watch: {e}{}", hint(&e));
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), ipvs::Error> {
    let mut ipvs = Ipvs::open()?;
    println!(
        "{SAMPLES} samples {} ms apart; per second from the counters' deltas [the kernel's estimate]",
        INTERVAL.as_millis()
    );
    let first = sample(&mut ipvs)?;
    let mut prev = first.clone();
    for n in 1..SAMPLES {
        std::thread::sleep(INTERVAL.saturating_sub(prev.at.elapsed()));
        let now = sample(&mut ipvs)?;
        println!(
            "interval {n} ({:.2} s):",
            now.at.duration_since(prev.at).as_secs_f64()
        );
        report(&prev, &now, true);
        prev = now;
    }
    println!(
        "total ({:.2} s):",
        prev.at.duration_since(first.at).as_secs_f64()
    );
    report(&first, &prev, false);
    Ok(())
}

fn sample(ipvs: &mut Ipvs) -> Result<Sample, ipvs::Error> {
    let table: Vec<ServiceEntry> = ipvs.read_table()?;
    Ok(Sample {
        at: Instant::now(),
        services: table
            .into_iter()
            .map(|e| (e.service.key, e.service.stats))
            .collect(),
    })
}

/// A line per service of `now`: rates over the time since `before`; with
/// `estimate`, the kernel's estimate at `now` too.
fn report(before: &Sample, now: &Sample, estimate: bool) {
    let secs = now.at.duration_since(before.at).as_secs_f64().max(1e-3);
    let old: HashMap<&ServiceKey, &Stats> = before.services.iter().map(|(k, s)| (k, s)).collect();
    if now.services.is_empty() {
        println!("  (no services)");
    }
    for (key, s) in &now.services {
        let Some(o) = old.get(key) else {
            println!("  {}: new, no rate yet", name(key));
            continue;
        };
        // A counter that went down was zeroed meanwhile: count from 0.
        let rate = |new: u64, old: u64| new.checked_sub(old).unwrap_or(new) as f64 / secs;
        let mut line = format!(
            "  {}: conns/s {:.1} inpkts/s {:.1} outpkts/s {:.1} inbytes/s {:.0} outbytes/s {:.0}",
            name(key),
            rate(s.conns, o.conns),
            rate(s.inpkts, o.inpkts),
            rate(s.outpkts, o.outpkts),
            rate(s.inbytes, o.inbytes),
            rate(s.outbytes, o.outbytes),
        );
        if estimate {
            line += &format!(
                " [{} {} {} {} {}]",
                s.cps, s.inpps, s.outpps, s.inbps, s.outbps
            );
        }
        println!("{line}");
    }
    let current: HashSet<&ServiceKey> = now.services.iter().map(|(k, _)| k).collect();
    for (key, _) in before.services.iter().filter(|(k, _)| !current.contains(k)) {
        println!("  {}: gone", name(key));
    }
}

/// "TCP 10.0.0.1:80", "FWM 7".
fn name(key: &ServiceKey) -> String {
    match *key {
        ServiceKey::Addr {
            protocol,
            addr,
            port,
        } => {
            let proto = ipvs::model::proto::name(protocol).unwrap_or("proto?");
            let addr = std::net::SocketAddr::new(addr, port);
            format!("{} {addr}", proto.to_uppercase())
        }
        ServiceKey::Fwmark { mark, .. } => format!("FWM {mark}"),
    }
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
