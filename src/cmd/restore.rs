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
use crate::app;
use crate::cli::{Command, Invocation};
use crate::error::Result;
use crate::error::{Error, KernelOp};
use crate::ipvs::Request;
use crate::save_restore::reader::{LineReader, RuleLine};

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
        let status = app::report(e, ctx.err);
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

pub fn run(inv: &Invocation, ctx: &mut Ctx) -> Result<()> {
    run_with(inv, ctx, RestoreOptions::default())
}

pub fn run_with(inv: &Invocation, ctx: &mut Ctx, opts: RestoreOptions) -> Result<()> {
    let mut reader = LineReader::new();
    let mut batch = Batch::new(opts);
    let mut status = 0;
    let mut buf = Vec::new();
    loop {
        buf.clear();
        let n = ctx.input.read_until(b'\n', &mut buf)?;
        if n == 0 {
            break;
        }
        let line = match reader.line(&buf) {
            RuleLine::Blank => continue,
            RuleLine::Args(tokens) => tokens,
        };
        let line_no = reader.line_no;
        let mut args = Vec::with_capacity(line.len() + 1);
        args.push(inv.prog.clone());
        args.extend(line);
        let parsed = app::parse(&args, ctx);
        match parsed {
            Ok(sub) => {
                if let Some(req) = super::request_of(&sub) {
                    batch.pending.push(Pending::Change {
                        line: line_no,
                        op: req.op(),
                    });
                    batch.requests.push(req);
                    if batch.pending.len() >= BATCH_LINES {
                        status = batch.flush(ctx)?.unwrap_or(status);
                    }
                    continue;
                }
                batch.flush(ctx)?;
                match sub.command {
                    // A nested restore is refused like a non-command line.
                    Command::Restore => {
                        return Err(Error::TryHelp {
                            prog: inv.prog.clone(),
                        })
                    }
                    Command::Help | Command::Version => {
                        super::run(&sub, ctx)?;
                        return Ok(());
                    }
                    _ => {
                        status = match super::run(&sub, ctx) {
                            Ok(()) => 0,
                            Err(e) => batch.report(ctx, line_no, &e),
                        };
                        ctx.out.flush()?;
                    }
                }
            }
            // popt-level errors are reported and the restore goes on.
            Err(e @ Error::Popt { .. }) => batch.pending.push(Pending::Message {
                line: line_no,
                text: e.to_string(),
                status: e.exit_code(),
            }),
            Err(e) => {
                batch.flush(ctx)?;
                if opts.line_numbers {
                    write!(ctx.err, "line {line_no}: ")?;
                }
                return Err(e);
            }
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
        assert_eq!(k.table[0].1.len(), 1);
        let r = run_with_input(&mut k, "-R", "-A -t 10.0.0.1:80 -s rr\n");
        assert_eq!(r.code, 255);
    }

    #[test]
    fn fail_class_aborts_after_earlier_lines_applied() {
        let mut k = kernel();
        let input = "-A -t 10.0.0.1:80 -s rr\n-a -t 10.0.0.1:80 -r 10.1.1.1 -w 99999999999\n-A -t 10.0.0.2:80\n";
        let r = run_with_input(&mut k, "-R", input);
        assert_eq!((r.code, r.err.as_str()), (2, "illegal weight specified\n"));
        assert_eq!(k.table.len(), 1, "lines after the abort are not run");
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
        use crate::cli::{Command, Invocation};
        use crate::cmd::testutil::with_ctx;
        let input = "-A -t 10.0.0.1:80 -s rr\n\n-A -t 10.0.0.1:80 -s rr\n-A -t 10.0.0.2:80 -s rr\n";
        let inv = Invocation::new(Command::Restore, "ipvsadm");
        let opts = RestoreOptions {
            line_numbers: true,
            strict: true,
        };
        let (code, _, err) = with_ctx(input, |ctx| run_with(&inv, ctx, opts));
        assert_eq!(
            (code, err.as_str()),
            (255, "line 3: Service already exists\n")
        );
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
