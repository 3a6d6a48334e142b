//! `--metrics-labels`: a service's destinations grouped by the destination
//! labels kept, and summed over the rest. With both labels (the default)
//! each destination is its own group; with none (`service`) a service's
//! destinations are one group, labelled with the service only.

use std::collections::HashMap;

use super::Labels;
use crate::cli::DestLabels;
use crate::model::{Dest, Stats};
use crate::render::addr::inet_ntop;

/// The sums of one group of destinations, and its labels (the service's,
/// then `dest_address` and `dest_port` as kept).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DestGroup {
    pub labels: Labels,
    pub stats: Stats,
    pub active: u64,
    pub inactive: u64,
    pub persistent: u64,
    pub weight: u64,
}

/// Groups `dests` (one service's, in listing order) by the kept labels,
/// in order of first appearance. Counters and gauges are summed (exact:
/// a u64 sum of u64 counters wraps only as the kernel's own would).
pub fn group_dests(service: &Labels, dests: &[&Dest], keep: DestLabels) -> Vec<DestGroup> {
    let mut groups: Vec<DestGroup> = Vec::new();
    let mut index: HashMap<(Option<String>, Option<u16>), usize> = HashMap::new();
    for d in dests {
        let key = (
            keep.address.then(|| inet_ntop(&d.addr)),
            keep.port.then_some(d.port),
        );
        let i = *index.entry(key.clone()).or_insert_with(|| {
            let mut labels = service.clone();
            if let Some(a) = key.0 {
                labels.push(("dest_address", a));
            }
            if let Some(p) = key.1 {
                labels.push(("dest_port", p.to_string()));
            }
            groups.push(DestGroup {
                labels,
                stats: Stats::default(),
                active: 0,
                inactive: 0,
                persistent: 0,
                weight: 0,
            });
            groups.len() - 1
        });
        let g = &mut groups[i];
        let (s, t) = (&mut g.stats, &d.stats);
        s.conns = s.conns.wrapping_add(t.conns);
        s.inpkts = s.inpkts.wrapping_add(t.inpkts);
        s.outpkts = s.outpkts.wrapping_add(t.outpkts);
        s.inbytes = s.inbytes.wrapping_add(t.inbytes);
        s.outbytes = s.outbytes.wrapping_add(t.outbytes);
        g.active += u64::from(d.active_conns);
        g.inactive += u64::from(d.inact_conns);
        g.persistent += u64::from(d.persist_conns);
        g.weight += u64::from(d.weight);
    }
    groups
}
