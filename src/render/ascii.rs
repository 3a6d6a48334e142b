//! Numbers and addresses appended to a byte buffer by hand, without
//! `core::fmt` or allocation: the `-c` text view writes tens of thousands
//! of rows and its time is otherwise spent in formatting machinery
//! (issue 15). The spellings are those of the reference's libc: `%u`,
//! `%02d`, `inet_ntop` (glibc's, for IPv6: see `push_ipv6`), and C's
//! `%-Ns` padding.

use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr};

/// `%u`.
pub fn push_u32(out: &mut Vec<u8>, mut n: u32) {
    let mut digits = [0u8; 10];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[i..]);
}

/// `%d`.
pub fn push_i32(out: &mut Vec<u8>, n: i32) {
    if n < 0 {
        out.push(b'-');
    }
    push_u32(out, n.unsigned_abs());
}

/// `%02d` of a non-negative number.
pub fn push_u32_02(out: &mut Vec<u8>, n: u32) {
    if n < 10 {
        out.push(b'0');
    }
    push_u32(out, n);
}

/// `%x` of a 16-bit word (lower case, no leading zeros).
fn push_hex16(out: &mut Vec<u8>, w: u16) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut started = false;
    for shift in [12u32, 8, 4, 0] {
        let d = (w >> shift) & 0xf;
        if d != 0 || started || shift == 0 {
            out.push(HEX[d as usize]);
            started = true;
        }
    }
}

/// Dotted quad.
pub fn push_ipv4(out: &mut Vec<u8>, a: &Ipv4Addr) {
    let [a, b, c, d] = a.octets();
    for (i, o) in [a, b, c, d].into_iter().enumerate() {
        if i != 0 {
            out.push(b'.');
        }
        push_u32(out, o.into());
    }
}

/// glibc `inet_ntop6` (the BIND algorithm): the first longest run of two or
/// more zero words becomes `::`; `::a.b.c.d` and `::ffff:a.b.c.d` keep the
/// IPv4 tail dotted. (Rust's `Display` differs for IPv4-compatible
/// addresses: it writes `::102:304` for `::1.2.3.4`.)
pub fn push_ipv6(out: &mut Vec<u8>, a: &Ipv6Addr) {
    let words = a.segments();
    // Longest run of zeros, first one wins; runs of one are not compressed.
    let (mut best_base, mut best_len) = (None::<usize>, 0usize);
    let mut cur: Option<(usize, usize)> = None;
    for (i, w) in words.iter().enumerate() {
        cur = match (*w, cur) {
            (0, Some((b, l))) => Some((b, l + 1)),
            (0, None) => Some((i, 1)),
            _ => None,
        };
        if let Some((b, l)) = cur {
            if best_base.is_none() || l > best_len {
                best_base = Some(b);
                best_len = l;
            }
        }
    }
    if best_len < 2 {
        best_base = None;
    }
    let mut i = 0;
    while i < 8 {
        if let Some(b) = best_base {
            if i >= b && i < b + best_len {
                if i == b {
                    out.push(b':');
                }
                i += 1;
                continue;
            }
        }
        if i != 0 {
            out.push(b':');
        }
        if i == 6
            && best_base == Some(0)
            && (best_len == 6 || (best_len == 5 && words[5] == 0xffff))
        {
            let o = a.octets();
            push_ipv4(out, &Ipv4Addr::new(o[12], o[13], o[14], o[15]));
            return;
        }
        push_hex16(out, words[i]);
        i += 1;
    }
    if best_base.is_some_and(|b| b + best_len == 8) {
        out.push(b':');
    }
}

/// `a.b.c.d:port` or `[v6]:port`, numeric (`addrport_to_anyname` with
/// `-n`; at most 47 bytes, so its 59-byte cut never applies).
pub fn push_addrport(out: &mut Vec<u8>, a: &SocketAddr) {
    match a {
        SocketAddr::V4(v4) => push_ipv4(out, v4.ip()),
        SocketAddr::V6(v6) => {
            out.push(b'[');
            push_ipv6(out, v6.ip());
            out.push(b']');
        }
    }
    out.push(b':');
    push_u32(out, a.port().into());
}

/// Pads what was appended since `start` with spaces to `width` bytes (C's
/// `%-Ns`: never cuts).
pub fn pad_from(out: &mut Vec<u8>, start: usize, width: usize) {
    let len = out.len() - start;
    if len < width {
        out.resize(out.len() + width - len, b' ');
    }
}

/// `s` padded to `width` bytes (`%-Ns`).
pub fn push_ljust(out: &mut Vec<u8>, s: &[u8], width: usize) {
    let start = out.len();
    out.extend_from_slice(s);
    pad_from(out, start, width);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(f: impl FnOnce(&mut Vec<u8>)) -> String {
        let mut v = Vec::new();
        f(&mut v);
        String::from_utf8(v).unwrap()
    }

    #[test]
    fn numbers_match_printf() {
        for n in [0, 1, 9, 10, 59, 99, 100, 65535, 119, 4294967295] {
            assert_eq!(s(|v| push_u32(v, n)), format!("{n}"));
            assert_eq!(s(|v| push_u32_02(v, n)), format!("{n:02}"));
            assert_eq!(s(|v| push_i32(v, n as i32)), format!("{}", n as i32));
        }
        for w in [0u16, 1, 0xf, 0x10, 0xabc, 0xdb8, 0xffff, 0x1000] {
            assert_eq!(s(|v| push_hex16(v, w)), format!("{w:x}"));
        }
    }

    #[test]
    fn addresses_and_padding() {
        let a: SocketAddr = "10.0.0.104:46370".parse().unwrap();
        assert_eq!(s(|v| push_addrport(v, &a)), "10.0.0.104:46370");
        let a: SocketAddr = "[2001:db8::1]:0".parse().unwrap();
        assert_eq!(s(|v| push_addrport(v, &a)), "[2001:db8::1]:0");
        let a: SocketAddr = "255.255.255.255:65535".parse().unwrap();
        assert_eq!(s(|v| push_addrport(v, &a)), "255.255.255.255:65535");
        assert_eq!(s(|v| push_ljust(v, b"TCP", 6)), "TCP   ");
        assert_eq!(s(|v| push_ljust(v, b"ESTABLISHED", 3)), "ESTABLISHED");
    }

    // push_ipv6 is checked against glibc's spellings in render::addr.
}
