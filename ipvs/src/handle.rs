//! [`Ipvs`]: a handle on the kernel's IPVS in one network namespace, over
//! one generic-netlink socket (and a second, opened per table read, for
//! the destination dumps). Opening never loads a module unless asked
//! ([`OpenOptions::load_module`], [`load_module`]).

use crate::backend::{Applied, Backend, Request};
use crate::error::{Error, Result};
use crate::model::{Daemon, Dest, Info, Service, ServiceEntry, Timeouts};
use crate::netlink::client::IpvsSocket;
use std::os::fd::{AsFd, OwnedFd};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// The deadline of each wait for the kernel unless another is set: a
/// kernel that does not answer gives [`Error::Timeout`], never a hang.
pub const DEFAULT_DEADLINE: Duration = crate::netlink::DEFAULT_DEADLINE;

/// A handle on IPVS in one network namespace.
///
/// Reads and changes are the [`Backend`] trait's methods (bring it into
/// scope with `use ipvs::Backend;`); the handle adds what only the kernel
/// has: its deadline, a table read that does not hold the table
/// ([`Ipvs::for_each_entry`]).
///
/// ```no_run
/// use ipvs::{Backend, Ipvs};
///
/// let mut ipvs = Ipvs::open()?;
/// for entry in ipvs.read_table()? {
///     println!("{:?}: {} destination(s)", entry.service.key, entry.dests.len());
/// }
/// # Ok::<(), ipvs::Error>(())
/// ```
pub struct Ipvs {
    sock: IpvsSocket,
    info: Info,
}

impl std::fmt::Debug for Ipvs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ipvs")
            .field("info", &self.info)
            .field("deadline", &self.sock.deadline())
            .finish_non_exhaustive()
    }
}

/// Where and how to open a handle: [`Ipvs::options`].
#[derive(Debug)]
pub struct OpenOptions {
    netns: Option<Netns>,
    deadline: Duration,
    load_module: bool,
}

#[derive(Debug)]
enum Netns {
    Path(PathBuf),
    Fd(std::io::Result<OwnedFd>),
}

impl OpenOptions {
    /// In the network namespace at `path` (`/run/netns/NAME`, as `ip netns
    /// add` makes them, or `/proc/PID/ns/net`). The calling thread stays in
    /// its own namespace: a short-lived thread enters this one to open the
    /// sockets, which belong to it from then on.
    pub fn netns_path(mut self, path: impl AsRef<Path>) -> Self {
        self.netns = Some(Netns::Path(path.as_ref().to_path_buf()));
        self
    }

    /// In the network namespace of `fd`, a descriptor the caller holds
    /// (it is duplicated; the caller keeps its own).
    pub fn netns_fd(mut self, fd: impl AsFd) -> Self {
        self.netns = Some(Netns::Fd(fd.as_fd().try_clone_to_owned()));
        self
    }

    /// The deadline of each wait for an answer of the kernel (default
    /// [`DEFAULT_DEADLINE`]; zero waits forever). A large dump is many
    /// answers, each waited for this long.
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = deadline;
        self
    }

    /// Whether to run `modprobe ip_vs` ([`load_module`]) once if IPVS is
    /// not there, then try again. Off by default: loading a kernel module
    /// is the caller's decision.
    pub fn load_module(mut self, load: bool) -> Self {
        self.load_module = load;
        self
    }

    /// Opens the handle: resolves the IPVS generic-netlink family and
    /// reads the table's info (which also checks the permission).
    /// [`Error::NotAvailable`] when the kernel has no IPVS (ENOENT) or it
    /// may not be administered (EPERM), or the namespace cannot be
    /// entered.
    pub fn open(self) -> Result<Ipvs> {
        let netns = match self.netns {
            None => None,
            Some(Netns::Path(p)) => Some(std::fs::File::open(&p).map(OwnedFd::from)),
            Some(Netns::Fd(fd)) => Some(fd),
        };
        let netns = match netns.transpose() {
            Ok(ns) => ns.map(Arc::new),
            Err(e) => {
                return Err(Error::NotAvailable {
                    errno: e.raw_os_error().unwrap_or(libc::EIO),
                })
            }
        };
        let open = || IpvsSocket::open_in(netns.clone(), self.deadline);
        let (sock, info) = match open() {
            Err(Error::NotAvailable { .. }) if self.load_module && load_module() => open()?,
            other => other?,
        };
        Ok(Ipvs { sock, info })
    }
}

/// Runs `/sbin/modprobe -- ip_vs` (with an empty environment but a fixed
/// `PATH`); true if it succeeded. IPVS is then there for every network
/// namespace.
pub fn load_module() -> bool {
    crate::netlink::init::modprobe_ip_vs()
}

impl Ipvs {
    /// Opens a handle in the caller's network namespace, with the default
    /// deadline, loading nothing: [`OpenOptions::open`].
    pub fn open() -> Result<Ipvs> {
        Ipvs::options().open()
    }

    /// Options for [`OpenOptions::open`]: another namespace, the deadline,
    /// loading the module.
    pub fn options() -> OpenOptions {
        OpenOptions {
            netns: None,
            deadline: DEFAULT_DEADLINE,
            load_module: false,
        }
    }

    /// The IPVS version and connection table size read when the handle
    /// was opened ([`Backend::info`] reads them again).
    pub fn opening_info(&self) -> Info {
        self.info
    }

    /// The deadline of each wait for the kernel.
    pub fn deadline(&self) -> Duration {
        self.sock.deadline()
    }

    /// Changes the deadline of each later wait for the kernel.
    pub fn set_deadline(&mut self, deadline: Duration) -> Result<()> {
        self.sock.set_deadline(deadline)
    }

    /// Each service with its destinations, handed to `each` as soon as its
    /// destinations are read; `each` returns false to stop. Only the
    /// service list and one service's destinations are held, however
    /// large the table. A service deleted meanwhile comes without
    /// destinations (the kernel answers its destination dump empty).
    pub fn for_each_entry(&mut self, each: impl FnMut(ServiceEntry) -> bool) -> Result<()> {
        self.sock.for_each_entry(each)
    }

    /// Adds a service ([`Request::AddService`]).
    pub fn add_service(&mut self, svc: &Service) -> Result<()> {
        self.apply_one(Request::AddService(svc.clone()))
    }

    /// Replaces a service's scheduler, flags, persistence and netmask.
    pub fn edit_service(&mut self, svc: &Service) -> Result<()> {
        self.apply_one(Request::EditService(svc.clone()))
    }

    /// Deletes a service and its destinations.
    pub fn del_service(&mut self, svc: &Service) -> Result<()> {
        self.apply_one(Request::DelService(svc.clone()))
    }

    /// Adds a destination to a service.
    pub fn add_dest(&mut self, svc: &Service, dest: &Dest) -> Result<()> {
        self.apply_one(Request::AddDest(svc.clone(), dest.clone()))
    }

    /// Changes a destination (its forwarding method, weight, thresholds,
    /// tunnel).
    pub fn edit_dest(&mut self, svc: &Service, dest: &Dest) -> Result<()> {
        self.apply_one(Request::EditDest(svc.clone(), dest.clone()))
    }

    /// Deletes a destination (its connections are then expired by the
    /// kernel: set its weight to 0 first to drain it).
    pub fn del_dest(&mut self, svc: &Service, dest: &Dest) -> Result<()> {
        self.apply_one(Request::DelDest(svc.clone(), dest.clone()))
    }

    /// Deletes every service.
    pub fn flush(&mut self) -> Result<()> {
        self.apply_one(Request::Flush)
    }

    /// Zeroes one service's counters, or every counter with `None`.
    pub fn zero(&mut self, svc: Option<&Service>) -> Result<()> {
        self.apply_one(Request::Zero(svc.cloned()))
    }

    /// Sets the TCP, TCP FIN and UDP timeouts (0 leaves one unchanged).
    pub fn set_timeouts(&mut self, t: &Timeouts) -> Result<()> {
        self.apply_one(Request::SetTimeouts(*t))
    }

    /// Starts a connection-synchronisation daemon.
    pub fn start_daemon(&mut self, d: &Daemon) -> Result<()> {
        self.apply_one(Request::StartDaemon(d.clone()))
    }

    /// Stops the sync daemon of `d`'s state.
    pub fn stop_daemon(&mut self, d: &Daemon) -> Result<()> {
        self.apply_one(Request::StopDaemon(d.clone()))
    }

    /// Changes (requests of [`Backend::apply_all`] and the change methods)
    /// sent on this handle so far; reads are not counted.
    pub fn requests_sent(&self) -> u64 {
        self.sock.requests_sent
    }
}

impl Backend for Ipvs {
    fn info(&mut self) -> Result<Info> {
        self.sock.info()
    }
    fn services(&mut self) -> Result<Vec<Service>> {
        self.sock.services()
    }
    fn service(&mut self, svc: &Service) -> Result<Service> {
        self.sock.service(svc)
    }
    fn dests(&mut self, svc: &Service) -> Result<Vec<Dest>> {
        self.sock.dests(svc)
    }
    fn timeouts(&mut self) -> Result<Timeouts> {
        self.sock.timeouts()
    }
    fn daemons(&mut self) -> Result<Vec<Daemon>> {
        self.sock.daemons()
    }
    fn apply_all(&mut self, reqs: &[Request]) -> Applied {
        self.sock.apply_all(reqs)
    }
    fn read_table(&mut self) -> Result<Vec<ServiceEntry>> {
        self.sock.read_table()
    }
}
