//! Grammar tests: §3 addresses, and the daemon options.

use super::*;

// ---- §3 addresses ----------------------------------------------------------

#[test]
fn service_addresses() {
    let a = |line: &str| match key(line) {
        ServiceKey::Addr { addr, port, .. } => (addr, port),
        k => panic!("{k:?}"),
    };
    assert_eq!(a("-D -t 10.1:80"), (v4(10, 0, 0, 1), 80));
    assert_eq!(a("-D -t 127.1:80"), (v4(127, 0, 0, 1), 80));
    assert_eq!(a("-D -t 0x7f.1:80"), (v4(127, 0, 0, 1), 80));
    assert_eq!(a("-D -t 012.1.2.3:80"), (v4(10, 1, 2, 3), 80));
    assert_eq!(a("-D -t 1.2.3.4:+80"), (v4(1, 2, 3, 4), 80));
    assert_eq!(a("-D -t web:http"), (v4(10, 0, 0, 50), 80));
    assert_eq!(a("-D -t ip6-localhost:80"), (v4(127, 0, 0, 1), 80));
    assert_eq!(a("-D -t 1.2.3.4"), (v4(1, 2, 3, 4), 0));
    let six: IpAddr = "2001:db8::3:80".parse::<Ipv6Addr>().unwrap().into();
    assert_eq!(a("-D -t 2001:db8::3:80"), (six, 0));
    let six: IpAddr = "2001:db8::1".parse::<Ipv6Addr>().unwrap().into();
    assert_eq!(a("-D -t [2001:db8::1]:http"), (six, 80));
    assert_eq!(a("-D -u 1.2.3.4:domain"), (v4(1, 2, 3, 4), 53));
    assert_eq!(a("-D --sctp-service 1.2.3.4:sip"), (v4(1, 2, 3, 4), 5060));
    assert_eq!(
        key("-D --sctp-service 1.2.3.4:9").protocol(),
        Some(proto::SCTP)
    );
    assert_eq!(
        a("-D -t [1.2.3.4]:80"),
        (v4(1, 2, 3, 4), 0),
        "bracketed IPv4 drops the port"
    );
    assert_eq!(
        pv(&["-D", "-t", "1.2.3.4: 80"])
            .map(flat)
            .unwrap()
            .service
            .unwrap()
            .key
            .port(),
        80
    );
    let bad = "illegal virtual server address[:port] specified";
    for s in [
        "80",
        "[2001:db8::1]",
        "[2001:db8::1]80",
        "[2001:db8::1",
        "1.2.3.4:65536",
        "1.2.3.4:0x50",
        "1.2.3.4:http8",
        "1.2.3.4:sip",
        "nohost:80",
        "1.2.3.256:80",
        "08.1.1.1:80",
    ] {
        assert_eq!(usage(&format!("-D -t {s}")), bad, "{s}");
    }
    assert_eq!(pv(&["-D", "-t", ""]).unwrap_err().to_string(), bad);
    assert_eq!(
        usage("-a -t 1.2.3.4:80 -r 80"),
        "illegal real server address[:port] specified"
    );
}

#[test]
fn inet_aton_forms() {
    assert_eq!(inet_aton("1"), Some(Ipv4Addr::new(0, 0, 0, 1)));
    assert_eq!(inet_aton("1.2.3"), Some(Ipv4Addr::new(1, 2, 0, 3)));
    assert_eq!(inet_aton("1.2.65535"), Some(Ipv4Addr::new(1, 2, 255, 255)));
    assert_eq!(inet_aton("0xffffffff"), Some(Ipv4Addr::BROADCAST));
    assert_eq!(inet_aton("1.2.3.4 junk"), Some(Ipv4Addr::new(1, 2, 3, 4)));
    for bad in [
        "",
        "1.",
        "1.2.3.4.",
        "1.2.65536",
        "256.1",
        "0x",
        "09",
        " 1",
        "1.2.3.4x",
    ] {
        assert_eq!(inet_aton(bad), None, "{bad}");
    }
    // Parts past 32 bits, however many digits, are out of range.
    assert_eq!(inet_aton("4294967296"), None);
    assert_eq!(inet_aton(&"9".repeat(40)), None);
    assert_eq!(inet_aton("0x1.017.9"), Some(Ipv4Addr::new(1, 15, 0, 9)));
}

#[test]
fn string_to_number_is_strtol_on_the_whole_string() {
    use crate::cli::addr::strtol_whole;
    assert_eq!(strtol_whole(" +42"), Some(42));
    assert_eq!(strtol_whole("-9223372036854775808"), Some(i64::MIN));
    assert_eq!(strtol_whole("9223372036854775807"), Some(i64::MAX));
    assert_eq!(strtol_whole("9223372036854775808"), None);
    assert_eq!(strtol_whole(&"9".repeat(60)), None);
    // Leading zeros do not overflow strtol.
    assert_eq!(strtol_whole(&format!("{}7", "0".repeat(60))), Some(7));
    for bad in ["", "-", " ", "1x", "1 ", "0x10"] {
        assert_eq!(strtol_whole(bad), None, "{bad:?}");
    }
}

// ---- daemons -----------------------------------------------------------------

#[test]
fn start_daemon_defaults_and_options() {
    let d = ok("--start-daemon master").daemon.unwrap();
    assert_eq!(
        (d.state, d.mcast_ifn.as_str(), d.syncid),
        (DaemonState::Master, "eth0", 0)
    );
    assert_eq!(
        (d.sync_maxlen, d.mcast_group, d.mcast_port, d.mcast_ttl),
        (None, None, None, None)
    );
    let d = ok(
        "--start-daemon=backup --mcast-interface eth1 --syncid 5 --mcast-group 224.0.0.81 \
                --mcast-port 8848 --mcast-ttl 2 --sync-maxlen 1472",
    )
    .daemon
    .unwrap();
    assert_eq!(
        (d.state, d.mcast_ifn.as_str(), d.syncid),
        (DaemonState::Backup, "eth1", 5)
    );
    assert_eq!(d.mcast_group, Some(v4(224, 0, 0, 81)));
    assert_eq!(
        (d.sync_maxlen, d.mcast_port, d.mcast_ttl),
        (Some(1472), Some(8848), Some(2))
    );
    assert_eq!(
        ok("--start-daemon master --mcast-interface abcdefghijklmnopq")
            .daemon
            .unwrap()
            .mcast_ifn,
        "abcdefghijklmno"
    );
    let stop = ok("--stop-daemon master --syncid 3").daemon.unwrap();
    assert_eq!((stop.mcast_ifn.as_str(), stop.syncid), ("", 3));
}

#[test]
fn daemon_errors() {
    assert_eq!(
        usage("--start-daemon foo"),
        "illegal start-daemon parameter specified"
    );
    assert_eq!(usage("--stop-daemon foo"), "illegal start_daemon specified");
    assert_eq!(
        usage("--start-daemon master --syncid 256"),
        "illegal syncid specified"
    );
    assert_eq!(
        usage("--start-daemon master --mcast-port 0"),
        "illegal mcast-port specified"
    );
    assert_eq!(
        usage("--start-daemon master --mcast-ttl 256"),
        "illegal mcast-ttl specified"
    );
    assert_eq!(
        usage("--start-daemon master --sync-maxlen 65508"),
        "illegal sync-maxlen specified"
    );
    assert_eq!(
        usage("--start-daemon master --mcast-group 1.2.3.4"),
        "invalid IPv4 mcast-group `1.2.3.4'"
    );
    assert_eq!(
        usage("--start-daemon master --mcast-group ::1"),
        "invalid IPv6 mcast-group `::1'"
    );
    assert!(ok("--start-daemon master --mcast-group ff02::1")
        .daemon
        .unwrap()
        .mcast_group
        .unwrap()
        .is_ipv6());
    assert_eq!(
        usage("--stop-daemon master --mcast-interface eth1"),
        "Illegal 'mcast-interface' option with the 'stop-daemon' command"
    );
}
