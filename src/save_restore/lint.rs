//! The characters of a rule line that are not what they look like: a
//! no-break space between two options, an en dash before one, smart
//! quotes, full-width letters, byte-order marks, control characters and
//! bytes that are not UTF-8, as text copied from a web page or saved by a
//! word processor carries them. Each is found with its column and named by
//! its code point and Unicode name, with the ASCII it stands for. Only the
//! text; what a line means is the parser's and `cmd::check`'s business.
//!
//! The names are a small table of the characters reported, not the
//! Unicode database: a character beyond ASCII that is not in it is
//! reported by code point only (and as a warning: Linux allows such bytes
//! in an interface name).

use std::fmt;

mod names;
use names::{ascii_of, fullwidth_name, CONTROLS, LOOKALIKES, PRINTABLE, WINDOWS_1252};

/// One character (or byte) of a line that is not what it looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OddChar {
    /// 1-based, in characters: a UTF-8 sequence counts one, and so does
    /// each byte that is not UTF-8.
    pub column: usize,
    /// 1-based offset of its first byte in the line.
    pub byte: usize,
    pub what: What,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum What {
    /// A character of the table: a space, dash, quote or other
    /// punctuation, letter or digit that is not ASCII, or an invisible one.
    Lookalike {
        ch: char,
        name: &'static str,
        /// The ASCII it stands for; empty when it shows as nothing.
        looks: &'static str,
    },
    /// A full-width form of an ASCII character (U+FF01-U+FF5E), as
    /// Chinese and Japanese input methods type them.
    Fullwidth { ch: char },
    /// A control character other than tab, and than CR at the line end.
    Control {
        ch: char,
        name: Option<&'static str>,
    },
    /// A byte that is not part of any UTF-8 character; `was` says what it
    /// is in Windows-1252 (a superset of Latin-1), where that is a
    /// lookalike.
    NotUtf8 {
        byte: u8,
        was: Option<(&'static str, &'static str)>,
    },
    /// Any other character beyond ASCII.
    NonAscii { ch: char },
}

impl What {
    /// The stable identifier: `char`, `control`, `not-utf8` (errors) or
    /// `non-ascii` (a warning).
    pub fn id(&self) -> &'static str {
        match self {
            What::Lookalike { .. } | What::Fullwidth { .. } => "char",
            What::Control { .. } => "control",
            What::NotUtf8 { .. } => "not-utf8",
            What::NonAscii { .. } => "non-ascii",
        }
    }

    /// Whether the line fails because of it. Every one does but a
    /// character beyond ASCII that looks like nothing in particular.
    pub fn is_error(&self) -> bool {
        !matches!(self, What::NonAscii { .. })
    }

    pub fn code_point(&self) -> Option<char> {
        match *self {
            What::Lookalike { ch, .. }
            | What::Fullwidth { ch }
            | What::Control { ch, .. }
            | What::NonAscii { ch } => Some(ch),
            What::NotUtf8 { .. } => None,
        }
    }

    /// The Unicode name (for a byte that is not UTF-8: of the
    /// Windows-1252 character it may have been).
    pub fn name(&self) -> Option<String> {
        match *self {
            What::Lookalike { name, .. } => Some(name.into()),
            What::Fullwidth { ch } => fullwidth_name(ascii_of(ch)),
            What::Control { name, .. } => name.map(Into::into),
            What::NotUtf8 { was, .. } => was.map(|w| w.0.into()),
            What::NonAscii { .. } => None,
        }
    }

    /// The ASCII it stands for (empty: nothing), where it stands for any.
    pub fn ascii(&self) -> Option<&'static str> {
        match *self {
            What::Lookalike { looks, .. } => Some(looks),
            What::Fullwidth { ch } => {
                let i = (u32::from(ascii_of(ch)) - 0x21) as usize;
                PRINTABLE.get(i..i + 1)
            }
            What::NotUtf8 { was, .. } => was.map(|w| w.1),
            What::Control { .. } | What::NonAscii { .. } => None,
        }
    }
}

/// `U+00A0`.
pub fn code_point(ch: char) -> String {
    format!("U+{:04X}", u32::from(ch))
}

fn looks_like(looks: &str) -> String {
    match looks {
        "" => "shows as nothing".into(),
        " " => "looks like a space".into(),
        s => format!("looks like '{s}'"),
    }
}

impl fmt::Display for What {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match *self {
            What::Lookalike { ch, name, looks } => {
                let bom = if ch == '\u{FEFF}' {
                    " (a byte-order mark)"
                } else {
                    ""
                };
                let cp = code_point(ch);
                write!(f, "{cp} {name}{bom} {}", looks_like(looks))
            }
            What::Fullwidth { ch } => {
                let name = fullwidth_name(ascii_of(ch)).unwrap_or_default();
                let looks = self.ascii().unwrap_or_default();
                write!(f, "{} {name} {}", code_point(ch), looks_like(looks))
            }
            What::Control { ch, name } => match name {
                Some(n) => write!(f, "{} {n} is a control character", code_point(ch)),
                None => write!(f, "{} is a control character", code_point(ch)),
            },
            What::NotUtf8 { byte, was } => match was {
                Some((name, looks)) => write!(
                    f,
                    "byte 0x{byte:02X} is not UTF-8 (in Windows-1252 it is {name}, \
                     which {}; save the file as UTF-8 or ASCII)",
                    looks_like(looks)
                ),
                None => write!(f, "byte 0x{byte:02X} is not UTF-8"),
            },
            What::NonAscii { ch } => write!(
                f,
                "{} is not ASCII: no option, address or scheduler name has it",
                code_point(ch)
            ),
        }
    }
}

/// What `ch` is, when it is not plain ASCII text (tab included).
pub fn classify(ch: char) -> Option<What> {
    let cp = u32::from(ch);
    if let Some(&(_, name, looks)) = LOOKALIKES.iter().find(|l| l.0 == ch) {
        return Some(What::Lookalike { ch, name, looks });
    }
    match cp {
        0x09 | 0x20..=0x7E => None,
        0x00..=0x1F | 0x7F => Some(What::Control {
            ch,
            name: Some(CONTROLS[(cp as usize).min(32)]),
        }),
        0x85 => Some(What::Control {
            ch,
            name: Some("NEXT LINE"),
        }),
        0x80..=0x9F => Some(What::Control { ch, name: None }),
        0xFF01..=0xFF5E => Some(What::Fullwidth { ch }),
        _ => Some(What::NonAscii { ch }),
    }
}

/// Where the comment of a rule line starts (the reader's rule: a word
/// starting with `#`), or its length when it has none.
fn comment_start(raw: &[u8]) -> usize {
    let sep = |b: u8| matches!(b, b' ' | b'\t' | b'\r' | b'\n');
    (0..raw.len())
        .find(|&i| raw[i] == b'#' && (i == 0 || sep(raw[i - 1])))
        .unwrap_or(raw.len())
}

/// Every odd character of one rule line (without its line ending), in
/// order, up to its comment. `truncated` says the line was cut at the
/// reader's bound, so a character cut in two at its end is not reported.
pub fn scan(raw: &[u8], truncated: bool) -> Vec<OddChar> {
    let text = &raw[..comment_start(raw)];
    // CRs at the end of the line are what a CRLF file ends lines with.
    let trailing_cr = raw.len() - raw.iter().rev().take_while(|&&b| b == b'\r').count();
    let mut found = Vec::new();
    let (mut column, mut byte) = (1, 1);
    for chunk in text.utf8_chunks() {
        for ch in chunk.valid().chars() {
            let at_end = ch == '\r' && byte > trailing_cr;
            if let Some(what) = classify(ch).filter(|_| !at_end) {
                found.push(OddChar { column, byte, what });
            }
            column += 1;
            byte += ch.len_utf8();
        }
        let invalid = chunk.invalid();
        let cut = truncated && byte + invalid.len() > raw.len();
        for &b in invalid.iter().filter(|_| !cut) {
            let was = WINDOWS_1252
                .iter()
                .find(|w| w.0 == b)
                .map(|&(_, name, looks)| (name, looks));
            found.push(OddChar {
                column,
                byte,
                what: What::NotUtf8 { byte: b, was },
            });
            column += 1;
            byte += 1;
        }
    }
    found
}

#[cfg(test)]
mod tests;
