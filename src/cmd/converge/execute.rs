//! The converge plan applied in phases with dependencies, keeping every
//! request's fate. Phases: services added or changed; then their real
//! servers added or changed (a real server whose service could not be
//! added is not sent: it could only fail with ESRCH); then, only when
//! everything before succeeded, the deletions (real servers, then
//! services). So a destination or service that the file replaces is
//! removed only once its replacement is in place, and a refusal leaves the
//! old table standing.
//!
//! A transport failure (ENOBUFS, a datagram that does not decode) ends the
//! phase without losing the answers already read; the requests sent but
//! unanswered are settled by reading the table again. A signal stops the
//! run before the next phase.

use crate::error::Error;
use crate::ipvs::{Ipvs, Outcome, Request};
use crate::model::{ServiceEntry, ServiceKey};
use crate::save_restore::plan::{same_dest, same_service};
use std::collections::HashMap;

/// Why a request was not sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    /// Its service could not be added.
    ParentFailed,
    /// A deletion, held back because a change before it failed.
    EarlierFailure,
    /// A signal stopped the run before its phase.
    Interrupted,
    /// The transport failed before it was sent.
    TransportFailed,
}

/// What became of one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fate {
    Applied,
    Refused(i32),
    /// Sent, unanswered because the transport failed; the table read
    /// afterwards shows whether it took effect.
    Settled {
        applied: bool,
    },
    /// Sent, unanswered, and the table could not be read to tell.
    Unknown,
    Held(Why),
}

impl Fate {
    fn took_effect(self) -> bool {
        matches!(self, Fate::Applied | Fate::Settled { applied: true })
    }
}

/// The run: each request's fate (in the plan's order), the transport
/// error and the signal that ended it early, if any.
#[derive(Debug)]
pub struct Execution {
    pub fates: Vec<Fate>,
    pub transport: Option<Error>,
    pub interrupted: Option<i32>,
}

impl Execution {
    /// Whether every request took effect.
    pub fn complete(&self) -> bool {
        self.fates.iter().all(|f| f.took_effect())
    }
}

fn phase_of(req: &Request) -> usize {
    match req {
        Request::AddService(_) | Request::EditService(_) => 0,
        Request::AddDest(..) | Request::EditDest(..) => 1,
        _ => 2,
    }
}

/// Applies `plan` to `ipvs`; `stop` is asked before each phase.
pub fn execute(ipvs: &mut dyn Ipvs, plan: &[Request], stop: &dyn Fn() -> Option<i32>) -> Execution {
    let mut fates: Vec<Option<Fate>> = vec![None; plan.len()];
    let mut run = Execution {
        fates: Vec::new(),
        transport: None,
        interrupted: None,
    };
    // The service each added service's real servers depend on.
    let added: HashMap<ServiceKey, usize> = plan
        .iter()
        .enumerate()
        .filter_map(|(i, r)| match r {
            Request::AddService(s) => Some((s.key, i)),
            _ => None,
        })
        .collect();
    for phase in 0..3 {
        let idx: Vec<usize> = (0..plan.len())
            .filter(|&i| phase_of(&plan[i]) == phase)
            .collect();
        if idx.is_empty() {
            continue;
        }
        let failed_before = fates.iter().flatten().any(|f| !f.took_effect());
        let hold = if run.transport.is_some() {
            Some(Why::TransportFailed)
        } else if let Some(sig) = stop() {
            run.interrupted = Some(sig);
            Some(Why::Interrupted)
        } else if phase == 2 && failed_before {
            Some(Why::EarlierFailure)
        } else {
            None
        };
        if let Some(why) = hold {
            idx.iter().for_each(|&i| fates[i] = Some(Fate::Held(why)));
            continue;
        }
        let mut send = Vec::with_capacity(idx.len());
        for &i in &idx {
            let parent = match &plan[i] {
                Request::AddDest(s, _) | Request::EditDest(s, _) => added.get(&s.key),
                _ => None,
            };
            match parent.and_then(|&p| fates[p]) {
                Some(f) if !f.took_effect() => fates[i] = Some(Fate::Held(Why::ParentFailed)),
                _ => send.push(i),
            }
        }
        let reqs: Vec<Request> = send.iter().map(|&i| plan[i].clone()).collect();
        let applied = ipvs.apply_all(&reqs);
        let mut unknown = Vec::new();
        for (&i, outcome) in send.iter().zip(&applied.outcomes) {
            fates[i] = Some(match outcome {
                Outcome::Applied => Fate::Applied,
                Outcome::Refused(errno) => Fate::Refused(*errno),
                Outcome::NotSent => Fate::Held(Why::TransportFailed),
                Outcome::Unknown => {
                    unknown.push(i);
                    Fate::Unknown
                }
            });
        }
        if let Some(e) = applied.error {
            run.transport = Some(e.into());
            settle(ipvs, plan, &unknown, &mut fates);
        }
    }
    run.fates = fates
        .into_iter()
        .map(|f| f.unwrap_or(Fate::Held(Why::TransportFailed)))
        .collect();
    run
}

/// Reads the table once more and tells, for each request in `unknown`,
/// whether the kernel applied it. If the table cannot be read, they stay
/// unknown.
fn settle(ipvs: &mut dyn Ipvs, plan: &[Request], unknown: &[usize], fates: &mut [Option<Fate>]) {
    let Ok(live) = ipvs.read_table() else {
        return;
    };
    for &i in unknown {
        fates[i] = Some(Fate::Settled {
            applied: in_effect(&live, &plan[i]),
        });
    }
}

/// Whether `live` shows what `req` asks for.
pub fn in_effect(live: &[ServiceEntry], req: &Request) -> bool {
    let find = |key: &ServiceKey| live.iter().find(|e| e.service.key == *key);
    match req {
        Request::AddService(s) | Request::EditService(s) => {
            find(&s.key).is_some_and(|e| same_service(&e.service, s))
        }
        Request::DelService(s) => find(&s.key).is_none(),
        Request::AddDest(s, d) | Request::EditDest(s, d) => find(&s.key).is_some_and(|e| {
            e.dests
                .iter()
                .any(|x| x.key() == d.key() && same_dest(x, d))
        }),
        Request::DelDest(s, d) => {
            find(&s.key).is_none_or(|e| !e.dests.iter().any(|x| x.key() == d.key()))
        }
        _ => false,
    }
}
