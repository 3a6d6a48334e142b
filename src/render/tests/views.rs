//! Printer goldens: the list views (numeric, names, tunnels, stats, thresholds, a single service, timeouts, daemons).

use super::*;

#[test]
fn golden_list_numeric() {
    let want = include_str!("../../../tests/golden/t1_list_numeric.txt");
    assert_eq!(list(true, &table1(), &numeric(), &NoResolver), want);
}

#[test]
fn golden_list_names_fwmark_dest_ports_stay_numeric() {
    // FWM 5's dest 192.168.0.7:80 shows `:80`, not `:http`: libipvs leaves
    // a fwmark service's protocol 0, so no port name is looked up.
    let want = include_str!("../../../tests/golden/t1_list_names.txt");
    assert_eq!(
        list(true, &table1(), &ListOptions::default(), &guest_names()),
        want
    );
}

#[test]
fn golden_tun_info() {
    let want = include_str!("../../../tests/golden/t1_tun_info.txt");
    let o = opts(|o| {
        o.numeric = true;
        o.tun_info = true
    });
    assert_eq!(list(true, &table1(), &o, &NoResolver), want);
}

#[test]
fn golden_stats_rate_zero() {
    let t = table1();
    let o = |stats, rate, exact| {
        opts(|o| {
            o.numeric = true;
            o.stats = stats;
            o.rate = rate;
            o.exact = exact
        })
    };
    let stats = include_str!("../../../tests/golden/t1_stats.txt");
    assert_eq!(list(true, &t, &o(true, false, false), &NoResolver), stats);
    assert_eq!(
        list(true, &t, &o(true, false, true), &NoResolver),
        include_str!("../../../tests/golden/t1_stats_exact.txt")
    );
    // --stats wins over --rate.
    assert_eq!(list(true, &t, &o(true, true, false), &NoResolver), stats);
    assert_eq!(
        list(true, &t, &o(false, true, false), &NoResolver),
        include_str!("../../../tests/golden/t1_rate.txt")
    );
}

#[test]
fn golden_thresholds_and_persistent_conn() {
    let t = table1();
    let o = opts(|o| {
        o.numeric = true;
        o.thresholds = true;
        // Thresholds win over persistent-conn and tun-info.
        o.persistent_conn = true;
        o.tun_info = true;
    });
    assert_eq!(
        list(true, &t, &o, &NoResolver),
        include_str!("../../../tests/golden/t1_thresholds.txt")
    );
    let o = opts(|o| {
        o.numeric = true;
        o.persistent_conn = true;
        o.tun_info = true;
    });
    assert_eq!(
        list(true, &t, &o, &NoResolver),
        include_str!("../../../tests/golden/t1_persistent_conn.txt")
    );
}

#[test]
fn golden_single_service_has_no_header() {
    let t = table1();
    let one = |pick: &dyn Fn(&ServiceEntry) -> bool| -> Vec<ServiceEntry> {
        t.iter().filter(|e| pick(e)).cloned().collect()
    };
    let tcp80 = one(&|e| {
        e.service.key.port() == 80
            && e.service.key.protocol() == Some(6)
            && e.service.family() == Family::Inet
            && e.service.flags.is_empty()
    });
    assert_eq!(
        list(false, &tcp80, &numeric(), &NoResolver),
        include_str!("../../../tests/golden/t1_single.txt")
    );
    let f6 = one(&|e| e.service.key.mark() == 6);
    assert_eq!(
        list(false, &f6, &numeric(), &NoResolver),
        include_str!("../../../tests/golden/t1_single_fwm6.txt")
    );
    // --nosort: the kernel's dest order (newest first).
    let f5 = one(&|e| e.service.key.mark() == 5);
    let o = opts(|o| {
        o.numeric = true;
        o.nosort = true
    });
    assert_eq!(
        list(false, &f5, &o, &NoResolver),
        include_str!("../../../tests/golden/t1_single_nosort.txt")
    );
}

#[test]
fn golden_timeout_and_daemon() {
    let mut out = Vec::new();
    write_timeouts(&mut out, &Timeouts::KERNEL_DEFAULTS).unwrap();
    assert_eq!(
        String::from_utf8(out).unwrap(),
        include_str!("../../../tests/golden/timeout.txt")
    );

    let mut out = Vec::new();
    write_daemons(&mut out, &[master_lo()]).unwrap();
    assert_eq!(
        String::from_utf8(out).unwrap(),
        include_str!("../../../tests/golden/daemon_master.txt")
    );

    // No daemon: nothing at all (checked in the VM too).
    let mut out = Vec::new();
    write_daemons(&mut out, &[]).unwrap();
    assert!(out.is_empty());
}

#[test]
fn daemon_lines_masters_first_and_optional_parts() {
    // Derived from the documented format (§4.9), not captured.
    let b = backup_v6();
    let mut m = Daemon::new(DaemonState::Master);
    m.mcast_ifn = "eth0".into();
    let mut out = Vec::new();
    write_daemons(&mut out, &[b, m]).unwrap();
    assert_eq!(
        String::from_utf8(out).unwrap(),
        "master sync daemon (mcast=eth0, syncid=0)\n\
         backup sync daemon (mcast=eth1, syncid=7, group=ff02::1)\n"
    );
}
