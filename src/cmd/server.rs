//! `-a`, `-e`, `-d`: add, edit (replacing every field) and delete a real
//! server of a service.

use super::Ctx;
use crate::cli::{Command, Invocation};
use crate::error::{Error, Result};
use crate::ipvs::Request;

pub fn request(inv: &Invocation) -> Option<Request> {
    let svc = inv.service.clone()?;
    let dest = inv.dest.clone()?;
    Some(match inv.command {
        Command::AddServer => Request::AddDest(svc, dest),
        Command::EditServer => Request::EditDest(svc, dest),
        _ => Request::DelDest(svc, dest),
    })
}

pub fn run(inv: &Invocation, ctx: &mut Ctx) -> Result<()> {
    let req = request(inv).ok_or_else(|| Error::usage("no service or real server given"))?;
    ctx.ipvs.apply_one(req)
}

#[cfg(test)]
mod tests {
    use crate::cmd::testutil::*;
    use crate::model::Forward;

    #[test]
    fn add_edit_delete_dest() {
        let mut k = kernel();
        run_line(&mut k, "-A -t 10.0.0.1:80 -s rr");
        assert_eq!(
            run_line(&mut k, "-a -t 10.0.0.1:80 -r 192.168.0.1:8080 -m -w 5").code,
            0
        );
        let d = &k.table()[0].1[0];
        assert_eq!((d.port, d.fwd, d.weight), (8080, Forward::Masq, 5));
        // -e without -w resets the weight to 1, as the reference does.
        assert_eq!(
            run_line(&mut k, "-e -t 10.0.0.1:80 -r 192.168.0.1:8080 -m").code,
            0
        );
        assert_eq!(k.table()[0].1[0].weight, 1);
        let r = run_line(&mut k, "-a -t 10.0.0.1:80 -r 192.168.0.1:8080 -m");
        assert_eq!(
            (r.code, r.err.as_str()),
            (255, "Destination already exists\n")
        );
        let r = run_line(&mut k, "-d -t 10.0.0.1:80 -r 192.168.0.1");
        assert_eq!(
            (r.code, r.err.as_str()),
            (255, "No such destination\n"),
            "-d without a port targets :80"
        );
        assert_eq!(
            run_line(&mut k, "-d -t 10.0.0.1:80 -r 192.168.0.1:8080 -m").code,
            2,
            "-m is illegal with -d"
        );
        assert_eq!(
            run_line(&mut k, "-d -t 10.0.0.1:80 -r 192.168.0.1:8080").code,
            0
        );
        assert!(k.table()[0].1.is_empty());
    }

    #[test]
    fn dest_of_missing_service() {
        let mut k = kernel();
        let r = run_line(&mut k, "-a -t 10.0.0.9:80 -r 192.168.0.1");
        assert_eq!((r.code, r.err.as_str()), (255, "Service not defined\n"));
    }
}
