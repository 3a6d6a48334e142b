//! Grammar tests: §2.2: options, their values and order.

use super::*;

// ---- §2.2 options --------------------------------------------------------

#[test]
fn p_without_value_means_360() {
    let s = svc("-A -t 1.2.3.4:80 -p");
    assert_eq!(s.timeout, 360);
    assert!(s.is_persistent());
}

#[test]
fn p_takes_the_next_word_unless_it_starts_with_a_dash() {
    assert_eq!(svc("-A -t 1.2.3.4:80 -s rr -p 300").timeout, 300);
    let s = svc("-A -t 1.2.3.4:80 -p -s rr");
    assert_eq!((s.timeout, s.scheduler.as_str()), (360, "rr"));
    assert_eq!(svc("-A -t 1.2.3.4:80 -p300").timeout, 300);
    assert_eq!(svc("-A -t 1.2.3.4:80 --persistent=5").timeout, 5);
    assert_eq!(
        usage("-A -t 1.2.3.4:80 -p 0"),
        "invalid timeout value `0' specified"
    );
    assert_eq!(
        usage("-A -t 1.2.3.4:80 -p 2678401"),
        "invalid timeout value `2678401' specified"
    );
    assert_eq!(
        usage("-A -t 1.2.3.4:80 -p foo"),
        "invalid timeout value `foo' specified"
    );
}

#[test]
fn m_24_is_dotted_0_0_0_24() {
    assert_eq!(svc("-A -t 1.2.3.4:80 -p -M 24").netmask, 24);
    assert_eq!(
        svc("-A -t 1.2.3.4:80 -p -M 255.255.255.0").netmask,
        0xffff_ff00
    );
    assert_eq!(svc("-A -t 1.2.3.4:80 -p -M mask").netmask, 0xffff_ff00);
    assert_eq!(svc("-A -t 1.2.3.4:80").netmask, 0xffff_ffff);
    assert_eq!(
        usage("-A -t 1.2.3.4:80 -M nope"),
        "illegal virtual server persistent mask specified"
    );
}

#[test]
fn m_before_an_ipv6_service_is_read_as_ipv4_then_reset_to_128() {
    assert_eq!(svc("-A -p -M 64 -t [2001:db8::1]:80").netmask, 128);
    assert_eq!(svc("-A -t [2001:db8::1]:80 -p -M 64").netmask, 64);
    assert_eq!(svc("-A -t [2001:db8::1]:80").netmask, 128);
    assert_eq!(
        usage("-A -t [2001:db8::1]:80 -M 129"),
        "illegal ipv6 netmask specified"
    );
    assert_eq!(
        usage("-A -t [2001:db8::1]:80 -M 0"),
        "illegal ipv6 netmask specified"
    );
    // atoi: leading digits only.
    assert_eq!(
        usage("-A -t [2001:db8::1]:80 -M 255.255.255.0"),
        "illegal ipv6 netmask specified"
    );
    assert_eq!(svc("-A -t [2001:db8::1]:80 -M 64abc").netmask, 64);
    assert_eq!(svc("-A -f 1 -6 -M 48").netmask, 48);
}

#[test]
fn six_only_after_f() {
    // trixie's wording (1:1.31-5); bookworm's 1:1.31-1 said "-6 used
    // before -f", which read as if both were given in the wrong order.
    assert_eq!(usage("-A -6 -f 1"), "-6 must follow -f\n");
    assert_eq!(usage("-A -t 1.2.3.4:80 -6"), "-6 must follow -f\n");
    let s = svc("-A -f 1 -6");
    assert_eq!(
        s.key,
        ServiceKey::Fwmark {
            mark: 1,
            af: Family::Inet6
        }
    );
    assert_eq!(s.netmask, 128);
}

#[test]
fn fwmark_range_and_strtol_rules() {
    assert_eq!(
        key("-A -f 1"),
        ServiceKey::Fwmark {
            mark: 1,
            af: Family::Inet
        }
    );
    assert_eq!(
        key("-A -f 4294967295"),
        ServiceKey::Fwmark {
            mark: u32::MAX,
            af: Family::Inet
        }
    );
    assert_eq!(key("-A -f +5").mark(), 5);
    for bad in ["0", "4294967296", "0x10", "-1", "5x"] {
        assert_eq!(
            usage(&format!("-A -f {bad}")),
            format!("invalid fwmark value `{bad}' specified")
        );
    }
    assert_eq!(
        pv(&["-A", "-f", " 7"])
            .map(flat)
            .unwrap()
            .service
            .unwrap()
            .key
            .mark(),
        7
    );
    assert_eq!(
        pv(&["-A", "-f", ""]).unwrap_err().to_string(),
        "invalid fwmark value `' specified"
    );
}

#[test]
fn weight_and_thresholds_go_to_int_max() {
    assert_eq!(
        dest("-a -t 1.2.3.4:80 -r 5.6.7.8 -w 2147483647").weight,
        2147483647
    );
    assert_eq!(dest("-a -t 1.2.3.4:80 -r 5.6.7.8 -w 0").weight, 0);
    assert_eq!(
        usage("-a -t 1.2.3.4:80 -r 5.6.7.8 -w 2147483648"),
        "illegal weight specified"
    );
    assert_eq!(
        usage("-a -t 1.2.3.4:80 -r 5.6.7.8 -w 0x10"),
        "illegal weight specified"
    );
    assert_eq!(
        usage("-a -t 1.2.3.4:80 -r 5.6.7.8 -w -1"),
        "illegal weight specified"
    );
    assert_eq!(
        usage("-a -t 1.2.3.4:80 -r 5.6.7.8 -x a"),
        "illegal u_threshold specified"
    );
    assert_eq!(
        usage("-a -t 1.2.3.4:80 -r 5.6.7.8 -y a"),
        "illegal l_threshold specified"
    );
    let d = pv(&[
        "-a",
        "-t",
        "1.2.3.4:80",
        "-r",
        "5.6.7.8",
        "-w",
        " +5",
        "-x",
        "7",
        "-y",
        "3",
    ])
    .map(flat)
    .unwrap()
    .dest
    .unwrap();
    assert_eq!((d.weight, d.u_threshold, d.l_threshold), (5, 7, 3));
}

#[test]
fn scheduler_keeps_15_bytes_and_defaults_to_wlc_for_add_and_edit() {
    assert_eq!(svc("-A -t 1.2.3.4:80").scheduler.as_str(), "wlc");
    assert_eq!(svc("-E -t 1.2.3.4:80").scheduler.as_str(), "wlc");
    assert_eq!(
        svc("-A -t 1.2.3.4:80 -s abcdefghijklmnopq")
            .scheduler
            .as_str(),
        "abcdefghijklmno"
    );
    // -D, -d and -e send an empty name.
    assert_eq!(svc("-D -t 1.2.3.4:80").scheduler.as_str(), "");
    assert_eq!(svc("-d -t 1.2.3.4:80 -r 5.6.7.8").scheduler.as_str(), "");
}

#[test]
fn edit_service_sends_every_field_with_defaults() {
    let s = svc("-E -t 1.2.3.4:80");
    assert_eq!(
        (s.flags, s.timeout, s.netmask, s.pe_name),
        (ServiceFlags::empty(), 0, 0xffff_ffff, None)
    );
    let s = svc("-A -u 1.2.3.4:53 -s sh -b sh-port -o --pe sip -p 10");
    assert_eq!(
        s.flags,
        ServiceFlags::PERSISTENT | ServiceFlags::ONEPACKET | ServiceFlags::SCHED2
    );
    assert_eq!(s.pe_name.as_deref(), Some("sip"));
}

#[test]
fn dest_defaults() {
    let d = dest("-e -t 1.2.3.4:80 -r 5.6.7.8");
    assert_eq!(
        (d.weight, d.fwd, d.u_threshold, d.l_threshold),
        (1, Forward::Route, 0, 0)
    );
    assert_eq!(
        (d.tun_type, d.tun_port, d.tun_flags),
        (TunnelType::Ipip, 0, TunnelFlags::NOCSUM)
    );
    assert_eq!(dest("-a -t 1.2.3.4:80 -r 5.6.7.8 -i").fwd, Forward::Tunnel);
    assert_eq!(dest("-a -t 1.2.3.4:80 -r 5.6.7.8 -m").fwd, Forward::Masq);
    assert_eq!(
        dest("-a -t 1.2.3.4:80 -r 5.6.7.8 --gatewaying").fwd,
        Forward::Route
    );
}

#[test]
fn pe_keeps_16_bytes() {
    assert_eq!(
        svc("-A -t 1.2.3.4:80 --pe abcdefghijklmnopq")
            .pe_name
            .as_deref(),
        Some("abcdefghijklmnop")
    );
}
