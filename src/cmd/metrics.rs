//! `-L --metrics` (our addition): reads the table (one service with a
//! service option, else all) as `-L` does, opens the connection table for
//! `--metrics-conns`, and hands both to `render::metrics`.

use std::path::Path;

use super::Ctx;
use crate::cli::MetricsArgs;
use crate::error::{Error, Result};
use crate::model::ServiceEntry;
use crate::proc_conn::{open, PROC_CONN_PATH};
use crate::render::metrics::write_metrics;

pub fn run(args: &MetricsArgs, ctx: &mut Ctx) -> Result<()> {
    let entries = match &args.service {
        Some(key) => {
            let service = ctx.ipvs.service(key)?;
            let dests = ctx.ipvs.dests(&service)?;
            vec![ServiceEntry { service, dests }]
        }
        None => ctx.ipvs.read_table()?,
    };
    let mut conns = match args.conns {
        true => Some(
            open(Path::new(PROC_CONN_PATH))
                .map_err(|_| Error::List(format!("cannot open file {PROC_CONN_PATH}")))?,
        ),
        false => None,
    };
    let conns = conns.as_mut().map(|c| c as &mut dyn std::io::BufRead);
    let status = super::kernel_status();
    write_metrics(ctx.out, &ctx.info, status.as_ref(), &entries, args, conns)
}

#[cfg(test)]
mod tests {
    use crate::cmd::testutil::*;

    #[test]
    fn metrics_of_the_table_and_of_one_service() {
        let mut k = kernel();
        for l in [
            "-A -t 10.0.0.1:80 -s rr",
            "-a -t 10.0.0.1:80 -r 192.168.0.1:80 -m -w 2",
            "-a -t 10.0.0.1:80 -r 192.168.0.2:80 -m",
            "-A -f 7 -s sh -b sh-port -p 60",
        ] {
            assert_eq!(run_line(&mut k, l).code, 0, "{l}");
        }
        let all = run_line(&mut k, "-L --metrics");
        assert_eq!(all.code, 0, "{}", all.err);
        assert!(
            all.out.starts_with("# TYPE ipvs_version info\n"),
            "{}",
            all.out
        );
        assert!(all.out.ends_with("\n# EOF\n"));
        assert!(all.out.contains(
            "ipvs_service_info{family=\"inet\",fwmark=\"7\",scheduler=\"sh\",\
             flags=\"persistent,sh-port\",persistence_timeout=\"60\"} 1\n"
        ));
        let one = run_line(&mut k, "-L -n -t 10.0.0.1:80 --metrics=prometheus");
        assert_eq!(one.code, 0, "{}", one.err);
        assert!(!one.out.contains("fwmark"), "{}", one.out);
        assert!(one
            .out
            .contains("# TYPE ipvs_destination_connections_total counter\n"));
        let sum = run_line(&mut k, "-L --metrics --metrics-labels service");
        assert!(sum.out.contains(
            "ipvs_destination_weight{family=\"inet\",protocol=\"tcp\",address=\"10.0.0.1\",port=\"80\"} 3\n"
        ), "{}", sum.out);
        let r = run_line(&mut k, "-L -t 10.0.0.9:80 --metrics");
        assert_eq!((r.code, r.err.as_str()), (1, "No such service\n"));
    }
}
