//! Printers: pure functions from the model (or /proc rows) to text, written
//! into any `Write`. `text` holds the `-L` views, `daemons` `--timeout`
//! and `--daemon`, `conn` the `-c` view, `sort` the reference's listing
//! order (and the block writer `-L` and `-S` share), `largenum` the stats numbers and
//! `addr` the address/port/service names. No netlink here; the save format
//! (`-S`) is in `save_restore::save` and shares `sort` and `addr`.

pub mod addr;
pub mod ascii;
pub mod conn;
pub mod daemons;
pub mod json;
pub mod largenum;
pub mod metrics;
pub mod sort;
pub mod table;
pub mod text;

#[cfg(test)]
pub(crate) mod tests;

pub use conn::{
    for_each_conn, for_each_fields, push_conn_row, skip_conn_header, write_conn_title, write_conns,
    ConnMatcher, ConnSummary,
};
pub use daemons::{write_daemons, write_timeouts};
pub use text::{write_list, View};
