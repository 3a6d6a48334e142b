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
//! `ConnParseError`.
//!
//! Lines are bytes, not text: the PE data is whatever the engine stored
//! (for `sip`, the client's Call-ID, which `ip_vs_pe_sip.c` copies without
//! checking its encoding, so a client can send Latin-1). Every column before
//! it is ASCII by the kernel's format; the PE data is kept as raw bytes.

use std::fs::File;
use std::io::{self, BufReader};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::path::Path;

use nom::bytes::complete::{take_till1, take_while_m_n};
use nom::character::complete::{digit1, space1};
use nom::combinator::{all_consuming, map_opt, map_res, opt, rest};
use nom::{IResult, Parser};

use crate::model::proto;

/// Where the kernel shows the connection table.
pub const PROC_CONN_PATH: &str = "/proc/net/ip_vs_conn";

/// Read buffer for the /proc file. Each `read()` of a seq_file makes the
/// kernel walk the hash table from the start to the current offset, so
/// small reads (the reference's stdio uses 1 KiB) cost far more kernel time
/// than page-sized or larger ones.
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

type Res<'a, T> = IResult<&'a str, T>;

fn token(i: &str) -> Res<'_, &str> {
    take_till1(|c: char| c.is_ascii_whitespace())(i)
}

/// `%08X` (host-order IPv4 in hex) or `%pI6` (any colon form).
fn address(tok: &str) -> Option<IpAddr> {
    if tok.len() == 8 && tok.bytes().all(|b| b.is_ascii_hexdigit()) {
        return u32::from_str_radix(tok, 16)
            .ok()
            .map(|v| IpAddr::V4(Ipv4Addr::from(v)));
    }
    if tok.contains(':') {
        return tok.parse::<Ipv6Addr>().ok().map(IpAddr::V6);
    }
    None
}

/// `%04X`.
fn port(i: &str) -> Res<'_, u16> {
    map_res(
        take_while_m_n(1, 4, |c: char| c.is_ascii_hexdigit()),
        |s: &str| u16::from_str_radix(s, 16),
    )
    .parse(i)
}

fn endpoint(i: &str) -> Res<'_, SocketAddr> {
    let (i, addr) = map_opt(token, address).parse(i)?;
    let (i, _) = space1(i)?;
    let (i, p) = port(i)?;
    Ok((i, SocketAddr::new(addr, p)))
}

/// Runs one column parser, naming the column on failure.
fn col<'a, T>(
    i: &'a str,
    column: &'static str,
    line: &str,
    mut f: impl FnMut(&'a str) -> Res<'a, T>,
) -> Result<(&'a str, T), ConnParseError> {
    f(i).map_err(|_| ConnParseError {
        column,
        line: line.to_string(),
    })
}

fn sep<'a>(i: &'a str, column: &'static str, line: &str) -> Result<&'a str, ConnParseError> {
    col(i, column, line, space1).map(|(i, _)| i)
}

/// Parses one entry line (a trailing newline is allowed).
pub fn parse_line(line: &str) -> Result<ConnRow, ConnParseError> {
    parse_line_bytes(line.as_bytes())
}

/// Parses one entry line as the kernel wrote it, bytes that are not UTF-8
/// included: the columns are read from a lossy decoding, and the PE data
/// is then cut from the raw bytes at the same offset (the columns before
/// it must be ASCII, so the offsets agree).
pub fn parse_line_bytes(raw: &[u8]) -> Result<ConnRow, ConnParseError> {
    let raw = raw.trim_ascii_end();
    let text = String::from_utf8_lossy(raw);
    let line: &str = &text;
    let l = line;
    let (i, protocol) = col(l, "protocol", line, token)?;
    let i = sep(i, "client address", line)?;
    let (i, client) = col(i, "client address:port", line, endpoint)?;
    let i = sep(i, "virtual address", line)?;
    let (i, virt) = col(i, "virtual address:port", line, endpoint)?;
    let i = sep(i, "destination address", line)?;
    let (i, dest) = col(i, "destination address:port", line, endpoint)?;
    let i = sep(i, "state", line)?;
    let (i, state) = col(i, "state", line, token)?;
    let i = sep(i, "expires", line)?;
    let (i, expires) = col(i, "expires", line, |i| {
        map_res(digit1, |s: &str| s.parse::<u32>()).parse(i)
    })?;
    let (_, (pe_name, pe_data)) = col(i, "pe name / pe data", line, |i| {
        all_consuming((
            opt((space1, token).map(|(_, t)| t)),
            opt((space1, rest).map(|(_, t)| t)),
        ))
        .parse(i)
    })?;
    let pe_data = match pe_data {
        None => None,
        Some(d) => {
            // `d` is a suffix of `l`, so its start in `l` is a length.
            let start = l.len() - d.len();
            if !l[..start].is_ascii() {
                return Err(ConnParseError {
                    column: "non-ASCII before pe data",
                    line: line.to_string(),
                });
            }
            Some(raw[start..].to_vec())
        }
    };
    Ok(ConnRow {
        protocol: protocol.to_string(),
        client,
        virt,
        dest,
        state: state.to_string(),
        expires,
        pe_name: pe_name.map(str::to_string),
        pe_data,
    })
}

/// Opens the connection table for streaming, with a read buffer of
/// `READ_BUFFER` bytes.
pub fn open(path: &Path) -> io::Result<BufReader<File>> {
    Ok(buffered(File::open(path)?))
}

/// `input` behind a `READ_BUFFER` buffer: each `read()` it makes asks for
/// the whole 64 KiB (as long as lines are read through `BufRead`).
pub fn buffered<R: io::Read>(input: R) -> BufReader<R> {
    BufReader::with_capacity(READ_BUFFER, input)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sa(s: &str) -> SocketAddr {
        s.parse().unwrap()
    }

    // Lines in the kernel's format (ip_vs_conn_seq_show, Linux 6.1); the
    // first two are copied from public captures of /proc/net/ip_vs_conn.
    #[test]
    fn ipv4_line() {
        let r = parse_line("TCP 0A000068 B522 0A000065 0050 ACA80167 0050 TIME_WAIT       116\n")
            .unwrap();
        assert_eq!(r.protocol, "TCP");
        assert_eq!(r.client, sa("10.0.0.104:46370"));
        assert_eq!(r.virt, sa("10.0.0.101:80"));
        assert_eq!(r.dest, sa("172.168.1.103:80"));
        assert_eq!(r.state, "TIME_WAIT");
        assert_eq!(r.expires, 116);
        assert_eq!(r.pe_name, None);
        assert_eq!(r.pe_data, None);
        assert_eq!(r.protocol_number(), Some(6));
    }

    #[test]
    fn ipv4_established_wide_expiry() {
        let r = parse_line("TCP D921C71D C221 51143165 01BB 0A756A0C 01BB ESTABLISHED     857")
            .unwrap();
        assert_eq!(r.client, sa("217.33.199.29:49697"));
        assert_eq!(r.state, "ESTABLISHED");
        assert_eq!(r.expires, 857);
    }

    #[test]
    fn ipv6_full_colon_form() {
        let line = "TCP 2001:0db8:0000:0000:0000:0000:0000:0002 C350 \
                    2001:0db8:0000:0000:0000:0000:0000:0001 0050 \
                    2001:0db8:0000:0000:0000:0000:0000:0064 1F90 SYN_RECV         55\n";
        let r = parse_line(line).unwrap();
        assert_eq!(r.client, sa("[2001:db8::2]:50000"));
        assert_eq!(r.virt, sa("[2001:db8::1]:80"));
        assert_eq!(r.dest, sa("[2001:db8::64]:8080"));
        assert_eq!(r.expires, 55);
    }

    #[test]
    fn mixed_family_tunnel_dest() {
        // An IPv4 service with an IPv6 tunnel dest: the dest column is %pI6.
        let r = parse_line(
            "UDP 0A000002 1234 0A000001 0035 2001:0db8:0000:0000:0000:0000:0000:0001 0035 UDP             299",
        )
        .unwrap();
        assert_eq!(r.dest, sa("[2001:db8::1]:53"));
        assert_eq!(r.state, "UDP");
    }

    #[test]
    fn pe_columns() {
        let r = parse_line(
            "UDP 0A000002 13C4 0A000001 13C4 0A000064 13C4 UDP             179 sip abc@10.0.0.2\n",
        )
        .unwrap();
        assert_eq!(r.pe_name.as_deref(), Some("sip"));
        assert_eq!(r.pe_data.as_deref(), Some(&b"abc@10.0.0.2"[..]));
        // A template of a fwmark service: protocol IP, client port 0.
        let t = parse_line("IP  0A000002 0000 00000001 0000 0A000064 0000 NONE            359")
            .unwrap();
        assert_eq!(t.protocol, "IP");
        assert_eq!(t.protocol_number(), None);
        assert_eq!(t.virt, sa("0.0.0.1:0"));
    }

    #[test]
    fn pe_data_that_is_not_utf8_is_kept_as_bytes() {
        // A SIP Call-ID with a Latin-1 e-acute (0xE9): ip_vs_pe_sip.c
        // copies the Call-ID's bytes without checking their encoding.
        let line = b"UDP 0A000002 13C4 0A000001 13C4 0A000064 13C4 UDP             179 sip caf\xe9@10.0.0.2 x\n";
        let r = parse_line_bytes(line).unwrap();
        assert_eq!(r.pe_name.as_deref(), Some("sip"));
        assert_eq!(r.pe_data.as_deref(), Some(&b"caf\xe9@10.0.0.2 x"[..]));
        assert_eq!(r.pe_data_lossy().unwrap(), "caf\u{fffd}@10.0.0.2 x");
        // Before the PE data the kernel writes only ASCII.
        let bad = b"UDP 0A000002 13C4 0A000001 13C4 0A000064 13C4 UD\xe9             179 sip x";
        assert!(parse_line_bytes(bad).is_err());
    }

    #[test]
    fn malformed_lines_are_errors_not_panics() {
        let bad = [
            "",
            "\n",
            HEADER,
            "TCP",
            "TCP 0A000068",
            "TCP 0A00006 B522 0A000065 0050 ACA80167 0050 TIME_WAIT 116",
            "TCP 0A000068 B5222 0A000065 0050 ACA80167 0050 TIME_WAIT 116",
            "TCP 0A000068 B522 0A000065 0050 ACA80167 0050 TIME_WAIT",
            "TCP 0A000068 B522 0A000065 0050 ACA80167 0050 TIME_WAIT 99999999999",
            "TCP 0A000068 B522 0A000065 0050 ACA80167 0050 TIME_WAIT -1",
            "TCP 2001:db8::zz B522 0A000065 0050 ACA80167 0050 TIME_WAIT 1",
            "TCP 0A000068 B522 0A000065 0050 ACA80167 0050 TIME_WAIT 1x",
            "TCP 0A000068 \u{e9}522 0A000065 0050 ACA80167 0050 TIME_WAIT 1",
        ];
        for line in bad {
            assert!(parse_line(line).is_err(), "{line:?}");
        }
        let e = parse_line("TCP 0A000068 B522 0A000065 0050 ACA80167 0050 TIME_WAIT").unwrap_err();
        assert_eq!(e.column, "expires");
    }
}
