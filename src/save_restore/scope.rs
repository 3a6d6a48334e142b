//! `--scope SPEC`: the services a converge owns. A director often carries
//! rules of several owners (keepalived for some VIPs, an orchestrator for
//! others, hand-made ones); a converge given scopes compares, changes and
//! deletes only the live services inside one of them, and refuses a rule
//! line outside all of them.
//!
//! SPEC is `[PROTO:]PREFIX[:PORT]` or `fwmark:N[-M]`:
//! `10.0.0.0/24`, `tcp:10.0.0.0/24:443`, `10.0.0.7` (one address),
//! `2001:db8::/64`, `udp:[2001:db8::]/64:53` (brackets when a port
//! follows), `fwmark:100-199`.
//!
//! With the rule-file format, not in `cmd/converge`: `--check` refuses
//! the same lines, and `cmd/check` must not import `cmd/converge`, which
//! imports it.

use crate::model::{proto, ServiceKey};
use std::net::IpAddr;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    Prefix {
        protocol: Option<u16>,
        net: IpAddr,
        len: u8,
        port: Option<u16>,
    },
    Fwmark {
        first: u32,
        last: u32,
    },
}

fn bad(spec: &str, why: &str) -> String {
    format!("invalid --scope '{spec}': {why}")
}

impl Scope {
    pub fn parse(spec: &str) -> Result<Scope, String> {
        if let Some(marks) = spec.strip_prefix("fwmark:") {
            let (a, b) = marks.split_once('-').unwrap_or((marks, marks));
            let n = |s: &str| {
                s.parse::<u32>()
                    .map_err(|_| bad(spec, "a fwmark is a number"))
            };
            let (first, last) = (n(a)?, n(b)?);
            if first > last {
                return Err(bad(spec, "the range is empty"));
            }
            return Ok(Scope::Fwmark { first, last });
        }
        let (protocol, rest) = match spec.split_once(':') {
            Some(("tcp", r)) => (Some(proto::TCP), r),
            Some(("udp", r)) => (Some(proto::UDP), r),
            Some(("sctp", r)) => (Some(proto::SCTP), r),
            _ => (None, spec),
        };
        let (prefix, port) = split_port(rest).ok_or_else(|| bad(spec, "bad port"))?;
        let (addr, len) = match prefix.as_str().split_once('/') {
            Some((a, l)) => (a, Some(l)),
            None => (prefix.as_str(), None),
        };
        let net: IpAddr = addr
            .parse()
            .map_err(|_| bad(spec, "expected an address prefix such as 10.0.0.0/24"))?;
        let max = if net.is_ipv4() { 32 } else { 128 };
        let len = match len {
            Some(l) => l
                .parse::<u8>()
                .ok()
                .filter(|l| *l <= max)
                .ok_or_else(|| bad(spec, "bad prefix length"))?,
            None => max,
        };
        Ok(Scope::Prefix {
            protocol,
            net,
            len,
            port,
        })
    }

    /// Whether the service with this key belongs to the scope.
    pub fn contains(&self, key: &ServiceKey) -> bool {
        match (self, key) {
            (Scope::Fwmark { first, last }, ServiceKey::Fwmark { mark, .. }) => {
                (*first..=*last).contains(mark)
            }
            (
                Scope::Prefix {
                    protocol,
                    net,
                    len,
                    port,
                },
                ServiceKey::Addr {
                    protocol: p,
                    addr,
                    port: svc_port,
                },
            ) => {
                protocol.is_none_or(|x| x == *p)
                    && port.is_none_or(|x| x == *svc_port)
                    && in_prefix(addr, net, *len)
            }
            _ => false,
        }
    }
}

/// `PREFIX[:PORT]`, where an IPv6 prefix followed by a port is bracketed.
fn split_port(s: &str) -> Option<(String, Option<u16>)> {
    let port = |p: &str| p.parse::<u16>().ok().filter(|p| *p != 0);
    if let Some(rest) = s.strip_prefix('[') {
        let (inner, after) = rest.split_once(']')?;
        let (len, port_part) = match after.split_once(':') {
            Some((l, p)) => (l, Some(port(p)?)),
            None => (after, None),
        };
        // "[2001:db8::]/64:443": the address and its length, unbracketed.
        return Some((format!("{inner}{len}"), port_part));
    }
    // More than one colon: an IPv6 prefix without a port.
    if s.matches(':').count() > 1 {
        return Some((s.to_string(), None));
    }
    match s.split_once(':') {
        Some((a, p)) => Some((a.to_string(), Some(port(p)?))),
        None => Some((s.to_string(), None)),
    }
}

fn in_prefix(addr: &IpAddr, net: &IpAddr, len: u8) -> bool {
    let bits = |a: &IpAddr| -> (u128, u32) {
        match a {
            IpAddr::V4(v) => (u32::from(*v) as u128, 32),
            IpAddr::V6(v) => (u128::from(*v), 128),
        }
    };
    let ((a, wa), (n, wn)) = (bits(addr), bits(net));
    if wa != wn {
        return false;
    }
    let shift = wa - u32::from(len);
    len == 0 || (a >> shift) == (n >> shift)
}

/// Whether `key` is inside some scope (all are, with no scope given).
pub fn in_scope(scopes: &[Scope], key: &ServiceKey) -> bool {
    scopes.is_empty() || scopes.iter().any(|s| s.contains(key))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Family;

    fn tcp(a: &str, port: u16) -> ServiceKey {
        ServiceKey::Addr {
            protocol: proto::TCP,
            addr: a.parse().unwrap(),
            port,
        }
    }

    #[test]
    fn prefixes_protocols_ports_and_marks() {
        let s = Scope::parse("10.0.0.0/24").unwrap();
        assert!(s.contains(&tcp("10.0.0.7", 80)) && !s.contains(&tcp("10.0.1.7", 80)));
        let s = Scope::parse("tcp:10.0.0.0/24:443").unwrap();
        assert!(s.contains(&tcp("10.0.0.7", 443)) && !s.contains(&tcp("10.0.0.7", 80)));
        let udp = ServiceKey::Addr {
            protocol: proto::UDP,
            addr: "10.0.0.7".parse().unwrap(),
            port: 443,
        };
        assert!(!s.contains(&udp));
        let s = Scope::parse("10.0.0.7").unwrap();
        assert!(s.contains(&tcp("10.0.0.7", 1)) && !s.contains(&tcp("10.0.0.8", 1)));
        let s = Scope::parse("2001:db8::/64").unwrap();
        assert!(s.contains(&tcp("2001:db8::5", 80)) && !s.contains(&tcp("2001:db9::5", 80)));
        let s = Scope::parse("udp:[2001:db8::]/64:53").unwrap();
        assert_eq!(
            s,
            Scope::Prefix {
                protocol: Some(proto::UDP),
                net: "2001:db8::".parse().unwrap(),
                len: 64,
                port: Some(53)
            }
        );
        let s = Scope::parse("fwmark:100-199").unwrap();
        let fw = |mark| ServiceKey::Fwmark {
            mark,
            af: Family::Inet,
        };
        assert!(s.contains(&fw(100)) && s.contains(&fw(199)) && !s.contains(&fw(200)));
        assert!(!s.contains(&tcp("10.0.0.7", 100)));
        assert!(Scope::parse("fwmark:7").unwrap().contains(&fw(7)));
    }

    #[test]
    fn bad_specs_say_why() {
        for spec in [
            "10.0.0.0/33",
            "nonsense",
            "fwmark:9-1",
            "fwmark:x",
            "tcp:10.0.0.0/24:0",
        ] {
            let e = Scope::parse(spec).unwrap_err();
            assert!(e.starts_with(&format!("invalid --scope '{spec}'")), "{e}");
        }
    }
}
