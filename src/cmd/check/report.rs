//! The findings of `--check` and their two printers: `line N: ...` lines
//! for people (standard error), JSON lines for editors and CI (standard
//! output, one object per finding; docs/json.md). What is found is decided
//! elsewhere (`check`, `warnings`, `save_restore::lint`).

use crate::save_restore::lint::{code_point, OddChar};
use serde::Serialize;
use std::io::{self, Write};

/// One bad line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    pub line: usize,
    pub message: String,
}

/// Errors fail the line (exit 1); warnings are for the reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One finding. Every field is always present in the JSON (null where it
/// does not apply): the character fields only for characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// 1-based, counting every line of the file.
    pub line: usize,
    /// 1-based, in characters (each byte that is not UTF-8 counts one).
    pub column: Option<usize>,
    /// 1-based, in bytes.
    pub byte: Option<usize>,
    pub severity: Severity,
    /// Stable: `rule` (what the restore itself would refuse), `char`,
    /// `control`, `not-utf8`, or a warning's (`warnings::WARNINGS`).
    pub id: &'static str,
    pub message: String,
    /// `U+00A0`.
    pub code_point: Option<String>,
    /// The Unicode name, `NO-BREAK SPACE`.
    pub name: Option<String>,
    /// The ASCII it stands for (empty: nothing).
    pub ascii: Option<&'static str>,
}

impl Finding {
    /// A line the restore itself would refuse, with the reason it gives
    /// (or `--check`'s better one).
    pub fn rule(e: LineError) -> Finding {
        Finding::new(e.line, Severity::Error, "rule", e.message)
    }

    pub fn warning(line: usize, id: &'static str, message: String) -> Finding {
        Finding::new(line, Severity::Warning, id, message)
    }

    /// A character that is not what it looks like.
    pub fn char(line: usize, odd: &OddChar) -> Finding {
        let severity = if odd.what.is_error() {
            Severity::Error
        } else {
            Severity::Warning
        };
        Finding {
            column: Some(odd.column),
            byte: Some(odd.byte),
            code_point: odd.what.code_point().map(code_point),
            name: odd.what.name(),
            ascii: odd.what.ascii(),
            ..Finding::new(line, severity, odd.what.id(), odd.what.to_string())
        }
    }

    fn new(line: usize, severity: Severity, id: &'static str, message: String) -> Finding {
        Finding {
            line,
            column: None,
            byte: None,
            severity,
            id,
            message,
            code_point: None,
            name: None,
            ascii: None,
        }
    }
}

/// `line 3, column 12: U+00A0 NO-BREAK SPACE looks like a space`,
/// `line 4: warning [dr-port]: ...`; errors without a column keep the
/// form of the restore's `--line-numbers` (`line 5: Service not defined`).
pub fn write_text(w: &mut dyn Write, findings: &[Finding]) -> io::Result<()> {
    for f in findings {
        write!(w, "line {}", f.line)?;
        if let Some(c) = f.column {
            write!(w, ", column {c}")?;
        }
        match f.severity {
            Severity::Error => writeln!(w, ": {}", f.message)?,
            Severity::Warning => writeln!(w, ": warning [{}]: {}", f.id, f.message)?,
        }
    }
    Ok(())
}

/// One compact JSON object per line, per finding.
pub fn write_json(w: &mut dyn Write, findings: &[Finding]) -> io::Result<()> {
    for f in findings {
        serde_json::to_writer(&mut *w, f)?;
        w.write_all(b"\n")?;
    }
    Ok(())
}
