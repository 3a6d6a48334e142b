//! The kernel model's answers, one test per rule (each errno of
//! ip_vs_ctl.c / ip_vs_sync.c the model gives), on a stock test machine.

use super::*;
use crate::kernel_model::FixedMachine;
use crate::model::{DaemonState, Family, TunnelType};

pub(super) fn model() -> KernelModel<FixedMachine> {
    KernelModel::new(FixedMachine::Stock)
}

pub(super) fn svc(addr: &str) -> Service {
    let addr: std::net::IpAddr = addr.parse().unwrap();
    let mut s = Service::new(ServiceKey::tcp(addr, 80), Scheduler::Rr);
    s.netmask = 0xffff_ffff;
    s
}

fn svc6() -> Service {
    Service {
        netmask: 128,
        ..svc("2001:db8::1")
    }
}

pub(super) fn dest(addr: &str) -> Dest {
    Dest::new(addr.parse::<std::net::IpAddr>().unwrap(), 80)
}

pub(super) fn daemon(state: DaemonState, ifn: &str) -> Daemon {
    Daemon {
        mcast_ifn: ifn.into(),
        ..Daemon::new(state)
    }
}

/// Applies `reqs` in order; the last one's answer.
fn answer(m: &mut KernelModel<FixedMachine>, reqs: &[Request]) -> Ack {
    match m.apply_all(reqs).outcomes.last() {
        Some(Outcome::Refused(errno)) => Err(*errno),
        _ => Ok(()),
    }
}

use Request::*;

#[test]
fn service_exists_or_not() {
    let mut m = model();
    let s = svc("10.0.0.1");
    assert_eq!(answer(&mut m, &[AddService(s.clone())]), Ok(()));
    assert_eq!(answer(&mut m, &[AddService(s.clone())]), Err(libc::EEXIST));
    let other = svc("10.0.0.2");
    for r in [
        EditService(other.clone()),
        DelService(other.clone()),
        Zero(Some(other.clone())),
        AddDest(other.clone(), dest("10.1.1.1")),
        EditDest(other.clone(), dest("10.1.1.1")),
        DelDest(other.clone(), dest("10.1.1.1")),
    ] {
        assert_eq!(m.apply_request(&r), Err(libc::ESRCH), "{r:?}");
    }
}

#[test]
fn scheduler_or_engine_not_loadable_is_enoent() {
    let mut m = model();
    let bad_sched = Service {
        scheduler: "nosuch".into(),
        ..svc("10.0.0.1")
    };
    assert_eq!(
        answer(&mut m, &[AddService(bad_sched.clone())]),
        Err(libc::ENOENT)
    );
    let bad_pe = Service {
        pe_name: Some("nosuch".into()),
        ..svc("10.0.0.1")
    };
    assert_eq!(answer(&mut m, &[AddService(bad_pe)]), Err(libc::ENOENT));
    let none = Service {
        scheduler: "none".into(),
        pe_name: Some("sip".into()),
        ..svc("10.0.0.1")
    };
    assert_eq!(
        answer(&mut m, &[AddService(none)]),
        Ok(()),
        "none needs no module"
    );
    assert_eq!(answer(&mut m, &[EditService(bad_sched)]), Err(libc::ENOENT));
    // Where the machine cannot tell, the kernel may well load it.
    let mut m = KernelModel::new(FixedMachine::Unknown);
    let custom = Service {
        scheduler: "custom".into(),
        ..svc("10.0.0.1")
    };
    assert_eq!(m.apply_request(&AddService(custom)), Ok(()));
}

#[test]
fn names_are_read_as_the_attribute_policy_lets_them() {
    let mut m = model();
    let long = Service {
        scheduler: Scheduler::from_name(&"a".repeat(16)),
        ..svc("10.0.0.1")
    };
    assert_eq!(answer(&mut m, &[AddService(long)]), Err(libc::EINVAL));
    let nul_long = Service {
        scheduler: Scheduler::from_name(&format!("rr\0{}", "a".repeat(13))),
        ..svc("10.0.0.1")
    };
    assert_eq!(answer(&mut m, &[AddService(nul_long)]), Err(libc::ERANGE));
    let nul = Service {
        scheduler: "rr\0x".into(),
        ..svc("10.0.0.1")
    };
    assert_eq!(answer(&mut m, &[AddService(nul)]), Ok(()));
    assert_eq!(
        m.services().unwrap()[0].scheduler,
        Scheduler::Rr,
        "read up to the NUL"
    );
}

#[test]
fn ipv6_netmask_is_a_prefix_length() {
    let mut m = model();
    for bad in [0, 129] {
        let s = Service {
            netmask: bad,
            ..svc6()
        };
        assert_eq!(
            answer(&mut m, &[AddService(s)]),
            Err(libc::EINVAL),
            "/{bad}"
        );
    }
    assert_eq!(answer(&mut m, &[AddService(svc6())]), Ok(()));
    let s = Service {
        netmask: 0,
        ..svc6()
    };
    assert_eq!(answer(&mut m, &[EditService(s)]), Err(libc::EINVAL));
    // An IPv4 mask is taken as it is.
    let v4 = Service {
        netmask: 0x00ff_00ff,
        ..svc("10.0.0.1")
    };
    assert_eq!(answer(&mut m, &[AddService(v4)]), Ok(()));
}

#[test]
fn destination_exists_or_not() {
    let mut m = model();
    let s = svc("10.0.0.1");
    let d = dest("10.1.1.1");
    assert_eq!(
        answer(
            &mut m,
            &[AddService(s.clone()), AddDest(s.clone(), d.clone())]
        ),
        Ok(())
    );
    assert_eq!(
        answer(&mut m, &[AddDest(s.clone(), d.clone())]),
        Err(libc::EEXIST)
    );
    let other = dest("10.1.1.2");
    assert_eq!(
        answer(&mut m, &[EditDest(s.clone(), other.clone())]),
        Err(libc::ENOENT)
    );
    assert_eq!(
        answer(&mut m, &[DelDest(s.clone(), other)]),
        Err(libc::ENOENT)
    );
    assert_eq!(answer(&mut m, &[DelDest(s, d)]), Ok(()));
}

#[test]
fn thresholds_out_of_order_and_negative_weight_are_erange() {
    let mut m = model();
    let s = svc("10.0.0.1");
    m.apply_request(&AddService(s.clone())).unwrap();
    let cases = [
        (5, 10, Err(libc::ERANGE)),
        (0, 1, Err(libc::ERANGE)), // a lower threshold needs an upper one
        (10, 10, Ok(())),
        (10, 0, Ok(())),
    ];
    for (i, (u, l, want)) in cases.into_iter().enumerate() {
        let d = Dest {
            u_threshold: u,
            l_threshold: l,
            ..dest(&format!("10.1.1.{}", i + 1))
        };
        assert_eq!(
            m.apply_request(&AddDest(s.clone(), d.clone())),
            want,
            "-x {u} -y {l}"
        );
        if want.is_ok() {
            let worse = Dest {
                l_threshold: u + 1,
                ..d
            };
            assert_eq!(
                m.apply_request(&EditDest(s.clone(), worse)),
                Err(libc::ERANGE)
            );
        }
    }
    let heavy = Dest {
        weight: 1 << 31,
        ..dest("10.1.1.9")
    };
    assert_eq!(m.apply_request(&AddDest(s, heavy)), Err(libc::ERANGE));
}

#[test]
fn gue_tunnel_needs_a_port() {
    let mut m = model();
    let s = svc("10.0.0.1");
    m.apply_request(&AddService(s.clone())).unwrap();
    let gue = Dest {
        fwd: Forward::Tunnel,
        tun_type: TunnelType::Gue,
        ..dest("10.1.1.1")
    };
    assert_eq!(
        m.apply_request(&AddDest(s.clone(), gue.clone())),
        Err(libc::EINVAL)
    );
    let gre = Dest {
        tun_type: TunnelType::Gre,
        ..gue.clone()
    };
    assert_eq!(m.apply_request(&AddDest(s.clone(), gre)), Ok(()));
    let gue = Dest {
        tun_port: 6080,
        ..gue
    };
    assert_eq!(
        m.apply_request(&EditDest(s, gue)),
        Ok(()),
        "same address, GRE to GUE"
    );
}

#[test]
fn destination_must_be_unicast() {
    let mut m = model();
    let (s4, s6) = (svc("10.0.0.1"), svc6());
    m.apply_all(&[AddService(s4.clone()), AddService(s6.clone())]);
    for a in [
        "0.0.0.0",
        "0.1.2.3",
        "255.255.255.255",
        "224.0.0.1",
        "239.9.9.9",
    ] {
        assert_eq!(
            m.apply_request(&AddDest(s4.clone(), dest(a))),
            Err(libc::EINVAL),
            "{a}"
        );
    }
    for a in ["::", "ff02::1", "::ffff:10.1.1.1", "fe80::1"] {
        assert_eq!(
            m.apply_request(&AddDest(s6.clone(), dest(a))),
            Err(libc::EINVAL),
            "{a}"
        );
    }
    for a in ["10.1.1.1", "127.0.0.1", "240.0.0.1"] {
        assert_eq!(
            m.apply_request(&AddDest(s4.clone(), dest(a))),
            Ok(()),
            "{a}"
        );
    }
    for a in ["2001:db8::5", "::1", "fc00::1", "::10.1.1.1"] {
        assert_eq!(
            m.apply_request(&AddDest(s6.clone(), dest(a))),
            Ok(()),
            "{a}"
        );
    }
    // A link-local address of this host is taken, so is one where the
    // machine cannot tell.
    let mut m = KernelModel::new(FixedMachine::Unknown);
    m.apply_request(&AddService(s6.clone())).unwrap();
    assert_eq!(m.apply_request(&AddDest(s6, dest("fe80::1"))), Ok(()));
}

#[test]
fn mixed_family_needs_a_tunnel_and_no_daemon() {
    let mut m = model();
    let s = svc("10.0.0.1");
    m.apply_request(&AddService(s.clone())).unwrap();
    let v6 = dest("2001:db8::5");
    assert_eq!(
        m.apply_request(&AddDest(s.clone(), v6.clone())),
        Err(libc::EINVAL)
    );
    let tunnelled = Dest {
        fwd: Forward::Tunnel,
        ..v6.clone()
    };
    assert_eq!(
        m.apply_request(&AddDest(s.clone(), tunnelled.clone())),
        Ok(())
    );
    assert_eq!(
        m.apply_request(&EditDest(s.clone(), v6.clone())),
        Err(libc::EINVAL)
    );
    // A mixed table cannot be synced: no daemon starts...
    let master = daemon(DaemonState::Master, "lo");
    assert_eq!(
        m.apply_request(&StartDaemon(master.clone())),
        Err(libc::EINVAL)
    );
    // ...until the mixed destination is gone, and then no new one is added.
    assert_eq!(m.apply_request(&DelDest(s.clone(), v6)), Ok(()));
    assert_eq!(m.apply_request(&StartDaemon(master)), Ok(()));
    assert_eq!(
        m.apply_request(&AddDest(s.clone(), tunnelled)),
        Err(libc::EINVAL)
    );
    let same = dest("10.1.1.1");
    assert_eq!(m.apply_request(&AddDest(s, same)), Ok(()));
}

#[test]
fn timeouts_zero_keeps_and_negative_is_einval() {
    let mut m = model();
    let t = Timeouts {
        tcp: 0,
        tcp_fin: 30,
        udp: 0,
    };
    assert_eq!(m.apply_request(&SetTimeouts(t)), Ok(()));
    assert_eq!(
        m.timeouts().unwrap(),
        Timeouts {
            tcp_fin: 30,
            ..Timeouts::KERNEL_DEFAULTS
        }
    );
    let t = Timeouts { udp: 1 << 31, ..t };
    assert_eq!(m.apply_request(&SetTimeouts(t)), Err(libc::EINVAL));
}

#[test]
fn edits_keep_counters_and_order_is_the_kernels() {
    let mut m = model();
    let s = svc("10.0.0.1");
    m.apply_all(&[
        AddService(s.clone()),
        AddDest(s.clone(), dest("10.1.1.1")),
        AddDest(s.clone(), dest("10.1.1.2")),
        AddService(svc("10.0.0.2")),
    ]);
    let ds = m.dests(&s).unwrap();
    assert_eq!(ds[0].addr.to_string(), "10.1.1.2", "newest first");
    let listed: Vec<_> = m.services().unwrap().into_iter().map(|x| x.key).collect();
    assert_eq!(listed, [s.key, svc("10.0.0.2").key]);
    let edited = Service {
        scheduler: "wlc".into(),
        ..s.clone()
    };
    m.apply_request(&EditService(edited)).unwrap();
    let got = m.service(&s).unwrap();
    assert_eq!(got.scheduler, Scheduler::Wlc);
    assert!(got.flags.contains(ServiceFlags::HASHED));
    assert_eq!(
        m.dests(&s).unwrap().len(),
        2,
        "an edit keeps the destinations"
    );
    let entries = m.into_entries();
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0].dests.len(), 2);
}

#[test]
fn zero_fwmark_is_the_zero_address_service() {
    let mut m = model();
    let fw0 = Service {
        key: ServiceKey::fwmark(0, Family::Inet),
        ..svc("10.0.0.1")
    };
    m.apply_request(&AddService(fw0)).unwrap();
    let zero = svc("0.0.0.0");
    let zero = Service {
        key: ServiceKey::tcp([0, 0, 0, 0], 0),
        ..zero
    };
    assert_eq!(m.apply_request(&AddService(zero)), Err(libc::EEXIST));
}

#[test]
fn a_stock_machine_loads_the_kernels_schedulers() {
    let mut stock: Vec<&str> = STOCK_SCHEDULERS.to_vec();
    let mut known: Vec<Scheduler> = Scheduler::kernel_schedulers().collect();
    stock.sort_unstable();
    known.sort_by(|a, b| a.as_str().cmp(b.as_str()));
    assert_eq!(
        known.iter().map(Scheduler::as_str).collect::<Vec<_>>(),
        stock
    );
}
