//! Adds a virtual service with two real servers, shows it as the kernel
//! has it, then removes exactly what it added: its two real servers, and
//! the service only if nobody added another server to it meanwhile. If
//! the service is already there, it touches nothing and fails.
//!
//! Run as root on a director: `cargo run -p linux-ipvs --example add_remove`.
//! The addresses are from the documentation ranges (RFC 5737), so they
//! meet no real service.

use ipvs::model::{Dest, Forward, Scheduler, Service, ServiceKey};
use ipvs::{Backend, Error, Ipvs, KernelOp};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::process::ExitCode;

const VIP: IpAddr = IpAddr::V4(Ipv4Addr::new(198, 51, 100, 80));
const PORT: u16 = 8080;
const SERVERS: [(IpAddr, u32); 2] = [
    (IpAddr::V4(Ipv4Addr::new(192, 0, 2, 11)), 1),
    (IpAddr::V4(Ipv4Addr::new(192, 0, 2, 12)), 2),
];

/// The model values this example sends: a weighted round-robin TCP
/// service, and a real server reached by NAT (masquerading).
fn service() -> Service {
    Service::new(ServiceKey::tcp(VIP, PORT), Scheduler::Wrr)
}

fn server(addr: IpAddr, weight: u32) -> Dest {
    let mut d = Dest::new(addr, PORT);
    d.fwd = Forward::Masq;
    d.weight = weight;
    d
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("add_remove: {e}{}", hint(&*e));
            ExitCode::FAILURE
        }
    }
}

type Result<T, E = Box<dyn std::error::Error>> = std::result::Result<T, E>;

fn run() -> Result<()> {
    let mut ipvs = Ipvs::open()?;
    let svc = service();
    let name = format!("TCP {}", SocketAddr::new(VIP, PORT));

    // Only a service of our own: the kernel answers ESRCH for one that is
    // not there.
    match ipvs.service(&svc) {
        Err(e) if e.errno() == Some(libc::ESRCH) => {}
        Ok(_) => {
            return Err(format!(
                "{name} is already there; this example adds a service of its own and leaves that one alone"
            )
            .into())
        }
        Err(e) => return Err(e.into()),
    }

    ipvs.add_service(&svc)?;
    println!("added service {name} (wrr)");
    let mut added = Vec::new();
    for (addr, weight) in SERVERS {
        let dest = server(addr, weight);
        if let Err(e) = ipvs.add_dest(&svc, &dest) {
            // Undo what was added before failing.
            remove(&mut ipvs, &svc, &added, &name)?;
            return Err(e.into());
        }
        println!("added real server {}:{PORT} (masq, weight {weight})", addr);
        added.push(dest);
    }

    show(&mut ipvs, &svc, &name)?;
    remove(&mut ipvs, &svc, &added, &name)
}

/// The service and its real servers, read back from the kernel.
fn show(ipvs: &mut Ipvs, svc: &Service, name: &str) -> Result<()> {
    let got = ipvs.service(svc)?;
    println!(
        "the kernel has: {name} scheduler {} flags {:#x}",
        got.scheduler,
        got.flags.bits()
    );
    for d in ipvs.dests(svc)? {
        println!(
            "  -> {} {:?} weight {} active {} inactive {}",
            SocketAddr::new(d.addr, d.port),
            d.fwd,
            d.weight,
            d.active_conns,
            d.inact_conns
        );
    }
    Ok(())
}

/// Removes the real servers in `added`, then the service unless it has
/// servers someone else added.
fn remove(ipvs: &mut Ipvs, svc: &Service, added: &[Dest], name: &str) -> Result<()> {
    for d in added {
        match ipvs.del_dest(svc, d) {
            Ok(()) => println!("removed real server {}", SocketAddr::new(d.addr, d.port)),
            // Already gone (someone else removed it): nothing to undo.
            Err(Error::Kernel {
                op: KernelOp::DelDest,
                errno: libc::ENOENT | libc::ESRCH,
            }) => {}
            Err(e) => return Err(e.into()),
        }
    }
    let others = ipvs.dests(svc)?.len();
    if others > 0 {
        println!("left service {name}: it has {others} real server(s) this example did not add");
        return Ok(());
    }
    match ipvs.del_service(svc) {
        Ok(()) => println!("removed service {name}"),
        // Already gone: someone else removed it.
        Err(e) if e.errno() == Some(libc::ESRCH) => {}
        Err(e) => return Err(e.into()),
    }
    Ok(())
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
