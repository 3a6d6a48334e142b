//! `/proc/net/ip_vs_status` (Linux 7.1 and later; per network namespace):
//! the sizes and load of the kernel's resizable service and connection hash
//! tables and of its stats estimator, for `-L --json` and `--metrics`.
//! Kernels before 7.1 have no such file, and then nothing is shown.
//!
//! The kernel writes (net/netfilter/ipvs/ip_vs_ctl.c, `ip_vs_status_show`)
//! one `Name:\tvalue` line each:
//! `Conns:\t%d`, `Conn buckets:\t%d (%d bits, lfactor %d)`, then, only while
//! there are connections, `Conn buckets empty:\t%u (%lu%%)` and, for each
//! chain length 1..7 that some bucket has (7 means 7 or more),
//! `Conn buckets len-N:\t%u (%lu%%)`; the same for `Services:` and
//! `Service buckets`; then `Stats thread slots:\t%d (max %lu)`,
//! `Stats chain max len:\t%d` and `Stats thread ests:\t%d`. The percents are
//! left out here (they follow from the counts). A line this parser does not
//! know is skipped, so a later kernel's additions do no harm.

use std::path::Path;

/// Where the kernel shows it.
pub const PROC_STATUS_PATH: &str = "/proc/net/ip_vs_status";

/// One hash table's line group.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HashTableStatus {
    /// Entries in the table (`Conns:` or `Services:`).
    pub entries: Option<u64>,
    /// Buckets (0 before the first entry: the table is made on demand).
    pub buckets: u64,
    pub bits: u32,
    /// The load factor exponent the table is resized by (the
    /// `conn_lfactor` / `svc_lfactor` sysctls).
    pub lfactor: i32,
    /// Empty buckets; absent while the table has no entries.
    pub empty: Option<u64>,
    /// (chain length, buckets with a chain that long), for the lengths the
    /// kernel listed; length 7 counts 7 or more.
    pub lengths: Vec<(u32, u64)>,
}

/// The whole file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IpvsStatus {
    pub conns: HashTableStatus,
    pub services: HashTableStatus,
    pub est_thread_slots: Option<u64>,
    pub est_thread_slots_max: Option<u64>,
    pub est_chain_max_len: Option<u64>,
    pub est_thread_ests: Option<u64>,
}

/// Reads the file: `None` where the kernel has none (before 7.1) or it
/// cannot be read.
pub fn read(path: &Path) -> Option<IpvsStatus> {
    std::fs::read_to_string(path).ok().map(|s| parse(&s))
}

/// The leading integer of `s` (after blanks).
fn int<T: std::str::FromStr>(s: &str) -> Option<T> {
    let s = s.trim_start();
    let end = s
        .char_indices()
        .find(|&(i, c)| !(c.is_ascii_digit() || (i == 0 && c == '-')))
        .map_or(s.len(), |(i, _)| i);
    s[..end].parse().ok()
}

/// `SIZE (BITS bits, lfactor LF)` into `t`.
fn buckets_line(t: &mut HashTableStatus, v: &str) {
    t.buckets = int(v).unwrap_or(0);
    if let Some((_, rest)) = v.split_once('(') {
        t.bits = int(rest).unwrap_or(0);
        if let Some((_, lf)) = rest.split_once("lfactor") {
            t.lfactor = int(lf).unwrap_or(0);
        }
    }
}

/// The bucket lines after `Conn buckets` / `Service buckets`: `""` (the
/// size line), `" empty"` or `" len-N"`.
fn table_line(t: &mut HashTableStatus, rest: &str, v: &str) {
    match rest {
        "" => buckets_line(t, v),
        " empty" => t.empty = int(v),
        _ => {
            if let (Some(n), Some(count)) = (rest.strip_prefix(" len-").and_then(int), int(v)) {
                t.lengths.push((n, count));
            }
        }
    }
}

pub fn parse(text: &str) -> IpvsStatus {
    let mut s = IpvsStatus::default();
    for line in text.lines() {
        let Some((name, v)) = line.split_once(':') else {
            continue;
        };
        match name {
            "Conns" => s.conns.entries = int(v),
            "Services" => s.services.entries = int(v),
            "Stats thread slots" => {
                s.est_thread_slots = int(v);
                s.est_thread_slots_max = v.split_once("max").and_then(|(_, m)| int(m));
            }
            "Stats chain max len" => s.est_chain_max_len = int(v),
            "Stats thread ests" => s.est_thread_ests = int(v),
            _ => {
                if let Some(rest) = name.strip_prefix("Conn buckets") {
                    table_line(&mut s.conns, rest, v);
                } else if let Some(rest) = name.strip_prefix("Service buckets") {
                    table_line(&mut s.services, rest, v);
                }
            }
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Read off Debian's 7.2.13 kernel in the test VM (tests/vm), one TCP
    /// service and no connections.
    const ONE_SERVICE: &str = "Conns:\t0\nConn buckets:\t256 (8 bits, lfactor -4)\n\
        Services:\t1\nService buckets:\t16 (4 bits, lfactor -3)\n\
        Service buckets empty:\t15 (93%)\nService buckets len-1:\t1 (100%)\n\
        Stats thread slots:\t1 (max 8)\nStats chain max len:\t71\nStats thread ests:\t170400\n";

    #[test]
    fn one_service_no_conns() {
        let s = parse(ONE_SERVICE);
        assert_eq!(
            s.conns,
            HashTableStatus {
                entries: Some(0),
                buckets: 256,
                bits: 8,
                lfactor: -4,
                empty: None,
                lengths: vec![],
            }
        );
        assert_eq!(
            s.services,
            HashTableStatus {
                entries: Some(1),
                buckets: 16,
                bits: 4,
                lfactor: -3,
                empty: Some(15),
                lengths: vec![(1, 1)],
            }
        );
        assert_eq!(
            (
                s.est_thread_slots,
                s.est_thread_slots_max,
                s.est_chain_max_len,
                s.est_thread_ests
            ),
            (Some(1), Some(8), Some(71), Some(170400))
        );
    }

    /// The example in the kernel patch that added the file, with a line a
    /// later kernel might add and a torn last line.
    #[test]
    fn loaded_table_and_unknown_lines() {
        let s = parse(
            "Conns:\t9401\nConn buckets:\t524288 (19 bits, lfactor -5)\n\
             Conn buckets empty:\t505633 (96%)\nConn buckets len-1:\t18322 (98%)\n\
             Conn buckets len-2:\t329 (1%)\nConn buckets len-4:\t1 (0%)\n\
             Something new:\t7\nStats thread slots:\t1 (max 16)\nStats chain",
        );
        assert_eq!(s.conns.entries, Some(9401));
        assert_eq!(
            (s.conns.buckets, s.conns.bits, s.conns.lfactor),
            (524288, 19, -5)
        );
        assert_eq!(s.conns.empty, Some(505633));
        assert_eq!(s.conns.lengths, vec![(1, 18322), (2, 329), (4, 1)]);
        assert_eq!(s.services, HashTableStatus::default());
        assert_eq!(
            (s.est_thread_slots, s.est_thread_slots_max),
            (Some(1), Some(16))
        );
        assert_eq!(s.est_chain_max_len, None);
    }

    #[test]
    fn empty_and_garbage_never_panic() {
        assert_eq!(parse(""), IpvsStatus::default());
        let s = parse("Conn buckets:\t(x bits, lfactor -)\nConns:\t-\n:\n");
        assert_eq!(s.conns.buckets, 0);
        assert_eq!(s.conns.entries, None);
        assert_eq!(read(Path::new("/nonexistent/ip_vs_status")), None);
    }
}
