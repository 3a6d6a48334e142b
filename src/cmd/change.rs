//! Every command that is one request to the kernel: `-A -E -D` (virtual
//! services; `-E` replaces every field, as the reference does), `-a -e -d`
//! (real servers, likewise), `-C`, `-Z`, `--set`, `--start-daemon` and
//! `--stop-daemon`. The parser already built the request with the
//! reference's defaults; a NACK becomes the reference's message.

use super::Ctx;
use crate::error::Result;
use crate::ipvs::Request;

pub fn run(req: &Request, ctx: &mut Ctx) -> Result<()> {
    Ok(ctx.ipvs.apply_one(req.clone())?)
}

#[cfg(test)]
mod tests {
    use crate::cmd::testutil::*;
    use crate::model::Forward;

    #[test]
    fn add_then_duplicate_is_service_already_exists() {
        let mut k = kernel();
        assert_eq!(run_line(&mut k, "-A -t 10.0.0.1:80 -s rr").code, 0);
        let r = run_line(&mut k, "-A -t 10.0.0.1:80 -s rr");
        assert_eq!((r.code, r.err.as_str()), (255, "Service already exists\n"));
        assert_eq!(k.table().len(), 1);
        assert_eq!(k.table()[0].0.scheduler.as_str(), "rr");
    }

    #[test]
    fn edit_replaces_every_field() {
        let mut k = kernel();
        run_line(&mut k, "-A -t 10.0.0.1:80 -s rr -p 100");
        assert_eq!(run_line(&mut k, "-E -t 10.0.0.1:80").code, 0);
        let s = &k.table()[0].0;
        assert_eq!(
            s.scheduler.as_str(),
            "wlc",
            "edit without -s resets the scheduler"
        );
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
