//! `-A`, `-E`, `-D`: add, edit (replacing every field, as the reference
//! does) and delete a virtual service.

use super::Ctx;
use crate::cli::{Command, Invocation};
use crate::error::{Error, Result};
use crate::ipvs::Request;

pub fn request(inv: &Invocation) -> Option<Request> {
    let svc = inv.service.clone()?;
    Some(match inv.command {
        Command::AddService => Request::AddService(svc),
        Command::EditService => Request::EditService(svc),
        _ => Request::DelService(svc),
    })
}

pub fn run(inv: &Invocation, ctx: &mut Ctx) -> Result<()> {
    let req = request(inv).ok_or_else(|| Error::usage("no service given"))?;
    ctx.ipvs.apply_one(req)
}

#[cfg(test)]
mod tests {
    use crate::cmd::testutil::*;

    #[test]
    fn add_then_duplicate_is_service_already_exists() {
        let mut k = kernel();
        assert_eq!(run_line(&mut k, "-A -t 10.0.0.1:80 -s rr").code, 0);
        let r = run_line(&mut k, "-A -t 10.0.0.1:80 -s rr");
        assert_eq!((r.code, r.err.as_str()), (255, "Service already exists\n"));
        assert_eq!(k.table().len(), 1);
        assert_eq!(k.table()[0].0.sched_name, "rr");
    }

    #[test]
    fn edit_replaces_every_field() {
        let mut k = kernel();
        run_line(&mut k, "-A -t 10.0.0.1:80 -s rr -p 100");
        assert_eq!(run_line(&mut k, "-E -t 10.0.0.1:80").code, 0);
        let s = &k.table()[0].0;
        assert_eq!(s.sched_name, "wlc", "edit without -s resets the scheduler");
        assert!(!s.is_persistent(), "edit without -p clears persistence");
    }

    #[test]
    fn unknown_scheduler_and_missing_service() {
        let mut k = kernel();
        let r = run_line(&mut k, "-A -t 10.0.0.1:80 -s nosuch");
        assert_eq!(
            (r.code, r.err.as_str()),
            (255, "Scheduler or persistence engine not found\n")
        );
        let r = run_line(&mut k, "-D -t 10.0.0.1:80");
        assert_eq!((r.code, r.err.as_str()), (255, "No such service\n"));
    }
}
