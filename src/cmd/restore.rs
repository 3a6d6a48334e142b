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

/// One line waiting for the batch to be sent.
enum Pending {
    Change {
        op: KernelOp,
    },
    /// A message already known (a popt-level error) and the status it gives.
    Message {
        text: String,
        status: i32,
    },
}

struct Batch {
    pending: Vec<Pending>,
    requests: Vec<Request>,
}

impl Batch {
    fn new() -> Batch {
        Batch {
            pending: Vec::new(),
            requests: Vec::new(),
        }
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
        for p in self.pending.drain(..) {
            last = match p {
                Pending::Change { op } => match acks.next() {
                    Some(Ok(())) => 0,
                    Some(Err(errno)) => app::report(&Error::Kernel { op, errno }, ctx.err),
                    None => return Err(Error::Protocol("a batched request got no answer".into())),
                },
                Pending::Message { text, status } => {
                    writeln!(ctx.err, "{text}")?;
                    status
                }
            };
        }
        self.requests.clear();
        Ok(Some(last))
    }
}

pub fn run(inv: &Invocation, ctx: &mut Ctx) -> Result<()> {
    let mut reader = LineReader::new();
    let mut batch = Batch::new();
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
        let mut args = Vec::with_capacity(line.len() + 1);
        args.push(inv.prog.clone());
        args.extend(line);
        let parsed = app::parse(&args, ctx);
        match parsed {
            Ok(sub) => {
                if let Some(req) = super::request_of(&sub) {
                    batch.pending.push(Pending::Change { op: req.op() });
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
                            Err(e) => app::report(&e, ctx.err),
                        };
                        ctx.out.flush()?;
                    }
                }
            }
            // popt-level errors are reported and the restore goes on.
            Err(e @ Error::Popt { .. }) => batch.pending.push(Pending::Message {
                text: e.to_string(),
                status: e.exit_code(),
            }),
            Err(e) => {
                batch.flush(ctx)?;
                return Err(e);
            }
        }
    }
    status = batch.flush(ctx)?.unwrap_or(status);
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
