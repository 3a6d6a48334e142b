use super::*;

fn sa(s: &str) -> SocketAddr {
    s.parse().unwrap()
}

// Lines in the kernel's format (ip_vs_conn_seq_show, Linux 6.1); the
// first two are copied from public captures of /proc/net/ip_vs_conn.
#[test]
fn ipv4_line() {
    let r =
        parse_line("TCP 0A000068 B522 0A000065 0050 ACA80167 0050 TIME_WAIT       116\n").unwrap();
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
    let r =
        parse_line("TCP D921C71D C221 51143165 01BB 0A756A0C 01BB ESTABLISHED     857").unwrap();
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
    let t =
        parse_line("IP  0A000002 0000 00000001 0000 0A000064 0000 NONE            359").unwrap();
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

/// The nom parser this file's hand-written one replaced (issue 15), kept
/// as the oracle it must agree with, row for row and error for error.
mod oracle {
    use super::super::{ConnParseError, ConnRow};
    use nom::bytes::complete::{take_till1, take_while_m_n};
    use nom::character::complete::{digit1, space1};
    use nom::combinator::{all_consuming, map_opt, map_res, opt, rest};
    use nom::{IResult, Parser};
    use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

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
}

/// A small deterministic generator (xorshift), so that failures repeat.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

#[test]
fn hand_parser_agrees_with_the_nom_oracle() {
    let seeds: &[&[u8]] = &[
        b"TCP 0A000068 B522 0A000065 0050 ACA80167 0050 TIME_WAIT       116\n",
        b"TCP 2001:0db8:0000:0000:0000:0000:0000:0002 C350 2001:0db8:0000:0000:0000:0000:0000:0001 0050 2001:0db8:0000:0000:0000:0000:0000:0064 1F90 SYN_RECV         55\n",
        b"UDP 0A000002 1234 0A000001 0035 2001:0db8:0000:0000:0000:0000:0000:0001 0035 UDP             299",
        b"UDP 0A000002 13C4 0A000001 13C4 0A000064 13C4 UDP             179 sip abc@10.0.0.2\n",
        b"UDP 0A000002 13C4 0A000001 13C4 0A000064 13C4 UDP             179 sip caf\xe9@10.0.0.2 x\n",
        b"IP  0A000002 0000 00000001 0000 0A000064 0000 NONE            359",
        b"SCTP 0A000002 0000 00000001 0000 0A000064 0000 ESTABLISHED 4294967295 x\t\x0cy",
    ];
    // Bytes that sit on the grammar's edges.
    const ALPHABET: &[u8] = b" \t\n\r\x0c:0aFgZ9\xe9\xff.-x";
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut checked = 0;
    for seed in seeds {
        let check = |line: &[u8]| {
            let want = oracle::parse_line_bytes(line);
            let got = parse_line_bytes(line);
            assert_eq!(got, want, "{:?}", String::from_utf8_lossy(line));
        };
        check(seed);
        for _ in 0..4000 {
            let mut line = seed.to_vec();
            for _ in 0..1 + rng.below(3) {
                let at = rng.below(line.len() + 1);
                let b = ALPHABET[rng.below(ALPHABET.len())];
                match rng.below(3) {
                    0 if at < line.len() => line[at] = b,
                    1 if at < line.len() => {
                        line.remove(at);
                    }
                    _ => line.insert(at, b),
                }
            }
            check(&line);
            checked += 1;
        }
    }
    assert_eq!(checked, seeds.len() * 4000);
}
