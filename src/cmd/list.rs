//! `-L` / `-l` (and no arguments): every list view. The table is read here
//! (one service dump, then one destination dump per service) and handed to
//! the printers in `render`.

use super::Ctx;
use crate::cli::Invocation;
use crate::error::{Error, KernelOp, Result};
use crate::ipvs::Ipvs;
use crate::model::ServiceEntry;
use crate::render::text;

/// The whole table in kernel order. A service that disappears between the
/// service dump and its destination dump (another process deleted it) is
/// left out; the reference instead stops the listing with an error.
pub fn read_table(ipvs: &mut dyn Ipvs) -> Result<Vec<ServiceEntry>> {
    let services = ipvs.services()?;
    let mut entries = Vec::with_capacity(services.len());
    for service in services {
        match ipvs.dests(&service) {
            Ok(dests) => entries.push(ServiceEntry { service, dests }),
            Err(Error::Kernel {
                op: KernelOp::GetDests,
                errno: libc::ESRCH,
            }) => continue,
            Err(e) => return Err(e),
        }
    }
    Ok(entries)
}

pub fn run(inv: &Invocation, ctx: &mut Ctx) -> Result<()> {
    let opts = &inv.list;
    if opts.connection {
        return super::conn::run(inv, ctx);
    }
    if opts.timeout {
        // The reference exits 1 without a message when this fails.
        let t = ctx.ipvs.timeouts().map_err(|_| Error::Silent(1))?;
        return Ok(text::write_timeouts(ctx.out, &t)?);
    }
    if opts.daemon {
        let d = ctx.ipvs.daemons().map_err(|_| Error::Silent(1))?;
        return Ok(text::write_daemons(ctx.out, &d)?);
    }
    match &inv.service {
        Some(key) => {
            let service = ctx.ipvs.service(key)?;
            let dests = ctx.ipvs.dests(&service)?;
            let entry = [ServiceEntry { service, dests }];
            Ok(text::write_list(ctx.out, None, &entry, opts, ctx.names)?)
        }
        None => {
            let entries = read_table(ctx.ipvs)?;
            Ok(text::write_list(
                ctx.out,
                Some(&ctx.info),
                &entries,
                opts,
                ctx.names,
            )?)
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::cmd::testutil::*;

    #[test]
    fn nat_example_listing() {
        let mut k = kernel();
        for l in [
            "-A -t 210.77.132.8:80 -s rr",
            "-a -t 210.77.132.8:80 -r 172.168.10.9:80 -m -w 1",
            "-a -t 210.77.132.8:80 -r 172.168.10.10:80 -m -w 1",
        ] {
            assert_eq!(run_line(&mut k, l).code, 0, "{l}");
        }
        let r = run_line(&mut k, "-L -n");
        // Layout of the reference's `ipvsadm -L -n` (checked in the VM
        // differential scenario 01-nat-example).
        let want = "IP Virtual Server version 1.2.1 (size=4096)\n\
Prot LocalAddress:Port Scheduler Flags\n\
\x20 -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n\
TCP  210.77.132.8:80 rr\n\
\x20 -> 172.168.10.9:80              Masq    1      0          0         \n\
\x20 -> 172.168.10.10:80             Masq    1      0          0         \n";
        assert_eq!(r.out, want);
        assert_eq!(r.code, 0);
    }

    #[test]
    fn single_missing_service_exits_1() {
        let mut k = kernel();
        let r = run_line(&mut k, "-L -t 10.0.0.1:80");
        assert_eq!((r.code, r.err.as_str()), (1, "No such service\n"));
    }

    #[test]
    fn service_vanishing_during_listing_is_skipped() {
        let mut k = kernel();
        run_line(&mut k, "-A -t 10.0.0.1:80 -s rr");
        run_line(&mut k, "-A -t 10.0.0.2:80 -s rr");
        k.vanish_on_dests.push(k.table[0].0.key);
        let r = run_line(&mut k, "-L -n");
        assert_eq!(r.code, 0);
        assert!(
            !r.out.contains("10.0.0.1:80") && r.out.contains("10.0.0.2:80"),
            "{}",
            r.out
        );
    }
}
