//! Fault sweeps (issue 28): converge, with and without `--drain`, run
//! over `test_kernel::faulty::Faulty` failing each step in turn (every
//! read, every answer to a change, every destination dump torn), with
//! every kind of fault. After each run: nothing deleted that was not seen
//! drained (or, without a drain, replaced), every failure reported, a
//! non-zero exit; then the same command without faults finishes the job.

use super::*;
use crate::test_kernel::faulty::{Fault, Faulty, Site};
use crate::test_kernel::TestKernel;

const LIVE: &[&str] = &[
    "-A -t 10.0.0.1:80 -s rr",
    "-a -t 10.0.0.1:80 -r 192.168.0.1:80 -m -w 1",
    "-a -t 10.0.0.1:80 -r 192.168.0.9:80 -m -w 1",
    "-A -t 10.0.0.7:80 -s rr",
    "-a -t 10.0.0.7:80 -r 192.168.0.7:80 -m -w 1",
];

/// Edits a service and a server, adds a server and a service, deletes a
/// server (192.168.0.9) and a service (10.0.0.7).
const FILE: &str = "-A -t 10.0.0.1:80 -s wrr\n\
    -a -t 10.0.0.1:80 -r 192.168.0.1:80 -m -w 2\n\
    -a -t 10.0.0.1:80 -r 192.168.0.2:80 -m -w 1\n\
    -A -u 10.0.0.1:53 -s rr\n\
    -a -u 10.0.0.1:53 -r 192.168.0.5:53 -m -w 1\n";

fn faulty(fault: Fault, site: Option<Site>) -> Faulty<TestKernel> {
    let mut k = kernel();
    for l in LIVE {
        assert_eq!(run_line(&mut k, l).code, 0, "{l}");
    }
    let mut f = Faulty::new(k, fault, site);
    f.busy = vec![
        ("192.168.0.9".parse().unwrap(), 3),
        ("192.168.0.7".parse().unwrap(), 4),
    ];
    f
}

fn converge(f: &mut Faulty<TestKernel>, drain: bool) -> (i32, String) {
    let opts = ConvergeOptions {
        drain: drain.then_some(std::time::Duration::from_secs(3600)),
        drain_poll: Some(std::time::Duration::ZERO),
        ..Default::default()
    };
    let (code, _, err) = with_kernel_ctx_dyn(f, FILE, |ctx| {
        run_on(ctx, "ipvsadm", &opts, FixedMachine::Stock, &never)
    });
    (code, err)
}

/// The table `FILE` describes, as `-S -n` prints it.
fn wanted() -> String {
    let mut k = kernel();
    crate::cmd::testutil::run_with_input(&mut k, "-R", FILE);
    saved(&mut k)
}

/// Runs one faulted converge, checks it, then a clean one.
fn sweep_one(fault: Fault, site: Site, drain: bool) -> bool {
    let mut f = faulty(fault, Some(site));
    let (code, err) = converge(&mut f, drain);
    let what = format!("{fault:?} at {site:?}, drain {drain}: exit {code}\n{err}");
    let now = saved(&mut f.inner);
    let failed = f.fired && fault != Fault::Eintr && !matches!(site, Site::Tear(_));
    if failed {
        assert_ne!(code, 0, "a fault must not end in success: {what}");
        assert!(!err.is_empty(), "a fault must be reported: {what}");
    } else {
        assert_eq!(code, 0, "{what}");
    }
    if drain {
        assert_eq!(
            f.cut,
            vec![],
            "a drain deleted what it had not seen drained: {what}"
        );
    } else {
        // Without a drain deletions cut by design, but only once every
        // change they make room for is in place.
        let deleted = !now.contains("10.0.0.7:80") || !now.contains("192.168.0.9");
        if deleted {
            assert_eq!(
                plan_rest(&now),
                0,
                "deleted before the changes took: {what}\n{now}"
            );
        }
    }
    if failed && drain && err.contains("the drain stopped") {
        assert!(
            err.contains("run the same command again to finish"),
            "{what}"
        );
        // The counts it gives are what the table shows: servers at weight
        // 0, and services the file drops still in place.
        let at_zero = now.lines().filter(|l| l.ends_with(" -w 0")).count();
        let services = usize::from(now.contains("-A -t 10.0.0.7:80"));
        let said = format!(
            "{at_zero} server(s) left at weight 0 and {services} service(s) to delete left in place"
        );
        assert!(err.contains(&said), "expected '{said}': {what}\n{now}");
    }
    // The same command without the fault finishes the job.
    f.site = None;
    let (code, err) = converge(&mut f, drain);
    assert_eq!((code, err.as_str()), (0, ""), "the re-run after {what}");
    assert_eq!(saved(&mut f.inner), wanted(), "the re-run after {what}");
    if drain {
        assert_eq!(f.cut, vec![], "the re-run after {what}");
    }
    f.fired
}

/// How many of the file's services and servers `table` (-S -n) lacks.
fn plan_rest(table: &str) -> usize {
    wanted().lines().filter(|l| !table.contains(l)).count()
}

fn sweep(drain: bool) {
    for fault in Fault::ALL {
        let mut runs = 0;
        for n in 0.. {
            let sites = [
                Site::Call(n),
                Site::Ack(n, false),
                Site::Ack(n, true),
                Site::Tear(n),
            ];
            let fired = sites
                .iter()
                .filter(|&&site| sweep_one(fault, site, drain))
                .count();
            runs += fired;
            if fired == 0 {
                break;
            }
        }
        assert!(runs > 10, "{fault:?}: only {runs} faulted runs");
    }
}

#[test]
fn converge_survives_every_fault_at_every_step() {
    sweep(false);
}

#[test]
fn a_drain_never_cuts_what_it_could_not_see() {
    sweep(true);
}

/// The first case: the reads start failing while the drain waits;
/// the service with live connections stays.
#[test]
fn a_drain_whose_reads_fail_keeps_the_service() {
    let mut f = faulty(Fault::Enobufs, None);
    // A clean run to count the reads up to the drain's first poll.
    let (code, _) = converge(&mut faulty(Fault::Enobufs, None), true);
    assert_eq!(code, 0);
    f.busy[1].1 = 1000; // 192.168.0.7 stays busy
    f.site = Some(Site::Call(8));
    let (code, err) = converge(&mut f, true);
    assert_eq!(code, 1, "{err}");
    let now = saved(&mut f.inner);
    assert!(now.contains("-r 192.168.0.7:80 -m -w 0"), "{now}");
    assert!(
        err.contains("the drain stopped: could not read the servers of -t")
            && err.contains("No buffer space available")
            && err.contains("left at weight 0")
            && err.ends_with("run the same command again to finish\n"),
        "{err}"
    );
    assert_eq!(f.cut, vec![]);
}

/// A weight-0 edit the kernel refuses keeps its server and its service.
#[test]
fn a_refused_weight_0_keeps_the_service() {
    let mut k = live_table(); // 10.0.0.1:80 with 192.168.0.9
    let refuse = |r: &Request| matches!(r, Request::EditDest(..)).then_some(libc::ENOMEM);
    let mut s = Scripted {
        inner: &mut k,
        refuse: &refuse,
        lose: None,
        meddle: None,
        busy: Some(("192.168.0.9".parse().unwrap(), 5)),
        reads: 0,
    };
    let opts = ConvergeOptions {
        drain: Some(std::time::Duration::from_secs(60)),
        drain_poll: Some(std::time::Duration::ZERO),
        ..Default::default()
    };
    let (code, _, err) = with_kernel_ctx_dyn(&mut s, "", |ctx| {
        run_on(ctx, "ipvsadm", &opts, FixedMachine::Stock, &never)
    });
    assert_eq!(code, 255, "{err}");
    assert!(err.contains("Memory allocation problem"), "{err}");
    assert!(err.contains("service -t 10.0.0.1:80 not deleted"), "{err}");
    let now = saved(&mut k);
    assert!(now.contains("-r 192.168.0.9:80 -m -w 1"), "{now}");
}

/// stderr on a closed pipe: every write fails with EPIPE. Through
/// `Unfailing` (as the programs write stderr) a refused change still ends
/// with 255; the error of a failed write is never the run's.
#[test]
fn a_closed_stderr_keeps_the_failing_status() {
    use crate::cmd::testutil::Closed;
    let mut k = live_table();
    let mut out = Vec::new();
    let mut err = crate::cmd::Unfailing(Closed);
    let info = k.info().unwrap();
    let mut input: &[u8] = b"-A -t 10.0.0.1:80 -s nosuch\n";
    let mut ctx = Ctx {
        ipvs: &mut k,
        info,
        out: &mut out,
        err: &mut err,
        names: &crate::names::NoResolver,
        input: &mut input,
    };
    let code = match run_on(&mut ctx, "ipvsadm", &apply(), FixedMachine::Unknown, &never) {
        Ok(()) => 0,
        Err(e) => e.report(ctx.err),
    };
    assert_eq!(code, 255);
}
