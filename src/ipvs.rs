//! The one boundary between commands and the kernel. `netlink::IpvsSocket`
//! implements it for real; `kernel_model::KernelModel` implements it in
//! memory (to check a rule file, and for fast tests). Commands see nothing
//! else of netlink.

use crate::error::{KernelOp, Result};
use crate::model::{Daemon, Dest, Info, Service, Timeouts};

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

pub trait Ipvs {
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
