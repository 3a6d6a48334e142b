//! Address, port and service names as the reference prints them
//! (`addrport_to_anyname`, `svc_name`, `dname` in ipvsadm 1.31): glibc's
//! `inet_ntop` spelling, reverse names through the `Resolver` unless
//! numeric, and the reference's cuts (a 60-byte buffer, 33 characters for
//! IPv4 service names, 28 for destinations of IPv4 services).

use std::net::{IpAddr, Ipv6Addr};

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
    let (host, port) = if numeric {
        (inet_ntop(addr), port.to_string())
    } else {
        (
            addr_to_anyname(addr, names),
            port_to_anyname(port, protocol, names),
        )
    };
    let s = match addr {
        IpAddr::V4(_) => format!("{host}:{port}"),
        IpAddr::V6(_) => format!("[{host}]:{port}"),
    };
    cut(s, ADDRPORT_MAX)
}

/// Cuts `s` to at most `max` bytes (the reference writes a NUL there); a
/// cut inside a multi-byte character backs off to the character start.
pub fn cut(mut s: String, max: usize) -> String {
    if s.len() > max {
        let mut at = max;
        while !s.is_char_boundary(at) {
            at -= 1;
        }
        s.truncate(at);
    }
    s
}

/// The protocol as listings name it (`%-4s` padding is the caller's).
pub fn proto_label(p: u16) -> &'static str {
    match p {
        proto::TCP => "TCP",
        proto::UDP => "UDP",
        _ => "SCTP",
    }
}

/// The listing's service name: `FWM  <mark as i32>[ IPv6]`, or
/// `<PROT> addr:port` cut at 33 characters for IPv4.
pub fn svcname(svc: &Service, numeric: bool, names: &dyn Resolver) -> String {
    match svc.key {
        ServiceKey::Fwmark { mark, af } => match af {
            Family::Inet => format!("FWM  {}", mark as i32),
            Family::Inet6 => format!("FWM  {} IPv6", mark as i32),
        },
        ServiceKey::Addr {
            protocol,
            addr,
            port,
        } => {
            let s = format!(
                "{:<4} {}",
                proto_label(protocol),
                addrport(&addr, port, Some(protocol), numeric, names)
            );
            match addr {
                IpAddr::V4(_) => cut(s, SVCNAME_CUT),
                IpAddr::V6(_) => s,
            }
        }
    }
}

/// The listing's destination name: port names with the SERVICE's protocol
/// (none for fwmark services, so numbers), cut at 28 characters when the
/// DEST is IPv4 (checked in the VM: an IPv4 dest of an IPv6 service is cut,
/// an IPv6 tunnel dest of an IPv4 service is not).
pub fn dname(dest: &Dest, svc: &Service, numeric: bool, names: &dyn Resolver) -> String {
    let s = addrport(&dest.addr, dest.port, svc.key.protocol(), numeric, names);
    match dest.family() {
        Family::Inet => cut(s, DNAME_CUT),
        Family::Inet6 => s,
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
}
