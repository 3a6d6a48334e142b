//! Value parsers with the reference's libc semantics: `string_to_number`
//! (strtol, base 10, whole string), glibc `inet_aton` (shorthand, hex and
//! octal parts), `host[:port]` services (§3 of shared/ipvsadm-behavior.md),
//! fwmarks, netmasks and multicast groups. Name look-ups go through the
//! `Resolver`; nothing here prints or exits.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use crate::model::proto;
use crate::names::Resolver;

/// C `isspace` in the C locale.
fn is_c_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

/// `strtol(s, &end, 10)` that must consume the whole string: leading
/// whitespace and a sign are allowed, at least one digit is needed, and a
/// value outside i64 is an error (ERANGE).
pub fn strtol_whole(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() && is_c_space(b[i]) {
        i += 1;
    }
    let neg = match b.get(i) {
        Some(b'-') => {
            i += 1;
            true
        }
        Some(b'+') => {
            i += 1;
            false
        }
        _ => false,
    };
    let digits = &s[i..];
    if digits.is_empty() || !digits.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    // Past 2^63 the magnitude only has to stay out of range (strtol's
    // ERANGE); leading zeros cost nothing, as in strtol.
    let mut mag: i128 = 0;
    for c in digits.bytes() {
        mag = (mag * 10 + i128::from(c - b'0')).min(1 << 64);
    }
    let v = if neg { -mag } else { mag };
    i64::try_from(v).ok()
}

/// The reference's `string_to_number(s, min, max)`.
pub fn number_in(s: &str, min: i64, max: i64) -> Option<i64> {
    strtol_whole(s).filter(|n| (min..=max).contains(n))
}

/// C `atoi` (glibc: `(int) strtol(s, NULL, 10)`): the leading number only,
/// 0 when there is none; out of the long range it saturates, and the cast
/// to int then truncates.
pub fn atoi(s: &str) -> i32 {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() && is_c_space(b[i]) {
        i += 1;
    }
    let neg = b.get(i) == Some(&b'-');
    if matches!(b.get(i), Some(b'-' | b'+')) {
        i += 1;
    }
    let mut v: i128 = 0;
    while i < b.len() && b[i].is_ascii_digit() {
        v = (v * 10 + i128::from(b[i] - b'0')).min(i128::from(i64::MAX) + 1);
        i += 1;
    }
    let v = if neg { -v } else { v };
    let long = v.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64;
    long as i32
}

/// glibc `strtoul(s, &end, 0)` on a string starting with a digit: returns
/// the value (None past 32 bits) and the bytes consumed.
fn c_ulong_prefix(s: &str) -> (Option<u64>, usize) {
    let b = s.as_bytes();
    let (radix, start) =
        if b.len() >= 3 && b[0] == b'0' && (b[1] | 0x20) == b'x' && b[2].is_ascii_hexdigit() {
            (16, 2)
        } else if b[0] == b'0' {
            (8, 0)
        } else {
            (10, 0)
        };
    // Digits accumulate in place (no from_str_radix over a sub-slice: this
    // runs for every part of every address of a restore); past 32 bits the
    // value only has to stay out of range.
    let mut end = start;
    let mut v: u64 = 0;
    while let Some(d) = b.get(end).and_then(|&c| (c as char).to_digit(radix)) {
        v = (v * u64::from(radix) + u64::from(d)).min(1 << 33);
        end += 1;
    }
    ((end > start && v <= 0xffff_ffff).then_some(v), end)
}

/// glibc `inet_aton`: `a.b.c.d`, `a.b.c`, `a.b` or `a`, each part decimal,
/// `0x` hex or `0` octal, the last part filling the remaining bytes
/// (`10.1` is 10.0.0.1). Text after the address is accepted if it starts
/// with whitespace, as glibc does.
pub fn inet_aton(s: &str) -> Option<Ipv4Addr> {
    const MAX: [u64; 4] = [0xffff_ffff, 0xff_ffff, 0xffff, 0xff];
    // At most three parts before the last (no Vec: a restore parses two
    // addresses a line).
    let mut parts = [0u8; 3];
    let mut n = 0;
    let mut rest = s;
    loop {
        if !rest.bytes().next().is_some_and(|c| c.is_ascii_digit()) {
            return None;
        }
        let (val, used) = c_ulong_prefix(rest);
        let val = val?;
        rest = &rest[used..];
        if let Some(after) = rest.strip_prefix('.') {
            if n > 2 || val > 0xff {
                return None;
            }
            parts[n] = val as u8;
            n += 1;
            rest = after;
            continue;
        }
        if rest.bytes().next().is_some_and(|c| !is_c_space(c)) {
            return None;
        }
        if val > MAX[n] {
            return None;
        }
        let mut word = val as u32;
        for (i, p) in parts[..n].iter().enumerate() {
            word |= u32::from(*p) << (24 - 8 * i);
        }
        return Some(Ipv4Addr::from(word));
    }
}

/// An IPv4 host: `inet_aton`, then the resolver (gethostbyname, IPv4 only).
pub fn host_v4(s: &str, resolver: &dyn Resolver) -> Option<Ipv4Addr> {
    inet_aton(s).or_else(|| resolver.host_by_name(s))
}

/// The result of the reference's `parse_service`: an address, and the port
/// if the text had one (`SERVICE_ADDR` vs `SERVICE_ADDR|SERVICE_PORT`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HostPort {
    pub addr: IpAddr,
    pub port: Option<u16>,
}

/// `host[:port]` as the reference parses it, for `protocol` (0 when not yet
/// known: port names then never resolve). None is `SERVICE_NONE`.
pub fn parse_service(buf: &str, protocol: u16, resolver: &dyn Resolver) -> Option<HostPort> {
    // All digits, or empty: rejected.
    if buf.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let (host, mut port_text) = match buf.strip_prefix('[') {
        Some(inner) => {
            let (host, after) = inner.split_once(']')?;
            (host, Some(after.strip_prefix(':')?))
        }
        None => (buf, None),
    };
    let addr = match host.parse::<Ipv6Addr>() {
        Ok(a) => IpAddr::V6(a),
        Err(_) => {
            // Inside brackets this drops the port unless the host itself
            // has a colon (`[1.2.3.4]:80` is 1.2.3.4 with no port), as the
            // reference's strrchr on the bracket contents does.
            let (h, p) = match host.rsplit_once(':') {
                Some((h, p)) => (h, Some(p)),
                None => (host, None),
            };
            port_text = p;
            IpAddr::V4(host_v4(h, resolver)?)
        }
    };
    let port = match port_text {
        None => None,
        Some(p) => Some(match number_in(p, 0, 65535) {
            Some(n) => n as u16,
            None => proto::name(protocol).and_then(|pn| resolver.port_by_name(p, pn))?,
        }),
    };
    Some(HostPort { addr, port })
}

/// `-f`: strtoul base 10, whole string, 1..4294967295.
pub fn parse_fwmark(s: &str) -> Option<u32> {
    strtol_whole(s)
        .filter(|n| (1..=0xffff_ffff).contains(n))
        .map(|n| n as u32)
}

/// `-M` for an IPv4 service: a dotted address or a host name, as a
/// host-order u32 (`-M 24` is 0.0.0.24).
pub fn parse_netmask_v4(s: &str, resolver: &dyn Resolver) -> Option<u32> {
    host_v4(s, resolver).map(u32::from)
}

/// `--mcast-group`: IPv6 when the text has a colon, else IPv4; it must be
/// multicast. The error names the family tried.
pub fn parse_mcast_group(s: &str) -> Result<IpAddr, String> {
    if s.contains(':') {
        match s.parse::<Ipv6Addr>() {
            Ok(a) if a.is_multicast() => Ok(IpAddr::V6(a)),
            _ => Err(format!("invalid IPv6 mcast-group `{s}'")),
        }
    } else {
        match s.parse::<Ipv4Addr>() {
            Ok(a) if a.is_multicast() => Ok(IpAddr::V4(a)),
            _ => Err(format!("invalid IPv4 mcast-group `{s}'")),
        }
    }
}

/// The first `max` bytes of `s`, cut back to a character boundary (the
/// reference's strncpy into a fixed buffer).
pub fn truncate_bytes(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_string();
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s[..end].to_string()
}
