//! `ipvstop`: a live view of the IPVS table (issue 30).
//!
//! Layers, each owning one thing:
//! - `opts`: argv to [`opts::Opts`] (pure);
//! - `engine`: one read of the table to the rows shown, with rates from
//!   counter deltas (`rates`), each service's history (`history`) and
//!   each draining server's estimate (`drain`); pure, fed recorded
//!   samples in its tests;
//! - `sort`, `filter`: the order and the selection of rows (pure);
//! - `conns`: the connections view's summary of /proc/net/ip_vs_conn;
//! - `format`, `names`: how addresses and figures are written;
//! - `source`: the kernel (the `ipvs` library's handle) and the /proc file;
//! - `batch`: `-b` text and `--json` lines, into any `impl Write`;
//! - `ui`: the full-screen view (ratatui over crossterm).

pub mod batch;
pub mod cells;
pub mod conns;
pub mod drain;
pub mod engine;
pub mod filter;
pub mod format;
pub mod history;
pub mod names;
pub mod opts;
pub mod rates;
pub mod run;
pub mod sort;
pub mod source;
pub mod ui;
pub mod window;
