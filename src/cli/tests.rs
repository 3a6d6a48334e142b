//! Grammar tests: one per rule of shared/ipvsadm-behavior.md §2-§3, each
//! error sentence with its exit code, and the 1.31 quirks by name. A fixed
//! resolver keeps them independent of /etc/services and DNS.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use super::test_view::{flat, Flat};
use super::*;
use crate::error::Error;
use crate::model::{
    proto, svc_flags, tun, DaemonState, Dest, Family, Forward, Service, ServiceKey,
};
use crate::names::Resolver;

struct Fake;

impl Resolver for Fake {
    fn port_by_name(&self, name: &str, proto: &str) -> Option<u16> {
        match (name, proto) {
            ("http", "tcp") => Some(80),
            ("domain", "tcp" | "udp") => Some(53),
            ("sip", "sctp") => Some(5060),
            _ => None,
        }
    }
    fn host_by_name(&self, name: &str) -> Option<Ipv4Addr> {
        match name {
            "web" => Some(Ipv4Addr::new(10, 0, 0, 50)),
            "ip6-localhost" => Some(Ipv4Addr::LOCALHOST),
            "mask" => Some(Ipv4Addr::new(255, 255, 255, 0)),
            _ => None,
        }
    }
    fn port_name(&self, _: u16, _: &str) -> Option<String> {
        None
    }
    fn host_name(&self, _: &IpAddr) -> Option<String> {
        None
    }
}

fn argv(words: &[&str]) -> Vec<String> {
    std::iter::once("ipvsadm")
        .chain(words.iter().copied())
        .map(String::from)
        .collect()
}

/// Parse a line split on spaces (use `pv` for words with spaces).
fn p(line: &str) -> Result<Invocation, Error> {
    let words: Vec<&str> = line.split(' ').filter(|w| !w.is_empty()).collect();
    pv(&words)
}

fn pv(words: &[&str]) -> Result<Invocation, Error> {
    parse(&argv(words), &Fake)
}

fn ok(line: &str) -> Flat {
    flat(p(line).unwrap_or_else(|e| panic!("{line}: {e}")))
}

/// The error's text and exit code.
fn err(line: &str) -> (String, i32) {
    let e = p(line).expect_err(line);
    (e.to_string(), e.exit_code())
}

fn usage(line: &str) -> String {
    let (msg, rc) = err(line);
    assert_eq!(rc, 2, "{line}: {msg}");
    msg
}

fn svc(line: &str) -> Service {
    ok(line).service.expect("service")
}

fn dest(line: &str) -> Dest {
    ok(line).dest.expect("dest")
}

fn v4(a: u8, b: u8, c: u8, d: u8) -> IpAddr {
    IpAddr::V4(Ipv4Addr::new(a, b, c, d))
}

fn key(line: &str) -> ServiceKey {
    svc(line).key
}

const TRY_HELP: &str = "Try `ipvsadm -h' or 'ipvsadm --help' for more information.";

// ---- §2.1 general rules -------------------------------------------------

#[test]
fn no_arguments_lists_everything() {
    let inv = flat(parse(&argv(&[]), &Fake).unwrap());
    assert_eq!(inv.command, Command::List);
    assert_eq!(inv.service, None);
}

#[test]
fn first_option_must_be_a_command() {
    for line in [
        "-n -L",
        "-t 1.2.3.4:80 -A",
        "--syncid 3 --start-daemon master",
        "--bogus",
        "foo",
        "--lis",
        "--list=foo",
        "-Q",
        "--sort -L",
        "-6",
        "--start-daemon",
    ] {
        assert_eq!(err(line), (TRY_HELP.to_string(), 255), "{line}");
    }
}

#[test]
fn try_help_repeats_argv0_as_given() {
    let args: Vec<String> = ["./sbin/ipvsadm", "-n"].map(String::from).to_vec();
    let e = parse(&args, &Fake).unwrap_err();
    assert_eq!(
        e.to_string(),
        "Try `./sbin/ipvsadm -h' or './sbin/ipvsadm --help' for more information."
    );
}

#[test]
fn later_command_is_an_invalid_option_not_multiple_commands() {
    assert_eq!(usage("-L -A"), "invalid option `-A'");
    assert_eq!(usage("-L -h"), "invalid option `-h'");
    assert_eq!(usage("-L --version"), "invalid option `--version'");
    assert_eq!(usage("-L -nA"), "invalid option `-nA'");
    // popt's bad-option word is the last one consumed: the value.
    assert_eq!(usage("-L --start-daemon master"), "invalid option `master'");
}

#[test]
fn help_and_version_return_before_later_options() {
    assert_eq!(ok("-h -Q").command, Command::Help);
    assert_eq!(ok("--help --bogus").command, Command::Help);
    assert_eq!(ok("--version -n").command, Command::Version);
    assert_eq!(ok("-v").command, Command::Version);
    assert_eq!(ok("-hn").command, Command::Help);
}

#[test]
fn short_options_cluster() {
    let inv = ok("-lnc");
    assert_eq!(inv.command, Command::List);
    assert!(inv.list.numeric && inv.list.connection);
    assert!(ok("-Ln").list.numeric);
    assert!(ok("-Sn").list.numeric);
    let want = key("-A -t 1.2.3.4:80");
    assert_eq!(key("-At 1.2.3.4:80"), want);
    assert_eq!(key("-A -t1.2.3.4:80"), want);
    assert_eq!(key("-At1.2.3.4:80"), want);
    // A value-taking letter swallows the rest of the cluster: -s "nq".
    assert_eq!(svc("-A -t 1.2.3.4:80 -snq").sched_name, "nq");
}

#[test]
fn popt_errors_name_the_word_and_exit_255() {
    let cases = [
        ("-Lx", "-Lx: missing argument"),
        ("-L --bogus", "--bogus: unknown option"),
        ("-L -Q", "-Q: unknown option"),
        ("-A -t", "-t: missing argument"),
        ("-A -t 1.2.3.4:80 --pe", "--pe: missing argument"),
        ("--set -1 1 1", "-1: unknown option"),
        ("-L --lis", "--lis: unknown option"),
        (
            "-L --numeric=yes",
            "--numeric=yes: option does not take an argument",
        ),
    ];
    for (line, msg) in cases {
        assert_eq!(err(line), (msg.to_string(), 255), "{line}");
    }
}

#[test]
fn options_act_in_order_so_an_earlier_fail_beats_a_later_popt_error() {
    assert_eq!(
        err("-A -w x --bogus"),
        ("illegal weight specified".into(), 2)
    );
    assert_eq!(
        err("-A --bogus -w x"),
        ("--bogus: unknown option".into(), 255)
    );
}

#[test]
fn long_options_take_equals_or_next_word() {
    assert_eq!(
        key("-A --tcp-service=1.2.3.4:80"),
        key("-A --tcp-service 1.2.3.4:80")
    );
    assert_eq!(svc("-A -t 1.2.3.4:80 --scheduler=rr").sched_name, "rr");
}

#[test]
fn duplicate_options() {
    assert_eq!(usage("-L -n -n"), "multiple 'numeric' options specified");
    assert_eq!(
        usage("-a -t 1.2.3.4:80 -r 5.6.7.8 -m -g"),
        "multiple 'forwarding-method' options specified"
    );
    assert_eq!(
        usage("-A -t 1.2.3.4:80 -f 1"),
        "multiple 'service-address' options specified"
    );
    assert_eq!(
        usage("-A -u 1.2.3.4:80 --sctp-service 1.2.3.4:80"),
        "multiple 'service-address' options specified"
    );
    assert_eq!(
        usage("-A -f 1 -p -p"),
        "multiple 'persistent' options specified"
    );
    // --sort and -6 are not counted.
    assert!(p("-L --sort --sort").is_ok());
    assert!(p("-A -f 1 -6 -6").is_ok());
}

#[test]
fn leftover_words_are_unexpected() {
    assert_eq!(usage("-L -- -n"), "unexpected argument -n");
    assert_eq!(usage("-L foo"), "unexpected argument foo");
    assert_eq!(usage("-R extra"), "unexpected argument extra");
    assert_eq!(usage("-L -"), "unexpected argument -");
    // popt skips positional words when looking for the first option.
    assert_eq!(usage("foo -L"), "unexpected argument foo");
}

#[test]
fn set_takes_three_timeouts() {
    let inv = ok("--set 900 120 300");
    assert_eq!(inv.command, Command::SetTimeout);
    assert_eq!(
        (inv.timeouts.tcp, inv.timeouts.tcp_fin, inv.timeouts.udp),
        (900, 120, 300)
    );
    assert_eq!(ok("--set 0 0 2678400").timeouts.udp, 2678400);
    assert_eq!(usage("--set 1 2"), "--set option requires 3 timeout values");
    assert_eq!(usage("--set"), "--set option requires 3 timeout values");
    assert_eq!(usage("--set 1 x 3"), "invalid timeout value `x' specified");
    assert_eq!(
        usage("--set 1 2 2678401"),
        "invalid timeout value `2678401' specified"
    );
    assert_eq!(usage("--set 1 2 3 4"), "unexpected argument 4");
    assert_eq!(
        usage("--set 1 -n 2 3"),
        "Illegal 'numeric' option with the 'set' command"
    );
}

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
    assert_eq!((s.timeout, s.sched_name.as_str()), (360, "rr"));
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
    assert_eq!(usage("-A -6 -f 1"), "-6 used before -f\n");
    assert_eq!(usage("-A -t 1.2.3.4:80 -6"), "-6 used before -f\n");
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
    assert_eq!(key("-A -f +5").fwmark(), 5);
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
            .fwmark(),
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
    assert_eq!(svc("-A -t 1.2.3.4:80").sched_name, "wlc");
    assert_eq!(svc("-E -t 1.2.3.4:80").sched_name, "wlc");
    assert_eq!(
        svc("-A -t 1.2.3.4:80 -s abcdefghijklmnopq").sched_name,
        "abcdefghijklmno"
    );
    // -D, -d and -e send an empty name.
    assert_eq!(svc("-D -t 1.2.3.4:80").sched_name, "");
    assert_eq!(svc("-d -t 1.2.3.4:80 -r 5.6.7.8").sched_name, "");
}

#[test]
fn edit_service_sends_every_field_with_defaults() {
    let s = svc("-E -t 1.2.3.4:80");
    assert_eq!(
        (s.flags, s.timeout, s.netmask, s.pe_name.as_str()),
        (0, 0, 0xffff_ffff, "")
    );
    let s = svc("-A -u 1.2.3.4:53 -s sh -b sh-port -o --pe sip -p 10");
    assert_eq!(
        s.flags,
        svc_flags::PERSISTENT | svc_flags::ONEPACKET | svc_flags::SCHED2
    );
    assert_eq!(s.pe_name, "sip");
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
        (tun::IPIP, 0, tun::NOCSUM)
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
        svc("-A -t 1.2.3.4:80 --pe abcdefghijklmnopq").pe_name,
        "abcdefghijklmnop"
    );
}

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
        (tun::GUE, 6080, tun::REMCSUM)
    );
    assert_eq!(
        dest(&format!("{base} -i --tun-type gre --tun-csum")).tun_flags,
        tun::CSUM
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
        svc_flags::SCHED2
    );
    assert_eq!(
        svc("-A -t 1.2.3.4:80 -s mh -b mh-fallback,mh-port").flags,
        svc_flags::SCHED1 | svc_flags::SCHED2
    );
    assert_eq!(
        svc("-A -t 1.2.3.4:80 -b flag-1,,flag-3").flags,
        svc_flags::SCHED1 | svc_flags::SCHED3
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
        0
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

// ---- other commands ----------------------------------------------------------

#[test]
fn list_zero_flush_restore_save() {
    assert_eq!(ok("-L").service, None);
    assert_eq!(
        key("-L -t 1.2.3.4:80"),
        ServiceKey::Addr {
            protocol: proto::TCP,
            addr: v4(1, 2, 3, 4),
            port: 80
        }
    );
    assert_eq!(ok("-Z").service, None);
    assert!(ok("-Z -f 3").service.is_some());
    assert_eq!(ok("-C").command, Command::Flush);
    assert_eq!(ok("--clear").command, Command::Flush);
    assert_eq!(ok("-R").command, Command::Restore);
    assert_eq!(ok("--save").command, Command::Save);
    let l = ok("-L --stats --exact --nosort -n").list;
    assert!(l.stats && l.exact && l.nosort && l.numeric);
    assert!(ok("-L --rate").list.rate);
    assert!(ok("-L --thresholds").list.thresholds);
    assert!(ok("-L --timeout").list.timeout);
    assert!(ok("-L --daemon").list.daemon);
}

// ---- our additions -----------------------------------------------------------

#[test]
fn extensions() {
    assert_eq!(ok("--netns blue -L").netns.as_deref(), Some("blue"));
    assert_eq!(
        ok("-A -t 1.2.3.4:80 --netns /run/netns/x").netns.as_deref(),
        Some("/run/netns/x")
    );
    assert_eq!(ok("--netns blue -h").command, Command::Help);
    assert_eq!(
        usage("-L --netns a --netns b"),
        "multiple 'netns' options specified"
    );
    assert_eq!(ok("-L --json").list.format, Format::Json);
    assert_eq!(ok("-L --table").list.format, Format::Table);
    assert_eq!(
        usage("-L --json --json"),
        "multiple 'json' options specified"
    );
    assert_eq!(
        usage("-L --json --table"),
        "The option 'table' conflicts with the 'json' option in the 'list' command"
    );
    assert_eq!(
        usage("-A -t 1.2.3.4:80 --json"),
        "Illegal 'json' option with the 'add-service' command"
    );
    let f = ok("-L -c --filter-vip 1.2.3.4 --filter-rip 5.6.7.8 --filter-state ESTABLISHED")
        .list
        .conn_filter;
    assert_eq!(
        (f.vaddr.as_deref(), f.raddr.as_deref(), f.state.as_deref()),
        (Some("1.2.3.4"), Some("5.6.7.8"), Some("ESTABLISHED"))
    );
    assert_eq!(
        usage("-L --filter-vip 1.2.3.4"),
        "The 'filter-vip' option needs the 'connection' option"
    );
    // The reference's errors come first.
    assert_eq!(
        usage("-L -n -n --json --table"),
        "multiple 'numeric' options specified"
    );
}

// ---- help, version, table ----------------------------------------------------

#[test]
fn help_and_version_texts() {
    assert!(version_text().starts_with("ipvsadm v1.31 "));
    let h = help_text("./x");
    assert!(h.matches("./x ").count() >= 13);
    assert!(h.contains("rr|wrr|lc|wlc|lblc|lblcr|dh|sh|sed|nq|fo|ovf|mh"));
    assert!(h.contains("sip") && h.contains("default wlc") && h.contains("ipip"));
    for s in OPTIONS {
        if let Some(long) = s.long {
            assert!(
                h.contains(&format!("--{long}")),
                "--{long} missing from help"
            );
        }
        if let Some(c) = s.short {
            assert!(h.contains(&format!("-{c}")), "-{c} missing from help");
        }
    }
}

#[test]
fn clap_command_is_consistent() {
    clap_command().debug_assert();
}
