//! The `-c` view (ipvsadm 1.31 `list_conn`/`print_conn`): two title lines,
//! then one row per /proc entry in /proc order, streamed: each line is
//! parsed and written before the next is read, so memory does not grow
//! with the table. Filters (our addition) select rows by virtual address,
//! real server and state.

use std::io::{self, BufRead, BufWriter, Write};
use std::net::{IpAddr, SocketAddr};
use std::path::Path;

use super::addr::addrport;
use super::ljust;
use crate::cli::{ConnFilter, ListOptions};
use crate::error::{Error, Result};
use crate::names::Resolver;
use crate::proc_conn::{open, parse_line, ConnRow, PROC_CONN_PATH};

/// What a streamed listing saw.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ConnSummary {
    /// Rows written.
    pub printed: u64,
    /// Rows parsed but left out by the filters.
    pub filtered: u64,
    /// Lines that were not connection entries (skipped; the reference
    /// would print garbage or stop).
    pub malformed: u64,
}

/// `IPVS connection entries` and the column line (with the PE columns for
/// `--persistent-conn`).
pub fn write_conn_title(out: &mut dyn Write, persistent_conn: bool) -> io::Result<()> {
    // printf("pro expire %-11s %-18s %-18s %s\n", "state", "source",
    // "virtual", "destination"), and with --persistent-conn
    // "pro expire %-11s %-18s %-18s %-18s %-16s %s\n" adding "pe name",
    // "pe_data".
    out.write_all(b"IPVS connection entries\n")?;
    let line: &str = if persistent_conn {
        "pro expire state       source             virtual            destination        pe name          pe_data\n"
    } else {
        "pro expire state       source             virtual            destination\n"
    };
    out.write_all(line.as_bytes())
}

/// One row: `%-3s %-6s %-11s %-18s %-18s %s` (proto, MM:SS, state, client,
/// virtual, dest), or with `--persistent-conn` and PE columns present
/// `%-3s %-6s %-11s %-18s %-18s %-16s %-18s %s` (dest, pe name, pe data;
/// not the title's widths). The reference reads the PE columns with `%s`,
/// so only the first word of the PE data is shown.
/// Minutes are not capped (3600 s is `60:00`).
pub fn write_conn_row(
    out: &mut dyn Write,
    row: &ConnRow,
    persistent_conn: bool,
    numeric: bool,
    names: &dyn Resolver,
) -> io::Result<()> {
    let p = row.protocol_number();
    let name = |a: &SocketAddr| addrport(&a.ip(), a.port(), p, numeric, names);
    let expire = format!("{:02}:{:02}", row.expires / 60, row.expires % 60);
    ljust(out, &row.protocol, 3)?;
    out.write_all(b" ")?;
    ljust(out, &expire, 6)?;
    out.write_all(b" ")?;
    ljust(out, &row.state, 11)?;
    out.write_all(b" ")?;
    ljust(out, &name(&row.client), 18)?;
    out.write_all(b" ")?;
    ljust(out, &name(&row.virt), 18)?;
    out.write_all(b" ")?;
    let pe_data_word = row
        .pe_data
        .as_deref()
        .and_then(|d| d.split_ascii_whitespace().next());
    match (persistent_conn, row.pe_name.as_deref(), pe_data_word) {
        (true, Some(pe), Some(data)) => {
            // The row's widths differ from the title's: dest 16, pe name 18.
            ljust(out, &name(&row.dest), 16)?;
            out.write_all(b" ")?;
            ljust(out, pe, 18)?;
            writeln!(out, " {data}")
        }
        _ => writeln!(out, "{}", name(&row.dest)),
    }
}

/// A compiled `ConnFilter`: an address with an optional port, and a state
/// compared without case.
#[derive(Debug, Clone, Default)]
pub struct ConnMatcher {
    vaddr: Option<(IpAddr, Option<u16>)>,
    raddr: Option<(IpAddr, Option<u16>)>,
    state: Option<String>,
}

/// `a.b.c.d`, `a.b.c.d:port`, `v6`, `[v6]` or `[v6]:port`.
fn parse_endpoint(s: &str) -> Option<(IpAddr, Option<u16>)> {
    if let Ok(a) = s.parse::<IpAddr>() {
        return Some((a, None));
    }
    if let Ok(sa) = s.parse::<SocketAddr>() {
        return Some((sa.ip(), Some(sa.port())));
    }
    let inner = s.strip_prefix('[')?.strip_suffix(']')?;
    inner.parse::<IpAddr>().ok().map(|a| (a, None))
}

impl ConnMatcher {
    pub fn new(f: &ConnFilter) -> Result<ConnMatcher> {
        let ep = |s: &Option<String>| -> Result<Option<(IpAddr, Option<u16>)>> {
            match s {
                None => Ok(None),
                Some(s) => parse_endpoint(s).map(Some).ok_or_else(|| {
                    Error::usage(format!("invalid connection filter address `{s}'"))
                }),
            }
        };
        Ok(ConnMatcher {
            vaddr: ep(&f.vaddr)?,
            raddr: ep(&f.raddr)?,
            state: f.state.clone(),
        })
    }

    pub fn is_empty(&self) -> bool {
        self.vaddr.is_none() && self.raddr.is_none() && self.state.is_none()
    }

    pub fn matches(&self, row: &ConnRow) -> bool {
        let ep_ok = |want: &Option<(IpAddr, Option<u16>)>, got: &SocketAddr| match want {
            None => true,
            Some((a, p)) => *a == got.ip() && p.map_or(true, |p| p == got.port()),
        };
        ep_ok(&self.vaddr, &row.virt)
            && ep_ok(&self.raddr, &row.dest)
            && match &self.state {
                None => true,
                Some(s) => s.eq_ignore_ascii_case(&row.state),
            }
    }
}

/// `-c`: reads the /proc file from `input` (give it a buffer of a page or
/// more: `proc_conn::open` uses 64 KiB), skips its header line, writes the
/// titles and then each matching row as it is parsed. An input with no
/// header line is the reference's `unexpected input from
/// /proc/net/ip_vs_conn` (exit 1).
pub fn write_conns(
    out: &mut dyn Write,
    input: &mut dyn BufRead,
    opts: &ListOptions,
    names: &dyn Resolver,
) -> Result<ConnSummary> {
    let matcher = ConnMatcher::new(&opts.conn_filter)?;
    let mut line = Vec::with_capacity(256);
    if input.read_until(b'\n', &mut line)? == 0 {
        return Err(Error::List(format!(
            "unexpected input from {PROC_CONN_PATH}"
        )));
    }
    let mut out = BufWriter::with_capacity(64 * 1024, out);
    write_conn_title(&mut out, opts.persistent_conn)?;
    let mut summary = ConnSummary::default();
    loop {
        line.clear();
        if input.read_until(b'\n', &mut line)? == 0 {
            break;
        }
        let row = std::str::from_utf8(&line)
            .ok()
            .and_then(|l| parse_line(l).ok());
        let Some(row) = row else {
            summary.malformed += 1;
            continue;
        };
        if !matcher.matches(&row) {
            summary.filtered += 1;
            continue;
        }
        write_conn_row(&mut out, &row, opts.persistent_conn, opts.numeric, names)?;
        summary.printed += 1;
    }
    out.flush()?;
    Ok(summary)
}

/// `-c` from a file: opens `path` (normally `proc_conn::PROC_CONN_PATH`)
/// with a 64 KiB read buffer and streams it through `write_conns`. A file
/// that cannot be opened is the reference's `cannot open file <path>`
/// (exit 1).
pub fn write_conns_from_path(
    out: &mut dyn Write,
    path: &Path,
    opts: &ListOptions,
    names: &dyn Resolver,
) -> Result<ConnSummary> {
    let mut input =
        open(path).map_err(|_| Error::List(format!("cannot open file {}", path.display())))?;
    write_conns(out, &mut input, opts, names)
}

#[cfg(test)]
mod tests {
    //! Goldens: /proc/net/ip_vs_conn and the reference's `-L -c` output,
    //! captured together in the VM (tables in `render::tests`: HTTP through
    //! `-A -t 10.9.9.9:80` to 127.0.0.1:8080 and `[2001:db8::99]:80` to
    //! [::1]:8081, a SIP INVITE through `-u 10.9.9.9:5060 -p 600 --pe sip`).
    //! Where an entry's expiry ticked between `cat` and the listing, the
    //! /proc copy carries the second the listing printed.
    use super::*;
    use crate::render::tests::guest_names;

    fn run(proc_text: &str, f: impl FnOnce(&mut ListOptions), names: &dyn Resolver) -> String {
        let mut o = ListOptions::default();
        f(&mut o);
        let mut input = io::BufReader::with_capacity(64 * 1024, proc_text.as_bytes());
        let mut out = Vec::new();
        write_conns(&mut out, &mut input, &o, names).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn golden_ipv4_and_ipv6_rows() {
        let p = include_str!("golden/c2_proc.txt");
        assert_eq!(
            run(p, |o| o.numeric = true, &crate::names::NoResolver),
            include_str!("golden/c2_conn_numeric.txt")
        );
        assert_eq!(
            run(p, |_| {}, &guest_names()),
            include_str!("golden/c2_conn_names.txt")
        );
    }

    #[test]
    fn golden_template_expiry_is_not_capped() {
        // 7197 s prints as 119:57; a template's client port is 0; with
        // `::1 localhost` in /etc/hosts the IPv6 dest is `[localhost]`.
        let p = include_str!("golden/c3_proc.txt");
        assert_eq!(
            run(p, |o| o.numeric = true, &crate::names::NoResolver),
            include_str!("golden/c3_conn_numeric.txt")
        );
        let mut n = guest_names();
        n.hosts.insert("::1".parse().unwrap(), "localhost".into());
        assert_eq!(run(p, |_| {}, &n), include_str!("golden/c3_conn_names.txt"));
    }

    #[test]
    fn golden_persistence_engine_columns() {
        let p = include_str!("golden/c4_proc.txt");
        let none = crate::names::NoResolver;
        assert_eq!(
            run(p, |o| o.numeric = true, &none),
            include_str!("golden/c4_conn_numeric.txt")
        );
        let pc = |o: &mut ListOptions| {
            o.numeric = true;
            o.persistent_conn = true
        };
        assert_eq!(
            run(p, pc, &none),
            include_str!("golden/c4_conn_pc_numeric.txt")
        );
        assert_eq!(
            run(p, |o| o.persistent_conn = true, &guest_names()),
            include_str!("golden/c4_conn_pc_names.txt")
        );
    }

    #[test]
    fn empty_table_prints_titles_only() {
        let p = format!("{}\n", crate::proc_conn::HEADER);
        assert_eq!(
            run(&p, |o| o.numeric = true, &crate::names::NoResolver),
            "IPVS connection entries\n\
             pro expire state       source             virtual            destination\n"
        );
    }

    #[test]
    fn missing_file_is_the_references_error() {
        let mut out = Vec::new();
        let e = write_conns_from_path(
            &mut out,
            Path::new("/nonexistent/ip_vs_conn"),
            &ListOptions::default(),
            &crate::names::NoResolver,
        )
        .unwrap_err();
        assert_eq!(e.to_string(), "cannot open file /nonexistent/ip_vs_conn");
        assert_eq!(e.exit_code(), 1);
    }

    #[test]
    fn no_header_line_is_the_references_error() {
        let mut input: &[u8] = b"";
        let mut out = Vec::new();
        let e = write_conns(
            &mut out,
            &mut input,
            &ListOptions::default(),
            &crate::names::NoResolver,
        )
        .unwrap_err();
        assert_eq!(e.to_string(), "unexpected input from /proc/net/ip_vs_conn");
        assert_eq!(e.exit_code(), 1);
        assert!(out.is_empty());
    }

    #[test]
    fn malformed_lines_are_skipped_and_counted() {
        let mut p = format!("{}\nTCP 0A000001 0050\n", crate::proc_conn::HEADER).into_bytes();
        p.extend_from_slice(b"\xff\n");
        p.extend_from_slice(
            b"TCP 0A000002 C350 0A000001 0050 0A000064 0050 ESTABLISHED     3600\n",
        );
        let mut input = p.as_slice();
        let mut out = Vec::new();
        let o = ListOptions {
            numeric: true,
            ..ListOptions::default()
        };
        let s = write_conns(&mut out, &mut input, &o, &crate::names::NoResolver).unwrap();
        assert_eq!(
            s,
            ConnSummary {
                printed: 1,
                filtered: 0,
                malformed: 2
            }
        );
        // Format from §4.10: 3600 s is 60:00.
        assert!(String::from_utf8(out).unwrap().ends_with(
            "TCP 60:00  ESTABLISHED 10.0.0.2:50000     10.0.0.1:80        10.0.0.100:80\n"
        ));
    }

    #[test]
    fn filters_select_rows() {
        let p = include_str!("golden/c2_proc.txt");
        let none = crate::names::NoResolver;
        let count = |f: ConnFilter| {
            run(
                p,
                |o| {
                    o.numeric = true;
                    o.conn_filter = f
                },
                &none,
            )
            .lines()
            .count()
                - 2
        };
        assert_eq!(count(ConnFilter::default()), 4);
        let v = |s: &str| Some(s.to_string());
        assert_eq!(
            count(ConnFilter {
                vaddr: v("10.9.9.9"),
                ..Default::default()
            }),
            3
        );
        assert_eq!(
            count(ConnFilter {
                vaddr: v("10.9.9.9:80"),
                ..Default::default()
            }),
            3
        );
        assert_eq!(
            count(ConnFilter {
                vaddr: v("10.9.9.9:81"),
                ..Default::default()
            }),
            0
        );
        assert_eq!(
            count(ConnFilter {
                vaddr: v("[2001:db8::99]:80"),
                ..Default::default()
            }),
            1
        );
        assert_eq!(
            count(ConnFilter {
                raddr: v("::1"),
                ..Default::default()
            }),
            1
        );
        assert_eq!(
            count(ConnFilter {
                raddr: v("127.0.0.1:8080"),
                ..Default::default()
            }),
            3
        );
        assert_eq!(
            count(ConnFilter {
                state: v("time_wait"),
                ..Default::default()
            }),
            4
        );
        assert_eq!(
            count(ConnFilter {
                state: v("ESTABLISHED"),
                ..Default::default()
            }),
            0
        );
        let bad = ConnFilter {
            vaddr: v("not-an-address"),
            ..Default::default()
        };
        assert!(ConnMatcher::new(&bad).is_err());
    }
}
