//! The /proc/net/ip_vs_status families of `-L --metrics` (Linux 7.1+):
//! each resizable hash table's entries, buckets, load factor exponent and
//! buckets by chain length, labelled `table="connection"|"service"`, and the
//! stats estimator's thread slots. Written only where the kernel has the
//! file; a line it did not print gives no sample.

use std::io::{self, Write};

use super::{write_family, write_sample, Fam, Kind, Labels};
use crate::cli::MetricsFormat;
use crate::proc_status::{HashTableStatus, IpvsStatus};

const fn gauge(name: &'static str, help: &'static str) -> Fam {
    Fam {
        name,
        kind: Kind::Gauge,
        unit: None,
        help,
    }
}

pub const TABLE_ENTRIES: Fam = gauge(
    "ipvs_hash_table_entries",
    "Entries in a kernel IPVS hash table (ip_vs_status).",
);
pub const TABLE_BUCKETS: Fam = gauge(
    "ipvs_hash_table_buckets",
    "Buckets of a kernel IPVS hash table, resized with its load (ip_vs_status).",
);
pub const TABLE_LFACTOR: Fam = gauge(
    "ipvs_hash_table_load_factor_exponent",
    "The load factor exponent the table is resized by (lfactor in ip_vs_status).",
);
pub const TABLE_CHAINS: Fam = gauge(
    "ipvs_hash_table_chain_buckets",
    "Buckets by chain length (0: empty; 7: 7 or more), as ip_vs_status lists them.",
);
pub const EST_SLOTS: Fam = gauge(
    "ipvs_estimator_thread_slots",
    "Stats estimator kthread slots in use (ip_vs_status).",
);
pub const EST_SLOTS_MAX: Fam = gauge(
    "ipvs_estimator_thread_slots_max",
    "Stats estimator kthread slots at most (ip_vs_status).",
);

/// All the families above, in the order they are written.
pub const STATUS_FAMILIES: [Fam; 6] = [
    TABLE_ENTRIES,
    TABLE_BUCKETS,
    TABLE_LFACTOR,
    TABLE_CHAINS,
    EST_SLOTS,
    EST_SLOTS_MAX,
];

fn tables(s: &IpvsStatus) -> [(Labels, &HashTableStatus); 2] {
    [
        (vec![("table", "connection".to_string())], &s.conns),
        (vec![("table", "service".to_string())], &s.services),
    ]
}

pub fn write_status(out: &mut dyn Write, fmt: MetricsFormat, s: &IpvsStatus) -> io::Result<()> {
    write_family(out, fmt, &TABLE_ENTRIES)?;
    for (l, t) in tables(s) {
        if let Some(n) = t.entries {
            write_sample(out, &TABLE_ENTRIES, &l, n)?;
        }
    }
    write_family(out, fmt, &TABLE_BUCKETS)?;
    for (l, t) in tables(s) {
        write_sample(out, &TABLE_BUCKETS, &l, t.buckets)?;
    }
    write_family(out, fmt, &TABLE_LFACTOR)?;
    for (l, t) in tables(s) {
        write_sample(out, &TABLE_LFACTOR, &l, t.lfactor)?;
    }
    write_family(out, fmt, &TABLE_CHAINS)?;
    for (l, t) in tables(s) {
        let rows = t
            .empty
            .map(|n| (0, n))
            .into_iter()
            .chain(t.lengths.iter().copied());
        for (len, n) in rows {
            let mut l = l.clone();
            l.push(("length", len.to_string()));
            write_sample(out, &TABLE_CHAINS, &l, n)?;
        }
    }
    for (f, v) in [
        (EST_SLOTS, s.est_thread_slots),
        (EST_SLOTS_MAX, s.est_thread_slots_max),
    ] {
        write_family(out, fmt, &f)?;
        if let Some(n) = v {
            write_sample(out, &f, &vec![], n)?;
        }
    }
    Ok(())
}
