//! `-L -c`: the connection table. It has no netlink source: the kernel
//! exposes it only as /proc/net/ip_vs_conn, streamed row by row through
//! `render::conn::for_each_conn` (the `--table` view buffers its rows to
//! size the columns).

use super::Ctx;
use crate::cli::{Format, ListOptions};
use crate::error::Result;
use crate::proc_conn::PROC_CONN_PATH;
use crate::render::{conn, json, table};
use std::path::Path;

pub fn run(opts: &ListOptions, ctx: &mut Ctx) -> Result<()> {
    let mut input = conn::open_conns(Path::new(PROC_CONN_PATH))?;
    match opts.format {
        Format::Text => conn::write_conns(ctx.out, &mut input, opts, ctx.names)?,
        Format::Json => json::write_conns(ctx.out, &mut input, opts)?,
        Format::Table => table::write_conns(ctx.out, &mut input, opts, ctx.names)?,
    };
    Ok(())
}
