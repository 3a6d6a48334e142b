//! `-L -c`: the connection table. It has no netlink source: the kernel
//! exposes it only as /proc/net/ip_vs_conn, which this command opens and
//! the printers stream row by row from the reader it hands them (the
//! `--table` view buffers its rows to size the columns).

use super::Ctx;
use crate::cli::{Format, ListOptions};
use crate::error::{Error, Result};
use crate::proc_conn::{open, PROC_CONN_PATH};
use crate::render::{conn, json, table};
use std::fs::File;
use std::io::BufReader;
use std::path::Path;

/// Opens the connection table (normally `PROC_CONN_PATH`) with a 64 KiB
/// read buffer. A file that cannot be opened is the reference's `cannot
/// open file <path>` (exit 1).
fn open_conns(path: &Path) -> Result<BufReader<File>> {
    open(path).map_err(|_| Error::List(format!("cannot open file {}", path.display())))
}

pub fn run(opts: &ListOptions, ctx: &mut Ctx) -> Result<()> {
    let mut input = open_conns(Path::new(PROC_CONN_PATH))?;
    match opts.format {
        Format::Text => conn::write_conns(ctx.out, &mut input, opts, ctx.names)?,
        Format::Json => json::write_conns(ctx.out, &mut input, opts)?,
        Format::Table => table::write_conns(ctx.out, &mut input, opts, ctx.names)?,
    };
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_file_is_the_references_error() {
        let e = open_conns(Path::new("/nonexistent/ip_vs_conn")).unwrap_err();
        assert_eq!(e.to_string(), "cannot open file /nonexistent/ip_vs_conn");
        assert_eq!(e.exit_code(), 1);
    }
}
