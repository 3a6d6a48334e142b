//! `-L -c`: the connection table. It has no netlink source: the kernel
//! exposes it only as /proc/net/ip_vs_conn, streamed row by row.

use super::Ctx;
use crate::cli::Invocation;
use crate::error::Result;
use crate::proc_conn::PROC_CONN_PATH;
use std::path::Path;

pub fn run(inv: &Invocation, ctx: &mut Ctx) -> Result<()> {
    crate::render::conn::write_conns_from_path(
        ctx.out,
        Path::new(PROC_CONN_PATH),
        &inv.list,
        ctx.names,
    )?;
    Ok(())
}
