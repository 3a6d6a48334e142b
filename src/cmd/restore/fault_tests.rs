//! The classic restore (`ipvsadm -R`, plain `ipvsadm-restore`) over a
//! kernel that fails each answer in turn, with every kind of fault (issue
//! 28): every failed or unanswered line is reported with its number, the
//! run exits non-zero, nothing after an unanswered line is sent, and the
//! same restore run again builds the file's table.

use crate::cmd::restore::{run_with, RestoreOptions};
use crate::cmd::testutil::{kernel, run_line};
use crate::ipvs::Request;
use crate::test_kernel::faulty::{Fault, Faulty, Site};
use crate::test_kernel::TestKernel;

const FILE: &str = "-A -t 10.0.0.1:80 -s wrr\n\
    -a -t 10.0.0.1:80 -r 192.168.0.1:80 -m -w 2\n\
    -a -t 10.0.0.1:80 -r 192.168.0.2:80 -m -w 1\n\
    -A -u 10.0.0.1:53 -s rr\n\
    -a -u 10.0.0.1:53 -r 192.168.0.5:53 -m -w 1\n";

/// `ipvsadm-restore --line-numbers --strict`: the flush, then the lines.
fn restore(f: &mut Faulty<TestKernel>) -> (i32, String) {
    let opts = RestoreOptions {
        line_numbers: true,
        strict: true,
    };
    let c = crate::testing::capture(f, &mut FILE.as_bytes(), |ctx| {
        let mut code = 0;
        if let Err(e) = ctx.ipvs.apply_one(Request::Flush) {
            code = crate::error::Error::from(e).report(ctx.err);
        }
        match run_with("ipvsadm", ctx, opts) {
            Ok(()) => code,
            Err(e) => e.report(ctx.err),
        }
    });
    (c.code, c.err_text())
}

fn saved(k: &mut TestKernel) -> String {
    run_line(k, "-S -n").out
}

#[test]
fn a_restore_reports_every_lost_answer_and_fails() {
    let clean = {
        let mut f = Faulty::new(kernel(), Fault::Eio, None);
        assert_eq!(restore(&mut f), (0, String::new()));
        saved(&mut f.inner)
    };
    for fault in Fault::ALL {
        for n in 0.. {
            let mut fired = false;
            for applied in [false, true] {
                let mut k = kernel();
                run_line(&mut k, "-A -t 10.9.9.9:80 -s rr");
                let mut f = Faulty::new(k, fault, Some(Site::Ack(n, applied)));
                let (code, err) = restore(&mut f);
                let what =
                    format!("{fault:?} at answer {n} (applied {applied}): exit {code}\n{err}");
                fired |= f.fired;
                if f.fired && fault != Fault::Eintr {
                    assert_ne!(code, 0, "{what}");
                    // The flush (answer 0) is reported as the reference
                    // reports a failed -C; a line's loss names the line.
                    if n > 0 {
                        assert!(err.contains(&format!("line {n}")), "{what}");
                    }
                    assert!(
                        err.contains("unknown") || err.contains("not sent") || n == 0,
                        "{what}"
                    );
                    if fault == Fault::Timeout && n > 0 {
                        assert!(err.contains("(no answer within 5 s)"), "{what}");
                        assert_eq!(err.matches("unknown").count(), 1, "said once: {what}");
                    }
                } else {
                    assert_eq!((code, err.as_str()), (0, ""), "{what}");
                }
                f.site = None;
                assert_eq!(restore(&mut f), (0, String::new()), "re-run after {what}");
                assert_eq!(saved(&mut f.inner), clean, "re-run after {what}");
            }
            if !fired {
                assert!(n > 5, "{fault:?}: the sweep ended at {n}");
                break;
            }
        }
    }
}
