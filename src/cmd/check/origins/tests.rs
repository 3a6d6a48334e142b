//! `Origins` holds the table, not the file (issue 28): after any stream
//! of rule lines it has one line per service and destination still in the
//! simulated table, and names each by the line that made it.

use super::super::{simulate, Simulated};
use crate::cmd::testutil::with_ctx;
use crate::test_kernel::FixedMachine;
use std::fmt::Write;

/// `simulate` of `file`, as `--check` (false) or `--converge` (true).
fn simulated(file: &str, changes_only: bool) -> Simulated<FixedMachine> {
    let mut got = None;
    with_ctx(file, |ctx| {
        got = Some(simulate(
            ctx,
            "ipvsadm",
            changes_only,
            FixedMachine::Stock,
            &[],
        )?);
        Ok(())
    });
    got.expect("simulated")
}

/// Services and destinations in the simulated table.
fn table_len(sim: &Simulated<FixedMachine>) -> usize {
    sim.model.table().map(|(_, d)| 1 + d.len()).sum()
}

/// `n` services, each added with two servers, one server deleted and
/// edited back, then the service deleted; distinct addresses throughout.
fn stream(n: usize) -> String {
    let mut f = String::new();
    for i in 0..n {
        let svc = format!("-t 10.{}.{}.{}:80", i >> 16 & 255, i >> 8 & 255, i & 255);
        writeln!(f, "-A {svc} -s rr").unwrap();
        writeln!(f, "-a {svc} -r 192.168.0.1:80 -m").unwrap();
        writeln!(f, "-a {svc} -r 192.168.0.2:80 -m").unwrap();
        writeln!(f, "-d {svc} -r 192.168.0.1:80").unwrap();
        writeln!(f, "-e {svc} -r 192.168.0.2:80 -m -w 3").unwrap();
        writeln!(f, "-D {svc}").unwrap();
    }
    f
}

#[test]
fn a_stream_of_adds_and_deletes_leaves_nothing_behind() {
    for changes_only in [false, true] {
        let sim = simulated(&stream(2_000), changes_only);
        assert!(sim.errors.is_empty(), "{:?}", &sim.errors[..1]);
        assert_eq!(table_len(&sim), 0);
        assert_eq!(sim.origins.len(), 0);
        assert!(sim.origins.is_empty());
    }
}

#[test]
fn it_holds_one_line_per_entry_of_the_table_left() {
    let mut file = stream(1_000);
    file += "-A -t 10.200.0.1:80 -s rr\n-a -t 10.200.0.1:80 -r 192.168.0.1 -g\n";
    file += "-A -f 7 -s wlc\n-a -f 7 -r 192.168.0.9 -g\n-a -f 7 -r 192.168.0.8 -g\n";
    file += "-d -f 7 -r 192.168.0.9\n";
    let sim = simulated(&file, true);
    assert!(sim.errors.is_empty());
    assert_eq!(table_len(&sim), 4);
    assert_eq!(sim.origins.len(), 4);
}

#[test]
fn a_flush_drops_every_line() {
    let two = "-A -t 10.0.0.1:80 -s rr\n-a -t 10.0.0.1:80 -r 192.168.0.1 -g\n\
               -A -t 10.0.0.2:80 -s rr\n-a -t 10.0.0.2:80 -r 192.168.0.2 -g\n";
    assert_eq!(simulated(two, true).origins.len(), 4);
    let sim = simulated(&format!("{two}-C\n"), false);
    assert_eq!(table_len(&sim), 0);
    assert!(sim.origins.is_empty());
}

#[test]
fn lines_name_the_last_change_and_the_add() {
    let file = "-A -t 10.0.0.1:80 -s rr\n\
                -a -t 10.0.0.1:80 -r 192.168.0.1 -g\n\
                -E -t 10.0.0.1:80 -s wlc\n\
                -e -t 10.0.0.1:80 -r 192.168.0.1 -g -w 2\n\
                -A -t 10.0.0.1:80 -s rr\n";
    let sim = simulated(file, false);
    // Line 5 was refused: it names nothing.
    assert_eq!(sim.errors.len(), 1);
    let entries = sim.model.into_entries();
    let (s, d) = (&entries[0].service, &entries[0].dests[0]);
    use crate::ipvs::Request;
    assert_eq!(sim.origins.added(&s.key), Some(1));
    assert_eq!(
        sim.origins.line_of(&Request::EditService(s.clone())),
        Some(3)
    );
    let dest = Request::AddDest(s.clone(), d.clone());
    assert_eq!(sim.origins.line_of(&dest), Some(4));
    assert_eq!(sim.origins.line_of(&Request::DelService(s.clone())), None);
}
