//! Test doubles around the kernel model, for unit tests, `tests/` and the
//! fuzz harnesses (built with `cfg(test)` or the `testing` feature, never
//! into the programs): a machine with fixed answers, and `Recording`, a
//! kernel that logs every request it is sent and can lose a service under
//! a listing. `faulty::Faulty` fails where a test says (issue 28).

pub mod faulty;

use crate::ipvs::{Applied, Ipvs, Request};
use crate::kernel_model::KernelModel;
use crate::model::{Daemon, Dest, Info, Service, ServiceKey, Timeouts};
use ::ipvs::Result;

pub use crate::kernel_model::{FixedMachine, STOCK_SCHEDULERS};

/// A kernel that records every request sent to it (`log`), and whose
/// services listed in `vanish_on_dests` are deleted (without a log entry)
/// when their destinations are asked for: a table that changes under a
/// listing.
#[derive(Debug, Clone)]
pub struct Recording<K> {
    pub inner: K,
    pub log: Vec<Request>,
    pub vanish_on_dests: Vec<ServiceKey>,
}

/// The kernel most tests run against: an empty model of a stock machine.
pub type TestKernel = Recording<KernelModel<FixedMachine>>;

impl<K> Recording<K> {
    pub fn wrap(inner: K) -> Recording<K> {
        Recording {
            inner,
            log: Vec::new(),
            vanish_on_dests: Vec::new(),
        }
    }
}

impl TestKernel {
    pub fn new() -> TestKernel {
        Recording::wrap(KernelModel::new(FixedMachine::Stock))
    }

    /// The table, each service with its destinations newest first.
    pub fn table(&self) -> Vec<(Service, Vec<Dest>)> {
        self.inner
            .table()
            .map(|(s, ds)| (s.clone(), ds.iter().cloned().collect()))
            .collect()
    }
}

impl Default for TestKernel {
    fn default() -> Self {
        TestKernel::new()
    }
}

impl<K: Ipvs> Ipvs for Recording<K> {
    fn info(&mut self) -> Result<Info> {
        self.inner.info()
    }

    fn services(&mut self) -> Result<Vec<Service>> {
        self.inner.services()
    }

    fn service(&mut self, svc: &Service) -> Result<Service> {
        self.inner.service(svc)
    }

    fn dests(&mut self, svc: &Service) -> Result<Vec<Dest>> {
        if let Some(v) = self.vanish_on_dests.iter().position(|k| *k == svc.key) {
            self.vanish_on_dests.remove(v);
            self.inner.apply_one(Request::DelService(svc.clone()))?;
        }
        self.inner.dests(svc)
    }

    fn timeouts(&mut self) -> Result<Timeouts> {
        self.inner.timeouts()
    }

    fn daemons(&mut self) -> Result<Vec<Daemon>> {
        self.inner.daemons()
    }

    fn apply_all(&mut self, reqs: &[Request]) -> Applied {
        self.log.extend_from_slice(reqs);
        self.inner.apply_all(reqs)
    }
}
