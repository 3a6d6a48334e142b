//! `--start-daemon` / `--stop-daemon master|backup`: the connection sync
//! daemons.

use super::Ctx;
use crate::cli::{Command, Invocation};
use crate::error::{Error, Result};
use crate::ipvs::Request;

pub fn request(inv: &Invocation) -> Option<Request> {
    let d = inv.daemon.clone()?;
    Some(match inv.command {
        Command::StartDaemon => Request::StartDaemon(d),
        _ => Request::StopDaemon(d),
    })
}

pub fn run(inv: &Invocation, ctx: &mut Ctx) -> Result<()> {
    let req = request(inv).ok_or_else(|| Error::usage("no daemon given"))?;
    ctx.ipvs.apply_one(req)
}
