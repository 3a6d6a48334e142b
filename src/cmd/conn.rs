//! `-L -c`: the connection table. It has no netlink source: the kernel
//! exposes it only as /proc/net/ip_vs_conn, streamed row by row (the
//! `--table` view buffers its rows).

use super::Ctx;
use crate::cli::{Format, Invocation};
use crate::error::{Error, Result};
use crate::proc_conn::{open, PROC_CONN_PATH};
use crate::render::{conn, json, table};
use std::path::Path;

pub fn run(inv: &Invocation, ctx: &mut Ctx) -> Result<()> {
    let path = Path::new(PROC_CONN_PATH);
    if inv.list.format == Format::Text {
        conn::write_conns_from_path(ctx.out, path, &inv.list, ctx.names)?;
        return Ok(());
    }
    // As `write_conns_from_path`: the reference's message when the file
    // cannot be opened.
    let mut input =
        open(path).map_err(|_| Error::List(format!("cannot open file {}", path.display())))?;
    match inv.list.format {
        Format::Json => json::write_conns(ctx.out, &mut input, &inv.list)?,
        _ => table::write_conns(ctx.out, &mut input, &inv.list, ctx.names)?,
    };
    Ok(())
}
