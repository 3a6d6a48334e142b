//! Host and port names for the view (`N`, `--names`), looked up once per
//! address and never on the refresh path: host names come from a thread
//! of their own (getnameinfo may wait seconds for a DNS server), and until
//! an answer is in, the address is shown as a number. Port names come
//! from /etc/services (a local file), cached the same way.

use std::cell::RefCell;
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::mpsc::{channel, Receiver, Sender};

use crate::names::{Resolver, SystemResolver};

/// A host-name look-up: where it is sent and where answers come back.
struct Lookups {
    ask: Sender<IpAddr>,
    answers: Receiver<(IpAddr, Option<String>)>,
}

#[derive(Default)]
pub struct Names {
    /// An address asked for has an entry: None until answered, and when
    /// it has no name.
    hosts: RefCell<HashMap<IpAddr, Option<String>>>,
    ports: RefCell<HashMap<(u16, String), Option<String>>>,
    lookups: Option<Lookups>,
    /// Batch output: look up in place (each address once), so that the
    /// first block already has the names.
    in_place: bool,
}

impl Names {
    /// Starts the look-up thread.
    pub fn new() -> Names {
        let (ask, asked) = channel::<IpAddr>();
        let (answer, answers) = channel();
        // The thread ends when the Names (its Sender) is dropped.
        let spawned = std::thread::Builder::new()
            .name("ipvstop-names".into())
            .spawn(move || {
                for addr in asked {
                    // getnameinfo is thread-safe (unlike the servent calls,
                    // which only the main thread makes).
                    let name = SystemResolver.host_name(&addr);
                    if answer.send((addr, name)).is_err() {
                        break;
                    }
                }
            });
        Names {
            lookups: spawned.ok().map(|_| Lookups { ask, answers }),
            ..Names::default()
        }
    }

    /// Names looked up in place, without a thread (batch output).
    pub fn in_place() -> Names {
        Names {
            in_place: true,
            ..Names::default()
        }
    }

    /// Takes the answers that came in since the last call; true if any.
    pub fn collect(&self) -> bool {
        let Some(l) = &self.lookups else {
            return false;
        };
        let mut hosts = self.hosts.borrow_mut();
        let mut any = false;
        while let Ok((addr, name)) = l.answers.try_recv() {
            hosts.insert(addr, name);
            any = true;
        }
        any
    }

    /// The address's name if known; asks for it the first time.
    pub fn host(&self, addr: &IpAddr) -> Option<String> {
        let mut hosts = self.hosts.borrow_mut();
        match hosts.get(addr) {
            Some(known) => known.clone(),
            None if self.in_place => {
                let name = SystemResolver.host_name(addr);
                hosts.insert(*addr, name.clone());
                name
            }
            None => {
                hosts.insert(*addr, None);
                if let Some(l) = &self.lookups {
                    let _ = l.ask.send(*addr);
                }
                None
            }
        }
    }
}

/// What `render::addr::addrport` asks for a listing with names: host
/// names from the cache (asked for the first time on the look-up thread),
/// port names from /etc/services, each looked up once.
impl Resolver for Names {
    fn port_by_name(&self, _: &str, _: &str) -> Option<u16> {
        None
    }
    fn host_by_name(&self, _: &str) -> Option<std::net::Ipv4Addr> {
        None
    }
    fn port_name(&self, port: u16, protocol: &str) -> Option<String> {
        self.ports
            .borrow_mut()
            .entry((port, protocol.to_string()))
            .or_insert_with(|| SystemResolver.port_name(port, protocol))
            .clone()
    }
    fn host_name(&self, addr: &IpAddr) -> Option<String> {
        self.host(addr)
    }
}
