//! `/proc/net/ip_vs_conn`, the only source of `-c`: one typed row per line.
//!
//! The kernel writes (net/netfilter/ipvs/ip_vs_conn.c, `ip_vs_conn_seq_show`,
//! Linux 6.1) a header line
//! `Pro FromIP   FPrt ToIP     TPrt DestIP   DPrt State       Expires PEName PEData`
//! then, per connection,
//! `"%-3s %08X %04X %08X %04X %s %04X %-11s %7u%s\n"` for IPv4 or
//! `"%-3s %pI6 %04X %pI6 %04X %s %04X %-11s %7u%s\n"` for IPv6, where the
//! dest address (`%s`) is `%08X` or `%pI6` by the DEST's family (a tunnel
//! dest may differ from the service's), and the trailing `%s` is empty or
//! `" <pe name> <pe data>"`. `%pI6` is the full colon form
//! (`2001:0db8:0000:...`). Parsing never panics: a malformed line is a
//! `ConnParseError`. The parser is written by hand and copies nothing
//! (`ConnFields` borrows the line): `-c` reads tens of thousands of rows.
//!
//! Lines are bytes, not text: the PE data is whatever the engine stored
//! (for `sip`, the client's Call-ID, which `ip_vs_pe_sip.c` copies without
//! checking its encoding, so a client can send Latin-1). Every column before
//! it is ASCII by the kernel's format; the PE data is kept as raw bytes.

use std::fs::File;
use std::io::{self, BufReader};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::Path;

use crate::model::proto;

/// Where the kernel shows the connection table.
pub const PROC_CONN_PATH: &str = "/proc/net/ip_vs_conn";

/// What each `read()` of the /proc file asks for. Each `read()` of a
/// seq_file makes the kernel walk the hash table from the start to the
/// current offset, so small reads (the reference's stdio uses 1 KiB) cost
/// far more kernel time than page-sized or larger ones.
pub const READ_BUFFER: usize = 64 * 1024;

/// The header the kernel prints first (6.1; older kernels differ, so it is
/// skipped, not checked).
pub const HEADER: &str =
    "Pro FromIP   FPrt ToIP     TPrt DestIP   DPrt State       Expires PEName PEData";

/// One connection entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnRow {
    /// As the kernel names it: `TCP`, `UDP`, `SCTP`, or another name such
    /// as `IP` for a persistence template of a fwmark service.
    pub protocol: String,
    /// The client (FromIP:FPrt).
    pub client: SocketAddr,
    /// The virtual service (ToIP:TPrt).
    pub virt: SocketAddr,
    /// The real server (DestIP:DPrt).
    pub dest: SocketAddr,
    /// The protocol state, e.g. `ESTABLISHED`, `TIME_WAIT`, `NONE`.
    pub state: String,
    /// Seconds until the entry expires.
    pub expires: u32,
    /// Persistence engine columns, when the entry has PE data.
    pub pe_name: Option<String>,
    /// Everything after the PE name, as raw bytes: the kernel writes the
    /// engine's data verbatim (e.g. a SIP Call-ID), in no fixed encoding.
    pub pe_data: Option<Vec<u8>>,
}

impl ConnRow {
    /// The IPPROTO number used for port names: TCP, UDP and SCTP only,
    /// as the reference.
    pub fn protocol_number(&self) -> Option<u16> {
        match self.protocol.as_str() {
            "TCP" => Some(proto::TCP),
            "UDP" => Some(proto::UDP),
            "SCTP" => Some(proto::SCTP),
            _ => None,
        }
    }

    /// The PE data as text: bytes that are not UTF-8 become U+FFFD (for
    /// the JSON and table views; the text view writes the bytes as they
    /// are, as the reference does).
    pub fn pe_data_lossy(&self) -> Option<std::borrow::Cow<'_, str>> {
        self.pe_data.as_deref().map(String::from_utf8_lossy)
    }
}

/// A line that is not a connection entry, naming the first column that did
/// not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("malformed {PROC_CONN_PATH} line ({column}): {line:?}")]
pub struct ConnParseError {
    pub column: &'static str,
    pub line: String,
}

/// One entry as the kernel wrote it, borrowed from its line: what the
/// text view formats from without allocating (issue 15), and what
/// `ConnRow` is made from for the other views. Protocol, state and PE
/// name are the kernel's bytes (ASCII in practice; the reference prints
/// them with `%s` whatever they are).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConnFields<'a> {
    pub protocol: &'a [u8],
    pub client: SocketAddr,
    pub virt: SocketAddr,
    pub dest: SocketAddr,
    pub state: &'a [u8],
    pub expires: u32,
    pub pe_name: Option<&'a [u8]>,
    /// Everything after the PE name, in no fixed encoding.
    pub pe_data: Option<&'a [u8]>,
}

impl ConnFields<'_> {
    /// As `ConnRow::protocol_number`.
    pub fn protocol_number(&self) -> Option<u16> {
        match self.protocol {
            b"TCP" => Some(proto::TCP),
            b"UDP" => Some(proto::UDP),
            b"SCTP" => Some(proto::SCTP),
            _ => None,
        }
    }

    /// The owned row; text columns that are not UTF-8 get U+FFFD.
    pub fn to_row(&self) -> ConnRow {
        let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
        ConnRow {
            protocol: text(self.protocol),
            client: self.client,
            virt: self.virt,
            dest: self.dest,
            state: text(self.state),
            expires: self.expires,
            pe_name: self.pe_name.map(text),
            pe_data: self.pe_data.map(<[u8]>::to_vec),
        }
    }
}

/// A cursor over one line. The grammar: words (runs of bytes that are not
/// ASCII whitespace) separated by runs of spaces or tabs.
struct Cursor<'a> {
    rest: &'a [u8],
    line: &'a [u8],
}

fn is_blank(b: &u8) -> bool {
    *b == b' ' || *b == b'\t'
}

impl<'a> Cursor<'a> {
    fn fail(&self, column: &'static str) -> ConnParseError {
        ConnParseError {
            column,
            line: String::from_utf8_lossy(self.line).into_owned(),
        }
    }

    /// Takes the longest prefix (at most `max` bytes) whose bytes pass
    /// `keep`, failing if it is empty.
    fn take(&mut self, max: usize, keep: impl Fn(&u8) -> bool) -> Option<&'a [u8]> {
        let n = self.rest.iter().take(max).take_while(|b| keep(b)).count();
        let (taken, rest) = self.rest.split_at(n);
        self.rest = rest;
        (n > 0).then_some(taken)
    }

    fn word(&mut self, column: &'static str) -> Result<&'a [u8], ConnParseError> {
        self.take(usize::MAX, |b| !b.is_ascii_whitespace())
            .ok_or_else(|| self.fail(column))
    }

    fn sep(&mut self, column: &'static str) -> Result<(), ConnParseError> {
        self.take(usize::MAX, is_blank)
            .map(drop)
            .ok_or_else(|| self.fail(column))
    }

    /// `ADDR PORT`: `%08X` or `%pI6`, a blank, then `%04X` (1-4 digits).
    fn endpoint(&mut self, column: &'static str) -> Result<SocketAddr, ConnParseError> {
        let addr = address(self.word(column)?).ok_or_else(|| self.fail(column))?;
        self.sep(column)?;
        let port = self
            .take(4, u8::is_ascii_hexdigit)
            .ok_or_else(|| self.fail(column))?;
        Ok(SocketAddr::new(addr, hex(port) as u16))
    }
}

/// The value of ASCII hex digits (at most 8 of them).
fn hex(digits: &[u8]) -> u32 {
    digits.iter().fold(0, |v, &d| {
        let n = match d {
            b'0'..=b'9' => d - b'0',
            b'a'..=b'f' => d - b'a' + 10,
            _ => d - b'A' + 10,
        };
        (v << 4) | u32::from(n)
    })
}

/// `%08X` (host-order IPv4 in hex) or `%pI6` (any colon form).
fn address(tok: &[u8]) -> Option<IpAddr> {
    if tok.len() == 8 && tok.iter().all(u8::is_ascii_hexdigit) {
        return Some(IpAddr::V4(Ipv4Addr::from(hex(tok))));
    }
    if tok.contains(&b':') {
        return std::str::from_utf8(tok).ok()?.parse().ok().map(IpAddr::V6);
    }
    None
}

/// Parses one entry line (a trailing newline is allowed).
pub fn parse_line(line: &str) -> Result<ConnRow, ConnParseError> {
    parse_line_bytes(line.as_bytes())
}

/// Parses one entry line as the kernel wrote it, bytes that are not UTF-8
/// included, into an owned row.
pub fn parse_line_bytes(raw: &[u8]) -> Result<ConnRow, ConnParseError> {
    parse_fields(raw).map(|f| f.to_row())
}

/// Parses one entry line without copying anything. Trailing whitespace is
/// ignored; every column before the PE data must be ASCII.
pub fn parse_fields(raw: &[u8]) -> Result<ConnFields<'_>, ConnParseError> {
    let line = raw.trim_ascii_end();
    let mut c = Cursor { rest: line, line };
    let protocol = c.word("protocol")?;
    c.sep("client address")?;
    let client = c.endpoint("client address:port")?;
    c.sep("virtual address")?;
    let virt = c.endpoint("virtual address:port")?;
    c.sep("destination address")?;
    let dest = c.endpoint("destination address:port")?;
    c.sep("state")?;
    let state = c.word("state")?;
    c.sep("expires")?;
    let expires = c
        .take(usize::MAX, u8::is_ascii_digit)
        .and_then(|d| {
            d.iter().try_fold(0u32, |v, &b| {
                v.checked_mul(10)?.checked_add(u32::from(b - b'0'))
            })
        })
        .ok_or_else(|| c.fail("expires"))?;
    let (pe_name, pe_data) = pe_columns(&mut c)?;
    if let Some(d) = pe_data {
        // `d` is a suffix of `line`.
        if !line[..line.len() - d.len()].is_ascii() {
            return Err(c.fail("non-ASCII before pe data"));
        }
    }
    Ok(ConnFields {
        protocol,
        client,
        virt,
        dest,
        state,
        expires,
        pe_name,
        pe_data,
    })
}

type PeColumns<'a> = (Option<&'a [u8]>, Option<&'a [u8]>);

/// After the expiry: nothing, ` NAME`, or ` NAME DATA...` (the data is
/// the rest of the line). A blank followed by something that is not a word
/// (a form feed, say) makes that rest the data with no name.
fn pe_columns<'a>(c: &mut Cursor<'a>) -> Result<PeColumns<'a>, ConnParseError> {
    const COLUMN: &str = "pe name / pe data";
    if c.rest.is_empty() {
        return Ok((None, None));
    }
    c.sep(COLUMN)?;
    let after_blank = c.rest;
    let Some(name) = c.take(usize::MAX, |b| !b.is_ascii_whitespace()) else {
        return Ok((None, Some(after_blank)));
    };
    if c.rest.is_empty() {
        return Ok((Some(name), None));
    }
    c.sep(COLUMN)?;
    Ok((Some(name), Some(c.rest)))
}

/// Opens the connection table for streaming, with a read buffer of
/// `READ_BUFFER` bytes. One thread: reading on a second one, so that
/// formatting overlaps the kernel's walk, was measured 2.5x slower than
/// this in the TCG VM (issue 15, BENCHMARKS.md).
pub fn open(path: &Path) -> io::Result<BufReader<File>> {
    Ok(buffered(File::open(path)?))
}

/// `input` behind a `READ_BUFFER` buffer: each `read()` it makes asks for
/// the whole 64 KiB (as long as lines are read through `BufRead`).
pub fn buffered<R: io::Read>(input: R) -> BufReader<R> {
    BufReader::with_capacity(READ_BUFFER, input)
}

#[cfg(test)]
mod tests;
