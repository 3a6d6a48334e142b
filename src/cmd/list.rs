//! `-L` / `-l` (and no arguments): every list view. The table is read
//! (`Ipvs::read_table`: one service dump, then one destination dump per
//! service) and handed to the printers in `render`.

use super::Ctx;
use crate::cli::{Format, ListArgs};
use crate::error::{Error, Result};
use crate::model::ServiceEntry;
use crate::render::{daemons, json, table, text};

pub fn run(args: &ListArgs, ctx: &mut Ctx) -> Result<()> {
    let opts = &args.opts;
    if opts.connection {
        return super::conn::run(opts, ctx);
    }
    if opts.timeout {
        // The reference exits 1 without a message when this fails.
        let t = ctx.ipvs.timeouts().map_err(|_| Error::Silent(1))?;
        return Ok(match opts.format {
            Format::Text => daemons::write_timeouts(ctx.out, &t),
            Format::Json => json::write_timeouts(ctx.out, &t),
            Format::Table => table::write_timeouts(ctx.out, &t),
        }?);
    }
    if opts.daemon {
        let d = ctx.ipvs.daemons().map_err(|_| Error::Silent(1))?;
        return Ok(match opts.format {
            Format::Text => daemons::write_daemons(ctx.out, &d),
            Format::Json => json::write_daemons(ctx.out, &d),
            Format::Table => table::write_daemons(ctx.out, &d),
        }?);
    }
    // A single service has no version header in the text views (as the
    // reference); JSON always carries it.
    let (entries, header) = match &args.service {
        Some(key) => {
            let service = ctx.ipvs.service(key)?;
            let dests = ctx.ipvs.dests(&service)?;
            (vec![ServiceEntry { service, dests }], None)
        }
        None => (ctx.ipvs.read_table()?, Some(&ctx.info)),
    };
    Ok(match opts.format {
        Format::Text => text::write_list(ctx.out, header, &entries, opts, ctx.names),
        Format::Json => {
            let status = super::kernel_status();
            json::write_list(ctx.out, &ctx.info, status.as_ref(), &entries, opts)
        }
        Format::Table => table::write_list(ctx.out, header, &entries, opts, ctx.names),
    }?)
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

    /// stdout on a closed pipe: the flush fails with EPIPE, which alone
    /// ends quietly with 0 (`ipvsadm -L | head`), but never hides the
    /// command's own failure.
    #[test]
    fn a_closed_stdout_keeps_a_failing_status() {
        use crate::cmd::testutil::Closed;
        use crate::ipvs::Ipvs;
        let mut k = kernel();
        let info = k.info().unwrap();
        let (mut out, mut err) = (Closed, Vec::new());
        let mut ctx = crate::cmd::Ctx {
            ipvs: &mut k,
            info,
            out: &mut out,
            err: &mut err,
            names: &crate::names::NoResolver,
            input: &mut std::io::empty(),
        };
        let args: Vec<String> = ["ipvsadm", "-L", "-t", "10.0.0.9:80"]
            .map(String::from)
            .to_vec();
        assert_eq!(crate::cmd::run_argv(&args, &mut ctx), 1);
        assert_eq!(String::from_utf8_lossy(&err), "No such service\n");
    }

    #[test]
    fn single_missing_service_exits_1() {
        let mut k = kernel();
        let r = run_line(&mut k, "-L -t 10.0.0.1:80");
        assert_eq!((r.code, r.err.as_str()), (1, "No such service\n"));
    }

    /// The kernel answers the destination dump of a service deleted since
    /// the service dump with nothing (ip_vs_genl_dump_dests), so the
    /// listing shows it without servers and goes on.
    #[test]
    fn service_vanishing_during_listing_is_listed_without_servers() {
        let mut k = kernel();
        run_line(&mut k, "-A -t 10.0.0.1:80 -s rr");
        run_line(&mut k, "-a -t 10.0.0.1:80 -r 192.168.0.1:80 -m");
        run_line(&mut k, "-A -t 10.0.0.2:80 -s rr");
        k.vanish_on_dests
            .push(k.table().iter().find(|e| e.1.len() == 1).unwrap().0.key);
        let r = run_line(&mut k, "-L -n");
        assert_eq!(r.code, 0);
        assert!(
            r.out.contains("10.0.0.1:80") && r.out.contains("10.0.0.2:80"),
            "{}",
            r.out
        );
        assert!(!r.out.contains("192.168.0.1"), "{}", r.out);
    }

    fn nat_kernel() -> crate::test_kernel::TestKernel {
        let mut k = kernel();
        for l in [
            "-A -t 210.77.132.8:80 -s rr",
            "-a -t 210.77.132.8:80 -r 172.168.10.10:80 -m -w 1",
            "-A -f 4294967295 -6 -s wrr",
            "-a -f 4294967295 -6 -r [2001:db8::5]:80 -i -w 2 --tun-type gue --tun-port 6080",
        ] {
            let r = run_line(&mut k, l);
            assert_eq!(r.code, 0, "{l}: {}", r.err);
        }
        k
    }

    #[test]
    fn json_list_and_single_service() {
        let mut k = nat_kernel();
        let r = run_line(&mut k, "-L --json");
        assert_eq!(r.code, 0, "{}", r.err);
        let v: serde_json::Value = serde_json::from_str(&r.out).unwrap();
        assert_eq!(v["version"], "1.2.1");
        assert_eq!(v["conn_tab_size"], 4096);
        let s = &v["services"];
        assert_eq!(s[0]["fwmark"], 4294967295u64);
        assert_eq!(s[0]["family"], "inet6");
        let d = &s[0]["destinations"][0];
        assert_eq!(d["address"], "2001:db8::5");
        assert_eq!(d["forward"], "tunnel");
        assert_eq!(d["tunnel"]["type"], "gue");
        assert_eq!(d["tunnel"]["port"], 6080);
        assert_eq!(s[1]["address"], "210.77.132.8");
        // -n changes nothing; one service has the same document shape.
        assert_eq!(run_line(&mut k, "-L -n --json").out, r.out);
        let one = run_line(&mut k, "-L -t 210.77.132.8:80 --json");
        let v1: serde_json::Value = serde_json::from_str(&one.out).unwrap();
        assert_eq!(v1["services"].as_array().unwrap().len(), 1);
        assert_eq!(v1["services"][0], s[1]);
    }

    #[test]
    fn json_and_table_timeouts_and_daemons() {
        let mut k = kernel();
        run_line(&mut k, "--set 900 120 300");
        let r = run_line(&mut k, "-L --timeout --json");
        assert_eq!(r.out, "{\"tcp\":900,\"tcp_fin\":120,\"udp\":300}\n");
        let r = run_line(&mut k, "-L --timeout --table");
        assert!(r.out.contains("| tcpfin   |         120 |"), "{}", r.out);
        let r = run_line(&mut k, "-L --daemon --json");
        assert_eq!((r.code, r.out.as_str()), (0, "{\"daemons\":[]}\n"));
        let r = run_line(&mut k, "-L --daemon --table");
        assert_eq!((r.code, r.out.as_str()), (0, ""));
    }

    #[test]
    fn table_list_follows_numeric() {
        let mut k = nat_kernel();
        let r = run_line(&mut k, "-L -n --table");
        assert_eq!(r.code, 0, "{}", r.err);
        assert!(r
            .out
            .starts_with("IP Virtual Server version 1.2.1 (size=4096)\n+--"));
        assert!(r.out.contains("| FWM  | 4294967295 IPv6 |"), "{}", r.out);
        assert!(
            r.out
                .contains("| [2001:db8::5]:80 | Tunnel  | gue:6080:-c |"),
            "{}",
            r.out
        );
        let one = run_line(&mut k, "-L -n -t 210.77.132.8:80 --table");
        assert!(one.out.starts_with("+--"), "{}", one.out);
    }

    /// A stdout that takes `room` bytes and then fails like a pipe whose
    /// reader has gone (`ipvsadm -L | head -1`).
    struct ClosedPipe {
        room: usize,
    }

    impl std::io::Write for ClosedPipe {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            if self.room == 0 {
                return Err(std::io::ErrorKind::BrokenPipe.into());
            }
            let n = buf.len().min(self.room);
            self.room -= n;
            Ok(n)
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn closed_stdout_ends_quietly_with_0() {
        // The reference dies of SIGPIPE here (status 141, checked in
        // tests/scenarios/44-big-table.sh); Rust ignores SIGPIPE, so the
        // write fails with EPIPE and the listing stops quietly, status 0.
        let mut k = kernel();
        run_line(&mut k, "-A -t 10.0.0.1:80 -s rr");
        for i in 1..=200 {
            run_line(&mut k, &format!("-a -t 10.0.0.1:80 -r 192.168.0.{i}:80 -m"));
        }
        for line in ["-L -n", "-L -n --stats", "-L --json", "-L -n --table"] {
            let args: Vec<String> = std::iter::once("ipvsadm")
                .chain(line.split(' '))
                .map(String::from)
                .collect();
            let mut out = ClosedPipe { room: 100 };
            let mut err = Vec::new();
            let info = crate::kernel_model::INFO;
            let code = {
                let mut ctx = crate::cmd::Ctx {
                    ipvs: &mut k,
                    info,
                    out: &mut out,
                    err: &mut err,
                    names: &crate::names::NoResolver,
                    input: &mut &b""[..],
                };
                crate::cmd::run_argv(&args, &mut ctx)
            };
            assert_eq!((code, err.as_slice()), (0, &b""[..]), "{line}");
            assert_eq!(out.room, 0, "{line}: nothing was written");
        }
    }
}
