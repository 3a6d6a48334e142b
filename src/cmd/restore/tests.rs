//! `-R` against the test kernel: the reference's semantics, line order,
//! the options of ours, and stopping on a signal.

use crate::cmd::testutil::*;

#[test]
fn kernel_errors_continue_and_status_is_last_lines() {
    let mut k = kernel();
    let input =
        "-A -t 10.0.0.1:80 -s rr\n-A -t 10.0.0.1:80 -s rr\n-a -t 10.0.0.1:80 -r 10.1.1.1:80 -g\n";
    let r = run_with_input(&mut k, "-R", input);
    assert_eq!(r.err, "Service already exists\n");
    assert_eq!(
        r.code, 0,
        "the last line succeeded, so the earlier failure is invisible"
    );
    assert_eq!(k.table()[0].1.len(), 1);
    let r = run_with_input(&mut k, "-R", "-A -t 10.0.0.1:80 -s rr\n");
    assert_eq!(r.code, 255);
}

#[test]
fn fail_class_aborts_after_earlier_lines_applied() {
    let mut k = kernel();
    let input = "-A -t 10.0.0.1:80 -s rr\n-a -t 10.0.0.1:80 -r 10.1.1.1 -w 99999999999\n-A -t 10.0.0.2:80\n";
    let r = run_with_input(&mut k, "-R", input);
    assert_eq!((r.code, r.err.as_str()), (2, "illegal weight specified\n"));
    assert_eq!(k.table().len(), 1, "lines after the abort are not run");
}

#[test]
fn netns_in_a_rule_line_aborts_with_its_number() {
    // It would go to the restore's namespace, not the named one.
    let mut k = kernel();
    let input =
        "-A -t 10.0.0.1:80 -s rr\n--netns other -A -t 10.0.0.2:80 -s rr\n-A -t 10.0.0.3:80\n";
    let r = run_with_input(&mut k, "-R", input);
    assert_eq!(
        (r.code, r.err.as_str()),
        (2, "line 2: --netns is not allowed in a rule line\n")
    );
    assert_eq!(k.table().len(), 1, "lines after the abort are not run");
}

#[test]
fn messages_keep_line_order_across_a_batch() {
    let mut k = kernel();
    let input =
        "-A -t 10.0.0.1:80 -s rr\n-A -t 10.0.0.1:80 -s rr\n-A --bogus\n-A -t 10.0.0.2:80 -s rr\n";
    let r = run_with_input(&mut k, "-R", input);
    assert_eq!(r.err, "Service already exists\n--bogus: unknown option\n");
    assert_eq!(r.code, 0);
}

#[test]
fn line_numbers_and_strict_status_on_request() {
    use super::{run_with, RestoreOptions};
    use crate::cmd::testutil::with_ctx;
    let input = "-A -t 10.0.0.1:80 -s rr\n\n-A -t 10.0.0.1:80 -s rr\n-A -t 10.0.0.2:80 -s rr\n";
    let opts = RestoreOptions {
        line_numbers: true,
        strict: true,
    };
    let (code, _, err) = with_ctx(input, |ctx| run_with("ipvsadm", ctx, opts));
    assert_eq!(
        (code, err.as_str()),
        (255, "line 3: Service already exists\n")
    );
}

#[test]
fn strict_keeps_the_first_failure_past_help_and_version() {
    use super::{run_with, RestoreOptions};
    use crate::cmd::testutil::with_ctx;
    for last in ["-h", "-v"] {
        let input = format!("-A -t 10.0.0.1:80 -s rr\n-A -t 10.0.0.1:80 -s rr\n{last}\n");
        let strict = RestoreOptions {
            strict: true,
            ..RestoreOptions::default()
        };
        let (code, _, _) = with_ctx(&input, |ctx| run_with("ipvsadm", ctx, strict));
        assert_eq!(code, 255, "{last}");
        // Without --strict, the reference's 0.
        let (code, _, _) = with_ctx(&input, |ctx| {
            run_with("ipvsadm", ctx, RestoreOptions::default())
        });
        assert_eq!(code, 0, "{last}");
    }
}

#[test]
fn failed_listing_ends_the_restore_with_1() {
    let mut k = kernel();
    let input = "-A -t 10.0.0.1:80 -s rr\n-L -n -t 10.0.0.9:80\n-A -t 10.0.0.2:80 -s rr\n";
    let r = run_with_input(&mut k, "-R", input);
    assert_eq!((r.code, r.err.as_str()), (1, "No such service\n"));
    assert_eq!(k.table().len(), 1, "the reference exits from the listing");
}

#[test]
fn a_signal_stops_after_the_lines_read_and_says_where() {
    use super::{run_until, Input, RestoreOptions};
    use std::sync::atomic::{AtomicUsize, Ordering};
    let mut k = kernel();
    let input: String = (1..=5)
        .map(|i| format!("-A -t 10.0.0.{i}:80 -s rr\n"))
        .collect();
    let asked = AtomicUsize::new(0);
    // Asked once per line: the signal comes after the third line.
    let stop = || (asked.fetch_add(1, Ordering::SeqCst) >= 3).then_some(libc::SIGTERM);
    let (code, _, err) = with_kernel_ctx(&mut k, &input, |ctx| {
        let input = Input {
            stop: &stop,
            would_block: &|| false,
        };
        run_until("ipvsadm", ctx, RestoreOptions::default(), input)
    });
    assert_eq!(
        (code, err.as_str()),
        (143, "ipvsadm: interrupted after line 3\n")
    );
    assert_eq!(k.table().len(), 3, "a clean prefix of the file");
}

#[test]
fn ipvsadm_tokens_dropped_and_list_inside_restore() {
    let mut k = kernel();
    let r = run_with_input(
        &mut k,
        "-R",
        "ipvsadm -A -t 10.0.0.1:80 -s ipvsadm rr\n-S -n\n",
    );
    assert_eq!(r.out, "-A -t 10.0.0.1:80 -s rr\n");
    assert_eq!(r.code, 0);
}

#[test]
fn listings_between_changes_keep_their_place() {
    let mut k = kernel();
    let input =
        "-A -t 10.0.0.1:80 -s rr\n-S -n\n-A -t 10.0.0.1:80 -s rr\n-A -t 10.0.0.2:80 -s rr\n-S -n\n";
    let r = run_with_input(&mut k, "-R", input);
    assert_eq!(
        r.out,
        "-A -t 10.0.0.1:80 -s rr\n-A -t 10.0.0.1:80 -s rr\n-A -t 10.0.0.2:80 -s rr\n"
    );
    assert_eq!((r.code, r.err.as_str()), (0, "Service already exists\n"));
}

#[test]
fn messages_keep_line_order_across_chunks() {
    // Several chunks of the reader (feed::CHUNK_LINES), a failure in each
    // and a popt error between them.
    let n = 3 * super::feed::CHUNK_LINES + 5;
    let mut input = String::new();
    let mut want = String::new();
    for i in 0..n {
        match i % 100 {
            7 => {
                input += "-A -t 10.9.9.9:80 -s rr\n";
                want += if i == 7 {
                    ""
                } else {
                    "Service already exists\n"
                };
            }
            50 => {
                input += "-A --bogus\n";
                want += "--bogus: unknown option\n";
            }
            _ => input += &format!("-A -t 10.0.{}.{}:80 -s rr\n", i / 250, i % 250),
        }
    }
    let mut k = kernel();
    let r = run_with_input(&mut k, "-R", &input);
    assert_eq!(r.err, want);
    assert_eq!(r.code, 0);
    let bogus = (0..n).filter(|i| i % 100 == 50).count();
    assert_eq!(k.log.len(), n - bogus, "every change line sent");
}

/// The test kernel behind a transport that loses answers: of a batch, the
/// first `answered` requests are answered, up to `sent` are applied but
/// their answers lost (ENOBUFS), and the rest are never sent.
struct Losing {
    inner: crate::test_kernel::TestKernel,
    answered: usize,
    sent: usize,
}

impl crate::ipvs::Ipvs for Losing {
    fn info(&mut self) -> ::ipvs::Result<crate::model::Info> {
        self.inner.info()
    }
    fn services(&mut self) -> ::ipvs::Result<Vec<crate::model::Service>> {
        self.inner.services()
    }
    fn service(&mut self, s: &crate::model::Service) -> ::ipvs::Result<crate::model::Service> {
        self.inner.service(s)
    }
    fn dests(&mut self, s: &crate::model::Service) -> ::ipvs::Result<Vec<crate::model::Dest>> {
        self.inner.dests(s)
    }
    fn timeouts(&mut self) -> ::ipvs::Result<crate::model::Timeouts> {
        self.inner.timeouts()
    }
    fn daemons(&mut self) -> ::ipvs::Result<Vec<crate::model::Daemon>> {
        self.inner.daemons()
    }
    fn apply_all(&mut self, reqs: &[crate::ipvs::Request]) -> crate::ipvs::Applied {
        use crate::ipvs::Outcome::*;
        let sent = reqs.len().min(self.sent);
        let done = self.inner.apply_all(&reqs[..sent]).outcomes;
        let outcomes = (0..reqs.len())
            .map(|i| match done.get(i) {
                Some(&o) if i < self.answered => o,
                Some(_) => Unknown,
                None => NotSent,
            })
            .collect();
        let enobufs = std::io::Error::from_raw_os_error(libc::ENOBUFS);
        crate::ipvs::Applied {
            outcomes,
            error: Some(::ipvs::Error::Io(enobufs)),
        }
    }
}

#[test]
fn lost_answers_are_an_error_never_a_success() {
    let mut k = Losing {
        inner: kernel(),
        answered: 3,
        sent: 4,
    };
    let input = "-A -t 10.0.0.1:80 -s rr\n-A -t 10.0.0.1:80 -s rr\n-A --bogus\n-A -t 10.0.0.2:80 -s rr\n-A -t 10.0.0.3:80 -s rr\n-A -t 10.0.0.4:80 -s rr\n-A -t 10.0.0.5:80 -s rr\n";
    let args: Vec<String> = ["ipvsadm", "-R"].map(String::from).to_vec();
    let c = crate::testing::run_captured(&mut k, &args, &mut input.as_bytes());
    assert_eq!(
        c.err_text(),
        "Service already exists\n--bogus: unknown option\nnetlink: the answer to line 5 was lost \
         (No buffer space available (os error 105)): whether it was applied is unknown; \
         line 6 and those after it were not sent\n"
    );
    assert_eq!(c.code, 1);
}

#[path = "fault_tests.rs"]
mod faults;
