//! The rule-file format: `save` prints what `-R` reads, `reader` turns
//! rule lines into the tokens the command-line parser takes.

pub mod plan;
pub mod reader;
pub mod save;
