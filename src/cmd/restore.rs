//! `-R`: run the rule lines read from standard input, with the reference's
//! semantics (shared/ipvsadm-behavior.md §6): parse errors of the fail()
//! class abort (exit 2), try-help aborts (255), popt and kernel errors are
//! reported and the restore goes on, `-h`/`-v` print and stop with 0, and
//! the exit status is the last line's.
//!
//! Unlike the reference, consecutive changes are sent as one pipelined
//! batch on the one socket; each ACK is matched to its line, and messages
//! are printed in line order, so the output is the reference's.

use super::Ctx;
use crate::cli::Action;
use crate::error::Result;
use crate::error::{Error, KernelOp};
use crate::ipvs::Request;
use crate::process;
use crate::save_restore::reader::RuleSource;

/// Lines held before they are sent: bounds memory on a long file while
/// keeping batches large enough to amortise the round trips.
const BATCH_LINES: usize = 1000;

/// Our additions, asked for by `ipvsadm-restore` options; the default is
/// the reference's behaviour.
#[derive(Debug, Clone, Copy, Default)]
pub struct RestoreOptions {
    /// Prefix each error with `line N: `.
    pub line_numbers: bool,
    /// Exit with the first failing line's status, not the last line's.
    pub strict: bool,
}

/// One line waiting for the batch to be sent.
enum Pending {
    Change {
        line: usize,
        op: KernelOp,
    },
    /// A message already known (a popt-level error) and the status it gives.
    Message {
        line: usize,
        text: String,
        status: i32,
    },
}

struct Batch {
    pending: Vec<Pending>,
    requests: Vec<Request>,
    opts: RestoreOptions,
    /// The first failing line's status, for `strict`.
    first_failure: Option<i32>,
}

impl Batch {
    fn new(opts: RestoreOptions) -> Batch {
        Batch {
            pending: Vec::new(),
            requests: Vec::new(),
            opts,
            first_failure: None,
        }
    }

    /// Prints one line's error, numbered on request, and gives its status.
    fn report(&mut self, ctx: &mut Ctx, line: usize, e: &Error) -> i32 {
        if self.opts.line_numbers && !e.is_silent() {
            let _ = write!(ctx.err, "line {line}: ");
        }
        let status = e.report(ctx.err);
        if status != 0 && self.first_failure.is_none() {
            self.first_failure = Some(status);
        }
        status
    }

    /// Sends the held changes and prints every held message in line order.
    /// Returns the status of the last held line, if any.
    fn flush(&mut self, ctx: &mut Ctx) -> Result<Option<i32>> {
        if self.pending.is_empty() {
            return Ok(None);
        }
        let acks = ctx.ipvs.apply(&self.requests)?;
        let mut acks = acks.into_iter();
        let mut last = 0;
        let pending = std::mem::take(&mut self.pending);
        for p in pending {
            last = match p {
                Pending::Change { line, op } => match acks.next() {
                    Some(Ok(())) => 0,
                    Some(Err(errno)) => self.report(ctx, line, &Error::Kernel { op, errno }),
                    None => return Err(Error::Protocol("a batched request got no answer".into())),
                },
                Pending::Message { line, text, status } => {
                    self.report(ctx, line, &Error::Usage(text));
                    if self.first_failure.is_none() {
                        self.first_failure = Some(status);
                    }
                    status
                }
            };
        }
        self.requests.clear();
        Ok(Some(last))
    }
}

pub fn run(prog: &str, ctx: &mut Ctx) -> Result<()> {
    run_with(prog, ctx, RestoreOptions::default())
}

/// The restore, stopping cleanly on SIGINT/SIGTERM.
pub fn run_with(prog: &str, ctx: &mut Ctx, opts: RestoreOptions) -> Result<()> {
    process::catch();
    let input = Input {
        stop: &process::caught,
        would_block: &process::stdin_would_block,
    };
    run_until(prog, ctx, opts, input)
}

/// How the loop looks at the world outside the input stream (replaced in
/// tests).
struct Input<'a> {
    /// The signal that asks the restore to end, if one came.
    stop: &'a dyn Fn() -> Option<i32>,
    /// Whether the next read would wait for more input.
    would_block: &'a dyn Fn() -> bool,
}

/// The restore loop; `stop` gives the signal that asks it to end. Between
/// lines it is asked; when it answers, the lines already read are sent (so
/// the table holds exactly the file's first N lines), N is reported and
/// the exit status is 128 + the signal, as a shell shows a killed command.
fn run_until(prog: &str, ctx: &mut Ctx, opts: RestoreOptions, input: Input) -> Result<()> {
    let stop = input.stop;
    let mut source = RuleSource::new(prog, ctx.names);
    let mut batch = Batch::new(opts);
    let mut status = 0;
    loop {
        if let Some(sig) = stop() {
            batch.flush(ctx)?;
            ctx.out.flush()?;
            writeln!(ctx.err, "{prog}: interrupted after line {}", source.line_no)?;
            return Err(Error::Silent(128 + sig));
        }
        if !batch.pending.is_empty() && (input.would_block)() {
            status = batch.flush(ctx)?.unwrap_or(status);
        }
        let line = match source.next_line(&mut *ctx.input, &|| stop().is_some()) {
            Ok(Some(line)) => line,
            Ok(None) => break,
            // Only when `stop` said so: the top of the loop ends it.
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e.into()),
        };
        let line_no = line.number;
        match line.parsed {
            Ok(sub) => match sub.action {
                Action::Change(req) => {
                    batch.pending.push(Pending::Change {
                        line: line_no,
                        op: req.op(),
                    });
                    batch.requests.push(req);
                }
                // A nested restore is refused like a non-command line.
                Action::Restore => {
                    batch.flush(ctx)?;
                    return Err(Error::TryHelp {
                        prog: prog.to_string(),
                    });
                }
                // The reference prints and exits 0 here, whatever came
                // before; --strict keeps the first failure even so.
                Action::Help | Action::Version => {
                    batch.flush(ctx)?;
                    super::run(&sub, ctx)?;
                    return match batch.first_failure {
                        Some(status) if opts.strict => Err(Error::Silent(status)),
                        _ => Ok(()),
                    };
                }
                // A listing inside the file; the reference exits from a
                // failed one (`-L <svc>` not found: 1), so that ends the
                // restore too.
                Action::List(_) | Action::Metrics(_) | Action::Save(_) => {
                    batch.flush(ctx)?;
                    if let Err(e) = super::run(&sub, ctx) {
                        ctx.out.flush()?;
                        if opts.line_numbers && !e.is_silent() {
                            write!(ctx.err, "line {line_no}: ")?;
                        }
                        return Err(e);
                    }
                    status = 0;
                    ctx.out.flush()?;
                }
            },
            // popt-level errors are reported and the restore goes on.
            Err(e @ Error::Popt { .. }) => batch.pending.push(Pending::Message {
                line: line_no,
                text: e.to_string(),
                status: e.exit_code(),
            }),
            Err(e) => {
                batch.flush(ctx)?;
                if opts.line_numbers || e.names_its_line() {
                    write!(ctx.err, "line {line_no}: ")?;
                }
                return Err(e);
            }
        }
        // Bounded: nothing is held per line beyond one batch.
        if batch.pending.len() >= BATCH_LINES {
            status = batch.flush(ctx)?.unwrap_or(status);
        }
    }
    status = batch.flush(ctx)?.unwrap_or(status);
    if opts.strict {
        status = batch.first_failure.unwrap_or(0);
    }
    if status == 0 {
        Ok(())
    } else {
        Err(Error::Silent(status))
    }
}

#[cfg(test)]
mod tests {
    use crate::cmd::testutil::*;

    #[test]
    fn kernel_errors_continue_and_status_is_last_lines() {
        let mut k = kernel();
        let input = "-A -t 10.0.0.1:80 -s rr\n-A -t 10.0.0.1:80 -s rr\n-a -t 10.0.0.1:80 -r 10.1.1.1:80 -g\n";
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
        let input = "-A -t 10.0.0.1:80 -s rr\n-A -t 10.0.0.1:80 -s rr\n-A --bogus\n-A -t 10.0.0.2:80 -s rr\n";
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
        use std::cell::Cell;
        let mut k = kernel();
        let input: String = (1..=5)
            .map(|i| format!("-A -t 10.0.0.{i}:80 -s rr\n"))
            .collect();
        let asked = Cell::new(0);
        // Asked once per line: the signal comes after the third line.
        let stop = || {
            asked.set(asked.get() + 1);
            (asked.get() > 3).then_some(libc::SIGTERM)
        };
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
}
