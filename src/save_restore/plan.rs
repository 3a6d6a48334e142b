//! The non-disruptive restore's plan: the requests that turn the live table
//! into the wanted one, ordered so that traffic never notices. Services and
//! destinations to add or change come first, deletions last, so a service
//! that stays never loses all its destinations and the table is never
//! empty on the way. An unchanged table gives an empty plan.

use crate::ipvs::Request;
use crate::model::{Dest, Forward, Service, ServiceEntry, ServiceFlags, ServiceKey};
use std::collections::{HashMap, HashSet};

/// What the kernel keeps of a service and reports back, without counters
/// and kernel-internal flags (HASHED).
pub fn same_service(a: &Service, b: &Service) -> bool {
    let flags = |s: &Service| s.flags - ServiceFlags::HASHED;
    a.scheduler == b.scheduler
        && a.persistence_engine() == b.persistence_engine()
        && flags(a) == flags(b)
        && a.timeout == b.timeout
        && a.netmask == b.netmask
}

pub fn same_dest(a: &Dest, b: &Dest) -> bool {
    let fwd = |d: &Dest| d.fwd.to_raw() & Forward::MASK;
    fwd(a) == fwd(b)
        && a.weight == b.weight
        && a.u_threshold == b.u_threshold
        && a.l_threshold == b.l_threshold
        && a.tun_type == b.tun_type
        && a.tun_port == b.tun_port
        && a.tun_flags == b.tun_flags
}

/// The requests that make `live` equal to `want`. `want` is in the file's
/// order (services as added, dests oldest first); the plan follows it.
pub fn plan(live: &[ServiceEntry], want: &[ServiceEntry]) -> Vec<Request> {
    // Keyed look-ups: a table of thousands of services made the plan
    // quadratic (seen in the 55,000-line converge benchmark).
    let live_by_key: HashMap<ServiceKey, &ServiceEntry> =
        live.iter().map(|l| (l.service.key, l)).collect();
    let wanted: HashSet<ServiceKey> = want.iter().map(|w| w.service.key).collect();
    let mut adds = Vec::new();
    let mut dels = Vec::new();
    for w in want {
        let svc = &w.service;
        match live_by_key.get(&svc.key) {
            None => {
                adds.push(Request::AddService(svc.clone()));
                adds.extend(
                    w.dests
                        .iter()
                        .map(|d| Request::AddDest(svc.clone(), d.clone())),
                );
            }
            Some(l) => {
                if !same_service(&l.service, svc) {
                    adds.push(Request::EditService(svc.clone()));
                }
                let live_dests: HashMap<_, &Dest> = l.dests.iter().map(|x| (x.key(), x)).collect();
                let wanted_dests: HashSet<_> = w.dests.iter().map(Dest::key).collect();
                for d in &w.dests {
                    match live_dests.get(&d.key()) {
                        None => adds.push(Request::AddDest(svc.clone(), d.clone())),
                        Some(x) if !same_dest(x, d) => {
                            adds.push(Request::EditDest(svc.clone(), d.clone()))
                        }
                        Some(_) => {}
                    }
                }
                for x in &l.dests {
                    if !wanted_dests.contains(&x.key()) {
                        dels.push(Request::DelDest(svc.clone(), x.clone()));
                    }
                }
            }
        }
    }
    for l in live {
        if !wanted.contains(&l.service.key) {
            dels.push(Request::DelService(l.service.clone()));
        }
    }
    adds.extend(dels);
    adds
}

/// A request as the `ipvsadm` command line that would send it (numeric,
/// thresholds included), for dry runs and error reports.
pub fn command_line(req: &Request) -> String {
    use crate::names::NoResolver;
    use crate::save_restore::save::{service_args, write_dest_line, write_service_line};
    let mut buf = Vec::new();
    let names = &NoResolver;
    let line = |buf: Vec<u8>| String::from_utf8_lossy(&buf).trim_end().to_string();
    let retag = |s: String, tag: &str| format!("{tag}{}", &s[2..]);
    match req {
        Request::AddService(s) | Request::EditService(s) => {
            let _ = write_service_line(&mut buf, s, true, names);
            let l = line(buf);
            if matches!(req, Request::EditService(_)) {
                retag(l, "-E")
            } else {
                l
            }
        }
        Request::DelService(s) => format!("-D {}", service_args(s, true, names)),
        Request::AddDest(s, d) | Request::EditDest(s, d) => {
            let _ = write_dest_line(&mut buf, s, d, true, names, true);
            let l = line(buf);
            if matches!(req, Request::EditDest(..)) {
                retag(l, "-e")
            } else {
                l
            }
        }
        Request::DelDest(s, d) => {
            let _ = write_dest_line(&mut buf, s, d, true, names, false);
            let l = line(buf);
            // Only the key: "-d <svc> -r addr:port", without method and weight.
            let cut = l.find(" -r ").map(|i| i + 4).unwrap_or(l.len());
            let rest = &l[cut..];
            let addr = rest.split(' ').next().unwrap_or("");
            format!("-d {} -r {addr}", service_args(s, true, names))
        }
        Request::Flush => "-C".into(),
        Request::Zero(_) => "-Z".into(),
        Request::SetTimeouts(t) => format!("--set {} {} {}", t.tcp, t.tcp_fin, t.udp),
        Request::StartDaemon(d) => format!("--start-daemon {}", d.state.name()),
        Request::StopDaemon(d) => format!("--stop-daemon {}", d.state.name()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ServiceKey;
    use std::net::IpAddr;

    fn svc(addr: &str, sched: &str) -> Service {
        let key = ServiceKey::tcp(addr.parse::<IpAddr>().unwrap(), 80);
        Service::new(key, sched.into())
    }

    fn dest(addr: &str, weight: u32) -> Dest {
        let mut d = Dest::new(addr.parse::<IpAddr>().unwrap(), 80);
        d.weight = weight;
        d.fwd = Forward::Masq;
        d
    }

    fn entry(s: Service, d: Vec<Dest>) -> ServiceEntry {
        ServiceEntry {
            service: s,
            dests: d,
        }
    }

    #[test]
    fn unchanged_table_gives_no_requests() {
        let mut live_svc = svc("10.0.0.1", "rr");
        live_svc.flags |= ServiceFlags::HASHED;
        live_svc.stats.conns = 99;
        let mut live_dest = dest("192.168.0.1", 1);
        live_dest.active_conns = 5;
        let live = vec![entry(live_svc, vec![live_dest])];
        let want = vec![entry(svc("10.0.0.1", "rr"), vec![dest("192.168.0.1", 1)])];
        assert!(plan(&live, &want).is_empty());
    }

    #[test]
    fn adds_and_edits_before_deletes() {
        let live = vec![
            entry(
                svc("10.0.0.1", "rr"),
                vec![dest("192.168.0.1", 1), dest("192.168.0.2", 1)],
            ),
            entry(svc("10.0.0.9", "rr"), vec![]),
        ];
        let want = vec![
            entry(
                svc("10.0.0.1", "wrr"),
                vec![dest("192.168.0.3", 1), dest("192.168.0.2", 5)],
            ),
            entry(svc("10.0.0.2", "rr"), vec![dest("192.168.0.4", 1)]),
        ];
        let p = plan(&live, &want);
        let kinds: Vec<&str> = p
            .iter()
            .map(|r| match r {
                Request::AddService(_) => "A",
                Request::EditService(_) => "E",
                Request::DelService(_) => "D",
                Request::AddDest(..) => "a",
                Request::EditDest(..) => "e",
                Request::DelDest(..) => "d",
                _ => "?",
            })
            .collect();
        assert_eq!(kinds, ["E", "a", "e", "A", "a", "d", "D"]);
        // The dest that goes is the one the file no longer has.
        assert!(matches!(&p[5], Request::DelDest(_, d) if d.addr.to_string() == "192.168.0.1"));
    }
}
