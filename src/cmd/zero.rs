//! `-Z`: zero the counters of one service or of all. The reference sends
//! the service only when a fwmark, a non-zero address or a port was given.

use super::Ctx;
use crate::cli::Invocation;
use crate::error::Result;
use crate::ipvs::Request;
use crate::model::ServiceKey;

pub fn request(inv: &Invocation) -> Request {
    let given = inv.service.as_ref().filter(|s| match s.key {
        ServiceKey::Fwmark { mark, .. } => mark != 0,
        ServiceKey::Addr { addr, port, .. } => !addr.is_unspecified() || port != 0,
    });
    Request::Zero(given.cloned())
}

pub fn run(inv: &Invocation, ctx: &mut Ctx) -> Result<()> {
    ctx.ipvs.apply_one(request(inv))
}
