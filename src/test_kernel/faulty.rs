//! `Faulty`: a kernel handle that fails where a test says, for the fault
//! sweeps of the live-apply path (issue 28) and the converge fuzz target.
//! It sits on the `Ipvs` boundary and fails as the netlink layer below it
//! reports a fault once its own retries are spent: ENOBUFS and EIO as the
//! request's kernel error, a truncated reply as a protocol error, a
//! silent kernel as `Error::Timeout`. EINTR is retried below the boundary
//! (netlink/socket.rs), so an EINTR fault is absorbed and the call goes
//! through: the sweep checks that such a run ends as a clean one.
//!
//! It also plays the director's traffic: destinations listed in `busy`
//! show that many inactive connections, one fewer after each dump of
//! their service (connections end as time passes), and every deletion of
//! a destination that still had connections or weight is recorded in
//! `cut`, which a drain must never do before its deadline.

use crate::ipvs::{Applied, Ipvs, Outcome, Request};
use crate::model::{Daemon, Dest, Info, Service, Timeouts};
use ::ipvs::{Error, KernelOp, Result};
use std::net::IpAddr;
use std::time::Duration;

/// What goes wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    Enobufs,
    Eintr,
    Eio,
    Truncated,
    Timeout,
}

impl Fault {
    pub const ALL: [Fault; 5] = [
        Fault::Enobufs,
        Fault::Eintr,
        Fault::Eio,
        Fault::Truncated,
        Fault::Timeout,
    ];

    /// The error the layer below gives for this fault in `op`; `None`
    /// where it retries (EINTR).
    pub fn error(self, op: KernelOp) -> Option<Error> {
        Some(match self {
            Fault::Enobufs => Error::Kernel {
                op,
                errno: libc::ENOBUFS,
            },
            Fault::Eio => Error::Kernel {
                op,
                errno: libc::EIO,
            },
            Fault::Truncated => Error::Protocol("reply of 4096 bytes truncated to 1024".into()),
            Fault::Timeout => Error::Timeout {
                op,
                after: Duration::from_secs(5),
            },
            Fault::Eintr => return None,
        })
    }
}

/// Where the fault strikes: the Nth (from 0) of these steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Site {
    /// A read: each dump of a table read (the services, then each
    /// service's destinations) and each single request is one.
    Call(usize),
    /// The answer to a change: lost, the change applied anyway (`true`)
    /// or not; the changes after it in the batch are not sent.
    Ack(usize, bool),
    /// A destination dump torn by another writer: its busiest destination
    /// is left out (IPVS dumps resume by index, never flag it).
    Tear(usize),
}

pub struct Faulty<K> {
    pub inner: K,
    pub fault: Fault,
    pub site: Option<Site>,
    /// Whether the fault struck (a site past the run's steps never does).
    pub fired: bool,
    pub calls: usize,
    pub acks: usize,
    pub dumps: usize,
    /// Destinations at this address show this many inactive connections.
    pub busy: Vec<(IpAddr, u32)>,
    /// Deletions of a destination with connections or weight: (request,
    /// connections, weight).
    pub cut: Vec<(Request, u32, u32)>,
}

impl<K: Ipvs> Faulty<K> {
    pub fn new(inner: K, fault: Fault, site: Option<Site>) -> Faulty<K> {
        Faulty {
            inner,
            fault,
            site,
            fired: false,
            calls: 0,
            acks: 0,
            dumps: 0,
            busy: Vec::new(),
            cut: Vec::new(),
        }
    }

    /// Counts a read; fails it if it is the one.
    fn call(&mut self, op: KernelOp) -> Result<()> {
        let n = self.calls;
        self.calls += 1;
        if self.site == Some(Site::Call(n)) {
            self.fired = true;
            if let Some(e) = self.fault.error(op) {
                return Err(e);
            }
        }
        Ok(())
    }

    fn conns(&self, d: &Dest) -> u32 {
        self.busy.iter().find(|b| b.0 == d.addr).map_or(0, |b| b.1)
    }

    /// Records what a deletion would cut, looked at before it is applied.
    fn watch(&mut self, req: &Request) {
        let (svc, only) = match req {
            Request::DelDest(s, d) => (s, Some(d)),
            Request::DelService(s) => (s, None),
            _ => return,
        };
        let Ok(dests) = self.inner.dests(svc) else {
            return;
        };
        for d in dests {
            if only.is_some_and(|o| o.addr != d.addr || o.port != d.port) {
                continue;
            }
            let n = self.conns(&d);
            if n > 0 || d.weight > 0 {
                self.cut.push((req.clone(), n, d.weight));
            }
        }
    }

    fn apply_one(&mut self, req: &Request) -> Outcome {
        self.watch(req);
        let applied = self.inner.apply_all(std::slice::from_ref(req));
        applied
            .outcomes
            .first()
            .copied()
            .unwrap_or(Outcome::Unknown)
    }
}

impl<K: Ipvs> Ipvs for Faulty<K> {
    /// Not a step: the programs read it once when they open the kernel,
    /// before any command (a failure there is an init error).
    fn info(&mut self) -> Result<Info> {
        self.inner.info()
    }

    fn services(&mut self) -> Result<Vec<Service>> {
        self.call(KernelOp::GetServices)?;
        self.inner.services()
    }

    fn service(&mut self, svc: &Service) -> Result<Service> {
        self.call(KernelOp::GetService)?;
        self.inner.service(svc)
    }

    fn dests(&mut self, svc: &Service) -> Result<Vec<Dest>> {
        self.call(KernelOp::GetDests)?;
        let mut ds = self.inner.dests(svc)?;
        for d in ds.iter_mut() {
            d.inact_conns = self.conns(d);
        }
        let n = self.dumps;
        self.dumps += 1;
        if self.site == Some(Site::Tear(n)) && !ds.is_empty() {
            self.fired = true;
            let busiest = (0..ds.len())
                .max_by_key(|&i| ds[i].inact_conns)
                .unwrap_or(0);
            ds.remove(busiest);
        }
        // Connections end as time goes by.
        let listed: Vec<IpAddr> = ds.iter().map(|d| d.addr).collect();
        for b in self.busy.iter_mut().filter(|b| listed.contains(&b.0)) {
            b.1 = b.1.saturating_sub(1);
        }
        Ok(ds)
    }

    fn timeouts(&mut self) -> Result<Timeouts> {
        self.call(KernelOp::GetTimeout)?;
        self.inner.timeouts()
    }

    fn daemons(&mut self) -> Result<Vec<Daemon>> {
        self.call(KernelOp::GetDaemon)?;
        self.inner.daemons()
    }

    fn apply_all(&mut self, reqs: &[Request]) -> Applied {
        let mut outcomes = Vec::with_capacity(reqs.len());
        let mut error = None;
        for req in reqs {
            if error.is_some() {
                outcomes.push(Outcome::NotSent);
                continue;
            }
            let n = self.acks;
            self.acks += 1;
            match self.site {
                Some(Site::Ack(k, applied)) if k == n => {
                    self.fired = true;
                    match self.fault.error(req.op()) {
                        Some(e) => {
                            if applied {
                                self.apply_one(req);
                            }
                            outcomes.push(Outcome::Unknown);
                            error = Some(e);
                        }
                        None => outcomes.push(self.apply_one(req)),
                    }
                }
                _ => outcomes.push(self.apply_one(req)),
            }
        }
        Applied { outcomes, error }
    }
}
