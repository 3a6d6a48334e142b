//! Replays every input of the fuzz corpus (fuzz/corpus/TARGET/) and the
//! saved crash inputs (fuzz/regressions/TARGET/) through the same
//! harnesses the libFuzzer targets run (fuzz/harness.rs), so `cargo test`
//! checks them on every run without libFuzzer. Fuzzing itself:
//! `fuzz/run.sh TARGET SECONDS`.

#[path = "../fuzz/harness.rs"]
mod harness;

use std::path::Path;

fn replay(dir: &str, target: &str, f: fn(&[u8])) -> usize {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir).join(target);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return 0;
    };
    let mut n = 0;
    for e in entries {
        let path = e.unwrap().path();
        let data = std::fs::read(&path).unwrap();
        let r = std::panic::catch_unwind(|| f(&data));
        assert!(r.is_ok(), "{target}: {} fails", path.display());
        n += 1;
    }
    n
}

#[test]
fn corpus_replays_without_panics() {
    for (target, f) in harness::TARGETS {
        let n = replay("fuzz/corpus", target, *f);
        assert!(n > 0, "empty corpus for {target}");
    }
}

#[test]
fn saved_crashes_stay_fixed() {
    for (target, f) in harness::TARGETS {
        replay("fuzz/regressions", target, *f);
    }
}
