//! The one boundary between commands and the kernel. `netlink::IpvsSocket`
//! implements it for real; `kernel_model::KernelModel` implements it in
//! memory (to check a rule file, and for fast tests). Commands see nothing
//! else of netlink.

use crate::error::{KernelOp, Result};
use crate::model::{Daemon, Dest, Info, Service, ServiceEntry, Timeouts};

/// A change to the kernel's table. Each is one generic-netlink request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    AddService(Service),
    EditService(Service),
    DelService(Service),
    AddDest(Service, Dest),
    EditDest(Service, Dest),
    DelDest(Service, Dest),
    Flush,
    /// Zero one service's counters, or all with `None`.
    Zero(Option<Service>),
    SetTimeouts(Timeouts),
    StartDaemon(Daemon),
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

/// The kernel's answer to one request of a batch: `Err(errno)` on a NACK.
pub type Ack = std::result::Result<(), i32>;

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
    pub outcomes: Vec<Outcome>,
    pub error: Option<crate::error::Error>,
}

pub trait Backend {
    fn info(&mut self) -> Result<Info>;
    /// Every service, in the kernel's dump (hash) order.
    fn services(&mut self) -> Result<Vec<Service>>;
    /// One service looked up by its key (`svc.key`).
    fn service(&mut self, svc: &Service) -> Result<Service>;
    /// The service's destinations, in the kernel's order (newest first).
    fn dests(&mut self, svc: &Service) -> Result<Vec<Dest>>;
    fn timeouts(&mut self) -> Result<Timeouts>;
    /// Running sync daemons, as the kernel lists them.
    fn daemons(&mut self) -> Result<Vec<Daemon>>;
    /// Sends the requests in order and returns one answer per request. A
    /// failing request does not stop the later ones (the kernel applies each
    /// on its own). The outer error is for transport failures only.
    fn apply(&mut self, reqs: &[Request]) -> Result<Vec<Ack>>;

    /// `apply`, keeping every outcome when the transport fails part way.
    /// The default knows nothing of a partial batch: a transport error
    /// leaves every request's outcome unknown.
    fn apply_all(&mut self, reqs: &[Request]) -> Applied {
        match self.apply(reqs) {
            Ok(acks) => Applied {
                outcomes: acks
                    .into_iter()
                    .map(|a| match a {
                        Ok(()) => Outcome::Applied,
                        Err(e) => Outcome::Refused(e),
                    })
                    .collect(),
                error: None,
            },
            Err(e) => Applied {
                outcomes: vec![Outcome::Unknown; reqs.len()],
                error: Some(e),
            },
        }
    }

    /// The whole table in kernel order: one service dump, then one
    /// destination dump per service. A service that disappears between the
    /// service dump and its destination dump (another process deleted it)
    /// is left out; the reference instead stops its listing with an error.
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

    /// One request; its NACK becomes the reference's kernel error.
    fn apply_one(&mut self, req: Request) -> Result<()> {
        let op = req.op();
        let acks = self.apply(std::slice::from_ref(&req))?;
        match acks.first() {
            Some(Ok(())) => Ok(()),
            Some(Err(errno)) => Err(crate::error::Error::Kernel { op, errno: *errno }),
            None => Err(crate::error::Error::Protocol(
                "no answer to the request".into(),
            )),
        }
    }
}
