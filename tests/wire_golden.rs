//! Golden wire tests: the bytes the reference ipvsadm 1.31 sent and
//! received on a real 6.1 kernel, against our typed messages. For each
//! capture: raw bytes -> typed value (parse == value) and typed value ->
//! raw bytes (emit == bytes).
//!
//! How the bytes were captured: `tests/vm/vm exec tests/wire/capture.sh`
//! runs the reference under strace with hex dumps of every datagram in the
//! VM, and `tests/wire/extract.py` keeps one line per datagram
//! (`tests/wire/reference.txt`: command | send/recv | hex). The IPVS family
//! id in that boot was 0x20. Sequence numbers and port ids are the
//! reference's own; the comparison leaves out the port id (the kernel fills
//! it in for us).

use ipvsadm::ipvs::Request;
use ipvsadm::model::{
    Dest, Family, Forward, Scheduler, Service, ServiceFlags, ServiceKey, Stats, TunnelFlags,
    TunnelType,
};
use ipvsadm::names::NoResolver;
use ipvsadm::netlink::client::request_message;
use ipvsadm::netlink::message::{decode, encode, FamilyId, Frame, IpvsAttr, IpvsMessage};
use ipvsadm::netlink::{dest, service};
use std::net::IpAddr;

const REFERENCE: &str = include_str!("wire/reference.txt");

fn family() -> FamilyId {
    FamilyId::new(0x20).unwrap()
}

/// The first captured IPVS datagram of `cmdline` in direction `dir` whose
/// first message carries genl command `genl_cmd`.
fn captured(cmdline: &str, dir: &str, genl_cmd: u8) -> Vec<u8> {
    for line in REFERENCE.lines() {
        let mut parts = line.split(" | ");
        let (c, d, hex) = (
            parts.next().unwrap(),
            parts.next().unwrap(),
            parts.next().unwrap(),
        );
        if c != cmdline || d != dir {
            continue;
        }
        let bytes: Vec<u8> = (0..hex.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
            .collect();
        if bytes.len() > 16
            && u16::from_ne_bytes([bytes[4], bytes[5]]) == 0x20
            && bytes[16] == genl_cmd
        {
            return bytes;
        }
    }
    panic!("no capture for {cmdline:?} {dir} cmd {genl_cmd}");
}

/// The one IPVS message of a request datagram.
fn parse_one(bytes: &[u8]) -> IpvsMessage {
    let frames = decode(bytes, Some(family())).unwrap();
    assert_eq!(frames.len(), 1);
    match &frames[0].0 {
        Frame::Data { msg, .. } => msg.clone(),
        other => panic!("not data: {other:?}"),
    }
}

/// Emits `msg` with the captured header's sequence number and flags, and
/// compares everything but the port id (bytes 12..16).
fn assert_emits(msg: &IpvsMessage, captured: &[u8]) {
    let seq = u32::from_ne_bytes(captured[8..12].try_into().unwrap());
    let flags = u16::from_ne_bytes(captured[6..8].try_into().unwrap());
    let ours = encode(msg.clone(), family(), seq, flags);
    assert_eq!(ours.len(), captured.len(), "length");
    assert_eq!(&ours[..12], &captured[..12], "netlink header");
    assert_eq!(
        hex(&ours[16..]),
        hex(&captured[16..]),
        "genl header and attributes"
    );
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// Our parser's request for an ipvsadm command line.
fn request_for(cmdline: &str) -> Request {
    let mut args = vec!["ipvsadm".to_string()];
    args.extend(cmdline.split(' ').map(str::to_string));
    match ipvsadm::cli::parse(&args, &NoResolver).unwrap().action {
        ipvsadm::cli::Action::Change(req) => req,
        other => panic!("not a change: {other:?}"),
    }
}

fn v4(a: &str) -> IpAddr {
    a.parse().unwrap()
}

#[test]
fn tcp_v4_service_add() {
    let cmdline = "-A -t 10.0.0.1:80 -s rr";
    let bytes = captured(cmdline, "send", 1);
    let svc = Service::new(ServiceKey::tcp(v4("10.0.0.1"), 80), Scheduler::Rr);
    let value = request_message(&Request::AddService(svc.clone()));
    assert_eq!(parse_one(&bytes), value, "parse == value");
    assert_emits(&value, &bytes);
    assert_eq!(
        request_for(cmdline),
        Request::AddService(svc),
        "the command line gives the same request"
    );
}

#[test]
fn persistent_v6_fwmark_service_with_netmask() {
    let cmdline = "-A -f 5 -6 -s sh -p 600 -M 64";
    let bytes = captured(cmdline, "send", 1);
    let mut svc = Service::new(ServiceKey::fwmark(5, Family::Inet6), Scheduler::Sh);
    svc.flags = ServiceFlags::PERSISTENT;
    svc.timeout = 600;
    svc.netmask = 64;
    let value = request_message(&Request::AddService(svc.clone()));
    assert_eq!(parse_one(&bytes), value);
    assert_emits(&value, &bytes);
    assert_eq!(request_for(cmdline), Request::AddService(svc));
}

#[test]
fn gue_tunnel_dest_add() {
    let cmdline =
        "-a -t 10.0.0.1:80 -r 192.168.1.2 -i --tun-type gue --tun-port 6080 --tun-csum -w 3";
    let bytes = captured(cmdline, "send", 5);
    // -a sends the service with an empty scheduler name.
    let svc = Service::new(
        ServiceKey::tcp(v4("10.0.0.1"), 80),
        Scheduler::from_name(""),
    );
    let mut d = Dest::new(v4("192.168.1.2"), 80); // tunnelling forces the service port
    d.fwd = Forward::Tunnel;
    d.weight = 3;
    d.tun_type = TunnelType::Gue;
    d.tun_port = 6080;
    d.tun_flags = TunnelFlags::CSUM;
    let value = request_message(&Request::AddDest(svc.clone(), d.clone()));
    assert_eq!(parse_one(&bytes), value);
    assert_emits(&value, &bytes);
    assert_eq!(request_for(cmdline), Request::AddDest(svc, d));
}

#[test]
fn get_info_request_and_reply() {
    let req = captured("-A -t 10.0.0.1:80 -s rr", "send", 15);
    assert_emits(&IpvsMessage::new(15, vec![]), &req);
    let reply = captured("-A -t 10.0.0.1:80 -s rr", "recv", 14);
    let msg = parse_one(&reply);
    let want = IpvsMessage::new(
        14,
        vec![
            IpvsAttr::InfoVersion(0x010201),
            IpvsAttr::InfoConnTabSize(4096),
        ],
    );
    assert_eq!(msg, want);
    assert_emits(&want, &reply);
}

#[test]
fn service_dump_reply_with_stats64() {
    let bytes = captured("-L -n", "recv", 1);
    let frames = decode(&bytes, Some(family())).unwrap();
    let mut services = Vec::new();
    let mut off = 0;
    for (frame, _) in &frames {
        let Frame::Data { msg, .. } = frame else {
            panic!("{frame:?}")
        };
        assert!(!msg.flag_nests, "the kernel's nests carry no NLA_F_NESTED");
        // Re-emitting each message gives its bytes back.
        let len = u32::from_ne_bytes(bytes[off..off + 4].try_into().unwrap()) as usize;
        assert_emits(msg, &bytes[off..off + len]);
        off += (len + 3) & !3;
        for a in &msg.attrs {
            if let IpvsAttr::Service(attrs) = a {
                services.push(service::from_attrs(attrs).unwrap());
            }
        }
    }
    assert_eq!(services.len(), 2);
    let tcp = services
        .iter()
        .find(|s| matches!(s.key, ServiceKey::Addr { .. }))
        .unwrap();
    assert_eq!(
        tcp.key,
        ServiceKey::Addr {
            protocol: 6,
            addr: v4("10.0.0.1"),
            port: 80
        }
    );
    assert_eq!(
        (&tcp.scheduler, tcp.flags, tcp.netmask),
        (&Scheduler::Rr, ServiceFlags::HASHED, 0xffff_ffff),
        "flags & mask: HASHED"
    );
    // Three wgets: 3 connections, one of which went to the unreachable
    // tunnel dest. Values as the kernel reported them in that boot.
    let s: &Stats = &tcp.stats;
    assert_eq!(
        [s.conns, s.inpkts, s.outpkts, s.inbytes, s.outbytes],
        [3, 14, 14, 902, 1242]
    );
    assert_eq!(
        [s.cps, s.inpps, s.outpps, s.inbps, s.outbps],
        [0, 1, 1, 77, 105]
    );
    let fwm = services
        .iter()
        .find(|s| matches!(s.key, ServiceKey::Fwmark { .. }))
        .unwrap();
    assert_eq!(
        fwm.key,
        ServiceKey::Fwmark {
            mark: 5,
            af: Family::Inet6
        }
    );
    assert_eq!((fwm.timeout, fwm.netmask), (600, 64));
}

#[test]
fn dest_dump_reply() {
    let bytes = captured("-L -n", "recv", 5);
    let frames = decode(&bytes, Some(family())).unwrap();
    let mut dests = Vec::new();
    for (frame, _) in &frames {
        let Frame::Data { msg, .. } = frame else {
            panic!("{frame:?}")
        };
        for a in &msg.attrs {
            if let IpvsAttr::Dest(attrs) = a {
                dests.push(dest::from_attrs(attrs, Family::Inet).unwrap());
            }
        }
    }
    // Newest first, as the kernel lists them.
    assert_eq!(dests.len(), 2);
    let nat = &dests[0];
    assert_eq!(
        (nat.addr, nat.port, nat.fwd, nat.weight, nat.inact_conns),
        (v4("127.0.0.1"), 8080, Forward::Masq, 2, 2)
    );
    assert_eq!(
        (nat.stats.conns, nat.stats.inbytes, nat.stats.outbytes),
        (2, 782, 1066)
    );
    let gue = &dests[1];
    assert_eq!(
        (gue.fwd, gue.tun_type, gue.tun_port, gue.tun_flags),
        (Forward::Tunnel, TunnelType::Gue, 6080, TunnelFlags::CSUM)
    );
    assert_eq!(gue.active_conns, 1);
}

#[test]
fn get_dest_dump_request_carries_only_the_service_key() {
    let bytes = captured("-L -n", "send", 8);
    let msg = parse_one(&bytes);
    let svc = Service::new(ServiceKey::tcp(v4("10.0.0.1"), 80), Scheduler::Wlc);
    let want = IpvsMessage::new(
        8,
        vec![IpvsAttr::Service(service::to_attrs(
            &svc,
            service::SvcScope::Key,
        ))],
    );
    assert_eq!(msg, want);
    assert_emits(&want, &bytes);
}

#[test]
fn daemon_start_stop_and_timeouts() {
    for (cmdline, genl_cmd) in [
        ("--start-daemon master --mcast-interface lo --syncid 7", 9),
        ("--stop-daemon master", 10),
        ("--set 100 20 30", 12),
    ] {
        let bytes = captured(cmdline, "send", genl_cmd);
        let value = request_message(&request_for(cmdline));
        assert_eq!(parse_one(&bytes), value, "{cmdline}");
        assert_emits(&value, &bytes);
    }
}
