//! An in-memory IPVS for fast tests: the kernel's table semantics and the
//! errnos it answers with (checked against a 6.1 kernel through the
//! reference's messages, shared/ipvsadm-behavior.md §5.3), without netlink.

use std::collections::HashMap;

use crate::error::{Error, KernelOp, Result};
use crate::ipvs::{Ack, Ipvs, Request};
use crate::model::{svc_flags, Daemon, Dest, Info, Service, ServiceKey, Timeouts};

/// Schedulers a stock kernel can load on demand.
pub const KNOWN_SCHEDULERS: &[&str] = &[
    "rr", "wrr", "lc", "wlc", "lblc", "lblcr", "dh", "sh", "sed", "nq", "fo", "ovf", "mh", "twos",
];

#[derive(Debug, Clone)]
pub struct FakeIpvs {
    /// Services in insertion order (the kernel's is hash order), each with
    /// its dests newest first, as the kernel lists them.
    pub table: Vec<(Service, Vec<Dest>)>,
    /// Where each service is in `table`: simulating a rule file of 100,000
    /// services scanned the list for every line otherwise.
    index: HashMap<ServiceKey, usize>,
    pub timeouts: Timeouts,
    pub daemons: Vec<Daemon>,
    pub info: Info,
    /// Every request applied, in order, for assertions.
    pub log: Vec<Request>,
    /// Services that vanish when their dests are asked for (a table that
    /// changes under a listing).
    pub vanish_on_dests: Vec<ServiceKey>,
    /// Accept any scheduler name (a kernel may have schedulers we do not
    /// know); used when a rule file is simulated rather than applied.
    pub any_scheduler: bool,
}

impl Default for FakeIpvs {
    fn default() -> Self {
        FakeIpvs {
            table: Vec::new(),
            index: HashMap::new(),
            timeouts: Timeouts::KERNEL_DEFAULTS,
            daemons: Vec::new(),
            info: Info {
                version: 0x010201,
                conn_tab_size: 4096,
            },
            log: Vec::new(),
            vanish_on_dests: Vec::new(),
            any_scheduler: false,
        }
    }
}

fn check_sched(s: &Service) -> std::result::Result<(), i32> {
    let sched_ok = KNOWN_SCHEDULERS.contains(&s.sched_name.as_str());
    let pe_ok = s.pe_name.is_empty() || s.pe_name == "sip";
    if sched_ok && pe_ok {
        Ok(())
    } else {
        Err(libc::ENOENT)
    }
}

impl FakeIpvs {
    pub fn new() -> FakeIpvs {
        FakeIpvs::default()
    }

    fn find(&self, key: &ServiceKey) -> Option<usize> {
        self.index.get(key).copied()
    }

    /// A destination of a service, or the kernel's errno: ESRCH for a
    /// missing service, ENOENT for a missing destination.
    fn find_dest(&self, s: &Service, d: &Dest) -> std::result::Result<(usize, usize), i32> {
        let i = self.find(&s.key).ok_or(libc::ESRCH)?;
        let j = self.table[i]
            .1
            .iter()
            .position(|x| x.addr == d.addr && x.port == d.port)
            .ok_or(libc::ENOENT)?;
        Ok((i, j))
    }

    fn push_service(&mut self, s: Service) {
        self.index.insert(s.key, self.table.len());
        self.table.push((s, Vec::new()));
    }

    /// Removes a service, keeping the table's order (the kernel's listing
    /// order stands in for it); the positions after it move down.
    fn remove_service(&mut self, i: usize) {
        let (s, _) = self.table.remove(i);
        self.index.remove(&s.key);
        for (j, (t, _)) in self.table.iter().enumerate().skip(i) {
            self.index.insert(t.key, j);
        }
    }

    fn stored(s: &Service) -> Service {
        let mut s = s.clone();
        s.flags |= svc_flags::HASHED;
        s
    }

    fn apply_one_req(&mut self, req: &Request) -> std::result::Result<(), i32> {
        use Request::*;
        match req {
            AddService(s) => {
                if self.find(&s.key).is_some() {
                    return Err(libc::EEXIST);
                }
                if !self.any_scheduler {
                    check_sched(s)?;
                }
                self.push_service(Self::stored(s));
            }
            EditService(s) => {
                let i = self.find(&s.key).ok_or(libc::ESRCH)?;
                if !self.any_scheduler {
                    check_sched(s)?;
                }
                let stats = self.table[i].0.stats;
                self.table[i].0 = Service {
                    stats,
                    ..Self::stored(s)
                };
            }
            DelService(s) => {
                let i = self.find(&s.key).ok_or(libc::ESRCH)?;
                self.remove_service(i);
            }
            AddDest(s, d) => {
                let i = self.find(&s.key).ok_or(libc::ESRCH)?;
                let dests = &mut self.table[i].1;
                if dests.iter().any(|x| x.addr == d.addr && x.port == d.port) {
                    return Err(libc::EEXIST);
                }
                dests.insert(0, d.clone());
            }
            EditDest(s, d) => {
                let (i, j) = self.find_dest(s, d)?;
                let dests = &mut self.table[i].1;
                let keep = dests[j].clone();
                dests[j] = Dest {
                    active_conns: keep.active_conns,
                    inact_conns: keep.inact_conns,
                    persist_conns: keep.persist_conns,
                    stats: keep.stats,
                    ..d.clone()
                };
            }
            DelDest(s, d) => {
                let (i, j) = self.find_dest(s, d)?;
                self.table[i].1.remove(j);
            }
            Flush => {
                self.table.clear();
                self.index.clear();
            }
            Zero(None) => {
                for (s, ds) in &mut self.table {
                    s.stats = Default::default();
                    ds.iter_mut().for_each(|d| d.stats = Default::default());
                }
            }
            Zero(Some(s)) => {
                let i = self.find(&s.key).ok_or(libc::ESRCH)?;
                self.table[i].0.stats = Default::default();
                self.table[i]
                    .1
                    .iter_mut()
                    .for_each(|d| d.stats = Default::default());
            }
            SetTimeouts(t) => {
                // 0 keeps the current value, as in the kernel.
                for (cur, new) in [
                    (&mut self.timeouts.tcp, t.tcp),
                    (&mut self.timeouts.tcp_fin, t.tcp_fin),
                    (&mut self.timeouts.udp, t.udp),
                ] {
                    if new != 0 {
                        *cur = new;
                    }
                }
            }
            StartDaemon(d) => {
                if self.daemons.iter().any(|x| x.state == d.state) {
                    return Err(libc::EEXIST);
                }
                if d.mcast_ifn != "lo" && !d.mcast_ifn.starts_with("veth") {
                    return Err(libc::ENODEV);
                }
                self.daemons.push(d.clone());
            }
            StopDaemon(d) => {
                let i = self
                    .daemons
                    .iter()
                    .position(|x| x.state == d.state)
                    .ok_or(libc::ESRCH)?;
                self.daemons.remove(i);
            }
        }
        Ok(())
    }
}

impl Ipvs for FakeIpvs {
    fn info(&mut self) -> Result<Info> {
        Ok(self.info)
    }

    fn services(&mut self) -> Result<Vec<Service>> {
        Ok(self.table.iter().map(|(s, _)| s.clone()).collect())
    }

    fn service(&mut self, svc: &Service) -> Result<Service> {
        self.find(&svc.key)
            .map(|i| self.table[i].0.clone())
            .ok_or(Error::Kernel {
                op: KernelOp::GetService,
                errno: libc::ESRCH,
            })
    }

    fn dests(&mut self, svc: &Service) -> Result<Vec<Dest>> {
        if let Some(v) = self.vanish_on_dests.iter().position(|k| *k == svc.key) {
            self.vanish_on_dests.remove(v);
            if let Some(i) = self.find(&svc.key) {
                self.remove_service(i);
            }
        }
        self.find(&svc.key)
            .map(|i| self.table[i].1.clone())
            .ok_or(Error::Kernel {
                op: KernelOp::GetDests,
                errno: libc::ESRCH,
            })
    }

    fn timeouts(&mut self) -> Result<Timeouts> {
        Ok(self.timeouts)
    }

    fn daemons(&mut self) -> Result<Vec<Daemon>> {
        let mut d = self.daemons.clone();
        d.sort_by_key(|x| x.state.to_raw());
        Ok(d)
    }

    fn apply(&mut self, reqs: &[Request]) -> Result<Vec<Ack>> {
        Ok(reqs
            .iter()
            .map(|r| {
                self.log.push(r.clone());
                self.apply_one_req(r)
            })
            .collect())
    }
}
