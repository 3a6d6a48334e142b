//! The one rule-line source behind `-R`, `ipvsadm-restore`, `--check` and
//! `--converge`: standard input to numbered, parsed rule lines. A line is
//! split with the reference's rules (tokens split on space, tab, CR and
//! LF; every token equal to `ipvsadm` dropped; blank lines skipped) plus
//! one addition: a token starting with `#` starts a comment (the reference
//! treats `#` as an argument and aborts). Each line then goes through the
//! command-line parser, as the reference's `-R` does.
//!
//! Line length is bounded. The reference reads `-R` input with `fgets` into
//! a 4096-byte buffer, so a longer line reaches it as several pieces, each
//! run as a command of its own; ours refuses such a line with its number
//! instead (running the pieces of a line is never what the file meant) and
//! holds no more than the bound while skipping the rest of it.

use std::borrow::Cow;
use std::io::{self, BufRead};

use nom::bytes::complete::{take_till1, take_while};
use nom::multi::many0;
use nom::sequence::preceded;
use nom::{IResult, Parser};

use crate::cli::{self, Invocation, Opt};
use crate::error::Error;
use crate::names::Resolver;

/// The longest line, without its newline, that the reference reads whole.
pub const MAX_LINE: usize = 4095;

/// One rule line that is not blank or a comment.
#[derive(Debug)]
pub struct RuleLine {
    /// 1-based, counting every line of the input.
    pub number: usize,
    /// The line as read, without its line ending.
    pub raw: Vec<u8>,
    /// What the command-line parser made of it.
    pub parsed: Result<Invocation, Error>,
}

impl RuleLine {
    /// Whether the line was longer than `MAX_LINE` (then `raw` holds its
    /// first `MAX_LINE` bytes).
    pub fn truncated(&self) -> bool {
        matches!(self.parsed, Err(Error::LineTooLong { .. }))
    }

    /// Its first word, as the parser was given it.
    pub fn first_word(&self) -> Option<String> {
        split(&line_text(&self.raw))?
            .into_iter()
            .next()
            .map(str::to_string)
    }

    /// The value it last gave `opt`, as written: before a name is looked up
    /// or the parser puts a port of its own in its place.
    pub fn written(&self, opt: Opt) -> Option<String> {
        cli::last_value(&split(&line_text(&self.raw))?, opt)
    }
}

/// Reads and parses rule lines one at a time; only the current line is
/// held in memory.
pub struct RuleSource<'a> {
    names: &'a dyn Resolver,
    prog: String,
    /// The number of the last line read.
    pub line_no: usize,
    buf: Vec<u8>,
}

impl<'a> RuleSource<'a> {
    pub fn new(prog: &str, names: &'a dyn Resolver) -> RuleSource<'a> {
        RuleSource {
            names,
            prog: prog.to_string(),
            line_no: 0,
            buf: Vec::new(),
        }
    }

    /// The next rule line of `input`, `None` at its end. An EINTR ends the
    /// read with `Interrupted` when `stop()` says so (a signal must stop a
    /// restore that waits on a stalled pipe); any other EINTR is retried.
    pub fn next_line(
        &mut self,
        input: &mut dyn BufRead,
        stop: &dyn Fn() -> bool,
    ) -> io::Result<Option<RuleLine>> {
        loop {
            self.buf.clear();
            let read = read_line(input, &mut self.buf, MAX_LINE, stop)?;
            if read == Read::End {
                return Ok(None);
            }
            self.line_no += 1;
            let raw = trim_newline(&self.buf).to_vec();
            if read == Read::TooLong {
                let parsed = Err(Error::LineTooLong { max: MAX_LINE });
                return Ok(Some(self.item(raw, parsed)));
            }
            let text = line_text(&self.buf);
            let Some(tokens) = split(&text) else {
                continue;
            };
            let mut args = Vec::with_capacity(tokens.len() + 1);
            args.push(self.prog.as_str());
            args.extend(tokens);
            let parsed = cli::parse_words(&args, self.names).and_then(refuse_whole_run_options);
            return Ok(Some(self.item(raw, parsed)));
        }
    }

    fn item(&self, raw: Vec<u8>, parsed: Result<Invocation, Error>) -> RuleLine {
        RuleLine {
            number: self.line_no,
            raw,
            parsed,
        }
    }

    /// The lines of `input` as an iterator, for readers that need nothing
    /// between lines (no signal stops them).
    pub fn lines<'s>(
        &'s mut self,
        input: &'s mut dyn BufRead,
    ) -> impl Iterator<Item = io::Result<RuleLine>> + use<'s, 'a> {
        std::iter::from_fn(move || self.next_line(input, &|| false).transpose())
    }
}

/// A rule line runs in the namespace the whole restore runs in: a
/// `--netns` there would be silently ignored (the socket is already open),
/// so it is refused.
fn refuse_whole_run_options(inv: Invocation) -> Result<Invocation, Error> {
    match inv.netns {
        Some(_) => Err(Error::NotInRuleLine { option: "--netns" }),
        None => Ok(inv),
    }
}

fn trim_newline(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// How a line read ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Read {
    /// A whole line (with its newline, unless it was the last).
    Line,
    /// More than the bound: the first `max` bytes are kept, the rest of
    /// the line was read and dropped.
    TooLong,
    /// The end of the input.
    End,
}

/// Reads one line (with its newline, if any) into `buf`, keeping at most
/// `max` bytes before the newline. An EINTR ends the read when `stop()`
/// says so.
pub fn read_line(
    input: &mut dyn BufRead,
    buf: &mut Vec<u8>,
    max: usize,
    stop: &dyn Fn() -> bool,
) -> io::Result<Read> {
    // Bytes of the line before its newline, kept or not.
    let mut content = 0usize;
    let mut any = false;
    loop {
        let (used, done) = {
            let avail = match input.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {
                    if stop() {
                        return Err(e);
                    }
                    continue;
                }
                Err(e) => return Err(e),
            };
            if avail.is_empty() {
                break;
            }
            any = true;
            let newline = avail.iter().position(|&b| b == b'\n');
            let chunk = &avail[..newline.unwrap_or(avail.len())];
            let room = max.saturating_sub(content);
            buf.extend_from_slice(&chunk[..chunk.len().min(room)]);
            content += chunk.len();
            match newline {
                Some(i) => {
                    buf.push(b'\n');
                    (i + 1, true)
                }
                None => (chunk.len(), false),
            }
        };
        input.consume(used);
        if done {
            break;
        }
    }
    Ok(match (any, content > max) {
        (false, _) => Read::End,
        (true, true) => Read::TooLong,
        (true, false) => Read::Line,
    })
}

fn is_sep(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

fn tokens(input: &str) -> IResult<&str, Vec<&str>> {
    many0(preceded(take_while(is_sep), take_till1(is_sep))).parse(input)
}

/// A rule line's bytes as text, for `split`: bytes that are not UTF-8
/// become U+FFFD, so such a token fails to parse as an address or option
/// rather than aborting the read. `from_utf8` first: its check is much
/// cheaper than the lossy conversion's, and nearly every line is valid.
pub fn line_text(raw: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(raw) {
        Ok(t) => Cow::Borrowed(t),
        Err(_) => String::from_utf8_lossy(raw),
    }
}

/// Tokenises one line (`line_text`), borrowing from it; `None` for a blank
/// or comment line.
pub fn split(line: &str) -> Option<Vec<&str>> {
    let toks = match tokens(line) {
        Ok((_, t)) => t,
        Err(_) => Vec::new(),
    };
    let args: Vec<&str> = toks
        .into_iter()
        .take_while(|t| !t.starts_with('#'))
        .filter(|t| *t != "ipvsadm")
        .collect();
    (!args.is_empty()).then_some(args)
}

#[cfg(test)]
mod tests;
