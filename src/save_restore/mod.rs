//! The rule-file format: `save` prints what `-R` reads, `reader` turns
//! rule lines into the tokens the command-line parser takes; `plan` is the
//! non-disruptive restore's diff, `interrupt` its stop-on-signal flag.

pub mod interrupt;
pub mod plan;
pub mod reader;
pub mod save;
