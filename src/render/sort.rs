//! The reference's listing order: libipvs's comparators (C `int`
//! subtraction of unsigned values, so differences of 2^31 or more wrap and
//! compare backwards) driven by glibc 2.36's `qsort`, which is a top-down
//! merge sort. The comparators are not transitive, so the result depends on
//! the merge order: both are copied exactly. Used by `-L` and `-S`.

use std::io::{self, Write};
use std::net::IpAddr;

use crate::model::{Dest, Family, Service, ServiceEntry};

/// glibc `msort_with_tmp`: n1 = n/2 on the left, n2 = n - n1 on the right,
/// each sorted recursively, then merged taking from the left while
/// `cmp(left, right) <= 0`.
pub fn msort_by<T: Copy>(v: &mut [T], cmp: &mut dyn FnMut(&T, &T) -> i32) {
    let mut tmp = Vec::with_capacity(v.len());
    msort_with_tmp(v, &mut tmp, cmp);
}

fn msort_with_tmp<T: Copy>(b: &mut [T], tmp: &mut Vec<T>, cmp: &mut dyn FnMut(&T, &T) -> i32) {
    let n = b.len();
    if n <= 1 {
        return;
    }
    let n1 = n / 2;
    {
        let (left, right) = b.split_at_mut(n1);
        msort_with_tmp(left, tmp, cmp);
        msort_with_tmp(right, tmp, cmp);
    }
    tmp.clear();
    let (mut i, mut j) = (0, n1);
    while i < n1 && j < n {
        if cmp(&b[i], &b[j]) <= 0 {
            tmp.push(b[i]);
            i += 1;
        } else {
            tmp.push(b[j]);
            j += 1;
        }
    }
    // What is left of the left half follows; what is left of the right
    // half is already in place.
    tmp.extend_from_slice(&b[i..n1]);
    let k = tmp.len();
    b[..k].copy_from_slice(tmp);
}

/// `(int)(a - b)` for unsigned 32-bit values, as C computes it.
fn int_diff(a: u32, b: u32) -> i32 {
    a.wrapping_sub(b) as i32
}

/// The address as the four host-order 32-bit words of libipvs's
/// `union nf_inet_addr` (an IPv4 address is word 0, the rest zero).
fn words(addr: &IpAddr) -> [u32; 4] {
    match addr {
        IpAddr::V4(a) => [u32::from(*a), 0, 0, 0],
        IpAddr::V6(a) => {
            let o = a.octets();
            let w = |i: usize| u32::from_be_bytes([o[i], o[i + 1], o[i + 2], o[i + 3]]);
            [w(0), w(4), w(8), w(12)]
        }
    }
}

/// The address step of both comparators: word 0 only when the FIRST
/// argument is IPv4, else the four words in order, first nonzero
/// difference wins.
fn addr_diff(a: &IpAddr, b: &IpAddr) -> i32 {
    let (wa, wb) = (words(a), words(b));
    match a {
        IpAddr::V4(_) => int_diff(wa[0], wb[0]),
        IpAddr::V6(_) => wa
            .iter()
            .zip(wb.iter())
            .map(|(x, y)| int_diff(*x, *y))
            .find(|r| *r != 0)
            .unwrap_or(0),
    }
}

/// The service's address (zero for fwmark services: libipvs zeroes the
/// entry and the kernel sends no address for them).
fn svc_addr(s: &Service) -> IpAddr {
    match s.key {
        crate::model::ServiceKey::Addr { addr, .. } => addr,
        crate::model::ServiceKey::Fwmark { af, .. } => af.unspecified(),
    }
}

/// libipvs `ipvs_cmp_services`: fwmark, af, protocol, address, port.
pub fn cmp_services(a: &Service, b: &Service) -> i32 {
    let r = int_diff(a.key.mark(), b.key.mark());
    if r != 0 {
        return r;
    }
    let r = i32::from(a.family().to_raw()) - i32::from(b.family().to_raw());
    if r != 0 {
        return r;
    }
    // libipvs leaves the protocol 0 for fwmark services.
    let pa = a.key.protocol().unwrap_or(0);
    let pb = b.key.protocol().unwrap_or(0);
    let r = i32::from(pa) - i32::from(pb);
    if r != 0 {
        return r;
    }
    let r = match a.family() {
        // Same family here: the af step came first.
        Family::Inet | Family::Inet6 => addr_diff(&svc_addr(a), &svc_addr(b)),
    };
    if r != 0 {
        return r;
    }
    i32::from(a.key.port()) - i32::from(b.key.port())
}

/// libipvs `ipvs_cmp_dests`: the address (v4 or v6 by the first argument's
/// family, no family step), then the port.
pub fn cmp_dests(a: &Dest, b: &Dest) -> i32 {
    let r = addr_diff(&a.addr, &b.addr);
    if r != 0 {
        return r;
    }
    i32::from(a.port) - i32::from(b.port)
}

/// Sorts services as `ipvs_sort_services` does.
pub fn sort_services(v: &mut [&ServiceEntry]) {
    msort_by(v, &mut |a, b| cmp_services(&a.service, &b.service));
}

/// Sorts destinations as `ipvs_sort_dests` does.
pub fn sort_dests(v: &mut [&Dest]) {
    msort_by(v, &mut |a, b| cmp_dests(a, b));
}

/// Writes the table in listing order: `line(buf, service, None)` appends
/// a service's line, `line(buf, service, Some(dest))` each destination's.
/// Lines go into one buffer written in 32 KiB blocks: tens of thousands
/// of them on big tables, with no allocation or `dyn Write` call per piece
/// (issue 15). Shared by `-L` and `-S`.
pub fn write_in_order(
    out: &mut dyn Write,
    entries: &[ServiceEntry],
    nosort: bool,
    mut line: impl FnMut(&mut Vec<u8>, &Service, Option<&Dest>),
) -> io::Result<()> {
    const BLOCK: usize = 32 * 1024;
    let mut buf = Vec::with_capacity(BLOCK + 512);
    for (entry, dests) in listing_order(entries, nosort) {
        for d in std::iter::once(None).chain(dests.into_iter().map(Some)) {
            line(&mut buf, &entry.service, d);
            if buf.len() >= BLOCK {
                out.write_all(&buf)?;
                buf.clear();
            }
        }
    }
    out.write_all(&buf)
}

/// The entries in listing order: kernel order with `nosort`, else sorted;
/// each with its destinations in the same order rule.
pub fn listing_order(entries: &[ServiceEntry], nosort: bool) -> Vec<(&ServiceEntry, Vec<&Dest>)> {
    let mut svcs: Vec<&ServiceEntry> = entries.iter().collect();
    if !nosort {
        sort_services(&mut svcs);
    }
    svcs.into_iter()
        .map(|e| {
            let mut dests: Vec<&Dest> = e.dests.iter().collect();
            if !nosort {
                sort_dests(&mut dests);
            }
            (e, dests)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{proto, Scheduler, ServiceKey};

    fn svc(key: ServiceKey) -> ServiceEntry {
        ServiceEntry {
            service: Service::new(key, Scheduler::Wlc),
            dests: vec![],
        }
    }

    fn tcp(addr: &str, port: u16) -> ServiceEntry {
        svc(ServiceKey::Addr {
            protocol: proto::TCP,
            addr: addr.parse().unwrap(),
            port,
        })
    }

    fn fwm(mark: u32) -> ServiceEntry {
        svc(ServiceKey::Fwmark {
            mark,
            af: Family::Inet,
        })
    }

    fn dest(addr: &str, port: u16) -> Dest {
        Dest::new(addr.parse::<std::net::IpAddr>().unwrap(), port)
    }

    fn sorted_names(entries: &[ServiceEntry]) -> Vec<String> {
        let mut v: Vec<&ServiceEntry> = entries.iter().collect();
        sort_services(&mut v);
        v.iter()
            .map(|e| match e.service.key {
                ServiceKey::Fwmark { mark, .. } => format!("FWM {}", mark as i32),
                ServiceKey::Addr {
                    addr,
                    port,
                    protocol,
                } => format!("{protocol} {addr}:{port}"),
            })
            .collect()
    }

    #[test]
    fn merge_order_is_glibc_msort() {
        // With a consistent comparator the result is an ordinary stable sort.
        let mut v = [5, 3, 9, 1, 3, 7, 2, 8, 0, 6];
        msort_by(&mut v, &mut |a: &i32, b: &i32| a - b);
        assert_eq!(v, [0, 1, 2, 3, 3, 5, 6, 7, 8, 9]);
        // Stability: equal keys keep the input order.
        let mut p = [(1, 'a'), (0, 'b'), (1, 'c'), (0, 'd')];
        msort_by(&mut p, &mut |a: &(i32, char), b: &(i32, char)| a.0 - b.0);
        assert_eq!(p, [(0, 'b'), (0, 'd'), (1, 'a'), (1, 'c')]);
    }

    #[test]
    fn ordinary_services_sort_by_proto_addr_port() {
        let e = [
            tcp("10.0.0.2", 80),
            svc(ServiceKey::Addr {
                protocol: proto::UDP,
                addr: "10.0.0.1".parse().unwrap(),
                port: 53,
            }),
            tcp("10.0.0.1", 443),
            tcp("10.0.0.1", 80),
            tcp("2001:db8::1", 80),
            fwm(3),
        ];
        assert_eq!(
            sorted_names(&e),
            [
                "6 10.0.0.1:80",
                "6 10.0.0.1:443",
                "6 10.0.0.2:80",
                "17 10.0.0.1:53",
                "6 2001:db8::1:80",
                "FWM 3",
            ]
        );
    }

    #[test]
    fn addresses_more_than_2_31_apart_compare_backwards() {
        let a = tcp("1.2.3.4", 80).service;
        let b = tcp("200.0.0.1", 80).service;
        // 1.2.3.4 - 200.0.0.1 wraps to a positive int: 1.2.3.4 sorts after.
        assert!(cmp_services(&a, &b) > 0);
        assert!(cmp_services(&b, &a) < 0);
        let near = tcp("100.0.0.1", 80).service;
        assert!(cmp_services(&a, &near) < 0);
        let mut v: Vec<ServiceEntry> = vec![tcp("1.2.3.4", 80), tcp("200.0.0.1", 80)];
        assert_eq!(sorted_names(&v), ["6 200.0.0.1:80", "6 1.2.3.4:80"]);
        v.reverse();
        assert_eq!(sorted_names(&v), ["6 200.0.0.1:80", "6 1.2.3.4:80"]);
    }

    #[test]
    fn fwmark_4294967295_sorts_before_non_fwmark_services() {
        // 0 - 0xffffffff = +1 as an int: the address service is "greater".
        let v = [tcp("10.0.0.1", 80), fwm(4294967295)];
        assert_eq!(sorted_names(&v), ["FWM -1", "6 10.0.0.1:80"]);
        // An ordinary mark sorts after.
        let v = [fwm(5), tcp("10.0.0.1", 80)];
        assert_eq!(sorted_names(&v), ["6 10.0.0.1:80", "FWM 5"]);
    }

    #[test]
    fn the_fwmark_cycle_makes_the_result_depend_on_input_order() {
        // FWM -1 < non-fwmark < FWM 1 < FWM -2147483648 < FWM -1.
        let a = [fwm(u32::MAX), tcp("10.0.0.1", 80), fwm(1), fwm(0x8000_0000)];
        let mut b = a.clone();
        b.rotate_left(1);
        assert_ne!(sorted_names(&a), sorted_names(&b));
        // Copying glibc's merge order pins each outcome.
        assert_eq!(
            sorted_names(&a),
            ["FWM -1", "6 10.0.0.1:80", "FWM 1", "FWM -2147483648"]
        );
        assert_eq!(
            sorted_names(&b),
            ["6 10.0.0.1:80", "FWM 1", "FWM -2147483648", "FWM -1"]
        );
    }

    #[test]
    fn dests_compare_by_the_first_arguments_family() {
        let v4 = dest("10.0.0.1", 80);
        let v6 = dest("::1", 80);
        // IPv4 first: word 0 only (10.0.0.1 vs 0): positive.
        assert!(cmp_dests(&v4, &v6) > 0);
        // IPv6 first: four words; word 0 is 0 vs 10.0.0.1: negative.
        assert!(cmp_dests(&v6, &v4) < 0);
        let same_port_diff = cmp_dests(&dest("10.0.0.1", 80), &dest("10.0.0.1", 8080));
        assert_eq!(same_port_diff, 80 - 8080);
    }

    #[test]
    fn dest_sort_with_wraparound_is_reproducible() {
        // Kernel order is newest first; the result is fixed for a given input.
        let ds = [
            dest("200.0.0.1", 80),
            dest("192.168.77.1", 80),
            dest("127.0.0.5", 80),
            dest("10.0.0.1", 80),
            dest("1.2.3.4", 80),
        ];
        let mut v: Vec<&Dest> = ds.iter().collect();
        sort_dests(&mut v);
        let got: Vec<String> = v.iter().map(|d| d.addr.to_string()).collect();
        assert_eq!(
            got,
            [
                "192.168.77.1",
                "200.0.0.1",
                "1.2.3.4",
                "10.0.0.1",
                "127.0.0.5"
            ]
        );
    }
}
