//! Grammar tests: §2.4 and §2.5: the legality matrix, the post-matrix checks, scheduler flags.

use super::*;

// ---- §2.4 matrix and post-matrix checks ----------------------------------

#[test]
fn matrix_sentences_through_the_parser() {
    assert_eq!(
        usage("-A"),
        "You need to supply the 'service-address' option for the 'add-service' command"
    );
    assert_eq!(
        usage("-A -t 1.2.3.4:80 -n"),
        "Illegal 'numeric' option with the 'add-service' command"
    );
    assert_eq!(
        usage("-a -t 1.2.3.4:80"),
        "You need to supply the 'real-server' option for the 'add-server' command"
    );
    assert_eq!(
        usage("-C -n"),
        "Illegal 'numeric' option with the 'flush' command"
    );
    assert_eq!(
        usage("--set 1 2 3 -t 1.2.3.4:80"),
        "Illegal 'service-address' option with the 'set' command"
    );
    assert_eq!(
        usage("-L -t 1.2.3.4:80 -c"),
        "The option 'service-address' conflicts with the 'connection' option in the 'list' command"
    );
    assert_eq!(
        usage("-L --daemon --timeout"),
        "The option 'daemon' conflicts with the 'timeout' option in the 'list' command"
    );
    assert_eq!(
        usage("-L -c --stats"),
        "options conflicts in the list command"
    );
    assert_eq!(
        usage("-L --timeout --persistent-conn"),
        "options conflicts in the list command"
    );
    assert!(ok("-L -c --persistent-conn").list.persistent_conn);
    assert_eq!(
        usage("-d -t 1.2.3.4:80 -r 5.6.7.8 -w 3"),
        "Illegal 'weight' option with the 'delete-server' command"
    );
    assert_eq!(
        usage("-S -c"),
        "Illegal 'connection' option with the 'save' command"
    );
    assert!(ok("-S -n").list.numeric);
}

#[test]
fn zero_port_needs_persistence_or_fwmark() {
    assert_eq!(
        usage("-A -t 1.2.3.4"),
        "Zero port specified for non-persistent service"
    );
    assert_eq!(
        usage("-E -t 1.2.3.4:0"),
        "Zero port specified for non-persistent service"
    );
    assert!(p("-A -t 1.2.3.4 -p").is_ok());
    assert!(p("-A -f 7").is_ok());
    assert!(p("-D -t 1.2.3.4").is_ok());
}

#[test]
fn one_packet_only_for_udp() {
    assert_eq!(
        usage("-A -t 1.2.3.4:80 -o"),
        "One-Packet Scheduling is only for UDP virtual services"
    );
    assert_eq!(
        usage("-A --sctp-service 1.2.3.4:80 -o"),
        "One-Packet Scheduling is only for UDP virtual services"
    );
    assert!(p("-A -u 1.2.3.4:53 -o").is_ok());
    assert!(p("-A -f 1 -o").is_ok());
}

#[test]
fn r_before_t_gives_port_zero() {
    assert_eq!(dest("-a -r 5.6.7.8 -t 1.2.3.4:80 -m").port, 0);
    assert_eq!(dest("-a -t 1.2.3.4:80 -r 5.6.7.8 -m").port, 80);
    assert_eq!(dest("-a -t 1.2.3.4:80 -r 5.6.7.8:8080 -m").port, 8080);
}

#[test]
fn r_before_t_cannot_use_port_names() {
    assert_eq!(
        usage("-a -r 5.6.7.8:http -t 1.2.3.4:80 -m"),
        "illegal real server address[:port] specified"
    );
    assert_eq!(dest("-a -t 1.2.3.4:80 -r 5.6.7.8:http -m").port, 80);
    // -f sets TCP internally, so names resolve as tcp after it.
    assert_eq!(dest("-a -f 1 -r 5.6.7.8:http -m").port, 80);
}

#[test]
fn dr_and_tunnel_force_the_service_port() {
    assert_eq!(dest("-a -t 1.2.3.4:80 -r 5.6.7.8:8080").port, 80);
    assert_eq!(dest("-a -t 1.2.3.4:80 -r 5.6.7.8:8080 -i").port, 80);
    assert_eq!(dest("-e -r 5.6.7.8:8080 -t 1.2.3.4:80").port, 80);
    // Not for fwmark services.
    assert_eq!(dest("-a -f 1 -r 5.6.7.8:8080").port, 8080);
    assert_eq!(dest("-a -f 1 -r 5.6.7.8").port, 0);
}

#[test]
fn d_without_port_targets_the_service_port() {
    let d = dest("-d -t 1.2.3.4:80 -r 5.6.7.8");
    assert_eq!(
        (d.addr, d.port, d.fwd),
        (v4(5, 6, 7, 8), 80, Forward::Route)
    );
    // -d is not in the forcing step: a given port stays.
    assert_eq!(dest("-d -t 1.2.3.4:80 -r 5.6.7.8:8080").port, 8080);
}

#[test]
fn different_family_only_for_tunnels() {
    assert_eq!(
        usage("-a -t 1.2.3.4:80 -r [2001:db8::1]:80 -m"),
        "Different address family is allowed only for tunneling servers"
    );
    let d = dest("-a -t 1.2.3.4:80 -r [2001:db8::1]:80 -i");
    assert_eq!(d.family(), Family::Inet6);
    assert_eq!(
        usage("-a -f 1 -6 -r 5.6.7.8"),
        "Different address family is allowed only for tunneling servers"
    );
}

#[test]
fn tunnel_options() {
    let base = "-a -t 1.2.3.4:80 -r 5.6.7.8";
    assert_eq!(
        usage(&format!("{base} --tun-type gue")),
        "Tunnel options conflict with forward method"
    );
    assert_eq!(
        usage(&format!("{base} -m --tun-csum")),
        "Tunnel options conflict with forward method"
    );
    assert_eq!(
        usage(&format!("{base} -i --tun-type gue")),
        "You need to supply the 'tun-port' option for the 'gue' tunnel type"
    );
    assert_eq!(
        usage(&format!("{base} -i --tun-type gre --tun-remcsum")),
        "Illegal 'tun-remcsum' option with the 'gre' tunnel type"
    );
    assert_eq!(
        usage(&format!(
            "{base} -i --tun-type gue --tun-port 6080 --tun-csum --tun-remcsum"
        )),
        "The option 'tun-remcsum' conflicts with the 'tun-csum' option in the 'gue' tunnel type"
    );
    assert_eq!(
        usage(&format!("{base} -i --tun-port 6080")),
        "Illegal 'tun-port' option with the 'ipip' tunnel type"
    );
    let d = dest(&format!(
        "{base} -i --tun-type gue --tun-port 6080 --tun-remcsum"
    ));
    assert_eq!(
        (d.tun_type, d.tun_port, d.tun_flags),
        (TunnelType::Gue, 6080, TunnelFlags::REMCSUM)
    );
    assert_eq!(
        dest(&format!("{base} -i --tun-type gre --tun-csum")).tun_flags,
        TunnelFlags::CSUM
    );
    assert_eq!(
        usage(&format!("{base} -i --tun-type vxlan")),
        "illegal tunnel type specified"
    );
    assert_eq!(
        usage(&format!("{base} -i --tun-type gue --tun-port 0")),
        "illegal tunnel port specified"
    );
    assert_eq!(
        usage("-L --tun-type gue"),
        "Illegal 'tun-type' option with the 'list' command"
    );
    assert!(ok("-L --tun-info").list.tun_info);
}

// ---- §2.5 scheduler flags -------------------------------------------------

#[test]
fn sched_flags_are_parsed_after_all_options() {
    assert_eq!(
        svc("-A -t 1.2.3.4:80 -b sh-port -s sh").flags,
        ServiceFlags::SCHED2
    );
    assert_eq!(
        svc("-A -t 1.2.3.4:80 -s mh -b mh-fallback,mh-port").flags,
        ServiceFlags::SCHED1 | ServiceFlags::SCHED2
    );
    assert_eq!(
        svc("-A -t 1.2.3.4:80 -b flag-1,,flag-3").flags,
        ServiceFlags::SCHED1 | ServiceFlags::SCHED3
    );
    assert_eq!(
        usage("-A -t 1.2.3.4:80 -b sh-port"),
        "incompatible scheduler flag `sh-port'"
    );
    assert_eq!(
        usage("-A -t 1.2.3.4:80 -s sh -b mh-port"),
        "incompatible scheduler flag `mh-port'"
    );
    assert_eq!(
        usage("-A -t 1.2.3.4:80 -b bogus"),
        "invalid scheduler flag `bogus'"
    );
    assert_eq!(
        pv(&["-A", "-t", "1.2.3.4:80", "-b", ""])
            .map(flat)
            .unwrap()
            .service
            .unwrap()
            .flags,
        ServiceFlags::empty()
    );
}

#[test]
fn b_comma_is_clean_error_not_segfault() {
    // ipvsadm 1.31 dereferences strtok's NULL here and dies with SIGSEGV
    // (rc 139); we report it like any bad flag.
    assert_eq!(
        err("-A -t 1.2.3.4:80 -b ,"),
        ("invalid scheduler flag `,'".into(), 2)
    );
    assert_eq!(
        err("-A -t 1.2.3.4:80 -b ,,"),
        ("invalid scheduler flag `,,'".into(), 2)
    );
}
