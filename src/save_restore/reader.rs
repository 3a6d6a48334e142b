//! The rule-file line reader behind `-R`: one line of bytes to the tokens
//! the command-line parser takes, with the reference's rules (tokens split
//! on space, tab, CR and LF; every token equal to `ipvsadm` dropped; blank
//! lines skipped) plus one addition: a token starting with `#` starts a
//! comment (the reference treats `#` as an argument and aborts).

use std::io::{self, BufRead};

use nom::bytes::complete::{take_till1, take_while};
use nom::multi::many0;
use nom::sequence::preceded;
use nom::{IResult, Parser};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuleLine {
    Blank,
    Args(Vec<String>),
}

fn is_sep(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

fn tokens(input: &[u8]) -> IResult<&[u8], Vec<&[u8]>> {
    many0(preceded(take_while(is_sep), take_till1(is_sep))).parse(input)
}

/// Counts lines so errors can name them.
#[derive(Debug, Default)]
pub struct LineReader {
    pub line_no: usize,
}

impl LineReader {
    pub fn new() -> LineReader {
        LineReader::default()
    }

    /// Tokenises one line (with or without its newline).
    pub fn line(&mut self, raw: &[u8]) -> RuleLine {
        self.line_no += 1;
        split(raw)
    }
}

/// Reads one line (with its newline, if any) into `buf`, like
/// `read_until`, but an EINTR ends the read when `stop()` says so, so a
/// signal stops a restore that waits on a stalled pipe. Returns the bytes
/// read, 0 at the end of input. Only this line is held in memory.
pub fn read_line(
    input: &mut dyn BufRead,
    buf: &mut Vec<u8>,
    stop: &dyn Fn() -> bool,
) -> io::Result<usize> {
    let start = buf.len();
    loop {
        let (done, used) = {
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
            match avail.iter().position(|&b| b == b'\n') {
                Some(i) => {
                    buf.extend_from_slice(&avail[..=i]);
                    (true, i + 1)
                }
                None => {
                    buf.extend_from_slice(avail);
                    (avail.is_empty(), avail.len())
                }
            }
        };
        input.consume(used);
        if done {
            return Ok(buf.len() - start);
        }
    }
}

/// Tokenises one line. Bytes that are not UTF-8 are replaced (U+FFFD), so
/// such a token fails to parse as an address or option rather than
/// aborting the read.
pub fn split(raw: &[u8]) -> RuleLine {
    let toks = match tokens(raw) {
        Ok((_, t)) => t,
        Err(_) => Vec::new(),
    };
    let args: Vec<String> = toks
        .into_iter()
        .take_while(|t| t.first() != Some(&b'#'))
        .filter(|t| *t != b"ipvsadm")
        .map(|t| String::from_utf8_lossy(t).into_owned())
        .collect();
    if args.is_empty() {
        RuleLine::Blank
    } else {
        RuleLine::Args(args)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Vec<String> {
        match split(s.as_bytes()) {
            RuleLine::Args(a) => a,
            RuleLine::Blank => vec![],
        }
    }

    #[test]
    fn splits_on_blanks_and_crlf() {
        assert_eq!(
            args("  -A\t-t 1.2.3.4:80  -s rr\r\n"),
            ["-A", "-t", "1.2.3.4:80", "-s", "rr"]
        );
    }

    #[test]
    fn ipvsadm_dropped_anywhere_other_spellings_kept() {
        assert_eq!(args("ipvsadm -A -s ipvsadm rr"), ["-A", "-s", "rr"]);
        assert_eq!(args("/sbin/ipvsadm -A"), ["/sbin/ipvsadm", "-A"]);
    }

    #[test]
    fn blank_and_comment_lines() {
        assert_eq!(split(b"   \t\r\n"), RuleLine::Blank);
        assert_eq!(split(b"# saved by ipvsadm-save\n"), RuleLine::Blank);
        assert_eq!(split(b"   # indented comment\n"), RuleLine::Blank);
        assert_eq!(args("-C # trailing comment"), ["-C"]);
    }

    #[test]
    fn read_line_keeps_newlines_and_a_last_line_without_one() {
        let mut input: &[u8] = b"-C\r\n\n-A";
        let mut buf = Vec::new();
        let mut lines = Vec::new();
        loop {
            buf.clear();
            if read_line(&mut input, &mut buf, &|| false).unwrap() == 0 {
                break;
            }
            lines.push(String::from_utf8(buf.clone()).unwrap());
        }
        assert_eq!(lines, ["-C\r\n", "\n", "-A"]);
    }

    #[test]
    fn invalid_utf8_and_nul_do_not_panic() {
        assert_eq!(args("-A -t \u{ff}\n").len(), 3);
        assert_eq!(
            split(b"-A\0-t").clone(),
            RuleLine::Args(vec!["-A\0-t".into()])
        );
    }
}
