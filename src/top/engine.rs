//! The sampling engine: one read of the table in, the rows `ipvstop`
//! shows out, with rates from the previous read, each service's history
//! and each draining server's estimate. Pure (no kernel, no clock: the
//! caller passes the sample's time), so it is tested on recorded samples.
//!
//! Rows are keyed as the kernel keys them: a service by its protocol,
//! address and port or firewall mark, a server by its service and its
//! address and port (`ip_vs_lookup_dest`). A key seen for the first time
//! has no rate yet; a key gone from a read is forgotten (its history
//! too), so a service deleted and added again starts afresh.

use std::borrow::Cow;
use std::collections::HashMap;
use std::net::IpAddr;

use super::drain::{Drain, DrainTrack};
use super::history::Ring;
use super::rates::{PerSecond, Rates};
use super::sort::Column;
use super::window::{Clock, Past, MAX_READS};
use crate::model::{Forward, ServiceEntry, ServiceKey, Stats};
// The names `ipvsadm -L` gives the methods (`(null)` for one it has none
// for, as the reference prints).
use crate::render::text::fwd_name;

/// What a row shows, services and servers alike.
#[derive(Debug, Clone, PartialEq)]
pub struct Figures {
    /// A service's scheduler, a server's forwarding method.
    pub method: Cow<'static, str>,
    /// A server's weight; a service's is the sum of its servers'.
    pub weight: u64,
    pub active: u64,
    pub inactive: u64,
    pub rates: Rates,
}

impl Figures {
    /// The figure a column sorts by; a row without a rate sorts below
    /// every row with one.
    pub fn value(&self, c: Column) -> f64 {
        let r = self.rates.valid();
        let rate = |f: fn(&PerSecond) -> f64| r.map_or(-1.0, f);
        match c {
            Column::Addr | Column::Method => 0.0,
            Column::Weight => self.weight as f64,
            Column::Active => self.active as f64,
            Column::Inactive => self.inactive as f64,
            Column::Cps => rate(|p| p.cps),
            Column::InPps => rate(|p| p.inpps),
            Column::OutPps => rate(|p| p.outpps),
            Column::InBps => rate(|p| p.inbps),
            Column::OutBps => rate(|p| p.outbps),
        }
    }
}

/// Orders rows by address: family, address, port, then protocol
/// (services on addresses before firewall marks).
pub type SortAddr = (u8, IpAddr, u16, u16, u32);

#[derive(Debug, Clone, PartialEq)]
pub struct DestRow {
    pub addr: IpAddr,
    pub port: u16,
    pub fwd: Forward,
    pub figures: Figures,
    pub sort_addr: SortAddr,
    /// For a server at weight 0.
    pub drain: Option<Drain>,
    /// Not in the previous read.
    pub appeared: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ServiceRow {
    pub key: ServiceKey,
    pub persistent: bool,
    pub figures: Figures,
    pub sort_addr: SortAddr,
    pub dests: Vec<DestRow>,
    pub appeared: bool,
}

/// The whole table at one refresh.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Snapshot {
    /// Seconds since the engine's first sample.
    pub at: f64,
    /// Seconds since the previous sample (0 for the first).
    pub interval: f64,
    /// Seconds the rates are taken over (window.rs: whole kernel periods).
    pub window: f64,
    /// There are rates: enough reads for a window (or the rates are the
    /// kernel's estimates).
    pub settled: bool,
    pub rows: Vec<ServiceRow>,
    /// Services and servers in the read (`rows` may be filtered later).
    pub services: usize,
    pub servers: usize,
    /// Sum of the services' rates (those that have one).
    pub total: PerSecond,
    pub active: u64,
    pub inactive: u64,
    /// Keys new since the previous sample, and gone since it.
    pub appeared: usize,
    pub vanished: usize,
    /// Rows whose counters were zeroed in the interval.
    pub resets: usize,
}

/// A service's history: connections and bytes (in + out) per second.
#[derive(Debug, Clone, Default)]
pub struct Track {
    pub cps: Ring,
    pub bps: Ring,
}

/// What the engine keeps of a service from one read to the next.
#[derive(Debug, Default)]
struct Kept {
    past: Past,
    track: Track,
    /// Its servers, in the order of the last read (taken out, None, as
    /// this read finds them).
    dests: Vec<Option<KeptDest>>,
}

#[derive(Debug)]
struct KeptDest {
    addr: IpAddr,
    port: u16,
    past: Past,
    /// While at weight 0.
    drain: Option<DrainTrack>,
}

impl Kept {
    /// The server's entry of the last read, taken out: the kernel lists a
    /// service's servers in the same order each time (newest first), so
    /// the entry at the same place is tried before a search. No hashing
    /// per server: at 50,000 servers a refresh is a walk down two lists.
    fn take_dest(&mut self, i: usize, addr: IpAddr, port: u16) -> Option<KeptDest> {
        let same =
            |d: &Option<KeptDest>| d.as_ref().is_some_and(|d| d.addr == addr && d.port == port);
        // One server added (the kernel puts it first) or deleted shifts
        // the rest by one: try the neighbours before a search, or one
        // change to a service of 50,000 servers would cost n^2.
        let near = [Some(i), i.checked_sub(1), Some(i + 1)];
        let at = match near
            .into_iter()
            .flatten()
            .find(|&j| self.dests.get(j).is_some_and(same))
        {
            Some(j) => j,
            None => self.dests.iter().position(same)?,
        };
        self.dests[at].take()
    }
}

#[derive(Debug, Default)]
pub struct Engine {
    /// `--kernel-rates`: take the estimator's, not the deltas.
    pub kernel_rates: bool,
    prev_at: Option<f64>,
    clock: Clock,
    kept: HashMap<ServiceKey, Kept>,
}

impl Engine {
    pub fn new(kernel_rates: bool) -> Engine {
        Engine {
            kernel_rates,
            ..Engine::default()
        }
    }

    /// A service's history (after at least one sample with it).
    pub fn track(&self, key: &ServiceKey) -> Option<&Track> {
        self.kept.get(key).map(|k| &k.track)
    }

    /// Takes one read of the table, made at `at` seconds.
    pub fn update(&mut self, at: f64, entries: Vec<ServiceEntry>) -> Snapshot {
        let first = self.prev_at.is_none();
        let back = self.clock.reads_back(at);
        // Each row keeps one read more than this window needs, for a read
        // that comes a little late next time; all it can while the window
        // is not known yet.
        let keep = back.map_or(MAX_READS, |j| j + 1);
        let mut snap = Snapshot {
            at,
            interval: self.prev_at.map_or(0.0, |p| at - p),
            window: back
                .and_then(|j| self.clock.back(j))
                .map_or(0.0, |t| at - t),
            settled: self.kernel_rates || back.is_some(),
            ..Snapshot::default()
        };
        let rate = |past: &Past, stats: &Stats| -> Rates {
            if self.kernel_rates {
                return Rates::estimated(stats);
            }
            past.rates(&stats.into(), at, &self.clock, back)
        };
        let mut prev = std::mem::take(&mut self.kept);
        let mut rows = Vec::with_capacity(entries.len());
        for e in entries {
            let key = e.service.key;
            let old = prev.remove(&key);
            let appeared = !first && old.is_none();
            let mut old = old.unwrap_or_default();
            let rates = rate(&old.past, &e.service.stats);
            let mut past = std::mem::take(&mut old.past);
            past.push((&e.service.stats).into(), keep);
            let mut kept = Kept {
                past,
                track: std::mem::take(&mut old.track),
                dests: Vec::with_capacity(e.dests.len()),
            };
            let mut dests = Vec::with_capacity(e.dests.len());
            let (mut weight, mut active, mut inactive) = (0u64, 0u64, 0u64);
            for (i, d) in e.dests.into_iter().enumerate() {
                let was = old.take_dest(i, d.addr, d.port);
                let d_appeared = !first && was.is_none();
                let (dpast, ddrain) = was.map_or((Past::default(), None), |w| (w.past, w.drain));
                let drates = rate(&dpast, &d.stats);
                let drain = (d.weight == 0).then(|| {
                    let mut t = ddrain.unwrap_or_default();
                    t.push(at, d.active_conns);
                    t
                });
                snap.resets += usize::from(drates == Rates::Reset);
                snap.appeared += usize::from(d_appeared);
                weight += u64::from(d.weight);
                active += u64::from(d.active_conns);
                inactive += u64::from(d.inact_conns);
                dests.push(DestRow {
                    addr: d.addr,
                    port: d.port,
                    fwd: d.fwd,
                    sort_addr: (family_rank(&d.addr), d.addr, d.port, 0, 0),
                    figures: Figures {
                        method: Cow::Borrowed(fwd_name(d.fwd)),
                        weight: u64::from(d.weight),
                        active: u64::from(d.active_conns),
                        inactive: u64::from(d.inact_conns),
                        rates: drates,
                    },
                    drain: drain.as_ref().map(DrainTrack::estimate),
                    appeared: d_appeared,
                });
                let mut dpast = dpast;
                dpast.push((&d.stats).into(), keep);
                kept.dests.push(Some(KeptDest {
                    addr: d.addr,
                    port: d.port,
                    past: dpast,
                    drain,
                }));
            }
            // Servers of the last read not taken by this one are gone.
            snap.vanished += old.dests.iter().flatten().count();
            let valid = rates.valid();
            kept.track.cps.push(valid.map(|p| p.cps));
            kept.track.bps.push(valid.map(|p| p.inbps + p.outbps));
            if let Some(p) = valid {
                snap.total.add(p);
            }
            snap.resets += usize::from(rates == Rates::Reset);
            snap.appeared += usize::from(appeared);
            snap.servers += dests.len();
            snap.active += active;
            snap.inactive += inactive;
            rows.push(ServiceRow {
                key,
                persistent: e.service.is_persistent(),
                sort_addr: service_sort_addr(&key),
                figures: Figures {
                    method: scheduler_name(&e.service.scheduler),
                    weight,
                    active,
                    inactive,
                    rates,
                },
                dests,
                appeared,
            });
            self.kept.insert(key, kept);
        }
        // What is left of the last read is gone, with its history: a key
        // that comes back starts afresh.
        snap.vanished += prev
            .values()
            .map(|k| 1 + k.dests.iter().flatten().count())
            .sum::<usize>();
        self.prev_at = Some(at);
        self.clock.push(at);
        snap.services = rows.len();
        snap.rows = rows;
        snap
    }
}

/// A scheduler's name, without an allocation for the kernel's own.
fn scheduler_name(s: &crate::model::Scheduler) -> Cow<'static, str> {
    const KNOWN: [&str; 14] = [
        "rr", "wrr", "lc", "wlc", "lblc", "lblcr", "dh", "sh", "sed", "nq", "fo", "ovf", "mh",
        "twos",
    ];
    let name = s.as_str();
    match KNOWN.iter().find(|k| **k == name) {
        Some(k) => Cow::Borrowed(k),
        None => Cow::Owned(name.to_string()),
    }
}

fn family_rank(a: &IpAddr) -> u8 {
    u8::from(a.is_ipv6())
}

fn service_sort_addr(k: &ServiceKey) -> SortAddr {
    match *k {
        ServiceKey::Addr {
            protocol,
            addr,
            port,
        } => (family_rank(&addr), addr, port, protocol, 0),
        ServiceKey::Fwmark { mark, af } => {
            let addr = af.unspecified();
            (2 + family_rank(&addr), addr, 0, 0, mark)
        }
    }
}

#[cfg(test)]
#[path = "engine_tests.rs"]
pub(crate) mod tests;
