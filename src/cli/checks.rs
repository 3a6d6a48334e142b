//! After every option is read: the legality matrix, the list conflicts, our
//! own options' rules, then the reference's post-matrix checks and defaults
//! in its order (ipvsadm 1.31 `process_options`), and the assembly of the
//! typed `Invocation`.

use super::grammar::{Parser, DEFAULT_MCAST_IFN, DEFAULT_SCHEDULER};
use super::matrix::{self, Bit};
use super::{Action, Command, Invocation, ListArgs, MetricsArgs, Request, SaveArgs};
use crate::error::Error;
use crate::model::{
    proto, Daemon, DaemonState, Family, Forward, Scheduler, Service, ServiceFlags, ServiceKey,
    Timeouts,
};

fn fail(msg: impl Into<String>) -> Error {
    Error::Usage(msg.into())
}

impl Parser<'_> {
    fn has(&self, bit: Bit) -> bool {
        self.set & bit.mask() != 0
    }

    /// Everything the reference checks between parsing and acting.
    pub(super) fn check(&mut self) -> Result<(), Error> {
        matrix::check(self.cmd, self.set).map_err(fail)?;
        if self.cmd == Command::List {
            matrix::check_list(self.set).map_err(fail)?;
            self.check_ours()?;
        }
        let add_or_edit = matches!(self.cmd, Command::AddService | Command::EditService);
        let svc = &mut self.svc;
        if add_or_edit {
            if svc.fwmark == 0 && svc.port == 0 && !svc.flags.contains(ServiceFlags::PERSISTENT) {
                return Err(fail("Zero port specified for non-persistent service"));
            }
            if svc.flags.contains(ServiceFlags::ONEPACKET)
                && svc.fwmark == 0
                && svc.protocol != proto::UDP
            {
                return Err(fail(
                    "One-Packet Scheduling is only for UDP virtual services",
                ));
            }
            if svc.sched.is_empty() {
                svc.sched = DEFAULT_SCHEDULER.to_string();
            }
        }
        if self.cmd == Command::StartDaemon && self.daemon.mcast_ifn.is_empty() {
            self.daemon.mcast_ifn = DEFAULT_MCAST_IFN.to_string();
        }
        if matches!(self.cmd, Command::AddServer | Command::EditServer) {
            self.check_dest()?;
        }
        Ok(())
    }

    /// `-a`/`-e`: DR and tunnel use the service port; only tunnels may mix
    /// families; tunnel options need `-i` and must suit the tunnel type.
    fn check_dest(&mut self) -> Result<(), Error> {
        let fwd = self.dest.fwd;
        if self.svc.fwmark == 0 && matches!(fwd, Forward::Tunnel | Forward::Route) {
            self.dest.port = self.svc.port;
        }
        if self.dest_af != self.svc.af && fwd != Forward::Tunnel {
            return Err(fail(
                "Different address family is allowed only for tunneling servers",
            ));
        }
        let tun_opts = [
            Bit::TunType,
            Bit::TunPort,
            Bit::TunNocsum,
            Bit::TunCsum,
            Bit::TunRemcsum,
        ];
        if tun_opts.iter().any(|b| self.has(*b)) && fwd != Forward::Tunnel {
            return Err(fail("Tunnel options conflict with forward method"));
        }
        matrix::check_tunnel(self.dest.tun_type.to_raw(), self.set).map_err(fail)
    }

    /// Our list options: one output format, and connection filters only
    /// with `-c`. Checked after all of the reference's rules.
    fn check_ours(&self) -> Result<(), Error> {
        if self.has(Bit::Json) && self.has(Bit::Table) {
            return Err(fail(
                "The option 'table' conflicts with the 'json' option in the 'list' command",
            ));
        }
        for bit in [Bit::FilterVip, Bit::FilterRip, Bit::FilterState] {
            if self.has(bit) && !self.has(Bit::Connection) {
                return Err(fail(format!(
                    "The '{}' option needs the 'connection' option",
                    bit.name()
                )));
            }
        }
        for bit in [Bit::MetricsConns, Bit::MetricsLabels] {
            if self.has(bit) && !self.has(Bit::Metrics) {
                return Err(fail(format!(
                    "The '{}' option needs the 'metrics' option",
                    bit.name()
                )));
            }
        }
        if self.has(Bit::Metrics) {
            // The metrics are one fixed document: every other view or
            // format is a conflict. -n, --exact and --nosort are accepted
            // (metrics are always numeric and exact; --nosort keeps the
            // kernel's order).
            let others = [
                Bit::Connection,
                Bit::Timeout,
                Bit::Daemon,
                Bit::Stats,
                Bit::Rate,
                Bit::Thresholds,
                Bit::PersistentConn,
                Bit::TunInfo,
                Bit::Json,
                Bit::Table,
            ];
            if let Some(bit) = others.into_iter().find(|b| self.has(*b)) {
                return Err(fail(format!(
                    "The option '{}' conflicts with the 'metrics' option in the 'list' command",
                    bit.name()
                )));
            }
        }
        Ok(())
    }

    /// The invocation, with every field the command sends. -Z sends the
    /// service only when a fwmark, a non-zero address or a port was given,
    /// as the reference does.
    pub(super) fn finish(
        self,
        prog: &str,
        state: Option<DaemonState>,
        timeouts: Timeouts,
    ) -> Invocation {
        let svc = self.svc;
        let service = self.set & Bit::Service.mask() != 0;
        let service = service.then(|| {
            let key = if svc.fwmark != 0 {
                ServiceKey::fwmark(svc.fwmark, svc.af.unwrap_or(Family::Inet))
            } else {
                ServiceKey::Addr {
                    protocol: svc.protocol,
                    addr: svc.addr,
                    port: svc.port,
                }
            };
            let mut s = Service::new(key, Scheduler::from_name(&svc.sched));
            // `--pe ""` is no engine, as the reference sends it.
            s.pe_name = Some(svc.pe).filter(|pe| !pe.is_empty());
            s.flags = svc.flags;
            s.timeout = svc.timeout;
            s.netmask = svc.netmask;
            s
        });
        let dest = (self.set & Bit::Server.mask() != 0).then_some(self.dest);
        let d = self.daemon;
        let daemon = state.map(|state| {
            let mut daemon = Daemon::new(state);
            daemon.mcast_ifn = d.mcast_ifn;
            daemon.syncid = d.syncid;
            daemon.sync_maxlen = d.sync_maxlen;
            daemon.mcast_group = d.mcast_group;
            daemon.mcast_port = d.mcast_port;
            daemon.mcast_ttl = d.mcast_ttl;
            daemon
        });
        // The matrix made every command's required options present.
        let need = "the legality matrix requires it";
        let svc_dest = || (service.clone().expect(need), dest.clone().expect(need));
        let action = match self.cmd {
            Command::AddService => Action::Change(Request::AddService(service.expect(need))),
            Command::EditService => Action::Change(Request::EditService(service.expect(need))),
            Command::DelService => Action::Change(Request::DelService(service.expect(need))),
            Command::AddServer => {
                let (s, d) = svc_dest();
                Action::Change(Request::AddDest(s, d))
            }
            Command::EditServer => {
                let (s, d) = svc_dest();
                Action::Change(Request::EditDest(s, d))
            }
            Command::DelServer => {
                let (s, d) = svc_dest();
                Action::Change(Request::DelDest(s, d))
            }
            Command::Flush => Action::Change(Request::Flush),
            Command::Zero => Action::Change(Request::Zero(service.filter(|s| match s.key {
                ServiceKey::Fwmark { mark, .. } => mark != 0,
                ServiceKey::Addr { addr, port, .. } => !addr.is_unspecified() || port != 0,
            }))),
            Command::SetTimeout => Action::Change(Request::SetTimeouts(timeouts)),
            Command::StartDaemon => Action::Change(Request::StartDaemon(daemon.expect(need))),
            Command::StopDaemon => Action::Change(Request::StopDaemon(daemon.expect(need))),
            Command::List if self.set & Bit::Metrics.mask() != 0 => Action::Metrics(MetricsArgs {
                format: self.metrics_format,
                service,
                nosort: self.list.nosort,
                labels: self.metrics_labels,
                conns: self.set & Bit::MetricsConns.mask() != 0,
            }),
            Command::List => Action::List(ListArgs {
                service,
                opts: self.list,
            }),
            Command::Save => Action::Save(SaveArgs {
                numeric: self.list.numeric,
                thresholds: self.list.thresholds,
            }),
            Command::Restore => Action::Restore,
            Command::Help => Action::Help,
            Command::Version => Action::Version,
        };
        Invocation {
            prog: prog.to_string(),
            netns: self.netns,
            action,
        }
    }
}
