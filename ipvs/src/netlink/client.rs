//! `IpvsSocket`: the `Ipvs` trait over the real kernel. Converts the model
//! to requests and replies back to the model, and initialises IPVS the way
//! the reference does (loading the module with /sbin/modprobe if needed).

use super::consts::*;
pub use super::replies::{daemons_of, dests_of, info_of, services_of, timeouts_of};

use super::deadline::default_deadline;
use super::message::{FamilyId, IpvsAttr, IpvsMessage};
use super::replies::kernel;
use super::service::SvcScope;
use super::socket::{BatchOutcome, NlError, NlSocket};
use super::{daemon, dest, service};
use crate::backend::{Applied, Backend, Outcome, Request};
use crate::error::{Error, KernelOp, Result};
use crate::model::{Daemon, Dest, Info, Service, ServiceEntry, Timeouts};
use std::os::fd::OwnedFd;
use std::sync::Arc;
use std::time::Duration;

/// A socket in `netns` (the caller's namespace when `None`).
fn socket_in(netns: &Option<Arc<OwnedFd>>, deadline: Duration) -> std::io::Result<NlSocket> {
    match netns {
        None => NlSocket::open_with(deadline),
        Some(ns) => super::netns::in_netns(ns, || NlSocket::open_with(deadline))?,
    }
}

pub struct IpvsSocket {
    nl: NlSocket,
    family: FamilyId,
    /// Requests sent, for `--stats` of our own (benchmarks count writes).
    pub requests_sent: u64,
    /// The namespace the sockets are opened in (`None`: the caller's).
    netns: Option<Arc<OwnedFd>>,
    /// Each wait's deadline, for the sockets opened later too.
    deadline: Duration,
}

fn init_err(e: NlError) -> Error {
    match e {
        NlError::Errno(errno) => Error::NotAvailable { errno },
        NlError::Protocol(m) => Error::Protocol(m),
        NlError::Timeout(after) => Error::Timeout {
            op: KernelOp::Init,
            after,
        },
    }
}

impl IpvsSocket {
    /// Opens the socket, resolves the IPVS family and asks GET_INFO, which
    /// also checks that we may administer IPVS. Loads nothing: without the
    /// `ip_vs` family this is `Error::NotAvailable` with ENOENT (loading
    /// the module is the caller's choice, `init::modprobe_ip_vs`), and a
    /// refused GET_INFO (not permitted) is `NotAvailable` with its errno.
    pub fn open() -> Result<(IpvsSocket, Info)> {
        IpvsSocket::open_in(None, default_deadline())
    }

    /// `open`, with the sockets in the network namespace `netns` (opened
    /// by a thread that enters it: the caller's threads stay where they
    /// are) and `deadline` on each wait for the kernel.
    pub fn open_in(netns: Option<Arc<OwnedFd>>, deadline: Duration) -> Result<(IpvsSocket, Info)> {
        let mut nl = socket_in(&netns, deadline).map_err(|e| Error::NotAvailable {
            errno: e.raw_os_error().unwrap_or(libc::EIO),
        })?;
        let family =
            nl.resolve_family(IPVS_GENL_NAME)
                .map_err(init_err)?
                .ok_or(Error::NotAvailable {
                    errno: libc::ENOENT,
                })?;
        let mut s = IpvsSocket {
            nl,
            family,
            requests_sent: 0,
            netns,
            deadline,
        };
        let info = s.get_info().map_err(|e| match e {
            Error::Kernel { errno, .. } => Error::NotAvailable { errno },
            other => other,
        })?;
        Ok((s, info))
    }

    /// Changes the deadline of each later wait for the kernel.
    pub fn set_deadline(&mut self, deadline: Duration) -> Result<()> {
        self.nl.set_deadline(deadline)?;
        self.deadline = deadline;
        Ok(())
    }

    /// The deadline of each wait for the kernel.
    pub fn deadline(&self) -> Duration {
        self.deadline
    }

    /// Each service with its destinations, handed to `each` one at a time
    /// (false stops): the destination dumps on a fresh socket, as
    /// `read_table`, without holding the table.
    pub fn for_each_entry(&mut self, each: impl FnMut(ServiceEntry) -> bool) -> Result<()> {
        let (netns, deadline) = (self.netns.clone(), self.deadline);
        super::table::for_each_entry(
            &mut self.nl,
            self.family,
            || socket_in(&netns, deadline),
            each,
        )
    }

    fn get_info(&mut self) -> Result<Info> {
        let replies = self
            .nl
            .request(self.family, IpvsMessage::new(IPVS_CMD_GET_INFO, vec![]))
            .map_err(kernel(KernelOp::GetInfo))?;
        Ok(info_of(replies))
    }
}

fn svc_attr(svc: &Service, scope: SvcScope) -> IpvsAttr {
    IpvsAttr::Service(service::to_attrs(svc, scope))
}

/// The request's message, as the reference builds it (§5.1, §8).
pub fn request_message(req: &Request) -> IpvsMessage {
    use Request::*;
    let full = SvcScope::Full;
    match req {
        AddService(s) => IpvsMessage::new(IPVS_CMD_NEW_SERVICE, vec![svc_attr(s, full)]),
        EditService(s) => IpvsMessage::new(IPVS_CMD_SET_SERVICE, vec![svc_attr(s, full)]),
        DelService(s) => IpvsMessage::new(IPVS_CMD_DEL_SERVICE, vec![svc_attr(s, full)]),
        AddDest(s, d) => IpvsMessage::new(
            IPVS_CMD_NEW_DEST,
            vec![svc_attr(s, full), IpvsAttr::Dest(dest::to_attrs(d))],
        ),
        EditDest(s, d) => IpvsMessage::new(
            IPVS_CMD_SET_DEST,
            vec![svc_attr(s, full), IpvsAttr::Dest(dest::to_attrs(d))],
        ),
        DelDest(s, d) => IpvsMessage::new(
            IPVS_CMD_DEL_DEST,
            vec![svc_attr(s, full), IpvsAttr::Dest(dest::to_attrs(d))],
        ),
        Flush => IpvsMessage::new(IPVS_CMD_FLUSH, vec![]),
        Zero(None) => IpvsMessage::new(IPVS_CMD_ZERO, vec![]),
        Zero(Some(s)) => IpvsMessage::new(IPVS_CMD_ZERO, vec![svc_attr(s, full)]),
        SetTimeouts(t) => IpvsMessage::new(
            IPVS_CMD_SET_CONFIG,
            vec![
                IpvsAttr::TimeoutTcp(t.tcp),
                IpvsAttr::TimeoutTcpFin(t.tcp_fin),
                IpvsAttr::TimeoutUdp(t.udp),
            ],
        ),
        StartDaemon(d) => IpvsMessage::new(
            IPVS_CMD_NEW_DAEMON,
            vec![IpvsAttr::Daemon(daemon::to_attrs(d))],
        ),
        StopDaemon(d) => IpvsMessage::new(
            IPVS_CMD_DEL_DAEMON,
            vec![IpvsAttr::Daemon(daemon::to_attrs(d))],
        ),
    }
}

impl Backend for IpvsSocket {
    fn info(&mut self) -> Result<Info> {
        self.get_info()
    }

    fn services(&mut self) -> Result<Vec<Service>> {
        let op = KernelOp::GetServices;
        let msgs = self
            .nl
            .dump(self.family, IpvsMessage::new(IPVS_CMD_GET_SERVICE, vec![]))
            .map_err(kernel(op))?;
        services_of(msgs, op)
    }

    fn service(&mut self, svc: &Service) -> Result<Service> {
        let op = KernelOp::GetService;
        let msg = IpvsMessage::new(IPVS_CMD_GET_SERVICE, vec![svc_attr(svc, SvcScope::Full)]);
        let msgs = self.nl.request(self.family, msg).map_err(kernel(op))?;
        services_of(msgs, op)?
            .into_iter()
            .next()
            .ok_or(Error::Kernel {
                op,
                errno: libc::ESRCH,
            })
    }

    fn dests(&mut self, svc: &Service) -> Result<Vec<Dest>> {
        let op = KernelOp::GetDests;
        let msg = IpvsMessage::new(IPVS_CMD_GET_DEST, vec![svc_attr(svc, SvcScope::Key)]);
        let msgs = self.nl.dump(self.family, msg).map_err(kernel(op))?;
        dests_of(msgs, svc.family())
    }

    /// The destination dumps on a fresh socket, read in small pieces
    /// (`netlink/table.rs`); the same outcome as the trait's default.
    fn read_table(&mut self) -> Result<Vec<ServiceEntry>> {
        let (netns, deadline) = (self.netns.clone(), self.deadline);
        super::table::read_table(&mut self.nl, self.family, || socket_in(&netns, deadline))
    }

    fn timeouts(&mut self) -> Result<Timeouts> {
        let op = KernelOp::GetTimeout;
        let msgs = self
            .nl
            .request(self.family, IpvsMessage::new(IPVS_CMD_GET_CONFIG, vec![]))
            .map_err(kernel(op))?;
        Ok(timeouts_of(msgs))
    }

    fn daemons(&mut self) -> Result<Vec<Daemon>> {
        let op = KernelOp::GetDaemon;
        let msgs = self
            .nl
            .dump(self.family, IpvsMessage::new(IPVS_CMD_GET_DAEMON, vec![]))
            .map_err(kernel(op))?;
        daemons_of(msgs)
    }

    fn apply_all(&mut self, reqs: &[Request]) -> Applied {
        let msgs: Vec<_> = reqs.iter().map(request_message).collect();
        self.requests_sent += msgs.len() as u64;
        applied_of(reqs, self.nl.batch_partial(self.family, msgs))
    }
}

/// A batch's outcomes as the trait gives them. A timeout is named after
/// the first request left without an answer, the first whose outcome it
/// made unknown.
pub fn applied_of(reqs: &[Request], b: BatchOutcome) -> Applied {
    let outcomes: Vec<Outcome> = b
        .answers
        .iter()
        .enumerate()
        .map(|(i, a)| match a {
            Some(0) => Outcome::Applied,
            Some(errno) => Outcome::Refused(*errno),
            None if i < b.sent => Outcome::Unknown,
            None => Outcome::NotSent,
        })
        .collect();
    let unanswered = outcomes.iter().position(|o| *o == Outcome::Unknown);
    let error = b.error.map(|e| match e {
        NlError::Errno(errno) => Error::Io(std::io::Error::from_raw_os_error(errno)),
        NlError::Protocol(m) => Error::Protocol(m),
        NlError::Timeout(after) => Error::Timeout {
            op: unanswered
                .and_then(|i| reqs.get(i))
                .or(reqs.last())
                .map_or(KernelOp::Flush, Request::op),
            after,
        },
    });
    Applied { outcomes, error }
}

#[cfg(test)]
#[path = "client_tests.rs"]
mod tests;
