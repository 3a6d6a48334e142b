//! What `--check` finds as it watches the file go through the kernel
//! model: the characters of each line (`save_restore::lint`), and the
//! warnings, about what the kernel accepts without a word but is rarely
//! meant. Each warning has a stable identifier (`WARNINGS`) that
//! `--no-warn` silences. Warnings about a service name the line of its
//! `-A` (`Origins`), and are judged on the table the whole file builds.
//! It keeps only what it reports.

use super::origins::Origins;
use super::report::Finding;
use crate::cli::{self, Action, Opt, Request};
use crate::kernel_model::{KernelModel, Machine};
use crate::model::{Dest, Forward, Service, ServiceKey};
use crate::names::{Lookup, NoResolver, Resolver};
use crate::render::addr::addrport;
use crate::save_restore::lint;
use crate::save_restore::reader::RuleLine;
use crate::save_restore::save::service_args;
use std::net::{IpAddr, Ipv4Addr};

/// The warnings' identifiers and what each is about (the man page lists
/// the same).
pub const WARNINGS: &[(&str, &str)] = &[
    (
        "dr-port",
        "a direct-routing or tunnelled real server with a port other than its service's",
    ),
    ("no-dests", "a service without real servers"),
    (
        "zero-weight",
        "a service whose real servers all have weight 0",
    ),
    ("names", "a host or port name that needs resolving"),
    (
        "mixed-forward",
        "real servers of one service with different forwarding methods",
    ),
    ("non-ascii", "a character beyond ASCII that looks like none"),
];

/// What `--check` looks at besides the kernel's answers: `simulate_observed`
/// shows it each line. `Watch` looks; `()` looks at nothing.
pub trait Observer {
    /// A rule line as read, before it is applied, with the names that
    /// parsing it looked up.
    fn read(&mut self, line: &RuleLine, lookups: Vec<Lookup>);
}

impl Observer for () {
    fn read(&mut self, _: &RuleLine, _: Vec<Lookup>) {}
}

/// The watcher: findings per line as the file is read, and the table's
/// findings at the end.
pub struct Watch<'r> {
    names: &'r dyn Resolver,
    found: Vec<Finding>,
}

impl Observer for Watch<'_> {
    fn read(&mut self, line: &RuleLine, lookups: Vec<Lookup>) {
        let n = line.number;
        for odd in lint::scan(&line.raw, line.truncated()) {
            self.found.push(Finding::char(n, &odd));
        }
        for l in lookups {
            self.found
                .push(Finding::warning(n, "names", name_message(&l)));
        }
        if let Ok(inv) = &line.parsed {
            if let Action::Change(Request::AddDest(s, d) | Request::EditDest(s, d)) = &inv.action {
                if let Some(m) = self.dr_port(line, s, d) {
                    self.found.push(Finding::warning(n, "dr-port", m));
                }
            }
        }
    }
}

fn name_message(l: &Lookup) -> String {
    match l {
        Lookup::Host { name, found: true } => format!(
            "'{name}' is a host name: loading these rules at boot then depends on DNS; \
             write the address"
        ),
        Lookup::Host { name, found: false } => {
            format!("'{name}' is taken as a host name, and does not resolve here")
        }
        Lookup::Port { name, found: true } => {
            format!("'{name}' is a port name, looked up in /etc/services; write the number")
        }
        Lookup::Port { name, found: false } => format!(
            "'{name}' is taken as a port name (it is not a number), and is not in /etc/services"
        ),
    }
}

/// Finds ports only: any host name stands for 0.0.0.0, so that reading a
/// real server's port again asks nothing of DNS.
struct PortsOnly<'r>(&'r dyn Resolver);

impl Resolver for PortsOnly<'_> {
    fn port_by_name(&self, name: &str, proto: &str) -> Option<u16> {
        self.0.port_by_name(name, proto)
    }
    fn host_by_name(&self, _: &str) -> Option<Ipv4Addr> {
        Some(Ipv4Addr::UNSPECIFIED)
    }
    fn port_name(&self, _: u16, _: &str) -> Option<String> {
        None
    }
    fn host_name(&self, _: &IpAddr) -> Option<String> {
        None
    }
}

fn method(f: Forward) -> &'static str {
    match f {
        Forward::Masq => "masquerading (-m)",
        Forward::Tunnel => "tunnelling (-i)",
        Forward::Route | Forward::Local => "direct routing (-g)",
        _ => "an unknown method",
    }
}

/// The service as the rule file writes it: `-t 10.0.0.1:80`.
fn service(s: &Service) -> String {
    service_args(s, true, &NoResolver)
}

impl<'r> Watch<'r> {
    /// `names` resolves port names when a real server's port is read again
    /// (host names are never looked up twice).
    pub fn new(names: &'r dyn Resolver) -> Watch<'r> {
        Watch {
            names,
            found: Vec::new(),
        }
    }

    /// A DR or tunnelled server of an address service whose line gave
    /// another port than the service's: the parser has already put the
    /// service's port in its place (ipvsadm 1.31 does so without a word:
    /// only masquerading maps ports). Fwmark services keep the port.
    fn dr_port(&self, line: &RuleLine, s: &Service, d: &Dest) -> Option<String> {
        let ServiceKey::Addr { protocol, port, .. } = s.key else {
            return None;
        };
        if !matches!(d.fwd, Forward::Route | Forward::Tunnel) {
            return None;
        }
        let written = line.written(Opt::RealServer)?;
        let asked = cli::parse_service(&written, protocol, &PortsOnly(self.names))?.port?;
        (asked != port).then(|| {
            format!(
                "real server {} asks for port {asked}, but {} cannot change the port: it \
                 gets the service's port {port} (only masquerading, -m, maps ports)",
                addrport(&d.addr, asked, Some(protocol), true, &NoResolver),
                method(d.fwd),
            )
        })
    }

    /// Every finding: each line's, then each service's on the table the
    /// file builds (no servers, all of weight 0, mixed methods), named by
    /// the lines in `origins`.
    pub fn finish<M: Machine>(mut self, model: &KernelModel<M>, origins: &Origins) -> Vec<Finding> {
        for (s, dests) in model.table() {
            let Some(line) = origins.added(&s.key) else {
                continue;
            };
            let warn = |id, m| Finding::warning(line, id, m);
            if dests.is_empty() {
                let m = format!("service {} has no real servers", service(s));
                self.found.push(warn("no-dests", m));
            } else if dests.iter().all(|d| d.weight == 0) {
                let m = format!(
                    "every real server of service {} has weight 0: it schedules no new \
                     connections",
                    service(s)
                );
                self.found.push(warn("zero-weight", m));
            }
            if let Some(m) = mixed(s, dests.iter(), origins) {
                self.found.push(warn("mixed-forward", m));
            }
        }
        self.found
    }
}

/// `service -t ...: masquerading (-m) on line 3, direct routing (-g)
/// on lines 4, 5`, when its servers use more than one method.
fn mixed<'d>(
    s: &Service,
    dests: impl Iterator<Item = &'d Dest>,
    origins: &Origins,
) -> Option<String> {
    let mut by_method: Vec<(&str, Vec<usize>)> = Vec::new();
    for d in dests {
        let line = origins.dest(&s.key, d);
        let m = method(d.fwd);
        let i = match by_method.iter().position(|(k, _)| *k == m) {
            Some(i) => i,
            None => {
                by_method.push((m, Vec::new()));
                by_method.len() - 1
            }
        };
        by_method[i].1.extend(line);
    }
    if by_method.len() < 2 {
        return None;
    }
    by_method
        .iter_mut()
        .for_each(|(_, lines)| lines.sort_unstable());
    by_method.sort_by_key(|(_, lines)| lines.first().copied());
    let parts: Vec<String> = by_method
        .into_iter()
        .map(|(m, lines)| {
            let nums: Vec<String> = lines.iter().map(usize::to_string).collect();
            let word = if lines.len() == 1 { "line" } else { "lines" };
            format!("{m} on {word} {}", nums.join(", "))
        })
        .collect();
    Some(format!(
        "the real servers of service {} mix forwarding methods: {}",
        service(s),
        parts.join("; ")
    ))
}
