//! `-R`: run the rule lines read from standard input, with the reference's
//! semantics (shared/ipvsadm-behavior.md §6): parse errors of the fail()
//! class abort (exit 2), try-help aborts (255), popt and kernel errors are
//! reported and the restore goes on, `-h`/`-v` print and stop with 0, and
//! the exit status is the last line's.
//!
//! Unlike the reference, the lines are read and parsed on a second thread
//! (restore/feed.rs) while this one sends the changes already parsed, as
//! pipelined batches on the one socket; each answer is matched to its
//! line, and messages are printed in line order, so the output is the
//! reference's.

use super::Ctx;
use crate::cli::Action;
use crate::error::Error;
use crate::error::Result;
use crate::ipvs::{Ipvs, Outcome, Request};
use crate::model::Info;
use crate::names::Resolver;
use crate::process;
use feed::{Chunk, End, Pending};
use std::io::Write;
use std::sync::mpsc;

mod feed;

/// Our additions, asked for by `ipvsadm-restore` options; the default is
/// the reference's behaviour.
#[derive(Debug, Clone, Copy, Default)]
pub struct RestoreOptions {
    /// Prefix each error with `line N: `.
    pub line_numbers: bool,
    /// Exit with the first failing line's status, not the last line's.
    pub strict: bool,
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

/// How the reader looks at the world outside the input stream (replaced
/// in tests). Asked from the reading thread.
#[derive(Clone, Copy)]
struct Input<'a> {
    /// The signal that asks the restore to end, if one came.
    stop: &'a (dyn Fn() -> Option<i32> + Sync),
    /// Whether the next read would wait for more input.
    would_block: &'a (dyn Fn() -> bool + Sync),
}

/// The restore; `stop` gives the signal that asks it to end. Between
/// lines it is asked; when it answers, the lines already read are sent (so
/// the table holds exactly the file's first N lines), N is reported and
/// the exit status is 128 + the signal, as a shell shows a killed command.
fn run_until(prog: &str, ctx: &mut Ctx, opts: RestoreOptions, world: Input) -> Result<()> {
    // Signals go to the reading thread, the one that can be blocked in
    // `read` (process::block_stop_signals); ours is back when this returns.
    let mask = process::block_stop_signals();
    let Ctx {
        ipvs,
        info,
        out,
        err,
        names,
        input,
    } = ctx;
    let (names, info): (&(dyn Resolver + Sync), Info) = (*names, *info);
    std::thread::scope(|s| {
        let (chunks_tx, chunks) = mpsc::sync_channel(feed::DEPTH);
        let (resume, resume_rx) = mpsc::channel();
        let reader = feed::Reader {
            prog,
            names,
            input: &mut **input,
            world,
        };
        let mask = &mask;
        s.spawn(move || {
            mask.apply();
            feed::run(reader, chunks_tx, resume_rx)
        });
        let mut sink = Sink {
            ipvs: &mut **ipvs,
            out: &mut **out,
            err: &mut **err,
            names,
            info,
            opts,
            first_failure: None,
        };
        // Returning drops `chunks` and `resume`, which ends the reader
        // (at its next line, or at once if it waits on either).
        sink.consume(prog, chunks, resume)
    })
}

/// The main thread's side: sends each chunk's changes, prints its messages
/// in line order, and acts on where the reading ended.
struct Sink<'a> {
    ipvs: &'a mut dyn Ipvs,
    out: &'a mut dyn Write,
    err: &'a mut dyn Write,
    names: &'a (dyn Resolver + Sync),
    info: Info,
    opts: RestoreOptions,
    /// The first failing line's status, for `strict`.
    first_failure: Option<i32>,
}

impl Sink<'_> {
    fn consume(
        &mut self,
        prog: &str,
        chunks: mpsc::Receiver<Chunk>,
        resume: mpsc::Sender<()>,
    ) -> Result<()> {
        let mut status = 0;
        loop {
            // The reader always ends with an `End`; a closed channel means
            // it panicked, which the scope then passes on.
            let Ok(chunk) = chunks.recv() else {
                return Err(Error::Protocol("the rule reader stopped".into()));
            };
            status = self
                .flush(chunk.pending, &chunk.requests)?
                .unwrap_or(status);
            match chunk.end {
                None => {}
                Some(End::Eof) => break,
                Some(End::Failed(e)) => return Err(e.into()),
                Some(End::Stopped { sig, after }) => {
                    self.out.flush()?;
                    writeln!(self.err, "{prog}: interrupted after line {after}")?;
                    return Err(Error::Silent(128 + sig));
                }
                // A listing inside the file; the reference exits from a
                // failed one (`-L <svc>` not found: 1), so that ends the
                // restore too.
                Some(End::Listing { line, inv }) => {
                    if let Err(e) = self.run_line(&inv) {
                        self.out.flush()?;
                        if self.opts.line_numbers && !e.is_silent() {
                            write!(self.err, "line {line}: ")?;
                        }
                        return Err(e);
                    }
                    status = 0;
                    self.out.flush()?;
                    // The reader waits for this (feed::End::Listing).
                    let _ = resume.send(());
                }
                Some(End::Last { line, parsed }) => return self.last(prog, line, parsed),
            }
        }
        if self.opts.strict {
            status = self.first_failure.unwrap_or(0);
        }
        match status {
            0 => Ok(()),
            status => Err(Error::Silent(status)),
        }
    }

    /// A line that ends the restore.
    fn last(
        &mut self,
        prog: &str,
        line: usize,
        parsed: Result<crate::cli::Invocation>,
    ) -> Result<()> {
        match parsed {
            Ok(inv) => match inv.action {
                // The reference prints and exits 0 here, whatever came
                // before; --strict keeps the first failure even so.
                Action::Help | Action::Version => {
                    self.run_line(&inv)?;
                    match self.first_failure {
                        Some(status) if self.opts.strict => Err(Error::Silent(status)),
                        _ => Ok(()),
                    }
                }
                // A nested restore is refused like a non-command line.
                _ => Err(Error::TryHelp {
                    prog: prog.to_string(),
                }),
            },
            Err(e) => {
                if self.opts.line_numbers || e.names_its_line() {
                    write!(self.err, "line {line}: ")?;
                }
                Err(e)
            }
        }
    }

    /// Runs a parsed line that is not a change (no standard input: a
    /// nested restore never gets here).
    fn run_line(&mut self, inv: &crate::cli::Invocation) -> Result<()> {
        let mut ctx = Ctx {
            ipvs: &mut *self.ipvs,
            info: self.info,
            out: &mut *self.out,
            err: &mut *self.err,
            names: self.names,
            input: &mut std::io::empty(),
        };
        super::run(inv, &mut ctx)
    }

    /// Prints one line's error, numbered on request, and gives its status.
    fn report(&mut self, line: usize, e: &Error) -> i32 {
        if self.opts.line_numbers && !e.is_silent() {
            let _ = write!(self.err, "line {line}: ");
        }
        let status = e.report(self.err);
        if status != 0 && self.first_failure.is_none() {
            self.first_failure = Some(status);
        }
        status
    }

    /// Sends the chunk's changes and prints every message in line order.
    /// Returns the status of its last line, if any.
    fn flush(&mut self, pending: Vec<Pending>, requests: &[Request]) -> Result<Option<i32>> {
        if pending.is_empty() {
            return Ok(None);
        }
        let applied = self.ipvs.apply_all(requests);
        let mut next = 0;
        let mut last = 0;
        for (i, p) in pending.iter().enumerate() {
            last = match *p {
                Pending::Change { line, op } => {
                    let outcome = applied.outcomes.get(next);
                    next += 1;
                    match outcome {
                        Some(Outcome::Applied) => 0,
                        Some(&Outcome::Refused(errno)) => {
                            self.report(line, &Error::Kernel { op, errno })
                        }
                        // The transport failed: never report these as done.
                        _ => {
                            let rest = applied.outcomes.get(next - 1..).unwrap_or_default();
                            let cause = applied.error.map(Error::from);
                            return Err(lost(&pending[i..], rest, cause));
                        }
                    }
                }
                Pending::Message {
                    line,
                    ref text,
                    status,
                } => {
                    self.report(line, &Error::Usage(text.clone()));
                    if self.first_failure.is_none() {
                        self.first_failure = Some(status);
                    }
                    status
                }
            };
        }
        match applied.error {
            Some(e) => Err(e.into()),
            None => Ok(Some(last)),
        }
    }
}

/// The error for changes whose outcome the transport lost (an ENOBUFS:
/// the kernel dropped answers) or that it never sent, from the first of
/// them on. `rest` are the chunk's lines from there, `outcomes` their
/// changes' outcomes. The restore stops there.
fn lost(rest: &[Pending], outcomes: &[Outcome], cause: Option<Error>) -> Error {
    let changes = rest.iter().filter_map(|p| match p {
        Pending::Change { line, .. } => Some(*line),
        Pending::Message { .. } => None,
    });
    let (mut unknown, mut unsent) = (Vec::new(), None);
    for (line, o) in changes.zip(outcomes) {
        match o {
            Outcome::Unknown => unknown.push(line),
            Outcome::NotSent => {
                unsent = Some(line);
                break;
            }
            Outcome::Applied | Outcome::Refused(_) => {}
        }
    }
    let cause = cause.map_or_else(|| "no answer".to_string(), |e| e.cause());
    let mut text = match (unknown.first(), unknown.last()) {
        (Some(a), Some(b)) if a == b => {
            format!("the answer to line {a} was lost ({cause}): whether it was applied is unknown")
        }
        (Some(a), Some(b)) => format!(
            "the answers to lines {a}-{b} were lost ({cause}): whether they were applied is unknown"
        ),
        _ => format!("the transport failed ({cause})"),
    };
    if let Some(line) = unsent {
        text += &format!("; line {line} and those after it were not sent");
    }
    Error::Protocol(text)
}

#[cfg(test)]
mod tests;
