//! IPVS in another network namespace, without the calling thread (or any
//! other of this process) leaving its own: creates a namespace, opens a
//! handle there by its path, adds a service in it, shows that this
//! process's own namespace did not change, then removes the service and
//! the namespace.
//!
//! Run as root on a director: `cargo run -p linux-ipvs --example netns`.
//!
//! The namespace is made the way `ip netns add NAME` makes one, without
//! running `ip`: a helper thread calls `unshare(CLONE_NEWNET)` (which moves
//! only that thread into a new namespace) and bind-mounts its
//! `/proc/thread-self/ns/net` onto an empty file,
//! `/run/netns/ipvs-example-PID`; the mount keeps the namespace alive
//! after the thread ends. Any such path works with
//! `Ipvs::options().netns_path(...)`, including those of `ip netns`
//! and `/proc/PID/ns/net`.

use ipvs::model::{Scheduler, Service, ServiceKey};
use ipvs::{Backend, Ipvs};
use std::ffi::CString;
use std::io;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const VIP: IpAddr = IpAddr::V4(Ipv4Addr::new(198, 51, 100, 81));
const PORT: u16 = 80;

/// The service this example adds in the namespace (the one place that
/// builds a model value).
fn service() -> Service {
    Service::new(ServiceKey::tcp(VIP, PORT), Scheduler::Rr)
}

type Result<T, E = Box<dyn std::error::Error>> = std::result::Result<T, E>;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("netns: {e}{}", hint(&*e));
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<()> {
    let name = format!("TCP {}", SocketAddr::new(VIP, PORT));
    // This process's namespace, read before and after.
    let mut own = Ipvs::open()?;
    let before = keys(&mut own)?;

    let path = PathBuf::from(format!("/run/netns/ipvs-example-{}", std::process::id()));
    let ns = NamedNetns::create(&path)
        .map_err(|e| format!("cannot create the namespace {}: {e}", path.display()))?;
    println!(
        "created network namespace {} (unshare(CLONE_NEWNET) on a helper thread, \
         its /proc/thread-self/ns/net bind-mounted there)",
        path.display()
    );

    let mut there = Ipvs::options().netns_path(&ns.path).open()?;
    let svc = service();
    there.add_service(&svc)?;
    println!("in {}: added service {name}", path.display());
    let listed = keys(&mut there)?;
    println!(
        "in {}: {} service(s): {}",
        path.display(),
        listed.len(),
        names(&listed)
    );

    let after = keys(&mut own)?;
    if after != before {
        return Err(format!(
            "this process's namespace changed: before {}, after {}",
            names(&before),
            names(&after)
        )
        .into());
    }
    println!(
        "this process's namespace: untouched ({} service(s) before and after: {})",
        after.len(),
        names(&after)
    );

    there.del_service(&svc)?;
    println!("in {}: removed service {name}", path.display());
    drop(there);
    ns.remove()?;
    println!("removed network namespace {}", path.display());
    Ok(())
}

/// The services' keys, in the kernel's order.
fn keys(ipvs: &mut Ipvs) -> Result<Vec<ServiceKey>, ipvs::Error> {
    Ok(ipvs.services()?.into_iter().map(|s| s.key).collect())
}

fn names(keys: &[ServiceKey]) -> String {
    if keys.is_empty() {
        return "none".to_string();
    }
    let name = |k: &ServiceKey| match *k {
        ServiceKey::Addr {
            protocol,
            addr,
            port,
        } => format!(
            "{} {}",
            ipvs::model::proto::name(protocol)
                .unwrap_or("proto?")
                .to_uppercase(),
            SocketAddr::new(addr, port)
        ),
        ServiceKey::Fwmark { mark, .. } => format!("FWM {mark}"),
    };
    let mut s = keys.iter().take(5).map(name).collect::<Vec<_>>().join(", ");
    if keys.len() > 5 {
        s += &format!(" and {} more", keys.len() - 5);
    }
    s
}

/// A network namespace kept alive by a bind mount on `path`, as `ip netns
/// add` leaves one; removed (unmounted, the file deleted) when dropped.
struct NamedNetns {
    path: PathBuf,
}

impl NamedNetns {
    fn create(path: &Path) -> io::Result<NamedNetns> {
        std::fs::create_dir_all(path.parent().unwrap_or(Path::new("/")))?;
        // The mount point: an empty file, which must not exist yet.
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)?;
        let ns = NamedNetns {
            path: path.to_path_buf(),
        };
        let target = CString::new(path.as_os_str().as_bytes())?;
        std::thread::scope(|s| {
            s.spawn(|| {
                // SAFETY: unshare and mount with valid C strings; they
                // change only this helper thread's namespace, and it ends
                // right after.
                unsafe {
                    if libc::unshare(libc::CLONE_NEWNET) != 0 {
                        return Err(io::Error::last_os_error());
                    }
                    let source = c"/proc/thread-self/ns/net";
                    let none = std::ptr::null();
                    if libc::mount(
                        source.as_ptr(),
                        target.as_ptr(),
                        none,
                        libc::MS_BIND,
                        none.cast(),
                    ) != 0
                    {
                        return Err(io::Error::last_os_error());
                    }
                }
                Ok(())
            })
            .join()
            .unwrap_or_else(|_| Err(io::Error::other("the namespace thread panicked")))
        })?;
        Ok(ns)
    }

    /// Removes the namespace now, saying whether that worked.
    fn remove(mut self) -> io::Result<()> {
        let r = self.unmount();
        self.path = PathBuf::new(); // nothing left for drop
        r
    }

    fn unmount(&self) -> io::Result<()> {
        let target = CString::new(self.path.as_os_str().as_bytes())?;
        // SAFETY: a valid C string; MNT_DETACH unmounts even while a
        // process still holds the namespace open (it lives on until then).
        // EINVAL: not mounted (the mount failed), only the file to remove.
        if unsafe { libc::umount2(target.as_ptr(), libc::MNT_DETACH) } != 0 {
            let e = io::Error::last_os_error();
            if e.raw_os_error() != Some(libc::EINVAL) {
                return Err(e);
            }
        }
        std::fs::remove_file(&self.path)
    }
}

impl Drop for NamedNetns {
    fn drop(&mut self) {
        if !self.path.as_os_str().is_empty() {
            let _ = self.unmount();
        }
    }
}

/// What to do about the usual failures to open.
fn hint(e: &(dyn std::error::Error + 'static)) -> &'static str {
    match e.downcast_ref::<ipvs::Error>() {
        Some(ipvs::Error::NotAvailable { errno: libc::EPERM }) => {
            " (run as root: administering IPVS needs CAP_NET_ADMIN)"
        }
        Some(ipvs::Error::NotAvailable {
            errno: libc::ENOENT,
        }) => " (no IPVS in this kernel: `modprobe ip_vs`)",
        _ => "",
    }
}
