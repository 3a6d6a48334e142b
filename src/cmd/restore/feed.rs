//! The reading side of `-R`, on a thread of its own: reads, numbers and
//! parses the rule lines (`RuleSource`, the one rule-line source) and hands
//! them to the main thread in chunks, in line order, through a bounded
//! channel. Meanwhile the main thread sends the previous chunk: the kernel
//! runs each request inside our sendmsg, so on two cores the parsing hides
//! behind the kernel's work (BENCHMARKS.md, "Why"). Memory stays bounded:
//! at most `DEPTH` chunks of `CHUNK_LINES` lines wait.
//!
//! This thread decides nothing about output or status; it only says where
//! its reading ended (`End`), and the main thread acts on that as the
//! single-threaded loop did.

use super::Input;
use crate::cli::{Action, Invocation};
use crate::error::{Error, KernelOp};
use crate::ipvs::Request;
use crate::names::Resolver;
use crate::save_restore::reader::RuleSource;
use std::io::{self, BufRead};
use std::sync::mpsc::{Receiver, SyncSender};

/// Lines per chunk: large enough that each is a few full sendmsgs, small
/// enough that the first chunk (parsed while nothing else runs) is short.
pub const CHUNK_LINES: usize = 256;
/// Chunks waiting in the channel at most.
pub const DEPTH: usize = 4;

/// One line of a chunk, in line order.
pub enum Pending {
    /// A change; its request is the next of `Chunk::requests`.
    Change { line: usize, op: KernelOp },
    /// A message already known (a popt-level error) and the status it gives.
    Message {
        line: usize,
        text: String,
        status: i32,
    },
}

/// Lines handed over at once; `end` says why the chunk ended early.
#[derive(Default)]
pub struct Chunk {
    pub pending: Vec<Pending>,
    pub requests: Vec<Request>,
    pub end: Option<End>,
}

/// Where the reading stopped, after the chunk's lines.
pub enum End {
    /// The end of the input.
    Eof,
    /// A signal asked the restore to stop after `after` lines were read.
    Stopped { sig: i32, after: usize },
    /// Reading the input failed.
    Failed(io::Error),
    /// A listing (`-L`, `-S`, `--metrics`) for the main thread to run. The
    /// reader waits for `resume` before it reads on: the listing may look up
    /// names, and libc's look-ups (getservbyname...) are not thread-safe.
    Listing { line: usize, inv: Invocation },
    /// A line that ends the restore: `-h`/`-v`, a nested `-R`, or an error
    /// of the fail() class.
    Last {
        line: usize,
        parsed: Result<Invocation, Error>,
    },
}

/// What the reader reads with.
pub struct Reader<'a> {
    pub prog: &'a str,
    pub names: &'a (dyn Resolver + Sync),
    pub input: &'a mut (dyn BufRead + Send),
    pub world: Input<'a>,
}

/// Reads until the input ends, a line ends the restore, a signal asks it to
/// stop, or the main thread hangs up (it returned early: the chunks are
/// not wanted).
pub fn run(r: Reader, chunks: SyncSender<Chunk>, resume: Receiver<()>) {
    let Input { stop, would_block } = r.world;
    let mut source = RuleSource::new(r.prog, r.names);
    let mut chunk = Chunk::default();
    let end = |chunk: &mut Chunk, end| {
        let mut c = std::mem::take(chunk);
        c.end = Some(end);
        c
    };
    loop {
        // Between lines, as the single-threaded loop asked.
        if let Some(sig) = stop() {
            let after = source.line_no;
            let _ = chunks.send(end(&mut chunk, End::Stopped { sig, after }));
            return;
        }
        // A slow or interactive input: what was read takes effect now.
        let hand_over = !chunk.pending.is_empty() && would_block();
        if hand_over && chunks.send(std::mem::take(&mut chunk)).is_err() {
            return;
        }
        let line = match source.next_line(&mut *r.input, &|| stop().is_some()) {
            Ok(Some(line)) => line,
            Ok(None) => {
                let _ = chunks.send(end(&mut chunk, End::Eof));
                return;
            }
            // Only when `stop` said so: the top of the loop ends it.
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => {
                let _ = chunks.send(end(&mut chunk, End::Failed(e)));
                return;
            }
        };
        let line_no = line.number;
        match line.parsed {
            Ok(inv) => match inv.action {
                Action::Change(req) => {
                    chunk.pending.push(Pending::Change {
                        line: line_no,
                        op: req.op(),
                    });
                    chunk.requests.push(req);
                }
                Action::List(_) | Action::Metrics(_) | Action::Save(_) => {
                    let listing = End::Listing { line: line_no, inv };
                    if chunks.send(end(&mut chunk, listing)).is_err() || resume.recv().is_err() {
                        return;
                    }
                }
                Action::Help | Action::Version | Action::Restore => {
                    let last = End::Last {
                        line: line_no,
                        parsed: Ok(inv),
                    };
                    let _ = chunks.send(end(&mut chunk, last));
                    return;
                }
            },
            // popt-level errors are reported and the restore goes on.
            Err(e @ Error::Popt { .. }) => chunk.pending.push(Pending::Message {
                line: line_no,
                text: e.to_string(),
                status: e.exit_code(),
            }),
            Err(e) => {
                let last = End::Last {
                    line: line_no,
                    parsed: Err(e),
                };
                let _ = chunks.send(end(&mut chunk, last));
                return;
            }
        }
        if chunk.pending.len() >= CHUNK_LINES && chunks.send(std::mem::take(&mut chunk)).is_err() {
            return;
        }
    }
}
