//! The connections view: what `ipvsadm -Lnc` lists, summed up. One pass
//! over /proc/net/ip_vs_conn per refresh, each line parsed in place
//! (`proc_conn::parse_fields`, no copy), into counts by protocol and
//! state, by real server, and by client.
//!
//! Work is linear in the entries and memory bounded whatever their
//! number: at most [`MAX_CLIENTS`] clients are counted one by one (a
//! client first seen after that counts under "other clients"), and the
//! other maps are as large as the table of services and their states.

use std::collections::HashMap;
use std::io::{self, BufRead};
use std::net::{IpAddr, SocketAddr};

use crate::proc_conn::parse_fields;

/// Clients counted one by one.
pub const MAX_CLIENTS: usize = 65_536;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ConnSummary {
    pub total: u64,
    /// (protocol, state, entries), most entries first.
    pub states: Vec<(String, String, u64)>,
    /// (real server, entries), most first, at most `top`.
    pub dests: Vec<(SocketAddr, u64)>,
    /// Real servers with entries, all told.
    pub dest_count: usize,
    /// (client address, entries), most first, at most `top`.
    pub clients: Vec<(IpAddr, u64)>,
    /// Distinct clients counted one by one.
    pub client_count: usize,
    /// Entries of clients past [`MAX_CLIENTS`].
    pub other_clients: u64,
    /// Lines that did not parse (a kernel format we do not know).
    pub unreadable: u64,
}

/// Reads a /proc/net/ip_vs_conn stream (its header line first) and keeps
/// the `top` largest of each ranking.
pub fn summarize<R: BufRead>(mut input: R, top: usize) -> io::Result<ConnSummary> {
    let mut line = Vec::with_capacity(256);
    // (protocol, state) pairs are few (a protocol has a dozen states):
    // a list searched in place allocates nothing for a pair seen before.
    let mut states: Vec<(Vec<u8>, Vec<u8>, u64)> = Vec::new();
    let mut dests: HashMap<SocketAddr, u64> = HashMap::new();
    let mut clients: HashMap<IpAddr, u64> = HashMap::new();
    let mut s = ConnSummary::default();
    let mut first = true;
    loop {
        line.clear();
        if input.read_until(b'\n', &mut line)? == 0 {
            break;
        }
        if std::mem::take(&mut first) && line.starts_with(b"Pro ") {
            continue;
        }
        let Ok(f) = parse_fields(&line) else {
            s.unreadable += 1;
            continue;
        };
        s.total += 1;
        match states
            .iter_mut()
            .find(|(p, st, _)| p == f.protocol && st == f.state)
        {
            Some((_, _, n)) => *n += 1,
            None => states.push((f.protocol.to_vec(), f.state.to_vec(), 1)),
        }
        *dests.entry(f.dest).or_default() += 1;
        let client = f.client.ip();
        if let Some(n) = clients.get_mut(&client) {
            *n += 1;
        } else if clients.len() < MAX_CLIENTS {
            clients.insert(client, 1);
        } else {
            s.other_clients += 1;
        }
    }
    let mut st: Vec<_> = states
        .into_iter()
        .map(|(p, st, n)| {
            (
                String::from_utf8_lossy(&p).into_owned(),
                String::from_utf8_lossy(&st).into_owned(),
                n,
            )
        })
        .collect();
    st.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| (&a.0, &a.1).cmp(&(&b.0, &b.1))));
    s.states = st;
    s.dest_count = dests.len();
    s.dests = top_n(dests, top);
    s.client_count = clients.len();
    s.clients = top_n(clients, top);
    Ok(s)
}

/// The `n` largest counts, largest first, ties by key.
fn top_n<K: Ord + Copy>(m: HashMap<K, u64>, n: usize) -> Vec<(K, u64)> {
    let mut v: Vec<(K, u64)> = m.into_iter().collect();
    let by = |a: &(K, u64), b: &(K, u64)| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0));
    if v.len() > n && n > 0 {
        v.select_nth_unstable_by(n - 1, by);
        v.truncate(n);
    }
    v.sort_by(by);
    v.truncate(n);
    v
}

#[cfg(test)]
#[path = "conns_tests.rs"]
mod tests;
