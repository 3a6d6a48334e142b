use super::*;
use crate::cmd::testutil::{kernel, run_line, with_kernel_ctx};
use crate::test_kernel::FixedMachine;

const FILE: &str = "-A -t 10.0.0.1:80 -s rr\n-a -t 10.0.0.1:80 -r 192.168.0.1:80 -m -w 1\n-a -t 10.0.0.1:80 -r 192.168.0.2:80 -m -w 1\n-A -u 10.0.0.1:53 -s wlc\n";

fn apply() -> ConvergeOptions {
    ConvergeOptions::default()
}

fn never() -> Option<i32> {
    None
}

#[test]
fn second_run_makes_no_writes() {
    let mut k = kernel();
    let opts = ConvergeOptions::default();
    let (code, _, err) = with_kernel_ctx(&mut k, FILE, |ctx| {
        run_on(ctx, "ipvsadm", &opts, FixedMachine::Stock, &never)
    });
    assert_eq!((code, err.as_str()), (0, ""));
    let restored = run_line(&mut k, "-S -n").out;
    let mut k2 = kernel();
    crate::cmd::testutil::run_with_input(&mut k2, "-R", FILE);
    assert_eq!(
        restored,
        run_line(&mut k2, "-S -n").out,
        "same table as clear + restore, same dest order"
    );
    k.log.clear();
    let (code, _, _) = with_kernel_ctx(&mut k, FILE, |ctx| {
        run_on(ctx, "ipvsadm", &opts, FixedMachine::Stock, &never)
    });
    assert_eq!(code, 0);
    assert!(
        k.log.is_empty(),
        "an unchanged file sends nothing: {:?}",
        k.log
    );
}

#[test]
fn dry_run_prints_plan_and_changes_nothing() {
    let mut k = kernel();
    run_line(&mut k, "-A -t 10.0.0.1:80 -s wrr");
    run_line(&mut k, "-a -t 10.0.0.1:80 -r 192.168.0.9:80 -m -w 1");
    run_line(&mut k, "-A -t 10.0.0.7:80 -s rr");
    k.log.clear();
    let opts = ConvergeOptions {
        dry_run: true,
        ..Default::default()
    };
    let (code, out, _) = with_kernel_ctx(&mut k, FILE, |ctx| {
        run_on(ctx, "ipvsadm", &opts, FixedMachine::Stock, &never)
    });
    assert_eq!(code, 0);
    assert_eq!(
        out,
        "ipvsadm -E -t 10.0.0.1:80 -s rr\n\
             ipvsadm -a -t 10.0.0.1:80 -r 192.168.0.1:80 -m -w 1\n\
             ipvsadm -a -t 10.0.0.1:80 -r 192.168.0.2:80 -m -w 1\n\
             ipvsadm -A -u 10.0.0.1:53 -s wlc\n\
             ipvsadm -d -t 10.0.0.1:80 -r 192.168.0.9:80\n\
             ipvsadm -D -t 10.0.0.7:80\n"
    );
    assert!(k.log.is_empty());
}

#[test]
fn bad_file_changes_nothing() {
    let mut k = kernel();
    run_line(&mut k, "-A -t 10.0.0.7:80 -s rr");
    k.log.clear();
    let opts = ConvergeOptions::default();
    let (code, _, err) = with_kernel_ctx(&mut k, "-A -t 10.0.0.1:80\n--set 1 2 3\n", |ctx| {
        run_on(ctx, "ipvsadm", &opts, FixedMachine::Stock, &never)
    });
    assert_eq!(code, 1);
    assert!(
        err.starts_with("line 2: only service and server rules"),
        "{err}"
    );
    assert!(k.log.is_empty());
}

/// A kernel between the converge and the test kernel: it refuses what
/// `refuse` says, can lose the answers of a batch part way (as a socket
/// whose receive buffer overflowed), and can let "another program" add a
/// service after the first batch.
struct Scripted<'a> {
    inner: &'a mut crate::test_kernel::TestKernel,
    refuse: &'a dyn Fn(&Request) -> Option<i32>,
    /// In the first batch longer than `.0`: answer `.0` requests, apply
    /// the next `.1` without an answer, send none after them.
    lose: Option<(usize, usize)>,
    meddle: Option<&'a str>,
}

impl crate::ipvs::Ipvs for Scripted<'_> {
    fn info(&mut self) -> Result<crate::model::Info> {
        self.inner.info()
    }
    fn services(&mut self) -> Result<Vec<crate::model::Service>> {
        self.inner.services()
    }
    fn service(&mut self, s: &crate::model::Service) -> Result<crate::model::Service> {
        self.inner.service(s)
    }
    fn dests(&mut self, s: &crate::model::Service) -> Result<Vec<crate::model::Dest>> {
        self.inner.dests(s)
    }
    fn timeouts(&mut self) -> Result<crate::model::Timeouts> {
        self.inner.timeouts()
    }
    fn daemons(&mut self) -> Result<Vec<crate::model::Daemon>> {
        self.inner.daemons()
    }
    fn apply(&mut self, reqs: &[Request]) -> Result<Vec<crate::ipvs::Ack>> {
        self.inner.apply(reqs)
    }
    fn apply_all(&mut self, reqs: &[Request]) -> crate::ipvs::Applied {
        use crate::ipvs::Outcome;
        let (answered, lost) = match self.lose {
            Some((a, l)) if reqs.len() > a => {
                self.lose = None;
                (a, l)
            }
            _ => (reqs.len(), 0),
        };
        let mut outcomes = Vec::new();
        for (i, r) in reqs.iter().enumerate() {
            if i >= answered + lost {
                outcomes.push(Outcome::NotSent);
                continue;
            }
            let o = match (self.refuse)(r) {
                Some(errno) => Outcome::Refused(errno),
                None => match self.inner.apply(std::slice::from_ref(r)).unwrap()[0] {
                    Ok(()) => Outcome::Applied,
                    Err(e) => Outcome::Refused(e),
                },
            };
            outcomes.push(if i < answered { o } else { Outcome::Unknown });
        }
        if let Some(line) = self.meddle.take() {
            crate::cmd::testutil::run_line(self.inner, line);
        }
        crate::ipvs::Applied {
            outcomes,
            error: (lost > 0 || answered < reqs.len())
                .then(|| Error::Io(std::io::Error::from_raw_os_error(libc::ENOBUFS))),
        }
    }
}

fn scripted(
    k: &mut crate::test_kernel::TestKernel,
    refuse: &dyn Fn(&Request) -> Option<i32>,
    lose: Option<(usize, usize)>,
    meddle: Option<&str>,
    file: &str,
    stop: &dyn Fn() -> Option<i32>,
) -> (i32, String) {
    let mut s = Scripted {
        inner: k,
        refuse,
        lose,
        meddle,
    };
    let (code, _, err) = with_kernel_ctx_dyn(&mut s, file, |ctx| {
        run_on(ctx, "ipvsadm", &apply(), FixedMachine::Unknown, stop)
    });
    (code, err)
}

/// `with_kernel_ctx` over any kernel.
fn with_kernel_ctx_dyn(
    k: &mut dyn crate::ipvs::Ipvs,
    input: &str,
    f: impl FnOnce(&mut Ctx) -> Result<()>,
) -> (i32, String, String) {
    let c = crate::testing::capture(k, &mut input.as_bytes(), |ctx| match f(ctx) {
        Ok(()) => 0,
        Err(e) => e.report(ctx.err),
    });
    (c.code, c.out_text(), c.err_text())
}

fn saved(k: &mut crate::test_kernel::TestKernel) -> String {
    run_line(k, "-S -n").out
}

fn live_table() -> crate::test_kernel::TestKernel {
    let mut k = kernel();
    run_line(&mut k, "-A -t 10.0.0.1:80 -s rr");
    run_line(&mut k, "-a -t 10.0.0.1:80 -r 192.168.0.9:80 -m -w 1");
    k.log.clear();
    k
}

#[test]
fn a_refused_new_service_deletes_nothing() {
    let mut k = live_table();
    let before = saved(&mut k);
    let file = "-A -t 10.0.0.2:80 -s nosuchsched\n-a -t 10.0.0.2:80 -r 192.168.0.5:80 -m\n";
    // The simulation cannot know the scheduler is missing; the kernel can.
    let refuse = |r: &Request| match r {
        Request::AddService(s) if s.sched_name == "nosuchsched" => Some(libc::ENOENT),
        _ => None,
    };
    let (code, err) = scripted(&mut k, &refuse, None, None, file, &never);
    assert_eq!(code, 255);
    assert_eq!(saved(&mut k), before, "the old service and its dest stay");
    assert_eq!(
        err,
        "line 1: ipvsadm -A -t 10.0.0.2:80 -s nosuchsched: Scheduler or persistence engine not found\n\
         line 2: ipvsadm -a -t 10.0.0.2:80 -r 192.168.0.5:80 -m -w 1: not sent: its service was not added\n\
         ipvsadm -D -t 10.0.0.1:80: not sent: kept, because a change failed\n\
         ipvsadm: nothing deleted: 2 change(s) failed, so the 1 deletion(s) above were not sent and what they would remove stays in place\n"
    );
    assert!(
        !k.log
            .iter()
            .any(|r| matches!(r, Request::AddDest(..) | Request::DelService(_))),
        "no request whose parent failed, no deletion: {:?}",
        k.log
    );
}

#[test]
fn a_refused_new_destination_keeps_the_old_one() {
    let mut k = live_table();
    let before = saved(&mut k);
    let file = "-A -t 10.0.0.1:80 -s rr\n-a -t 10.0.0.1:80 -r 192.168.0.5:80 -m -x 5 -y 1\n";
    let refuse = |r: &Request| matches!(r, Request::AddDest(..)).then_some(libc::EINVAL);
    let (code, err) = scripted(&mut k, &refuse, None, None, file, &never);
    assert_eq!(code, 255, "{err}");
    assert_eq!(saved(&mut k), before, "the service keeps its old dest");
    assert!(
        err.starts_with("line 2: ipvsadm -a -t 10.0.0.1:80 -r 192.168.0.5:80"),
        "{err}"
    );
    assert!(
        err.contains("-d -t 10.0.0.1:80 -r 192.168.0.9:80: not sent: kept"),
        "{err}"
    );
}

#[test]
fn a_refused_edit_keeps_the_swapped_destination() {
    let mut k = live_table();
    let before = saved(&mut k);
    let file = "-A -t 10.0.0.1:80 -s nosuchsched\n-a -t 10.0.0.1:80 -r 192.168.0.5:80 -m\n";
    let refuse = |r: &Request| matches!(r, Request::EditService(_)).then_some(libc::ENOENT);
    let (code, err) = scripted(&mut k, &refuse, None, None, file, &never);
    assert_eq!(code, 255, "{err}");
    // The new dest went in (its service exists), the old one stays.
    let now = saved(&mut k);
    assert!(
        now.contains("192.168.0.9:80") && now.contains("192.168.0.5:80"),
        "{now}"
    );
    assert!(before.contains("192.168.0.9:80"));
    assert!(
        err.starts_with("line 1: ipvsadm -E -t 10.0.0.1:80 -s nosuchsched: "),
        "{err}"
    );
}

#[test]
fn a_transport_error_keeps_the_answers_and_settles_the_rest_by_reading() {
    let mut k = live_table();
    let file = "-A -t 10.0.0.1:80 -s rr\n-a -t 10.0.0.1:80 -r 192.168.0.9:80 -m -w 1\n\
                -A -t 10.0.0.2:80 -s rr\n-A -t 10.0.0.3:80 -s rr\n-A -t 10.0.0.4:80 -s rr\n";
    // Phase 1 adds three services: one answered, one applied without an
    // answer, one never sent.
    let (code, err) = scripted(&mut k, &|_| None, Some((1, 1)), None, file, &never);
    assert_eq!(code, 255, "{err}");
    assert_eq!(
        err,
        "line 4: ipvsadm -A -t 10.0.0.3:80 -s rr: unanswered (transport failed); re-reading the table shows it was applied\n\
         line 5: ipvsadm -A -t 10.0.0.4:80 -s rr: not sent: the transport failed\n\
         ipvsadm: the batch ended early: No buffer space available (os error 105)\n"
    );
    let now = saved(&mut k);
    assert!(
        now.contains("10.0.0.2:80") && now.contains("10.0.0.3:80"),
        "{now}"
    );
    assert!(!now.contains("10.0.0.4:80"), "{now}");
}

#[test]
fn a_signal_stops_before_the_next_phase_and_says_so() {
    let mut k = live_table();
    let file = "-A -t 10.0.0.2:80 -s rr\n-a -t 10.0.0.2:80 -r 192.168.0.5:80 -m\n";
    let asked = std::cell::Cell::new(0);
    // Asked before each phase: the signal comes after the first.
    let stop = || {
        asked.set(asked.get() + 1);
        (asked.get() > 1).then_some(libc::SIGTERM)
    };
    let (code, err) = scripted(&mut k, &|_| None, None, None, file, &stop);
    assert_eq!(code, 143, "{err}");
    let now = saved(&mut k);
    assert!(
        now.contains("10.0.0.1:80") && now.contains("10.0.0.2:80"),
        "{now}"
    );
    assert!(
        err.contains("ipvsadm: interrupted by signal 15: 1 of 3 change(s) applied"),
        "{err}"
    );
}

#[test]
fn a_table_changed_by_another_program_is_reported_after() {
    let mut k = live_table();
    let file = "-A -t 10.0.0.1:80 -s rr\n-a -t 10.0.0.1:80 -r 192.168.0.9:80 -m -w 1\n-A -t 10.0.0.2:80 -s rr\n";
    let (code, err) = scripted(
        &mut k,
        &|_| None,
        None,
        Some("-A -t 10.0.0.7:80 -s rr"),
        file,
        &never,
    );
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("still differs from the rules"), "{err}");
    assert!(err.contains("ipvsadm -D -t 10.0.0.7:80"), "{err}");
}

fn scoped(scopes: &[&str]) -> ConvergeOptions {
    ConvergeOptions {
        scopes: scopes
            .iter()
            .map(|s| scope::Scope::parse(s).unwrap())
            .collect(),
        ..Default::default()
    }
}

#[test]
fn a_scoped_converge_touches_nothing_outside_its_scope() {
    let mut k = live_table(); // 10.0.0.1:80 with 192.168.0.9
    run_line(&mut k, "-A -t 10.9.0.1:80 -s rr"); // another owner's
    run_line(&mut k, "-A -f 7 -s rr");
    run_line(&mut k, "-A -t 10.0.0.3:80 -s wlc"); // ours, not in the file
    k.log.clear();
    let file = "-A -t 10.0.0.1:80 -s wrr\n-a -t 10.0.0.1:80 -r 192.168.0.5:80 -m\n-A -t 10.0.0.2:80 -s rr\n";
    let opts = scoped(&["10.0.0.0/24"]);
    let (code, _, err) = with_kernel_ctx(&mut k, file, |ctx| {
        run_on(ctx, "ipvsadm", &opts, FixedMachine::Stock, &never)
    });
    assert_eq!((code, err.as_str()), (0, ""));
    let now = saved(&mut k);
    assert!(
        now.contains("-A -t 10.9.0.1:80 -s rr") && now.contains("-A -f 7 -s rr"),
        "{now}"
    );
    assert!(
        !now.contains("10.0.0.3:80") && now.contains("-A -t 10.0.0.2:80 -s rr"),
        "{now}"
    );
    assert!(!now.contains("192.168.0.9"), "{now}");
    for r in &k.log {
        let key = match r {
            Request::AddService(s) | Request::EditService(s) | Request::DelService(s) => s.key,
            Request::AddDest(s, _) | Request::EditDest(s, _) | Request::DelDest(s, _) => s.key,
            other => panic!("unexpected request {other:?}"),
        };
        assert!(
            scope::in_scope(&opts.scopes, &key),
            "sent outside the scope: {r:?}"
        );
    }
}

#[test]
fn a_rule_line_outside_every_scope_changes_nothing() {
    let mut k = live_table();
    let before = saved(&mut k);
    let file = "-A -t 10.0.0.1:80 -s rr\n-A -t 10.7.0.1:80 -s rr\n";
    let opts = scoped(&["tcp:10.0.0.0/24:80"]);
    let (code, _, err) = with_kernel_ctx(&mut k, file, |ctx| {
        run_on(ctx, "ipvsadm", &opts, FixedMachine::Stock, &never)
    });
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "line 2: -A -t 10.7.0.1:80 -s rr is outside every --scope\n\
         ipvsadm: nothing changed: the rule file has errors\n"
    );
    assert_eq!(saved(&mut k), before);
    assert!(k.log.is_empty());
}

/// The test kernel, with `conns` inactive connections on every
/// destination at `addr` while `busy` says so.
struct Busy<'a> {
    inner: &'a mut crate::test_kernel::TestKernel,
    addr: std::net::IpAddr,
    conns: u32,
}

impl crate::ipvs::Ipvs for Busy<'_> {
    fn info(&mut self) -> Result<crate::model::Info> {
        self.inner.info()
    }
    fn services(&mut self) -> Result<Vec<crate::model::Service>> {
        self.inner.services()
    }
    fn service(&mut self, s: &crate::model::Service) -> Result<crate::model::Service> {
        self.inner.service(s)
    }
    fn dests(&mut self, s: &crate::model::Service) -> Result<Vec<crate::model::Dest>> {
        let mut ds = self.inner.dests(s)?;
        for d in ds.iter_mut().filter(|d| d.addr == self.addr) {
            d.inact_conns = self.conns;
        }
        Ok(ds)
    }
    fn timeouts(&mut self) -> Result<crate::model::Timeouts> {
        self.inner.timeouts()
    }
    fn daemons(&mut self) -> Result<Vec<crate::model::Daemon>> {
        self.inner.daemons()
    }
    fn apply(&mut self, reqs: &[Request]) -> Result<Vec<crate::ipvs::Ack>> {
        self.inner.apply(reqs)
    }
}

fn drain_run(
    k: &mut crate::test_kernel::TestKernel,
    conns: u32,
    secs: u64,
    stop: &dyn Fn() -> Option<i32>,
) -> (i32, String) {
    let file = "-A -t 10.0.0.1:80 -s rr\n-a -t 10.0.0.1:80 -r 192.168.0.5:80 -m\n";
    let mut b = Busy {
        inner: k,
        addr: "192.168.0.9".parse().unwrap(),
        conns,
    };
    let opts = ConvergeOptions {
        drain: Some(std::time::Duration::from_secs(secs)),
        ..Default::default()
    };
    let (code, _, err) = with_kernel_ctx_dyn(&mut b, file, |ctx| {
        run_on(ctx, "ipvsadm", &opts, FixedMachine::Stock, stop)
    });
    (code, err)
}

#[test]
fn a_drained_destination_goes_to_weight_0_then_is_deleted() {
    let mut k = live_table();
    let (code, err) = drain_run(&mut k, 0, 60, &never);
    assert_eq!((code, err.as_str()), (0, ""));
    let zero = k
        .log
        .iter()
        .position(|r| matches!(r, Request::EditDest(_, d) if d.weight == 0))
        .expect("weight 0 first");
    let del = k
        .log
        .iter()
        .position(|r| matches!(r, Request::DelDest(..)))
        .expect("then deleted");
    assert!(zero < del, "{:?}", k.log);
    assert!(!saved(&mut k).contains("192.168.0.9"));
}

#[test]
fn at_the_deadline_a_busy_destination_is_deleted_and_counted() {
    let mut k = live_table();
    let (code, err) = drain_run(&mut k, 3, 0, &never);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        err,
        "ipvsadm: drain time up, deleted with 3 connection(s) left: -d -t 10.0.0.1:80 -r 192.168.0.9:80\n"
    );
    assert!(!saved(&mut k).contains("192.168.0.9"));
}

#[test]
fn an_interrupted_drain_leaves_weight_0_and_a_rerun_finishes_it() {
    let mut k = live_table();
    let sigterm = || Some(libc::SIGTERM);
    let (code, err) = drain_run(&mut k, 2, 60, &sigterm);
    // The signal came before the first phase: nothing at all was done.
    assert_eq!(code, 143, "{err}");
    let mut k = live_table();
    // The signal comes during the wait (asked before the two phases, then
    // by the drain loop).
    let asked = std::cell::Cell::new(0);
    let later = || {
        asked.set(asked.get() + 1);
        (asked.get() > 1).then_some(libc::SIGTERM)
    };
    let (code, err) = drain_run(&mut k, 2, 60, &later);
    assert_eq!(code, 143, "{err}");
    assert!(
        err.contains("left at weight 0; run the same command again"),
        "{err}"
    );
    let now = saved(&mut k);
    assert!(now.contains("-r 192.168.0.9:80 -m -w 0"), "{now}");
    // Run again, still busy: drained again, not deleted at once.
    let (code, _) = drain_run(&mut k, 2, 60, &later);
    assert_eq!(code, 143);
    assert!(saved(&mut k).contains("-r 192.168.0.9:80 -m -w 0"));
    // The connections end: the next run finishes the drain.
    let (code, err) = drain_run(&mut k, 0, 60, &never);
    assert_eq!((code, err.as_str()), (0, ""));
    assert!(!saved(&mut k).contains("192.168.0.9"));
}
