//! Printer goldens: sort orders, name widths, counters with traffic, signed fields.

use super::*;

#[test]
fn golden_nosort_keeps_kernel_order() {
    let o = opts(|o| {
        o.numeric = true;
        o.nosort = true
    });
    assert_eq!(
        list(true, &table2(), &o, &NoResolver),
        include_str!("../../../tests/golden/t6_nosort.txt")
    );
}

#[test]
fn golden_sort_with_fwmark_cycle() {
    // FWM -1 first, FWM 3 then FWM -2147483648 last: the reference's order
    // for this input, reproduced by copying its comparator and merge order.
    assert_eq!(
        list(true, &table2(), &numeric(), &NoResolver),
        include_str!("../../../tests/golden/t6_sorted.txt")
    );
}

#[test]
fn golden_names_cut_at_33_and_28() {
    // IPv4 service names are cut at 33 characters, IPv4 dest names at 28
    // (also in an IPv6 service); IPv6 names are never cut; 2^31 prints as
    // a negative mark and a weight of 2^31-1 overflows its column.
    assert_eq!(
        list(true, &table2(), &ListOptions::default(), &table2_names()),
        include_str!("../../../tests/golden/t6_sorted_names.txt")
    );
}

/// Table 3 (same boot as table 2): dests added in the order 1.2.3.4,
/// 10.0.0.1, 127.0.0.5, 192.168.77.1, 200.0.0.1, 100.0.0.1, 250.1.1.1 to
/// `-A -t 10.1.1.1:80 -s rr` with `-m`; the kernel lists them newest first.
#[test]
fn golden_dest_sort_wraps_around() {
    let ds = [
        "250.1.1.1",
        "100.0.0.1",
        "200.0.0.1",
        "192.168.77.1",
        "127.0.0.5",
        "10.0.0.1",
        "1.2.3.4",
    ]
    .iter()
    .map(|a| dest(a, 80, Forward::Masq, 1))
    .collect();
    let t = vec![entry(svc(proto::TCP, "10.1.1.1", 80, "rr"), ds)];
    assert_eq!(
        list(true, &t, &numeric(), &NoResolver),
        include_str!("../../../tests/golden/t3_dest_sort.txt")
    );
    let o = opts(|o| {
        o.numeric = true;
        o.nosort = true
    });
    assert_eq!(
        list(true, &t, &o, &NoResolver),
        include_str!("../../../tests/golden/t3_dest_nosort.txt")
    );
}

/// Table 4: `-A -t 10.9.9.9:80 -s rr`, `-a ... -r 127.0.0.1:8080 -m`,
/// `-A -u 10.9.9.9:5060 -s rr -p 600 --pe sip`, `-a ... -r 127.0.0.1:5060
/// -m`, `-A -t [2001:db8::99]:80 -s rr`, `-a ... -r [::1]:8081 -m`, then
/// three HTTP requests to 10.9.9.9 and one to [2001:db8::99]. The counters
/// come from the reference's `-L -n --stats --exact`.
fn table4() -> Vec<ServiceEntry> {
    let st = |conns, inpkts, outpkts, inbytes, outbytes| {
        let mut s = Stats::default();
        [s.conns, s.inpkts, s.outpkts, s.inbytes, s.outbytes] =
            [conns, inpkts, outpkts, inbytes, outbytes];
        s
    };
    let with = |mut d: Dest, s: Stats| {
        d.stats = s;
        d
    };
    let mut a = svc(proto::TCP, "10.9.9.9", 80, "rr");
    a.stats = st(3, 20, 17, 1277, 1547);
    let b = persistent(svc(proto::UDP, "10.9.9.9", 5060, "rr"), 600, None, "sip");
    let mut c = svc(proto::TCP, "2001:db8::99", 80, "rr");
    c.stats = st(1, 6, 7, 517, 725);
    vec![
        entry(
            c,
            vec![with(
                dest("::1", 8081, Forward::Masq, 1),
                st(1, 6, 7, 517, 725),
            )],
        ),
        entry(b, vec![dest("127.0.0.1", 5060, Forward::Masq, 1)]),
        entry(
            a,
            vec![with(
                dest("127.0.0.1", 8080, Forward::Masq, 1),
                st(3, 20, 17, 1277, 1547),
            )],
        ),
    ]
}

#[test]
fn golden_stats_with_traffic() {
    let o = opts(|o| {
        o.numeric = true;
        o.stats = true;
        o.exact = true
    });
    assert_eq!(
        list(true, &table4(), &o, &NoResolver),
        include_str!("../../../tests/golden/t4_stats_exact.txt")
    );
    let o = opts(|o| o.stats = true);
    assert_eq!(
        list(true, &table4(), &o, &guest_names()),
        include_str!("../../../tests/golden/t4_stats_names.txt")
    );
}

#[test]
fn golden_ipv6_dest_of_ipv4_service_is_not_cut() {
    let mut n = guest_names();
    for (a, h) in [
        (
            "2001:db8::20",
            "a-very-long-ipv6-real-server-name.example.com",
        ),
        ("10.0.0.1", "vip1"),
        ("2001:db8::1", "vip6"),
    ] {
        n.hosts.insert(a.parse().unwrap(), h.into());
    }
    assert_eq!(
        list(true, &table5(), &ListOptions::default(), &n),
        include_str!("../../../tests/golden/t5_list_names.txt")
    );
}

#[test]
fn dest_counters_are_64_bit_not_truncated() {
    // DELIBERATE DIFFERENCE: libipvs reads a dest's conns, pkts, cps and pps
    // from STATS64 with 32-bit getters, so the reference prints them modulo
    // 2^32. We print the kernel's 64-bit values. (Format from §4.4/§4.5.)
    let big = (1u64 << 32) + 5;
    let mut d = dest("10.0.0.2", 80, Forward::Masq, 1);
    d.stats = Stats::default();
    d.stats.conns = big;
    d.stats.inpkts = big;
    d.stats.cps = big;
    d.stats.inpps = big;
    let t = vec![entry(svc(proto::TCP, "10.0.0.1", 80, "rr"), vec![d])];
    let o = opts(|o| {
        o.numeric = true;
        o.stats = true;
        o.exact = true
    });
    let out = list(false, &t, &o, &NoResolver);
    assert!(
        out.ends_with(
            "  -> 10.0.0.2:80                  4294967301 4294967301        0        0        0\n"
        ),
        "{out}"
    );
    let o = opts(|o| {
        o.numeric = true;
        o.rate = true
    });
    let out = list(false, &t, &o, &NoResolver);
    // cps/inpps use `%8llu` (not largenum) in the rate view.
    assert!(
        out.ends_with(
            "  -> 10.0.0.2:80                  4294967301 4294967301        0        0        0\n"
        ),
        "{out}"
    );
}

#[test]
fn weight_and_fwmark_print_signed() {
    // Format from §4.3/§4.4: `%-6d` weight, `FWM  %d`.
    let t = vec![entry(
        fwm(0x8000_0000, Family::Inet6, "rr"),
        vec![dest("::2", 0, Forward::Local, u32::MAX)],
    )];
    let out = list(false, &t, &numeric(), &NoResolver);
    assert!(out.contains("FWM  -2147483648 IPv6 rr\n"), "{out}");
    assert!(
        out.contains("  -> [::2]:0                      Local   -1     0          0         \n"),
        "{out}"
    );
}
