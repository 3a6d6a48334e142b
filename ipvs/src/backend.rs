//! The one boundary between a program and the kernel's IPVS: [`Backend`],
//! its [`Request`]s, and what became of them: one [`Outcome`] per
//! request, gathered in [`Applied`] with the transport's error. The netlink socket implements it for the kernel;
//! [`KernelModel`](crate::KernelModel) implements it in memory, with the
//! kernel's rules and errnos (to check a rule file, and as a test double).
//! Programs see nothing else of netlink.

use crate::error::{KernelOp, Result};
use crate::model::{Daemon, Dest, Info, Service, ServiceEntry, Timeouts};

/// A change to the kernel's table. Each is one generic-netlink request;
/// a service is named by its [`key`](crate::model::Service::key), a
/// destination within it by [`Dest::key`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    /// Add a service (`IPVS_CMD_NEW_SERVICE`); EEXIST if its key is taken.
    AddService(Service),
    /// Replace a service's settings (`IPVS_CMD_SET_SERVICE`): every field
    /// is sent; its counters and destinations stay. ESRCH if absent.
    EditService(Service),
    /// Delete a service and its destinations (`IPVS_CMD_DEL_SERVICE`).
    DelService(Service),
    /// Add a destination to a service (`IPVS_CMD_NEW_DEST`); EEXIST if
    /// the service has one of that key.
    AddDest(Service, Dest),
    /// Replace a destination's settings (`IPVS_CMD_SET_DEST`); ENOENT if
    /// absent.
    EditDest(Service, Dest),
    /// Delete a destination (`IPVS_CMD_DEL_DEST`); ENOENT if absent.
    DelDest(Service, Dest),
    /// Delete every service (`IPVS_CMD_FLUSH`).
    Flush,
    /// Zero one service's counters, or all with `None` (`IPVS_CMD_ZERO`).
    Zero(Option<Service>),
    /// Set the protocol timeouts; a 0 leaves that one unchanged
    /// (`IPVS_CMD_SET_CONFIG`).
    SetTimeouts(Timeouts),
    /// Start a sync daemon (`IPVS_CMD_NEW_DAEMON`); EEXIST if one of its
    /// state runs.
    StartDaemon(Daemon),
    /// Stop the sync daemon of this state (`IPVS_CMD_DEL_DAEMON`); only
    /// its state is read.
    StopDaemon(Daemon),
}

impl Request {
    /// The operation the reference would name when this request fails.
    pub fn op(&self) -> KernelOp {
        match self {
            Request::AddService(_) => KernelOp::AddService,
            Request::EditService(_) => KernelOp::EditService,
            Request::DelService(_) => KernelOp::DelService,
            Request::AddDest(..) => KernelOp::AddDest,
            Request::EditDest(..) => KernelOp::EditDest,
            Request::DelDest(..) => KernelOp::DelDest,
            Request::Flush => KernelOp::Flush,
            Request::Zero(_) => KernelOp::Zero,
            Request::SetTimeouts(_) => KernelOp::SetTimeout,
            Request::StartDaemon(_) => KernelOp::StartDaemon,
            Request::StopDaemon(_) => KernelOp::StopDaemon,
        }
    }
}

/// What became of one request of a batch, even when the transport failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Acknowledged.
    Applied,
    /// Refused with this errno.
    Refused(i32),
    /// Sent, but the transport failed before its answer came: the kernel
    /// may or may not have applied it (re-read the table to know).
    Unknown,
    /// Never sent (the transport failed first): not applied.
    NotSent,
}

/// A batch's outcomes, one per request, and the transport error that
/// ended it early, if any. Every answer received before the error is kept.
#[derive(Debug)]
pub struct Applied {
    /// One per request, in the order sent.
    pub outcomes: Vec<Outcome>,
    /// The transport failure that ended the batch early, if one did.
    pub error: Option<crate::error::Error>,
}

/// What a program can ask of IPVS: the queries, and [`Backend::apply_all`]
/// for every change. Implemented by the netlink socket (the kernel) and by
/// [`KernelModel`](crate::KernelModel) (in memory, as the kernel would
/// answer).
///
/// ```
/// use ipvs::kernel_model::{FixedMachine, KernelModel};
/// use ipvs::model::{Dest, Forward, Scheduler, Service, ServiceKey};
/// use ipvs::{Backend, Outcome, Request};
///
/// let mut kernel = KernelModel::new(FixedMachine::Stock);
/// let web = Service::new(ServiceKey::tcp([10, 0, 0, 1], 80), Scheduler::Wrr);
/// let mut real = Dest::new([192, 168, 0, 2], 8080);
/// real.fwd = Forward::Masq;
/// real.weight = 3;
/// let done = kernel.apply_all(&[
///     Request::AddService(web.clone()),
///     Request::AddDest(web.clone(), real.clone()),
///     Request::AddDest(web.clone(), real),
/// ]);
/// // Each request is answered on its own: the second add of the same
/// // destination is refused with EEXIST, as the kernel refuses it.
/// assert_eq!(
///     done.outcomes,
///     [Outcome::Applied, Outcome::Applied, Outcome::Refused(libc::EEXIST)]
/// );
/// let table = kernel.read_table().unwrap();
/// assert_eq!(table[0].service.scheduler, Scheduler::Wrr);
/// assert_eq!(table[0].dests[0].weight, 3);
/// ```
pub trait Backend {
    /// The IPVS version and connection table size (`IPVS_CMD_GET_INFO`).
    fn info(&mut self) -> Result<Info>;
    /// Every service, in the kernel's dump (hash) order.
    fn services(&mut self) -> Result<Vec<Service>>;
    /// One service looked up by its key (`svc.key`).
    fn service(&mut self, svc: &Service) -> Result<Service>;
    /// The service's destinations, in the kernel's order (newest first).
    fn dests(&mut self, svc: &Service) -> Result<Vec<Dest>>;
    /// The protocol timeouts (`IPVS_CMD_GET_CONFIG`).
    fn timeouts(&mut self) -> Result<Timeouts>;
    /// Running sync daemons, as the kernel lists them.
    fn daemons(&mut self) -> Result<Vec<Daemon>>;
    /// Sends the requests in order and gives one [`Outcome`] per request:
    /// a refused request does not stop the later ones (the kernel applies
    /// each on its own), and when the transport fails part way, every
    /// answer received is kept, the requests sent but unanswered are
    /// `Unknown` and the rest `NotSent` ([`Applied::error`] says why).
    fn apply_all(&mut self, reqs: &[Request]) -> Applied;

    /// The whole table in kernel order: one service dump, then one
    /// destination dump per service. A service that disappears between the
    /// service dump and its destination dump (another process deleted it)
    /// comes without destinations, as the kernel answers that dump empty; a
    /// backend that answers ESRCH instead has the service left out. The
    /// reads are not atomic: another program's changes meanwhile can tear
    /// the result (read twice and compare where that matters).
    fn read_table(&mut self) -> Result<Vec<ServiceEntry>> {
        let services = self.services()?;
        let mut entries = Vec::with_capacity(services.len());
        for service in services {
            match self.dests(&service) {
                Ok(dests) => entries.push(ServiceEntry { service, dests }),
                Err(crate::error::Error::Kernel {
                    op: KernelOp::GetDests,
                    errno: libc::ESRCH,
                }) => continue,
                Err(e) => return Err(e),
            }
        }
        Ok(entries)
    }

    /// One request: `Ok` when applied, [`Error::Kernel`](crate::Error::Kernel)
    /// with the request and errno when refused, the transport's error
    /// when its answer never came.
    fn apply_one(&mut self, req: Request) -> Result<()> {
        let op = req.op();
        let mut applied = self.apply_all(std::slice::from_ref(&req));
        match applied.outcomes.first() {
            Some(Outcome::Applied) => Ok(()),
            Some(Outcome::Refused(errno)) => Err(crate::error::Error::Kernel { op, errno: *errno }),
            _ => Err(applied.error.take().unwrap_or_else(|| {
                crate::error::Error::Protocol("no answer to the request".into())
            })),
        }
    }
}
