//! The rule-file format: `save` prints what `-R` reads, `reader` is the one
//! source of numbered, parsed rule lines; `plan` is the non-disruptive
//! restore's diff, and `scope` the services a file may own.

pub mod lint;
pub mod plan;
pub mod reader;
pub mod save;
pub mod scope;
