//! The drain's steps against the kernel: one read of a service's
//! destinations, one change, a round of the counters (deleting what is
//! drained, after a last look), and the services whose servers are all
//! gone. Each read or change that fails in a way that leaves the state
//! unknown is a `Halt`; the driver in drain.rs reports it.

use super::{count, service_text, Drain, Halt, Halted, State};
use crate::error::{kernel_message, Error};
use crate::ipvs::{Outcome, Request};
use crate::model::{Dest, Service};
use crate::save_restore::plan::command_line;

impl Drain<'_> {
    /// The service's destinations now; a failed dump stops the drain (it
    /// is never taken for "no destinations").
    pub(super) fn read(&mut self, svc: &Service) -> Result<Vec<Dest>, Halt> {
        self.ipvs
            .dests(svc)
            .map_err(|e| Box::new(Halted::Read(svc.clone(), e.into())))
    }

    /// The service's destinations once two successive dumps agree on
    /// which there are: the list a service's drain starts from, so that a
    /// dump torn by another writer does not leave one out (and have it
    /// taken later for a server added meanwhile).
    pub(super) fn read_settled(&mut self, svc: &Service) -> Result<Vec<Dest>, Halt> {
        let places = |ds: &[Dest]| {
            let mut p: Vec<_> = ds.iter().map(Dest::key).collect();
            p.sort();
            p
        };
        let mut last = self.read(svc)?;
        for _ in 1..super::MAX_READS {
            let next = self.read(svc)?;
            if places(&next) == places(&last) {
                return Ok(next);
            }
            last = next;
        }
        Err(Box::new(Halted::Read(
            svc.clone(),
            Error::List("its servers kept changing while they were read".into()),
        )))
    }

    /// Sends one change. `Ok(None)`: applied; `Ok(Some(errno))`: refused,
    /// and reported; no answer stops the drain.
    pub(super) fn send(&mut self, req: Request) -> Result<Option<i32>, Halt> {
        let mut applied = self.ipvs.apply_all(std::slice::from_ref(&req));
        match applied.outcomes.first() {
            Some(Outcome::Applied) => Ok(None),
            Some(Outcome::Refused(errno)) => {
                let m = kernel_message(req.op(), *errno);
                let _ = writeln!(self.err, "{} {}: {m}", self.prog, command_line(&req));
                Ok(Some(*errno))
            }
            _ => {
                self.settle(&req);
                Err(Box::new(Halted::Unanswered(
                    req,
                    applied.error.take().map(Error::from),
                )))
            }
        }
    }

    /// A change went unanswered: one more read tells what became of it, so
    /// that what the stopped drain reports is what the kernel has (if that
    /// read fails too, the state stays as it was last known).
    fn settle(&mut self, req: &Request) {
        match req {
            Request::EditDest(s, d) | Request::DelDest(s, d) => {
                let Ok(live) = self.ipvs.dests(s) else {
                    return;
                };
                let now = live.iter().find(|x| x.key() == d.key());
                let targets = self.ts.iter_mut();
                for t in targets.filter(|t| t.svc.key == s.key && t.dest.key() == d.key()) {
                    t.zeroed = now.is_some_and(|x| x.weight == 0);
                    t.removed = now.is_none();
                }
            }
            Request::DelService(s) => {
                let gone = matches!(
                    self.ipvs.service(s),
                    Err(::ipvs::Error::Kernel {
                        errno: libc::ESRCH,
                        ..
                    })
                );
                if gone {
                    for g in self.going.iter_mut().filter(|g| g.svc.key == s.key) {
                        g.state = State::Done;
                    }
                    for t in self.ts.iter_mut().filter(|t| t.svc.key == s.key) {
                        t.removed = true;
                    }
                }
            }
            _ => {}
        }
    }

    /// Reads the counters of every service with destinations still
    /// draining and deletes those drained (or all, once `expired`).
    /// Returns what is still waiting: destinations and connections.
    pub(super) fn poll(&mut self, expired: bool) -> Result<(usize, u64), Halt> {
        let mut left = (0usize, 0u64);
        let mut services: Vec<Service> = Vec::new();
        for t in self.ts.iter().filter(|t| t.state == State::Draining) {
            if !services.iter().any(|s| s.key == t.svc.key) {
                services.push(t.svc.clone());
            }
        }
        for svc in services {
            let live = self.read(&svc)?;
            let mut ready = Vec::new();
            for i in self.waiting_in(&svc) {
                match live.iter().find(|d| d.key() == self.ts[i].dest.key()) {
                    None => self.missing(i),
                    Some(d) if d.weight != 0 => self.came_back(i, d.weight),
                    Some(d) => {
                        self.ts[i].missed = 0;
                        let n = count(d);
                        if n > 0 && !expired {
                            left.0 += 1;
                            left.1 += n;
                        } else {
                            ready.push(i);
                        }
                    }
                }
            }
            if !ready.is_empty() {
                self.delete_ready(&svc, &ready, expired)?;
            }
        }
        Ok(left)
    }

    fn waiting_in(&self, svc: &Service) -> Vec<usize> {
        (0..self.ts.len())
            .filter(|&i| self.ts[i].state == State::Draining && self.ts[i].svc.key == svc.key)
            .collect()
    }

    /// Not in a dump: gone only when a second dump agrees (one torn by
    /// another writer can skip it).
    fn missing(&mut self, i: usize) {
        let t = &mut self.ts[i];
        t.missed += 1;
        if t.missed >= 2 {
            t.state = State::Done;
            t.removed = true;
            if self.opts.progress {
                let line = command_line(&Request::DelDest(t.svc.clone(), t.dest.clone()));
                let _ = writeln!(self.err, "{}: gone meanwhile: {line}", self.prog);
            }
        }
    }

    /// Another program gave it a weight again: it stays, and so does its
    /// service.
    fn came_back(&mut self, i: usize, weight: u32) {
        let t = &mut self.ts[i];
        t.state = State::Kept;
        // No longer at weight 0: not counted as left there.
        t.zeroed = false;
        self.result.kept += 1;
        let line = command_line(&Request::DelDest(t.svc.clone(), t.dest.clone()));
        let _ = writeln!(
            self.err,
            "{}: not deleted, its weight came back to {weight} meanwhile: {line}",
            self.prog
        );
    }

    /// The destinations `ready` looked drained: read once more, and
    /// delete only those still at weight 0 and idle (or past the
    /// deadline). A destination of a service to delete goes with it.
    fn delete_ready(&mut self, svc: &Service, ready: &[usize], expired: bool) -> Result<(), Halt> {
        let again = self.read(svc)?;
        for &i in ready {
            let Some(d) = again.iter().find(|d| d.key() == self.ts[i].dest.key()) else {
                // Counted as missing at the next round.
                continue;
            };
            if d.weight != 0 {
                self.came_back(i, d.weight);
                continue;
            }
            let n = count(d);
            if n > 0 && !expired {
                continue;
            }
            let t = &self.ts[i];
            let del = Request::DelDest(t.svc.clone(), t.dest.clone());
            let line = command_line(&del);
            if !t.with_service {
                match self.send(del)? {
                    None => self.result.deleted += 1,
                    // Deleted by another program meanwhile.
                    Some(libc::ENOENT) => {}
                    Some(_) => {
                        self.result.failed += 1;
                        self.ts[i].state = State::Kept;
                        continue;
                    }
                }
            }
            self.ts[i].state = State::Done;
            // A server of a service to delete goes with the service.
            self.ts[i].removed = !self.ts[i].with_service;
            if n > 0 {
                self.result.cut += 1;
                let _ = writeln!(
                    self.err,
                    "{}: drain time up, deleted with {n} connection(s) left: {line}",
                    self.prog
                );
            } else if self.opts.progress {
                let _ = writeln!(self.err, "{}: drained: {line}", self.prog);
            }
        }
        Ok(())
    }

    /// Deletes each service to delete whose destinations are all drained,
    /// after a last look: a server added meanwhile, or one whose weight
    /// came back, keeps it.
    pub(super) fn delete_services(&mut self, expired: bool) -> Result<(), Halt> {
        for g in 0..self.going.len() {
            if self.going[g].state != State::Draining {
                continue;
            }
            let svc = self.going[g].svc.clone();
            let state_of_mine = |state| {
                self.ts
                    .iter()
                    .any(|t| t.svc.key == svc.key && t.state == state)
            };
            if state_of_mine(State::Kept) {
                self.keep_service(g, "not all of its servers were drained");
                continue;
            }
            if state_of_mine(State::Draining) {
                continue;
            }
            let live = self.read(&svc)?;
            let ours = |d: &Dest| {
                self.ts
                    .iter()
                    .any(|t| t.svc.key == svc.key && t.dest.key() == d.key())
            };
            if let Some(d) = live.iter().find(|d| !ours(d)) {
                let why = format!("server {} was added to it meanwhile", addr_text(d));
                self.keep_service(g, &why);
                continue;
            }
            if let Some(d) = live.iter().find(|d| d.weight != 0) {
                let why = format!("server {} has weight {} again", addr_text(d), d.weight);
                self.keep_service(g, &why);
                continue;
            }
            if !expired && live.iter().any(|d| count(d) > 0) {
                continue;
            }
            let del = Request::DelService(svc);
            let line = command_line(&del);
            match self.send(del)? {
                None => {
                    self.result.deleted += 1;
                    if self.opts.progress {
                        let _ = writeln!(self.err, "{}: drained: {line}", self.prog);
                    }
                }
                Some(libc::ESRCH) => {}
                Some(_) => {
                    self.result.failed += 1;
                    self.going[g].state = State::Kept;
                    continue;
                }
            }
            self.going[g].state = State::Done;
            let key = self.going[g].svc.key;
            for t in self.ts.iter_mut().filter(|t| t.svc.key == key) {
                t.removed = true;
            }
        }
        Ok(())
    }

    fn keep_service(&mut self, g: usize, why: &str) {
        self.going[g].state = State::Kept;
        self.result.kept += 1;
        let svc = service_text(&self.going[g].svc);
        let _ = writeln!(self.err, "{}: service {svc} not deleted: {why}", self.prog);
    }
}

/// `192.168.0.9:80` (IPv6 in brackets), as the rule lines write it.
fn addr_text(d: &Dest) -> String {
    match d.addr {
        std::net::IpAddr::V6(a) => format!("[{a}]:{}", d.port),
        a => format!("{a}:{}", d.port),
    }
}
