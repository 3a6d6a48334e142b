//! `--metrics-conns`: the connection table (/proc/net/ip_vs_conn) counted
//! by protocol and state while it is read, one row at a time through the
//! `-c` views' loop, so memory stays flat however large the table is.

use std::collections::BTreeMap;
use std::io::{self, BufRead, Write};

use super::{write_family, write_sample, Fam, Kind};
use crate::cli::{ConnFilter, MetricsFormat};
use crate::error::Result;
use crate::render::conn::{for_each_conn, skip_conn_header, ConnMatcher};

pub const CONN_ENTRIES: Fam = Fam {
    name: "ipvs_connection_entries",
    kind: Kind::Gauge,
    unit: None,
    help: "Entries in the connection table, templates included.",
};

/// Entries by (protocol in lower case, state), sorted.
pub type ConnCounts = BTreeMap<(String, String), u64>;

/// Reads the /proc table from `input` (its header first; none at all is
/// the `-c` views' `unexpected input` error) and counts its rows;
/// malformed rows are skipped as the `-c` views skip them.
pub fn count_conns(input: &mut dyn BufRead) -> Result<ConnCounts> {
    skip_conn_header(input)?;
    let mut counts = ConnCounts::new();
    let all = ConnMatcher::new(&ConnFilter::default())?;
    for_each_conn(input, &all, |row| {
        let key = (row.protocol.to_ascii_lowercase(), row.state.clone());
        *counts.entry(key).or_insert(0) += 1;
        Ok(())
    })?;
    Ok(counts)
}

/// The `ipvs_connection_entries` family, one sample per (protocol,
/// state) seen.
pub fn write_conn_counts(
    out: &mut dyn Write,
    format: MetricsFormat,
    counts: &ConnCounts,
) -> io::Result<()> {
    write_family(out, format, &CONN_ENTRIES)?;
    for ((protocol, state), n) in counts {
        let labels = vec![("protocol", protocol.clone()), ("state", state.clone())];
        write_sample(out, &CONN_ENTRIES, &labels, *n)?;
    }
    Ok(())
}
