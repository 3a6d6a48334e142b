//! Sync daemons in the kernel model: `--start-daemon` and `--stop-daemon`
//! as ip_vs_genl_new_daemon / ip_vs_genl_del_daemon (ip_vs_ctl.c) and
//! start_sync_thread / stop_sync_thread (ip_vs_sync.c) answer them, and
//! the configuration the kernel keeps and lists (its defaults filled in).

use std::net::{IpAddr, Ipv4Addr};

use super::Ack;
use super::{rules, Answer, KernelModel, Machine};
use crate::model::{Daemon, DaemonState};

/// IP_VS_SYNC_GROUP and IP_VS_SYNC_PORT (include/net/ip_vs.h).
const SYNC_GROUP: Ipv4Addr = Ipv4Addr::new(224, 0, 0, 81);
const SYNC_PORT: u16 = 8848;

impl<M: Machine> KernelModel<M> {
    /// In the kernel's order: the attribute policy and the group
    /// (ip_vs_genl_new_daemon, EINVAL), no mixed-family destination
    /// (EINVAL), the interface (start_sync_thread: ENODEV), then EEXIST if a
    /// daemon of that state already runs.
    pub(super) fn start_daemon(&mut self, d: &Daemon) -> Ack {
        let ifn = rules::ifname(&d.mcast_ifn)?;
        rules::mcast_group(d)?;
        if self.mixed_dests > 0 {
            return Err(libc::EINVAL);
        }
        if self.machine.interface_exists(&ifn) == Answer::No {
            return Err(libc::ENODEV);
        }
        if self.daemons.iter().any(|x| x.state == d.state) {
            return Err(libc::EEXIST);
        }
        let mtu = self.machine.interface_mtu(&ifn);
        self.daemons.push(configured(d, ifn, mtu));
        Ok(())
    }

    /// stop_sync_thread: ESRCH when no daemon of that state runs.
    pub(super) fn stop_daemon(&mut self, d: &Daemon) -> Ack {
        let i = self
            .daemons
            .iter()
            .position(|x| x.state == d.state)
            .ok_or(libc::ESRCH)?;
        self.daemons.remove(i);
        Ok(())
    }
}

/// The configuration start_sync_thread keeps: the default group, port and
/// TTL for those not given, and `sync_maxlen` clamped to what fits a
/// datagram (a backup's default follows the interface's MTU, 1500 when it
/// cannot be read).
fn configured(d: &Daemon, ifn: String, mtu: Option<u32>) -> Daemon {
    let group = d.mcast_group.unwrap_or(IpAddr::V4(SYNC_GROUP));
    // IP (or IPv6) and UDP headers.
    let hlen: u32 = if group.is_ipv6() { 40 + 8 } else { 20 + 8 };
    let (mtu, min) = match d.state {
        DaemonState::Backup => (mtu.unwrap_or(1500).clamp(1500, 65535), 1024),
        DaemonState::Master => (1500, 1),
    };
    let maxlen = match d.sync_maxlen {
        Some(n) if n != 0 => u32::from(n).clamp(min, 65535 - hlen),
        _ => mtu - hlen,
    };
    Daemon {
        state: d.state,
        mcast_ifn: ifn,
        syncid: d.syncid,
        sync_maxlen: Some(maxlen as u16),
        mcast_group: Some(group),
        mcast_port: Some(d.mcast_port.filter(|&p| p != 0).unwrap_or(SYNC_PORT)),
        mcast_ttl: Some(d.mcast_ttl.filter(|&t| t != 0).unwrap_or(1)),
    }
}

#[cfg(test)]
mod tests {
    //! The daemon rules, one test per errno, on a stock test machine.
    use super::super::tests::{daemon, dest, model, svc};
    use crate::backend::{Backend, Request::*};
    use crate::model::{Daemon, DaemonState, Dest, Forward};

    #[test]
    fn daemons_enodev_then_eexist_and_esrch() {
        let mut m = model();
        let master = daemon(DaemonState::Master, "lo");
        assert_eq!(m.apply_request(&StartDaemon(master.clone())), Ok(()));
        assert_eq!(
            m.apply_request(&StartDaemon(master.clone())),
            Err(libc::EEXIST)
        );
        // The interface is looked up before the running daemon.
        let eth9 = daemon(DaemonState::Master, "eth9");
        assert_eq!(m.apply_request(&StartDaemon(eth9)), Err(libc::ENODEV));
        let backup = daemon(DaemonState::Backup, "veth0");
        assert_eq!(
            m.apply_request(&StartDaemon(backup.clone())),
            Ok(()),
            "both may run"
        );
        assert_eq!(m.apply_request(&StopDaemon(master.clone())), Ok(()));
        assert_eq!(m.apply_request(&StopDaemon(master)), Err(libc::ESRCH));
        assert_eq!(m.daemons().unwrap().len(), 1);
        let bad_group = Daemon {
            mcast_group: Some("10.1.1.1".parse().unwrap()),
            ..daemon(DaemonState::Master, "lo")
        };
        assert_eq!(m.apply_request(&StartDaemon(bad_group)), Err(libc::EINVAL));
    }
    #[test]
    fn daemons_are_listed_as_the_kernel_filled_them() {
        let mut m = model();
        let master = Daemon {
            syncid: 3,
            ..daemon(DaemonState::Master, "lo")
        };
        let backup = Daemon {
            sync_maxlen: Some(100),
            mcast_group: Some("ff02::1".parse().unwrap()),
            mcast_port: Some(9000),
            mcast_ttl: Some(5),
            ..daemon(DaemonState::Backup, "lo\0junk")
        };
        m.apply_all(&[StartDaemon(backup), StartDaemon(master)]);
        let listed = m.daemons().unwrap();
        // As 6.1 lists `--start-daemon master --mcast-interface lo --syncid 3`.
        let mut master_lo = Daemon::new(DaemonState::Master);
        master_lo.mcast_ifn = "lo".into();
        master_lo.syncid = 3;
        master_lo.sync_maxlen = Some(1472);
        master_lo.mcast_group = Some("224.0.0.81".parse().unwrap());
        master_lo.mcast_port = Some(8848);
        master_lo.mcast_ttl = Some(1);
        assert_eq!(listed[0], master_lo);
        assert_eq!(listed[1].mcast_ifn, "lo");
        assert_eq!(listed[1].sync_maxlen, Some(1024), "a backup's floor");
        assert_eq!(listed[1].mcast_port, Some(9000));
        assert_eq!(listed[1].mcast_ttl, Some(5));
        // A backup's default follows the interface's MTU (lo: 65536, clamped).
        m.apply_request(&StopDaemon(Daemon::new(DaemonState::Backup)))
            .unwrap();
        m.apply_request(&StartDaemon(daemon(DaemonState::Backup, "lo")))
            .unwrap();
        assert_eq!(m.daemons().unwrap()[1].sync_maxlen, Some(65535 - 28));
    }
    #[test]
    fn mixed_count_follows_deletes_and_flush() {
        let mut m = model();
        let s = svc("10.0.0.1");
        let tunnelled = Dest {
            fwd: Forward::Tunnel,
            ..dest("2001:db8::5")
        };
        let master = daemon(DaemonState::Master, "lo");
        for clear in [DelService(s.clone()), Flush] {
            m.apply_all(&[AddService(s.clone()), AddDest(s.clone(), tunnelled.clone())]);
            assert_eq!(
                m.apply_request(&StartDaemon(master.clone())),
                Err(libc::EINVAL)
            );
            m.apply_request(&clear).unwrap();
            assert_eq!(
                m.apply_request(&StartDaemon(master.clone())),
                Ok(()),
                "{clear:?}"
            );
            m.apply_request(&StopDaemon(master.clone())).unwrap();
        }
    }
}
