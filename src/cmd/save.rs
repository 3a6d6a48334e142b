//! `-S` (`--save`): the table as `-A`/`-a` lines that `-R` reads back.

use super::Ctx;
use crate::cli::Invocation;
use crate::error::Result;

pub fn run(inv: &Invocation, ctx: &mut Ctx) -> Result<()> {
    let entries = super::list::read_table(ctx.ipvs)?;
    crate::save_restore::save::write_save(ctx.out, &entries, inv.list.numeric, ctx.names, false)?;
    Ok(())
}
