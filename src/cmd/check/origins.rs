//! Which rule line made each service and destination of the simulated
//! table: the line of a service's `-A` (the table's warnings name it) and
//! the line that last set a service or a destination (`--converge` names a
//! refused change by it). It follows the table, not the file: it learns
//! only the changes the kernel model accepted, a deletion drops what it
//! deletes and `-C` drops everything, so a file that adds and deletes
//! 500,000 services holds no more here than its largest table.

use crate::ipvs::Request;
use crate::model::{Dest, Service, ServiceKey};
use std::collections::HashMap;
use std::net::IpAddr;

/// The lines behind the services and destinations in the table.
#[derive(Debug, Default)]
pub struct Origins {
    services: HashMap<ServiceKey, ServiceOrigin>,
}

#[derive(Debug)]
struct ServiceOrigin {
    /// The `-A` that added it.
    added: usize,
    /// The last `-A` or `-E`.
    set: usize,
    /// Each destination's last `-a` or `-e`, by `Dest::key` (as the
    /// kernel tells destinations apart).
    dests: HashMap<(IpAddr, u16), usize>,
}

/// The service a request is about, if it is about one.
pub fn service_of(req: &Request) -> Option<&Service> {
    match req {
        Request::AddService(s) | Request::EditService(s) | Request::DelService(s) => Some(s),
        Request::AddDest(s, _) | Request::EditDest(s, _) | Request::DelDest(s, _) => Some(s),
        _ => None,
    }
}

impl Origins {
    /// `req`, which the kernel model accepted, came from `line`. Keys are
    /// the parser's, which are already the kernel's (it never makes a
    /// fwmark-0 service).
    pub fn applied(&mut self, req: &Request, line: usize) {
        match req {
            // Released, not only emptied: the table is empty now.
            Request::Flush => self.services = HashMap::new(),
            Request::AddService(s) => {
                let o = ServiceOrigin {
                    added: line,
                    set: line,
                    dests: HashMap::new(),
                };
                self.services.insert(s.key, o);
            }
            Request::EditService(s) => {
                if let Some(o) = self.services.get_mut(&s.key) {
                    o.set = line;
                }
            }
            Request::DelService(s) => {
                self.services.remove(&s.key);
            }
            Request::AddDest(s, d) | Request::EditDest(s, d) => {
                if let Some(o) = self.services.get_mut(&s.key) {
                    o.dests.insert(d.key(), line);
                }
            }
            Request::DelDest(s, d) => {
                if let Some(o) = self.services.get_mut(&s.key) {
                    o.dests.remove(&d.key());
                }
            }
            _ => {}
        }
    }

    /// The line that asked for what `req` changes, if a line did (a
    /// deletion comes from what the file leaves out).
    pub fn line_of(&self, req: &Request) -> Option<usize> {
        let o = self.services.get(&service_of(req)?.key)?;
        match req {
            Request::AddService(_) | Request::EditService(_) => Some(o.set),
            Request::AddDest(_, d) | Request::EditDest(_, d) => o.dests.get(&d.key()).copied(),
            _ => None,
        }
    }

    /// The line of the `-A` that added the service `key`.
    pub fn added(&self, key: &ServiceKey) -> Option<usize> {
        self.services.get(key).map(|o| o.added)
    }

    /// The line that last set the destination `d` of `key`.
    pub fn dest(&self, key: &ServiceKey, d: &Dest) -> Option<usize> {
        self.services.get(key)?.dests.get(&d.key()).copied()
    }

    /// How many services and destinations it holds lines for: never more
    /// than the table has.
    pub fn len(&self) -> usize {
        self.services.values().map(|o| 1 + o.dests.len()).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.services.is_empty()
    }
}

#[cfg(test)]
mod tests;
