//! `--scope` and `--drain`.

use super::*;
use crate::save_restore::scope;

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

fn drain_run(
    k: &mut crate::test_kernel::TestKernel,
    conns: u32,
    secs: u64,
    stop: &dyn Fn() -> Option<i32>,
) -> (i32, String) {
    let file = "-A -t 10.0.0.1:80 -s rr\n-a -t 10.0.0.1:80 -r 192.168.0.5:80 -m\n";
    let mut b = Scripted {
        inner: k,
        refuse: &|_| None,
        lose: None,
        meddle: None,
        busy: Some(("192.168.0.9".parse().unwrap(), conns)),
        reads: 0,
    };
    let opts = ConvergeOptions {
        drain: Some(std::time::Duration::from_secs(secs)),
        drain_poll: Some(std::time::Duration::ZERO),
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
