//! `"kernel_status"` of `-L --json`: /proc/net/ip_vs_status (Linux 7.1+)
//! as JSON, field for field as docs/json.md describes it. Every field is
//! always there; a value the kernel did not print is `null` (the empty
//! bucket count while a table has no entries).

use serde::Serialize;

use crate::proc_status::{HashTableStatus, IpvsStatus};

#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct StatusDoc {
    pub conn_table: TableDoc,
    pub service_table: TableDoc,
    pub estimator: EstimatorDoc,
}

#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct TableDoc {
    pub entries: Option<u64>,
    pub buckets: u64,
    pub bits: u32,
    pub lfactor: i32,
    pub empty_buckets: Option<u64>,
    /// Buckets by chain length, for the lengths the kernel listed (7: 7 or
    /// more).
    pub chains: Vec<ChainDoc>,
}

#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct ChainDoc {
    pub length: u32,
    pub buckets: u64,
}

#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct EstimatorDoc {
    pub thread_slots: Option<u64>,
    pub thread_slots_max: Option<u64>,
    pub chain_max_len: Option<u64>,
    pub thread_ests: Option<u64>,
}

fn table_doc(t: &HashTableStatus) -> TableDoc {
    TableDoc {
        entries: t.entries,
        buckets: t.buckets,
        bits: t.bits,
        lfactor: t.lfactor,
        empty_buckets: t.empty,
        chains: t
            .lengths
            .iter()
            .map(|&(length, buckets)| ChainDoc { length, buckets })
            .collect(),
    }
}

pub fn status_doc(s: &IpvsStatus) -> StatusDoc {
    StatusDoc {
        conn_table: table_doc(&s.conns),
        service_table: table_doc(&s.services),
        estimator: EstimatorDoc {
            thread_slots: s.est_thread_slots,
            thread_slots_max: s.est_thread_slots_max,
            chain_max_len: s.est_chain_max_len,
            thread_ests: s.est_thread_ests,
        },
    }
}
