//! The `-c` view (ipvsadm 1.31 `list_conn`/`print_conn`): two title lines,
//! then one row per /proc entry in /proc order, streamed: each line is
//! parsed (into fields borrowed from it) and appended to an output block
//! that is written whenever it fills, so memory does not grow with the
//! table. Filters (our addition) select rows by virtual address, real
//! server and state.

use std::io::{self, BufRead, Write};
use std::net::{IpAddr, SocketAddr};

use super::addr::addrport;
use super::ascii;
use crate::cli::{ConnFilter, ListOptions};
use crate::error::{Error, Result};
use crate::names::Resolver;
use crate::proc_conn::{parse_fields, ConnFields, ConnRow, PROC_CONN_PATH};

/// What a streamed listing saw.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ConnSummary {
    /// Rows written.
    pub printed: u64,
    /// Rows parsed but left out by the filters.
    pub filtered: u64,
    /// Lines that were not connection entries (skipped; the reference
    /// would print garbage or stop). The command reports the count.
    pub malformed: u64,
}

impl ConnSummary {
    /// The warning for rows that could not be read, if there were any.
    pub fn malformed_warning(&self) -> Option<String> {
        match self.malformed {
            0 => None,
            1 => Some(format!("1 line of {PROC_CONN_PATH} could not be read")),
            n => Some(format!("{n} lines of {PROC_CONN_PATH} could not be read")),
        }
    }
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

/// One row, appended to `line`: `%-3s %-6s %-11s %-18s %-18s %s` (proto,
/// MM:SS, state, client, virtual, dest), or with `--persistent-conn` and
/// PE columns present `%-3s %-6s %-11s %-18s %-18s %-16s %-18s %s` (dest,
/// pe name, pe data; not the title's widths). The reference reads the PE
/// columns with `%s`, so only the first word of the PE data is shown.
/// Minutes are not capped (3600 s is `60:00`). Numeric addresses are
/// spelled by hand (`ascii`): this runs for every entry of the table.
pub fn push_conn_row(
    line: &mut Vec<u8>,
    row: &ConnFields,
    persistent_conn: bool,
    numeric: bool,
    names: &dyn Resolver,
) {
    let p = row.protocol_number();
    let endpoint = |line: &mut Vec<u8>, a: &SocketAddr, width: usize| {
        let start = line.len();
        if numeric {
            ascii::push_addrport(line, a);
        } else {
            line.extend_from_slice(addrport(&a.ip(), a.port(), p, false, names).as_bytes());
        }
        ascii::pad_from(line, start, width);
    };
    ascii::push_ljust(line, row.protocol, 3);
    line.push(b' ');
    let start = line.len();
    ascii::push_u32_02(line, row.expires / 60);
    line.push(b':');
    ascii::push_u32_02(line, row.expires % 60);
    ascii::pad_from(line, start, 6);
    line.push(b' ');
    ascii::push_ljust(line, row.state, 11);
    line.push(b' ');
    endpoint(line, &row.client, 18);
    line.push(b' ');
    endpoint(line, &row.virt, 18);
    line.push(b' ');
    // The PE data's bytes go out unchanged, UTF-8 or not: the reference
    // reads them with sscanf %s and writes them with printf %s.
    let pe_data_word = row
        .pe_data
        .and_then(|d| d.split(u8::is_ascii_whitespace).find(|w| !w.is_empty()));
    match (persistent_conn, row.pe_name, pe_data_word) {
        (true, Some(pe), Some(data)) => {
            // The row's widths differ from the title's: dest 16, pe name 18.
            endpoint(line, &row.dest, 16);
            line.push(b' ');
            ascii::push_ljust(line, pe, 18);
            line.push(b' ');
            line.extend_from_slice(data);
        }
        _ => endpoint(line, &row.dest, 0),
    }
    line.push(b'\n');
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

    pub fn matches(&self, row: &ConnFields) -> bool {
        let ep_ok = |want: &Option<(IpAddr, Option<u16>)>, got: &SocketAddr| match want {
            None => true,
            Some((a, p)) => *a == got.ip() && p.is_none_or(|p| p == got.port()),
        };
        ep_ok(&self.vaddr, &row.virt)
            && ep_ok(&self.raddr, &row.dest)
            && match &self.state {
                None => true,
                Some(s) => s.as_bytes().eq_ignore_ascii_case(row.state),
            }
    }
}

/// Reads and drops the header line of the /proc connection table; none at
/// all is the reference's `unexpected input from /proc/net/ip_vs_conn`
/// (exit 1). Every `-c` view calls this before writing anything.
pub fn skip_conn_header(input: &mut dyn BufRead) -> Result<()> {
    let mut line = Vec::with_capacity(128);
    if input.read_until(b'\n', &mut line)? == 0 {
        return Err(Error::List(format!(
            "unexpected input from {PROC_CONN_PATH}"
        )));
    }
    Ok(())
}

/// The one streaming loop behind every `-c` view (text, JSON, table):
/// reads the rows after the header one line at a time, skips and counts
/// malformed lines and rows `matcher` leaves out, and calls `f` with each
/// other row as soon as it is parsed. Only one line is held, so memory
/// does not grow with the table.
pub fn for_each_fields(
    input: &mut dyn BufRead,
    matcher: &ConnMatcher,
    mut f: impl FnMut(&ConnFields) -> io::Result<()>,
) -> Result<ConnSummary> {
    let mut line = Vec::with_capacity(256);
    let mut summary = ConnSummary::default();
    loop {
        line.clear();
        if input.read_until(b'\n', &mut line)? == 0 {
            return Ok(summary);
        }
        match parse_fields(&line).ok() {
            None => summary.malformed += 1,
            Some(row) if !matcher.matches(&row) => summary.filtered += 1,
            Some(row) => {
                f(&row)?;
                summary.printed += 1;
            }
        }
    }
}

/// `for_each_fields` with owned rows, for the views that keep or
/// serialize them (JSON, table, metrics).
pub fn for_each_conn(
    input: &mut dyn BufRead,
    matcher: &ConnMatcher,
    mut f: impl FnMut(&ConnRow) -> io::Result<()>,
) -> Result<ConnSummary> {
    for_each_fields(input, matcher, |row| f(&row.to_row()))
}

/// Output is gathered into blocks of this size, one `write` each.
const OUT_BLOCK: usize = 64 * 1024;

/// `-c`: reads the /proc file from `input` (`proc_conn::open` reads it
/// ahead on a second thread), skips its header line, writes the titles and
/// then each matching row as it is parsed, in blocks of `OUT_BLOCK` bytes.
/// An input with no header line is the reference's `unexpected input from
/// /proc/net/ip_vs_conn` (exit 1), with nothing written.
pub fn write_conns(
    out: &mut dyn Write,
    input: &mut dyn BufRead,
    opts: &ListOptions,
    names: &dyn Resolver,
) -> Result<ConnSummary> {
    let matcher = ConnMatcher::new(&opts.conn_filter)?;
    skip_conn_header(input)?;
    write_conn_title(out, opts.persistent_conn)?;
    let mut block = Vec::with_capacity(OUT_BLOCK + 512);
    let summary = for_each_fields(input, &matcher, |row| {
        push_conn_row(&mut block, row, opts.persistent_conn, opts.numeric, names);
        if block.len() >= OUT_BLOCK {
            out.write_all(&block)?;
            block.clear();
        }
        Ok(())
    })?;
    out.write_all(&block)?;
    out.flush()?;
    Ok(summary)
}

#[cfg(test)]
pub(crate) mod tests;
