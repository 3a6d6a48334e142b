//! `--set tcp tcpfin udp`: protocol timeouts (0 keeps a value).

use super::Ctx;
use crate::cli::Invocation;
use crate::error::Result;
use crate::ipvs::Request;

pub fn run(inv: &Invocation, ctx: &mut Ctx) -> Result<()> {
    ctx.ipvs.apply_one(Request::SetTimeouts(inv.timeouts))
}
