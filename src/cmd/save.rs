//! `-S` (`--save`): the table as `-A`/`-a` lines that `-R` reads back.
//! With `--thresholds` (ours; the reference refuses it with -S) the `-a`
//! lines also carry the upper and lower thresholds, which the reference
//! loses.

use super::Ctx;
use crate::cli::SaveArgs;
use crate::error::Result;

pub fn run(args: &SaveArgs, ctx: &mut Ctx) -> Result<()> {
    let entries = ctx.ipvs.read_table()?;
    crate::save_restore::save::write_save(
        ctx.out,
        &entries,
        args.numeric,
        ctx.names,
        args.thresholds,
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::cmd::testutil::*;

    #[test]
    fn save_round_trips_through_restore() {
        let mut k = kernel();
        for l in [
            "-A -t 10.0.0.1:80 -s rr -p 300 -M 255.255.255.0",
            "-a -t 10.0.0.1:80 -r 192.168.0.1:80 -m -w 3 -x 100 -y 10",
            "-A -f 4294967295 -s sh -b sh-port,flag-3",
            "-A -u [2001:db8::1]:53 -s wlc -o",
        ] {
            assert_eq!(run_line(&mut k, l).code, 0, "{l}");
        }
        let saved = run_line(&mut k, "-S -n --thresholds").out;
        assert!(saved.contains(" -x 100 -y 10"), "{saved}");
        let mut k2 = kernel();
        let r = run_with_input(&mut k2, "-R", &saved);
        assert_eq!((r.code, r.err.as_str()), (0, ""));
        assert_eq!(
            run_line(&mut k2, "-S -n --thresholds").out,
            saved,
            "save -> restore -> save is a fixed point"
        );
        assert_eq!(k2.table()[1].1[0].u_threshold, 100);
    }

    #[test]
    fn thresholds_are_not_saved_by_default() {
        let mut k = kernel();
        run_line(&mut k, "-A -t 10.0.0.1:80 -s rr");
        run_line(&mut k, "-a -t 10.0.0.1:80 -r 192.168.0.1:80 -m -x 100");
        assert_eq!(
            run_line(&mut k, "-S -n").out,
            "-A -t 10.0.0.1:80 -s rr\n-a -t 10.0.0.1:80 -r 192.168.0.1:80 -m -w 1\n"
        );
    }
}
