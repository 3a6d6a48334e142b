//! Printer goldens. The expected texts in `golden/` are the reference's own
//! output, captured with `tests/vm/vm exec` (Debian bookworm ipvsadm
//! 1:1.31-1+b1 on the Debian 6.1 kernel): each table below was built with
//! the reference (`ipvsadm -A ...`, `-a ...`, listed in the comment), then
//! `ipvsadm -L ...` was run and its stdout saved byte for byte. The
//! fixtures rebuild the same tables as the kernel dumps them (dests newest
//! first), and a fake resolver holds the guest's /etc/hosts and
//! /etc/services entries that the listings used.

use std::net::IpAddr;

use super::addr::tests::FakeNames;
use super::daemons::{write_daemons, write_timeouts};
use super::text::write_list;
use crate::cli::ListOptions;
use crate::model::{
    proto, Daemon, DaemonState, Dest, Family, Forward, Info, Scheduler, Service, ServiceEntry,
    ServiceFlags, ServiceKey, Stats, Timeouts, TunnelFlags, TunnelType,
};
use crate::names::{NoResolver, Resolver};

pub(crate) const INFO: Info = Info::new(0x010201, 4096);

pub(crate) fn svc(protocol: u16, addr: &str, port: u16, sched: &str) -> Service {
    let addr: IpAddr = addr.parse().unwrap();
    let key = ServiceKey::Addr {
        protocol,
        addr,
        port,
    };
    Service::new(key, Scheduler::from_name(sched))
}

pub(crate) fn fwm(mark: u32, af: Family, sched: &str) -> Service {
    Service::new(ServiceKey::fwmark(mark, af), Scheduler::from_name(sched))
}

pub(crate) fn persistent(mut s: Service, timeout: u32, netmask: Option<u32>, pe: &str) -> Service {
    s.flags |= ServiceFlags::PERSISTENT;
    s.timeout = timeout;
    if let Some(m) = netmask {
        s.netmask = m;
    }
    s.pe_name = Some(pe.to_string()).filter(|pe| !pe.is_empty());
    s
}

pub(crate) fn flags(mut s: Service, f: ServiceFlags) -> Service {
    s.flags |= f;
    s
}

pub(crate) fn dest(addr: &str, port: u16, fwd: Forward, weight: u32) -> Dest {
    let mut d = Dest::new(addr.parse::<IpAddr>().unwrap(), port);
    d.fwd = fwd;
    d.weight = weight;
    d
}

pub(crate) fn tunnel(
    addr: &str,
    port: u16,
    tun_type: TunnelType,
    tun_port: u16,
    tun_flags: TunnelFlags,
) -> Dest {
    let mut d = dest(addr, port, Forward::Tunnel, 1);
    d.tun_type = tun_type;
    d.tun_port = tun_port;
    d.tun_flags = tun_flags;
    d
}

pub(crate) fn entry(service: Service, dests: Vec<Dest>) -> ServiceEntry {
    ServiceEntry { service, dests }
}

/// Table 1, built in the VM with:
/// ```text
/// -A -t 10.0.0.1:80 -s rr
/// -a -t 10.0.0.1:80 -r 192.168.0.2:80 -m -w 1
/// -a -t 10.0.0.1:80 -r 192.168.0.1:8080 -m -w 2 -x 100 -y 50
/// -a -t 10.0.0.1:80 -r 192.168.0.3 -g -w 0
/// -A -u 10.0.0.1:53 -s sh -b sh-fallback,sh-port -p 600 -M 255.255.255.0
/// -a -u 10.0.0.1:53 -r 192.168.0.5:53 -i -w 65536
/// -A -t 127.0.0.1:443 -s wlc -p --pe sip
/// -a -t 127.0.0.1:443 -r 127.0.0.1:443 -g -w 1
/// -A -u 10.0.0.2:5060 -s rr -o -p 30 --pe sip
/// -A -t [2001:db8::1]:80 -s mh -b mh-port -p 60 -M 64
/// -a -t [2001:db8::1]:80 -r [2001:db8::10]:8080 -m -w 3
/// -a -t [2001:db8::1]:80 -r [2001:db8:0:0:1::ffff]:80 -g -w 1
/// -A -f 5 -s wrr
/// -a -f 5 -r 192.168.0.7:80 -m -w 5
/// -a -f 5 -r 192.168.0.8 -i -w 1 --tun-type gue --tun-port 6080 --tun-csum
/// -a -f 5 -r 192.168.0.9 -i -w 1 --tun-type gre --tun-nocsum
/// -a -f 5 -r 192.168.0.6 -i -w 1 --tun-type gue --tun-port 5555 --tun-remcsum
/// -A -f 6 -6 -s sh -b flag-3
/// -a -f 6 -6 -r [::1]:80 -m -w 1
/// -A -t 10.0.0.3:80 -s rr -b flag-1,flag-2,flag-3
/// -A --sctp-service 10.0.0.4:80 -s lc
/// -a --sctp-service 10.0.0.4:80 -r 192.168.0.20:80 -m -w 1
/// ```
/// The service order given here is arbitrary (no comparator cycles in this
/// table, so the sorted output does not depend on it).
pub(crate) fn table1() -> Vec<ServiceEntry> {
    use Forward::*;
    let mut t80 = dest("192.168.0.1", 8080, Masq, 2);
    t80.u_threshold = 100;
    t80.l_threshold = 50;
    vec![
        entry(
            fwm(5, Family::Inet, "wrr"),
            vec![
                tunnel(
                    "192.168.0.6",
                    0,
                    TunnelType::Gue,
                    5555,
                    TunnelFlags::REMCSUM,
                ),
                tunnel("192.168.0.9", 0, TunnelType::Gre, 0, TunnelFlags::NOCSUM),
                tunnel("192.168.0.8", 0, TunnelType::Gue, 6080, TunnelFlags::CSUM),
                dest("192.168.0.7", 80, Masq, 5),
            ],
        ),
        entry(
            flags(
                persistent(svc(proto::UDP, "10.0.0.2", 5060, "rr"), 30, None, "sip"),
                ServiceFlags::ONEPACKET,
            ),
            vec![],
        ),
        entry(
            svc(proto::TCP, "10.0.0.1", 80, "rr"),
            vec![
                dest("192.168.0.3", 80, Route, 0),
                t80,
                dest("192.168.0.2", 80, Masq, 1),
            ],
        ),
        entry(
            flags(
                persistent(svc(proto::TCP, "2001:db8::1", 80, "mh"), 60, Some(64), ""),
                ServiceFlags::SCHED2,
            ),
            vec![
                dest("2001:db8:0:0:1::ffff", 80, Route, 1),
                dest("2001:db8::10", 8080, Masq, 3),
            ],
        ),
        entry(
            flags(fwm(6, Family::Inet6, "sh"), ServiceFlags::SCHED3),
            vec![dest("::1", 80, Masq, 1)],
        ),
        entry(
            persistent(svc(proto::TCP, "127.0.0.1", 443, "wlc"), 360, None, "sip"),
            vec![dest("127.0.0.1", 443, Route, 1)],
        ),
        entry(
            svc(proto::SCTP, "10.0.0.4", 80, "lc"),
            vec![dest("192.168.0.20", 80, Masq, 1)],
        ),
        entry(
            flags(
                svc(proto::TCP, "10.0.0.3", 80, "rr"),
                ServiceFlags::SCHED1 | ServiceFlags::SCHED2 | ServiceFlags::SCHED3,
            ),
            vec![],
        ),
        entry(
            flags(
                persistent(
                    svc(proto::UDP, "10.0.0.1", 53, "sh"),
                    600,
                    Some(0xffff_ff00),
                    "",
                ),
                ServiceFlags::SCHED1 | ServiceFlags::SCHED2,
            ),
            vec![tunnel(
                "192.168.0.5",
                53,
                TunnelType::Ipip,
                0,
                TunnelFlags::NOCSUM,
            )],
        )
        .with_weight(65536),
    ]
}

trait WithWeight {
    fn with_weight(self, w: u32) -> Self;
}

impl WithWeight for ServiceEntry {
    /// Sets the weight of the first dest.
    fn with_weight(mut self, w: u32) -> Self {
        self.dests[0].weight = w;
        self
    }
}

/// The guest's /etc/services entries the listings used, and 127.0.0.1 as
/// `localhost` (the guest had no other reverse names for table 1).
pub(crate) fn guest_names() -> FakeNames {
    let mut n = FakeNames::default();
    for (port, p, name) in [
        (80, "tcp", "http"),
        (8080, "tcp", "http-alt"),
        (443, "tcp", "https"),
        (8081, "tcp", "tproxy"),
        (53, "tcp", "domain"),
        (53, "udp", "domain"),
        (5060, "tcp", "sip"),
        (5060, "udp", "sip"),
    ] {
        n.ports.insert((port, p), name.into());
    }
    n.hosts
        .insert("127.0.0.1".parse().unwrap(), "localhost".into());
    n
}

pub(crate) fn opts(f: impl FnOnce(&mut ListOptions)) -> ListOptions {
    let mut o = ListOptions::default();
    f(&mut o);
    o
}

pub(crate) fn list(
    header: bool,
    entries: &[ServiceEntry],
    o: &ListOptions,
    names: &dyn Resolver,
) -> String {
    let mut out = Vec::new();
    write_list(&mut out, header.then_some(&INFO), entries, o, names).unwrap();
    String::from_utf8(out).unwrap()
}

pub(crate) fn numeric() -> ListOptions {
    opts(|o| o.numeric = true)
}

/// `--start-daemon master --mcast-interface lo --syncid 3` as 6.1 lists
/// it: every optional attribute returned.
pub(crate) fn master_lo() -> Daemon {
    let mut m = Daemon::new(DaemonState::Master);
    m.mcast_ifn = "lo".into();
    m.syncid = 3;
    m.sync_maxlen = Some(1472);
    m.mcast_group = Some("224.0.0.81".parse().unwrap());
    m.mcast_port = Some(8848);
    m.mcast_ttl = Some(1);
    m
}

/// A backup with an IPv6 group and a zero port (which is not printed).
pub(crate) fn backup_v6() -> Daemon {
    let mut b = Daemon::new(DaemonState::Backup);
    b.mcast_ifn = "eth1".into();
    b.syncid = 7;
    b.mcast_group = Some("ff02::1".parse().unwrap());
    b.mcast_port = Some(0);
    b
}

/// Table 2, built in the VM with this /etc/hosts:
/// ```text
/// 127.0.0.1 localhost
/// 10.0.0.1 a-rather-long-virtual-server-name.example.com
/// 192.168.0.1 real-server-number-one.example.com
/// 192.168.0.2 rs2
/// 2001:db8::1 v6-virtual-server-with-a-long-name.example.com
/// 2001:db8::10 rs10-v6
/// 10.0.0.9 this-is-an-extremely-long-host-name-that-goes-past-the-buffer.example.com
/// ```
/// and
/// ```text
/// -A -t 10.0.0.1:80 -s rr
/// -a -t 10.0.0.1:80 -r 192.168.0.2:80 -m -w 1
/// -a -t 10.0.0.1:80 -r 192.168.0.1:8080 -m -w 2
/// -a -t 10.0.0.1:80 -r 2001:db8::10 -i -w 1
/// -A -t [2001:db8::1]:80 -s rr
/// -a -t [2001:db8::1]:80 -r [2001:db8::10]:8080 -m -w 3
/// -a -t [2001:db8::1]:80 -r 192.168.0.1 -i -w 1
/// -A -u 10.0.0.9:53 -s rr
/// -a -u 10.0.0.9:53 -r 10.0.0.9:53 -m
/// -A -f 4294967295 -s rr
/// -A -f 2147483648 -s rr
/// -a -f 2147483648 -r 10.0.0.5:80 -m -w 2147483647
/// -A -f 3 -s rr
/// -A -t 200.0.0.1:80 -s rr
/// -A -t 1.2.3.4:80 -s rr
/// ```
/// Fwmarks of 2^31 and more make the comparator cyclic, so the sorted order
/// depends on the kernel's (per-boot) hash order: the services below are in
/// the order `-L -n --nosort` printed in the same boot as the goldens.
pub(crate) fn table2() -> Vec<ServiceEntry> {
    use Forward::*;
    vec![
        entry(
            svc(proto::TCP, "2001:db8::1", 80, "rr"),
            vec![
                tunnel("192.168.0.1", 80, TunnelType::Ipip, 0, TunnelFlags::NOCSUM),
                dest("2001:db8::10", 8080, Masq, 3),
            ],
        ),
        entry(
            svc(proto::UDP, "10.0.0.9", 53, "rr"),
            vec![dest("10.0.0.9", 53, Masq, 1)],
        ),
        entry(svc(proto::TCP, "1.2.3.4", 80, "rr"), vec![]),
        entry(svc(proto::TCP, "200.0.0.1", 80, "rr"), vec![]),
        entry(
            svc(proto::TCP, "10.0.0.1", 80, "rr"),
            vec![
                tunnel("2001:db8::10", 80, TunnelType::Ipip, 0, TunnelFlags::NOCSUM),
                dest("192.168.0.1", 8080, Masq, 2),
                dest("192.168.0.2", 80, Masq, 1),
            ],
        ),
        entry(fwm(4294967295, Family::Inet, "rr"), vec![]),
        entry(
            fwm(2147483648, Family::Inet, "rr"),
            vec![dest("10.0.0.5", 80, Masq, 2147483647)],
        ),
        entry(fwm(3, Family::Inet, "rr"), vec![]),
    ]
}

pub(crate) fn table2_names() -> FakeNames {
    let mut n = guest_names();
    for (a, h) in [
        ("10.0.0.1", "a-rather-long-virtual-server-name.example.com"),
        ("192.168.0.1", "real-server-number-one.example.com"),
        ("192.168.0.2", "rs2"),
        (
            "2001:db8::1",
            "v6-virtual-server-with-a-long-name.example.com",
        ),
        ("2001:db8::10", "rs10-v6"),
        (
            "10.0.0.9",
            "this-is-an-extremely-long-host-name-that-goes-past-the-buffer.example.com",
        ),
    ] {
        n.hosts.insert(a.parse().unwrap(), h.into());
    }
    n
}

/// Table 5, with `2001:db8::20 a-very-long-ipv6-real-server-name.example.com`,
/// `10.0.0.1 vip1` and `2001:db8::1 vip6` in /etc/hosts:
/// `-A -t 10.0.0.1:80 -s rr`, `-a ... -r 2001:db8::20 -i -w 1`,
/// `-A -t [2001:db8::1]:80 -s rr`, `-a ... -r [2001:db8::20]:80 -m -w 1`,
/// `-A -t 10.0.0.2:80 -s sh -b sh-fallback,flag-3`.
pub(crate) fn table5() -> Vec<ServiceEntry> {
    vec![
        entry(
            svc(proto::TCP, "10.0.0.1", 80, "rr"),
            vec![tunnel(
                "2001:db8::20",
                80,
                TunnelType::Ipip,
                0,
                TunnelFlags::NOCSUM,
            )],
        ),
        entry(
            flags(
                svc(proto::TCP, "10.0.0.2", 80, "sh"),
                ServiceFlags::SCHED1 | ServiceFlags::SCHED3,
            ),
            vec![],
        ),
        entry(
            svc(proto::TCP, "2001:db8::1", 80, "rr"),
            vec![dest("2001:db8::20", 80, Forward::Masq, 1)],
        ),
    ]
}

mod sort;
mod views;
