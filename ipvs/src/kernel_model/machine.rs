//! What the kernel model asks of the machine it runs on, where the kernel's
//! answer depends on it: does a network interface exist, can a scheduler or
//! persistence engine module be loaded, is an address this host's own. The
//! `Machine` trait is the question; `ThisMachine` answers it from this host
//! (`if_nametoindex`, /sys, /proc/modules, /lib/modules, `getifaddrs`).
//! What cannot be found out is `Unknown`, and the model then accepts: a
//! check must not refuse a line that the kernel would take.

use nix::errno::Errno;
use nix::ifaddrs::getifaddrs;
use nix::net::if_::if_nametoindex;
use nix::sys::socket::SockaddrStorage;
use nix::sys::utsname::uname;
use std::collections::HashSet;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// An answer that may not be known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// Known to be so.
    Yes,
    /// Known not to be so: the model refuses as the kernel would.
    No,
    /// Cannot be found out here: the model accepts, as the kernel might.
    Unknown,
}

/// How the routing tables would type an address, as far as IPVS cares
/// (`inet_addr_type`, `__ip_vs_addr_is_local_v6`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// An address of this host.
    Local,
    /// The broadcast address of one of this host's IPv4 subnets.
    Broadcast,
    /// Any other address (elsewhere, or unicast on a subnet of this host).
    Other,
}

/// The questions the kernel model asks where the kernel's answer depends
/// on the machine. [`ThisMachine`] answers them for this host;
/// [`FixedMachine`](super::FixedMachine) answers them the same everywhere
/// (for tests).
pub trait Machine {
    /// `__dev_get_by_name`: does this network interface exist?
    fn interface_exists(&self, name: &str) -> Answer;
    /// The interface's MTU (a backup sync daemon's default message size).
    fn interface_mtu(&self, name: &str) -> Option<u32>;
    /// `ip_vs_scheduler_get`: is the scheduler built in or loaded, or can
    /// `request_module("ip_vs_NAME")` load it?
    fn can_load_scheduler(&self, name: &str) -> Answer;
    /// `ip_vs_pe_getbyname`: the same for `ip_vs_pe_NAME`.
    fn can_load_pe(&self, name: &str) -> Answer;
    /// How this host routes the address; `None` when it cannot be told.
    fn route(&self, addr: &IpAddr) -> Option<Route>;
}

/// One address of this host and, for IPv4, its subnet's broadcast address.
type HostAddr = (IpAddr, Option<IpAddr>);

/// The machine this process runs on. Module lists and the host's addresses
/// are read once, on the first question; of the modules only the `ip_vs_*`
/// names are kept.
#[derive(Debug, Default)]
pub struct ThisMachine {
    /// Where to look; `None` is this host's /proc and /lib/modules/`uname -r`.
    roots: Option<(PathBuf, PathBuf)>,
    modules: OnceLock<Modules>,
    /// This host's addresses with their IPv4 broadcast addresses, listed
    /// once: a rule file checks every destination against them, and one
    /// `getifaddrs` (a netlink socket and two dumps) per destination made a
    /// 55,000-line `--check` or `--converge` open 50,000 sockets.
    addrs: OnceLock<Option<Vec<HostAddr>>>,
}

#[derive(Debug)]
struct Modules {
    /// /proc/modules, when readable.
    loaded: Option<HashSet<String>>,
    /// Built-in and installed modules, when both lists could be read.
    installed: Option<HashSet<String>>,
}

impl ThisMachine {
    /// This host, as its /proc, /sys and /lib/modules say.
    pub fn new() -> ThisMachine {
        ThisMachine::default()
    }

    /// A machine whose /proc/modules and module directory
    /// (/lib/modules/RELEASE) are elsewhere: a chroot, a test.
    pub fn with_roots(proc_modules: PathBuf, module_dir: PathBuf) -> ThisMachine {
        ThisMachine {
            roots: Some((proc_modules, module_dir)),
            modules: OnceLock::new(),
            addrs: OnceLock::new(),
        }
    }

    fn modules(&self) -> &Modules {
        self.modules.get_or_init(|| {
            let (proc_modules, dir) = match &self.roots {
                Some((p, d)) => (p.clone(), Some(d.clone())),
                None => (
                    PathBuf::from("/proc/modules"),
                    kernel_release().map(|r| Path::new("/lib/modules").join(r)),
                ),
            };
            Modules {
                loaded: read_loaded(&proc_modules),
                installed: dir.as_deref().and_then(read_installed),
            }
        })
    }

    /// Loaded (or built in, or installed for the running kernel): Yes.
    /// Absent from a readable module directory: No. Otherwise (a container
    /// without /lib/modules, say) Unknown: modprobe may still find it.
    fn can_load(&self, module: &str) -> Answer {
        let name = module.replace('-', "_");
        let m = self.modules();
        if m.loaded.as_ref().is_some_and(|l| l.contains(&name)) {
            return Answer::Yes;
        }
        match &m.installed {
            Some(i) if i.contains(&name) => Answer::Yes,
            Some(_) => Answer::No,
            None => Answer::Unknown,
        }
    }
}

impl Machine for ThisMachine {
    fn interface_exists(&self, name: &str) -> Answer {
        // No interface has a name with a NUL in it (nix would fail with
        // EINVAL before the call), nor one of IFNAMSIZ bytes or more
        // (glibc answers ENODEV without asking the kernel).
        if name.contains('\0') || name.len() >= libc::IFNAMSIZ {
            return Answer::No;
        }
        match if_nametoindex(name) {
            Ok(_) => Answer::Yes,
            Err(Errno::ENODEV | Errno::ENXIO) => Answer::No,
            Err(_) => Answer::Unknown,
        }
    }

    fn interface_mtu(&self, name: &str) -> Option<u32> {
        if name.is_empty() || name.contains('/') || name == "." || name == ".." {
            return None;
        }
        let path = Path::new("/sys/class/net").join(name).join("mtu");
        std::fs::read_to_string(path).ok()?.trim().parse().ok()
    }

    fn can_load_scheduler(&self, name: &str) -> Answer {
        self.can_load(&format!("ip_vs_{name}"))
    }

    fn can_load_pe(&self, name: &str) -> Answer {
        self.can_load(&format!("ip_vs_pe_{name}"))
    }

    fn route(&self, addr: &IpAddr) -> Option<Route> {
        let addrs = self.addrs.get_or_init(|| {
            let mut v = Vec::new();
            for_each_ifaddr(|a, broadcast| v.push((a, broadcast)))?;
            Some(v)
        });
        let mut found = Route::Other;
        for (a, broadcast) in addrs.as_ref()? {
            if a == addr {
                found = Route::Local;
            } else if *broadcast == Some(*addr) && found == Route::Other {
                found = Route::Broadcast;
            }
        }
        Some(found)
    }
}

/// `uname -r`.
fn kernel_release() -> Option<String> {
    uname().ok()?.release().to_str().map(str::to_string)
}

fn is_ipvs(name: &str) -> bool {
    name.starts_with("ip_vs")
}

/// Module names from /proc/modules (the first word of each line).
fn read_loaded(path: &Path) -> Option<HashSet<String>> {
    let text = std::fs::read_to_string(path).ok()?;
    Some(
        text.lines()
            .filter_map(|l| l.split_whitespace().next())
            .filter(|n| is_ipvs(n))
            .map(str::to_string)
            .collect(),
    )
}

/// The module name of a path in modules.builtin or modules.dep, or of a
/// file in the module tree: `kernel/net/netfilter/ipvs/ip_vs_rr.ko.zst`
/// is `ip_vs_rr`.
fn module_name(path: &str) -> Option<String> {
    let file = path.rsplit('/').next()?;
    let stem = &file[..file.find(".ko")?];
    Some(stem.replace('-', "_"))
}

/// Modules built into the running kernel (modules.builtin) and installed
/// for it (modules.dep, and the IPVS directory in case depmod has not run
/// since a module was added). `None` unless the built-in list and one of
/// the others could be read: without them a missing name proves nothing.
fn read_installed(dir: &Path) -> Option<HashSet<String>> {
    let builtin = std::fs::read_to_string(dir.join("modules.builtin")).ok()?;
    let dep = std::fs::read_to_string(dir.join("modules.dep")).ok();
    let ipvs_dir = std::fs::read_dir(dir.join("kernel/net/netfilter/ipvs")).ok();
    if dep.is_none() && ipvs_dir.is_none() {
        return None;
    }
    let mut names: Vec<String> = builtin.lines().filter_map(module_name).collect();
    if let Some(dep) = &dep {
        names.extend(
            dep.lines()
                .filter_map(|l| module_name(l.split(':').next()?)),
        );
    }
    if let Some(entries) = ipvs_dir {
        names.extend(
            entries
                .flatten()
                .filter_map(|e| module_name(e.file_name().to_str()?)),
        );
    }
    Some(names.into_iter().filter(|n| is_ipvs(n)).collect())
}

/// Calls `f(address, IPv4 broadcast address)` for each address of this
/// host (`getifaddrs`); `None` when they cannot be listed. nix reads
/// `ifa_ifu` as the broadcast address only when IFF_BROADCAST is set.
fn for_each_ifaddr(mut f: impl FnMut(IpAddr, Option<IpAddr>)) -> Option<()> {
    for ifa in getifaddrs().ok()? {
        if let Some(a) = ifa.address.as_ref().and_then(sockaddr_ip) {
            f(a, ifa.broadcast.as_ref().and_then(sockaddr_ip));
        }
    }
    Some(())
}

/// The address in a `sockaddr_in` / `sockaddr_in6`.
fn sockaddr_ip(sa: &SockaddrStorage) -> Option<IpAddr> {
    if let Some(sin) = sa.as_sockaddr_in() {
        Some(IpAddr::V4(sin.ip()))
    } else {
        sa.as_sockaddr_in6().map(|sin6| IpAddr::V6(sin6.ip()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interfaces_of_this_host() {
        let m = ThisMachine::new();
        assert_eq!(m.interface_exists("lo"), Answer::Yes);
        assert_eq!(m.interface_exists("nosuch0"), Answer::No);
        assert_eq!(m.interface_exists(""), Answer::No);
        assert_eq!(m.interface_mtu("lo").map(|n| n > 0), Some(true));
        assert_eq!(m.interface_mtu("../lo"), None);
    }

    #[test]
    fn loopback_is_local() {
        let m = ThisMachine::new();
        let lo: IpAddr = "127.0.0.1".parse().unwrap();
        assert_eq!(m.route(&lo), Some(Route::Local));
        assert_eq!(m.route(&"192.0.2.77".parse().unwrap()), Some(Route::Other));
    }

    fn tree(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("ipvsadm-machine-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(d.join("lib/kernel/net/netfilter/ipvs")).unwrap();
        d
    }

    #[test]
    fn modules_loaded_built_in_or_installed() {
        let d = tree("full");
        std::fs::write(
            d.join("modules"),
            "ip_vs_wlc 16384 0 - Live 0x0\nip_vs 1 2 - Live 0\n",
        )
        .unwrap();
        std::fs::write(
            d.join("lib/modules.builtin"),
            "kernel/net/netfilter/ipvs/ip_vs_rr.ko\n",
        )
        .unwrap();
        std::fs::write(
            d.join("lib/modules.dep"),
            "kernel/net/netfilter/ipvs/ip_vs_pe_sip.ko.xz: kernel/net/netfilter/ipvs/ip_vs.ko.xz\n\
             updates/ip_vs_my-sched.ko:\n",
        )
        .unwrap();
        std::fs::write(d.join("lib/kernel/net/netfilter/ipvs/ip_vs_mh.ko.zst"), "").unwrap();
        let m = ThisMachine::with_roots(d.join("modules"), d.join("lib"));
        assert_eq!(m.can_load_scheduler("wlc"), Answer::Yes, "loaded");
        assert_eq!(m.can_load_scheduler("rr"), Answer::Yes, "built in");
        assert_eq!(m.can_load_pe("sip"), Answer::Yes, "in modules.dep");
        assert_eq!(m.can_load_scheduler("my-sched"), Answer::Yes, "out of tree");
        assert_eq!(m.can_load_scheduler("mh"), Answer::Yes, "in the directory");
        assert_eq!(m.can_load_scheduler("nosuch"), Answer::No);
        assert_eq!(m.can_load_pe("rr"), Answer::No);
        std::fs::remove_dir_all(&d).unwrap();
    }

    #[test]
    fn modules_unknown_without_a_module_directory() {
        let d = tree("bare");
        std::fs::write(d.join("modules"), "ip_vs_wlc 16384 0 - Live 0x0\n").unwrap();
        let m = ThisMachine::with_roots(d.join("modules"), d.join("nosuchdir"));
        assert_eq!(m.can_load_scheduler("wlc"), Answer::Yes);
        assert_eq!(m.can_load_scheduler("rr"), Answer::Unknown);
        let m = ThisMachine::with_roots(d.join("nosuchfile"), d.join("nosuchdir"));
        assert_eq!(m.can_load_scheduler("wlc"), Answer::Unknown);
        std::fs::remove_dir_all(&d).unwrap();
    }
}
