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
    /// Destinations at this address show this many inactive connections.
    busy: Option<(std::net::IpAddr, u32)>,
    /// Service dumps asked for: one per whole-table read.
    reads: usize,
}

impl crate::ipvs::Ipvs for Scripted<'_> {
    fn info(&mut self) -> ::ipvs::Result<crate::model::Info> {
        self.inner.info()
    }
    fn services(&mut self) -> ::ipvs::Result<Vec<crate::model::Service>> {
        self.reads += 1;
        self.inner.services()
    }
    fn service(&mut self, s: &crate::model::Service) -> ::ipvs::Result<crate::model::Service> {
        self.inner.service(s)
    }
    fn dests(&mut self, s: &crate::model::Service) -> ::ipvs::Result<Vec<crate::model::Dest>> {
        let mut ds = self.inner.dests(s)?;
        if let Some((addr, conns)) = self.busy {
            for d in ds.iter_mut().filter(|d| d.addr == addr) {
                d.inact_conns = conns;
            }
        }
        Ok(ds)
    }
    fn timeouts(&mut self) -> ::ipvs::Result<crate::model::Timeouts> {
        self.inner.timeouts()
    }
    fn daemons(&mut self) -> ::ipvs::Result<Vec<crate::model::Daemon>> {
        self.inner.daemons()
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
                None => self.inner.apply_all(std::slice::from_ref(r)).outcomes[0],
            };
            outcomes.push(if i < answered { o } else { Outcome::Unknown });
        }
        if let Some(line) = self.meddle.take() {
            crate::cmd::testutil::run_line(self.inner, line);
        }
        crate::ipvs::Applied {
            outcomes,
            error: (lost > 0 || answered < reqs.len())
                .then(|| ::ipvs::Error::Io(std::io::Error::from_raw_os_error(libc::ENOBUFS))),
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
        busy: None,
        reads: 0,
    };
    let (code, _, err) = with_kernel_ctx_dyn(&mut s, file, |ctx| {
        run_on(ctx, "ipvsadm", &apply(), FixedMachine::Unknown, stop)
    });
    (code, err)
}

/// Whole-table reads: two agreeing reads before planning; after sending,
/// one read that shows the file's table verifies it; with nothing sent
/// there is nothing to verify (a 55,000-line table takes seconds to read).
#[test]
fn reads_the_table_twice_before_and_once_after_a_change() {
    let mut k = live_table();
    let reads = |k: &mut crate::test_kernel::TestKernel, file: &str| {
        let mut s = Scripted {
            inner: k,
            refuse: &|_| None,
            lose: None,
            meddle: None,
            busy: None,
            reads: 0,
        };
        let (code, _, err) = with_kernel_ctx_dyn(&mut s, file, |ctx| {
            run_on(ctx, "ipvsadm", &apply(), FixedMachine::Unknown, &never)
        });
        assert_eq!(code, 0, "{err}");
        s.reads
    };
    let file = "-A -t 10.0.0.1:80 -s wrr\n-a -t 10.0.0.1:80 -r 192.168.0.1:80 -m -w 3\n";
    assert_eq!(
        reads(&mut k, file),
        3,
        "a change: two reads, then one to verify"
    );
    assert_eq!(
        reads(&mut k, file),
        2,
        "unchanged: the two agreeing reads only"
    );
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

mod faults;
mod safety;
mod scope_drain;
