//! Address, port and service names as the reference prints them
//! (`addrport_to_anyname`, `svc_name`, `dname` in ipvsadm 1.31): glibc's
//! `inet_ntop` spelling, reverse names through the `Resolver` unless
//! numeric, and the reference's cuts (a 60-byte buffer, 33 characters for
//! IPv4 service names, 28 for destinations of IPv4 services).

use std::net::{IpAddr, Ipv6Addr};

use super::ascii;
use crate::model::{proto, Dest, Family, Service, ServiceKey};
use crate::names::Resolver;

/// `addrport_to_anyname` writes into `malloc(60)` with `snprintf`, so a name
/// keeps at most 59 bytes.
pub const ADDRPORT_MAX: usize = 59;
/// `svc_name[33] = '\0'` for IPv4 services in listings.
pub const SVCNAME_CUT: usize = 33;
/// `dname[28] = '\0'` for destinations of IPv4 services in listings.
pub const DNAME_CUT: usize = 28;

/// An address as glibc's `inet_ntop` writes it. IPv6 differs from Rust's
/// `Display` for IPv4-compatible addresses (`::1.2.3.4`, which Rust spells
/// `::102:304`).
pub fn inet_ntop(addr: &IpAddr) -> String {
    match addr {
        IpAddr::V4(a) => a.to_string(),
        IpAddr::V6(a) => inet_ntop6(a),
    }
}

/// glibc `inet_ntop6` (`super::ascii::push_ipv6` has the algorithm).
pub fn inet_ntop6(a: &Ipv6Addr) -> String {
    let mut v = Vec::with_capacity(46);
    super::ascii::push_ipv6(&mut v, a);
    // push_ipv6 writes only ASCII.
    String::from_utf8(v).unwrap_or_default()
}

/// `addr_to_anyname`: the reverse name, else the numeric form.
pub fn addr_to_anyname(addr: &IpAddr, names: &dyn Resolver) -> String {
    names.host_name(addr).unwrap_or_else(|| inet_ntop(addr))
}

/// `port_to_anyname`: the /etc/services name for the protocol, else the
/// number. With no protocol (fwmark services: libipvs leaves the protocol
/// 0 for them) or an unknown one, always the number.
pub fn port_to_anyname(port: u16, protocol: Option<u16>, names: &dyn Resolver) -> String {
    protocol
        .and_then(proto::name)
        .and_then(|p| names.port_name(port, p))
        .unwrap_or_else(|| port.to_string())
}

/// `addrport_to_anyname`: `a.b.c.d:port` or `[v6]:port`, names unless
/// numeric, at most 59 bytes.
pub fn addrport(
    addr: &IpAddr,
    port: u16,
    protocol: Option<u16>,
    numeric: bool,
    names: &dyn Resolver,
) -> String {
    let mut v = Vec::with_capacity(48);
    addrport_into(&mut v, addr, port, protocol, numeric, names);
    into_string(v)
}

/// `addrport` appended to `out`. Numeric, it is spelled in place with no
/// allocation: listings and `-S` write one or two per line, tens of
/// thousands of lines (issue 15).
pub fn addrport_into(
    out: &mut Vec<u8>,
    addr: &IpAddr,
    port: u16,
    protocol: Option<u16>,
    numeric: bool,
    names: &dyn Resolver,
) {
    let start = out.len();
    let v6 = addr.is_ipv6();
    if v6 {
        out.push(b'[');
    }
    match (numeric, addr) {
        (true, IpAddr::V4(a)) => ascii::push_ipv4(out, a),
        (true, IpAddr::V6(a)) => ascii::push_ipv6(out, a),
        (false, _) => out.extend_from_slice(addr_to_anyname(addr, names).as_bytes()),
    }
    out.extend_from_slice(if v6 { b"]:" } else { b":" });
    if numeric {
        ascii::push_u32(out, port.into());
    } else {
        out.extend_from_slice(port_to_anyname(port, protocol, names).as_bytes());
    }
    cut_from(out, start, ADDRPORT_MAX);
}

/// Cuts what was appended to `out` since `start` to at most `max` bytes
/// (the reference writes a NUL there); a cut inside a multi-byte
/// character backs off to the character's start (what is appended is
/// UTF-8: numbers and `String` names).
pub fn cut_from(out: &mut Vec<u8>, start: usize, max: usize) {
    if out.len() - start > max {
        let mut at = start + max;
        // 0b10xx_xxxx: a continuation byte, not a character's start.
        while at > start && out[at] & 0xc0 == 0x80 {
            at -= 1;
        }
        out.truncate(at);
    }
}

/// The bytes `addrport_into` wrote, as text: it appends only UTF-8
/// (ASCII and whole `String`s, cut at character boundaries).
fn into_string(v: Vec<u8>) -> String {
    String::from_utf8(v).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// The protocol as listings name it (`%-4s` padding is the caller's).
pub fn proto_label(p: u16) -> &'static str {
    match p {
        proto::TCP => "TCP",
        proto::UDP => "UDP",
        _ => "SCTP",
    }
}

/// The listing's service name, appended to `out`: `FWM  <mark as
/// i32>[ IPv6]`, or `<PROT> addr:port` cut at 33 characters for IPv4.
pub fn svcname_into(out: &mut Vec<u8>, svc: &Service, numeric: bool, names: &dyn Resolver) {
    match svc.key {
        ServiceKey::Fwmark { mark, af } => {
            out.extend_from_slice(b"FWM  ");
            ascii::push_i32(out, mark as i32);
            if af == Family::Inet6 {
                out.extend_from_slice(b" IPv6");
            }
        }
        ServiceKey::Addr {
            protocol,
            addr,
            port,
        } => {
            let start = out.len();
            ascii::push_ljust(out, proto_label(protocol).as_bytes(), 4);
            out.push(b' ');
            addrport_into(out, &addr, port, Some(protocol), numeric, names);
            if addr.is_ipv4() {
                cut_from(out, start, SVCNAME_CUT);
            }
        }
    }
}

/// The listing's destination name, appended to `out`: port names with the SERVICE's protocol
/// (none for fwmark services, so numbers), cut at 28 characters when the
/// DEST is IPv4 (checked in the VM: an IPv4 dest of an IPv6 service is cut,
/// an IPv6 tunnel dest of an IPv4 service is not).
pub fn dname_into(
    out: &mut Vec<u8>,
    dest: &Dest,
    svc: &Service,
    numeric: bool,
    names: &dyn Resolver,
) {
    let start = out.len();
    addrport_into(
        out,
        &dest.addr,
        dest.port,
        svc.key.protocol(),
        numeric,
        names,
    );
    if dest.family() == Family::Inet {
        cut_from(out, start, DNAME_CUT);
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::collections::HashMap;
    use std::net::Ipv4Addr;

    /// A fixed name table for printer tests.
    #[derive(Default)]
    pub(crate) struct FakeNames {
        pub hosts: HashMap<IpAddr, String>,
        pub ports: HashMap<(u16, &'static str), String>,
    }

    impl FakeNames {
        pub(crate) fn standard() -> FakeNames {
            let mut n = FakeNames::default();
            n.ports.insert((80, "tcp"), "http".into());
            n.ports.insert((80, "udp"), "http".into());
            n.ports.insert((443, "tcp"), "https".into());
            n.ports.insert((53, "udp"), "domain".into());
            n.ports.insert((53, "tcp"), "domain".into());
            n.hosts
                .insert("127.0.0.1".parse().unwrap(), "localhost".into());
            n.hosts.insert("::1".parse().unwrap(), "localhost".into());
            n
        }
    }

    impl Resolver for FakeNames {
        fn port_by_name(&self, name: &str, proto: &str) -> Option<u16> {
            self.ports
                .iter()
                .find(|((_, p), n)| *p == proto && n.as_str() == name)
                .map(|((port, _), _)| *port)
        }
        fn host_by_name(&self, _: &str) -> Option<Ipv4Addr> {
            None
        }
        fn port_name(&self, port: u16, proto: &str) -> Option<String> {
            self.ports
                .iter()
                .find(|((po, pr), _)| *po == port && *pr == proto)
                .map(|(_, n)| n.clone())
        }
        fn host_name(&self, addr: &IpAddr) -> Option<String> {
            self.hosts.get(addr).cloned()
        }
    }

    fn v6(s: &str) -> Ipv6Addr {
        s.parse().unwrap()
    }

    #[test]
    fn inet_ntop6_matches_glibc() {
        let cases = [
            ("::", "::"),
            ("::1", "::1"),
            ("2001:db8::1", "2001:db8::1"),
            ("2001:db8:0:1:0:0:0:1", "2001:db8:0:1::1"),
            ("2001:0:0:1:0:0:0:1", "2001:0:0:1::1"),
            ("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"),
            ("1:0:2:3:4:5:6:7", "1:0:2:3:4:5:6:7"),
            ("1:2:3:4:5:6:7:0", "1:2:3:4:5:6:7:0"),
            ("1:2:3:4:5:6:0:0", "1:2:3:4:5:6::"),
            ("::ffff:1.2.3.4", "::ffff:1.2.3.4"),
            // glibc keeps IPv4-compatible addresses dotted; Rust would not.
            ("::1.2.3.4", "::1.2.3.4"),
            ("::0.0.1.2", "::102"),
            ("fe80::abcd", "fe80::abcd"),
        ];
        for (input, want) in cases {
            assert_eq!(inet_ntop6(&v6(input)), want, "{input}");
        }
    }

    #[test]
    fn addrport_names_and_numbers() {
        let n = FakeNames::standard();
        let lo: IpAddr = "127.0.0.1".parse().unwrap();
        assert_eq!(addrport(&lo, 80, Some(6), true, &n), "127.0.0.1:80");
        assert_eq!(addrport(&lo, 80, Some(6), false, &n), "localhost:http");
        // SCTP has no entry: the number.
        assert_eq!(addrport(&lo, 80, Some(132), false, &n), "localhost:80");
        // fwmark services have no protocol: the number.
        assert_eq!(addrport(&lo, 80, None, false, &n), "localhost:80");
        let six: IpAddr = "2001:db8::1".parse().unwrap();
        assert_eq!(
            addrport(&six, 443, Some(6), false, &n),
            "[2001:db8::1]:https"
        );
        assert_eq!(addrport(&six, 0, Some(6), true, &n), "[2001:db8::1]:0");
    }

    #[test]
    fn addrport_keeps_59_bytes() {
        let mut n = FakeNames::default();
        let a: IpAddr = "10.0.0.1".parse().unwrap();
        n.hosts.insert(a, "h".repeat(70));
        let s = addrport(&a, 80, Some(6), false, &n);
        assert_eq!(s, "h".repeat(59));
    }

    #[test]
    fn a_cut_inside_a_character_backs_off_to_its_start() {
        let mut n = FakeNames::default();
        let a: IpAddr = "10.0.0.1".parse().unwrap();
        // 58 ASCII bytes, then a 2-byte character across the 59-byte cut.
        n.hosts.insert(a, format!("{}é", "h".repeat(58)));
        assert_eq!(addrport(&a, 80, Some(6), false, &n), "h".repeat(58));
        // The cut counts from where the name starts, not from the buffer's.
        let mut out = b"prefix ".to_vec();
        addrport_into(&mut out, &a, 80, Some(6), false, &n);
        assert_eq!(out, format!("prefix {}", "h".repeat(58)).into_bytes());
    }
}
