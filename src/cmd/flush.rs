//! `-C`: remove every service and destination.

use super::Ctx;
use crate::error::Result;
use crate::ipvs::Request;

pub fn run(ctx: &mut Ctx) -> Result<()> {
    ctx.ipvs.apply_one(Request::Flush)
}
