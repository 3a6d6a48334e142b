//! The kernel's IPVS table in memory: what `ip_vs_ctl.c` holds (services
//! with their destinations, timeouts, sync daemons, info) and the errno it
//! answers each request with, so that a program can try its requests
//! without touching the kernel (`ipvsadm-restore --check` and `--converge`
//! run a rule file on it) and test what it does with the kernel's answers.
//! Where the answer depends on the machine (an interface, a module, an
//! address of this host) it asks a [`Machine`]. It keeps nothing else: no
//! request log, no test switches (test doubles wrap it). The rules
//! themselves are in `rules` (service and destination requests) and `sync`
//! (daemons), each citing the kernel function it mirrors (Linux 6.1).

mod fixed;
mod machine;
mod rules;
mod sync;
#[cfg(test)]
mod tests;

pub use fixed::{FixedMachine, STOCK_SCHEDULERS};
pub use machine::{Answer, Machine, Route, ThisMachine};

use std::collections::{BTreeMap, HashMap, VecDeque};

use crate::backend::{Applied, Backend, Outcome, Request};

/// A rule's verdict on one request: applied, or the kernel's errno.
type Ack = std::result::Result<(), i32>;
use crate::error::{Error, KernelOp, Result};
use crate::model::{
    Daemon, Dest, Forward, Info, Scheduler, Service, ServiceEntry, ServiceFlags, ServiceKey, Stats,
    Timeouts,
};

/// `GET_INFO` of every kernel since 2.6.28: IP_VS_VERSION_CODE 1.2.1 and
/// the default connection table size (CONFIG_IP_VS_TAB_BITS=12).
pub const INFO: Info = Info::new(0x010201, 4096);

#[derive(Debug, Clone)]
struct Entry {
    service: Service,
    /// Newest first, as `list_add_rcu` in `__ip_vs_update_dest` leaves them.
    dests: VecDeque<Dest>,
}

/// What the kernel holds, and its answers. Services are listed in the order
/// they were added (the kernel's hash order has no meaning to keep).
///
/// ```
/// use ipvs::kernel_model::{FixedMachine, KernelModel};
/// use ipvs::model::{Scheduler, Service, ServiceKey};
/// use ipvs::Request;
///
/// let mut kernel = KernelModel::new(FixedMachine::Stock);
/// let dns = Service::new(ServiceKey::udp([10, 0, 0, 53], 53), Scheduler::Rr);
/// assert_eq!(kernel.apply_request(&Request::AddService(dns.clone())), Ok(()));
/// assert_eq!(
///     kernel.apply_request(&Request::AddService(dns)),
///     Err(libc::EEXIST)
/// );
/// // A scheduler no module provides is ENOENT, as `request_module` fails.
/// let odd = Service::new(ServiceKey::udp([10, 0, 0, 54], 53), "nosuch".into());
/// assert_eq!(
///     kernel.apply_request(&Request::AddService(odd)),
///     Err(libc::ENOENT)
/// );
/// assert_eq!(kernel.table().count(), 1);
/// ```
#[derive(Debug, Clone)]
pub struct KernelModel<M> {
    machine: M,
    /// By order of addition; `index` finds them by key, so that a rule file
    /// of 100,000 services neither scans nor shifts the table per line.
    services: BTreeMap<u64, Entry>,
    index: HashMap<ServiceKey, u64>,
    next: u64,
    /// Destinations of another family than their service's
    /// (`ipvs->mixed_address_family_dests`): no sync daemon may start then.
    mixed_dests: usize,
    timeouts: Timeouts,
    /// At most one per state (`ipvs->mcfg` / `ipvs->bcfg`), as the kernel
    /// filled them in.
    daemons: Vec<Daemon>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum DestOp {
    Add,
    Edit,
    Del,
}

impl<M: Machine> KernelModel<M> {
    /// A fresh kernel: no services, no daemons, default timeouts.
    pub fn new(machine: M) -> KernelModel<M> {
        KernelModel {
            machine,
            services: BTreeMap::new(),
            index: HashMap::new(),
            next: 0,
            mixed_dests: 0,
            timeouts: Timeouts::KERNEL_DEFAULTS,
            daemons: Vec::new(),
        }
    }

    /// The services with their destinations (newest first), in listing
    /// order.
    pub fn table(&self) -> impl Iterator<Item = (&Service, &VecDeque<Dest>)> {
        self.services.values().map(|e| (&e.service, &e.dests))
    }

    /// The table, taken apart: what a listing of this kernel would show.
    pub fn into_entries(self) -> Vec<ServiceEntry> {
        self.services
            .into_values()
            .map(|e| ServiceEntry {
                service: e.service,
                dests: e.dests.into(),
            })
            .collect()
    }

    /// One request, answered as `ip_vs_genl_set_cmd` / `ip_vs_genl_set_daemon`
    /// would: the checks in the kernel's order, the first failing one's errno.
    pub fn apply_request(&mut self, req: &Request) -> Ack {
        use Request::*;
        match req {
            Flush => {
                // ip_vs_flush
                self.services.clear();
                self.index.clear();
                self.mixed_dests = 0;
                Ok(())
            }
            SetTimeouts(t) => self.set_timeouts(t),
            Zero(None) => {
                // ip_vs_zero_all
                for e in self.services.values_mut() {
                    zero(e);
                }
                Ok(())
            }
            Zero(Some(s)) => {
                let id = self.find(&s.key).ok_or(libc::ESRCH)?;
                zero(self.entry(id));
                Ok(())
            }
            AddService(s) => self.add_service(s),
            EditService(s) => self.edit_service(s),
            DelService(s) => {
                // ip_vs_del_service
                let id = self.find(&s.key).ok_or(libc::ESRCH)?;
                self.remove_service(id);
                Ok(())
            }
            AddDest(s, d) => self.dest_request(s, d, DestOp::Add),
            EditDest(s, d) => self.dest_request(s, d, DestOp::Edit),
            DelDest(s, d) => self.dest_request(s, d, DestOp::Del),
            StartDaemon(d) => self.start_daemon(d),
            StopDaemon(d) => self.stop_daemon(d),
        }
    }

    fn find(&self, key: &ServiceKey) -> Option<u64> {
        self.index.get(&kernel_key(key)).copied()
    }

    fn entry(&mut self, id: u64) -> &mut Entry {
        self.services.get_mut(&id).expect("index and table agree")
    }

    fn remove_service(&mut self, id: u64) {
        if let Some(e) = self.services.remove(&id) {
            self.index.remove(&e.service.key);
            let af = e.service.family();
            self.mixed_dests -= e.dests.iter().filter(|d| d.family() != af).count();
        }
    }

    /// ip_vs_genl_set_config -> ip_vs_set_timeout: 0 keeps the current value.
    fn set_timeouts(&mut self, t: &Timeouts) -> Ack {
        rules::timeouts(t)?;
        for (cur, new) in [
            (&mut self.timeouts.tcp, t.tcp),
            (&mut self.timeouts.tcp_fin, t.tcp_fin),
            (&mut self.timeouts.udp, t.udp),
        ] {
            if new != 0 {
                *cur = new;
            }
        }
        Ok(())
    }

    /// IPVS_CMD_NEW_SERVICE: the attribute policy, EEXIST, then
    /// ip_vs_add_service.
    fn add_service(&mut self, s: &Service) -> Ack {
        let (sched, pe) = rules::service_names(s)?;
        if self.find(&s.key).is_some() {
            return Err(libc::EEXIST);
        }
        self.lookup_modules(sched, pe)?;
        rules::netmask(s)?;
        let service = stored_service(s, sched, pe, Stats::default());
        let id = self.next;
        self.next += 1;
        self.index.insert(service.key, id);
        self.services.insert(
            id,
            Entry {
                service,
                dests: VecDeque::new(),
            },
        );
        Ok(())
    }

    /// IPVS_CMD_SET_SERVICE: the attribute policy, ESRCH, then
    /// ip_vs_edit_service. Counters and destinations stay.
    fn edit_service(&mut self, s: &Service) -> Ack {
        let (sched, pe) = rules::service_names(s)?;
        let id = self.find(&s.key).ok_or(libc::ESRCH)?;
        self.lookup_modules(sched, pe)?;
        rules::netmask(s)?;
        let e = self.entry(id);
        e.service = stored_service(s, sched, pe, e.service.stats);
        Ok(())
    }

    /// ip_vs_scheduler_get and ip_vs_pe_getbyname, which load
    /// `ip_vs_NAME` / `ip_vs_pe_NAME` on demand: ENOENT when this machine
    /// says it cannot; "none" is no scheduler at all.
    fn lookup_modules(&self, sched: &str, pe: &str) -> Ack {
        let sched_missing = sched != "none" && self.machine.can_load_scheduler(sched) == Answer::No;
        let pe_missing = !pe.is_empty() && self.machine.can_load_pe(pe) == Answer::No;
        if sched_missing || pe_missing {
            Err(libc::ENOENT)
        } else {
            Ok(())
        }
    }

    /// IPVS_CMD_NEW_DEST / SET_DEST / DEL_DEST in ip_vs_genl_set_cmd: the
    /// service (ESRCH), the mixed-family rules, then ip_vs_add_dest,
    /// ip_vs_edit_dest or ip_vs_del_dest.
    fn dest_request(&mut self, s: &Service, d: &Dest, op: DestOp) -> Ack {
        let id = self.find(&s.key).ok_or(libc::ESRCH)?;
        let svc_af = self.services[&id].service.family();
        let mixed = d.family() != svc_af;
        if op != DestOp::Del {
            rules::mixed_family(svc_af, d, !self.daemons.is_empty())?;
            rules::dest_values(d)?;
        }
        let at = self.services[&id]
            .dests
            .iter()
            .position(|x| x.key() == d.key());
        match (op, at) {
            (DestOp::Add, Some(_)) => return Err(libc::EEXIST),
            (DestOp::Add, None) => {
                // ip_vs_new_dest
                rules::dest_address(&d.addr, || self.machine.route(&d.addr))?;
                self.entry(id).dests.push_front(stored_dest(d, None));
                self.mixed_dests += usize::from(mixed);
            }
            (DestOp::Edit | DestOp::Del, None) => return Err(libc::ENOENT),
            (DestOp::Edit, Some(j)) => {
                let dests = &mut self.entry(id).dests;
                dests[j] = stored_dest(d, Some(&dests[j]));
            }
            (DestOp::Del, Some(j)) => {
                self.entry(id).dests.remove(j);
                self.mixed_dests -= usize::from(mixed);
            }
        }
        Ok(())
    }
}

/// The key as ip_vs_genl_parse_service reads it: a zero fwmark is no
/// fwmark, so the service is TCP on the family's zero address, port 0.
fn kernel_key(key: &ServiceKey) -> ServiceKey {
    match *key {
        ServiceKey::Fwmark { mark: 0, af } => ServiceKey::tcp(af.unspecified(), 0),
        k => k,
    }
}

/// A service as the kernel keeps it: hashed, with the names it read (an
/// empty engine name is none).
fn stored_service(s: &Service, sched: &str, pe: &str, stats: Stats) -> Service {
    Service {
        key: kernel_key(&s.key),
        scheduler: Scheduler::from_name(sched),
        pe_name: (!pe.is_empty()).then(|| pe.to_string()),
        flags: s.flags | ServiceFlags::HASHED,
        timeout: s.timeout,
        netmask: s.netmask,
        stats,
    }
}

/// A destination as __ip_vs_update_dest leaves it: the forwarding method
/// masked (ip_vs_genl_parse_dest), counters new or kept on an edit.
fn stored_dest(d: &Dest, old: Option<&Dest>) -> Dest {
    let fresh = Dest::default();
    let keep = old.unwrap_or(&fresh);
    Dest {
        fwd: Forward::from_raw(d.fwd.to_raw()),
        active_conns: keep.active_conns,
        inact_conns: keep.inact_conns,
        persist_conns: keep.persist_conns,
        stats: keep.stats,
        ..d.clone()
    }
}

/// ip_vs_zero_service
fn zero(e: &mut Entry) {
    e.service.stats = Stats::default();
    e.dests.iter_mut().for_each(|d| d.stats = Stats::default());
}

impl<M: Machine> Backend for KernelModel<M> {
    fn info(&mut self) -> Result<Info> {
        Ok(INFO)
    }

    fn services(&mut self) -> Result<Vec<Service>> {
        Ok(self.table().map(|(s, _)| s.clone()).collect())
    }

    fn service(&mut self, svc: &Service) -> Result<Service> {
        self.find(&svc.key)
            .map(|id| self.services[&id].service.clone())
            .ok_or(Error::Kernel {
                op: KernelOp::GetService,
                errno: libc::ESRCH,
            })
    }

    /// ip_vs_genl_dump_dests: a service that is not there (deleted by
    /// another process since it was listed) ends the dump with nothing,
    /// not an error (`IS_ERR_OR_NULL(svc)` goes to `out_err`, which
    /// returns `skb->len`, 0).
    fn dests(&mut self, svc: &Service) -> Result<Vec<Dest>> {
        Ok(self
            .find(&svc.key)
            .map(|id| self.services[&id].dests.iter().cloned().collect())
            .unwrap_or_default())
    }

    fn timeouts(&mut self) -> Result<Timeouts> {
        Ok(self.timeouts)
    }

    fn daemons(&mut self) -> Result<Vec<Daemon>> {
        let mut d = self.daemons.clone();
        d.sort_by_key(|x| x.state.to_raw());
        Ok(d)
    }

    /// Each request checked and applied on its own, as the kernel does; a
    /// model has no transport to fail.
    fn apply_all(&mut self, reqs: &[Request]) -> Applied {
        let outcomes = reqs
            .iter()
            .map(|r| match self.apply_request(r) {
                Ok(()) => Outcome::Applied,
                Err(errno) => Outcome::Refused(errno),
            })
            .collect();
        Applied {
            outcomes,
            error: None,
        }
    }
}
