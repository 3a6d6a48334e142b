#!/bin/bash
# fuzz/run.sh TARGET|all SECONDS [LIBFUZZER_OPTION...]
#
# Builds the libFuzzer targets (fuzz/fuzz_targets/, harnesses in
# fuzz/harness.rs) and runs TARGET (cli, restore, netlink, proc_conn, converge, or
# all of them one after the other) for SECONDS each, at nice 19, on the
# corpus kept in the repo (fuzz/corpus/TARGET/). New inputs libFuzzer finds
# are merged back into the corpus (minimised: only inputs that add
# coverage are kept), unless FUZZ_NO_MERGE is set: the smoke run in
# tests/run sets it, so that the suite leaves the working tree as it was.
# A crash leaves its input in fuzz/artifacts/TARGET/ and makes the exit
# status non-zero; turn it into a unit test.
#
# Why not `cargo fuzz run`: the machine has only the stable toolchain and
# cargo-fuzz is not installed by default. What cargo-fuzz adds is only the
# SanitizerCoverage flags below, all of which stable rustc accepts; ASan
# (-Zsanitizer) would need nightly, and the code under test is safe Rust,
# so we build without it and with debug assertions and overflow checks on
# (fuzz/Cargo.toml). `cargo fuzz run TARGET` works too where installed.
set -euo pipefail
cd "$(dirname "$0")"

TARGETS=(cli restore netlink proc_conn converge)
[ $# -ge 2 ] || { sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
what=$1 secs=$2
shift 2
case "$what" in
    all) run=("${TARGETS[@]}") ;;
    cli | restore | netlink | proc_conn | converge) run=("$what") ;;
    *) echo "run.sh: unknown target $what (${TARGETS[*]} or all)" >&2; exit 2 ;;
esac

TRIPLE=$(rustc -vV | sed -n 's/^host: //p')
export RUSTFLAGS="-Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
-Cllvm-args=-sanitizer-coverage-inline-8bit-counters \
-Cllvm-args=-sanitizer-coverage-pc-table -Cllvm-args=-sanitizer-coverage-trace-compares \
--cfg fuzzing"
# --target keeps RUSTFLAGS away from build scripts and proc macros.
nice -n 19 cargo build --release --quiet --target "$TRIPLE" --bins
BIN=target/$TRIPLE/release

status=0
for t in "${run[@]}"; do
    corpus=corpus/$t new=target/new-corpus/$t
    mkdir -p "$corpus" "$new" "artifacts/$t"
    echo "=== fuzz $t for ${secs}s ($(ls "$corpus" | wc -l) corpus inputs)"
    # New inputs go to a scratch dir first; the merge below keeps only
    # those that add coverage, so the committed corpus stays small.
    if ! nice -n 19 "$BIN/$t" "$new" "$corpus" -max_total_time="$secs" \
        -max_len=65536 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="artifacts/$t/" "$@" 2>&1 |
        grep -E '^(#[0-9]+\s+(INITED|DONE)|stat::|==[0-9]+==|SUMMARY|panicked|Test unit|artifact_prefix|thread )' ; then
        :
    fi
    rc=${PIPESTATUS[0]}
    if [ "$rc" != 0 ]; then
        echo "=== $t: FAILED (libFuzzer status $rc); inputs in fuzz/artifacts/$t/"
        status=1
    fi
    if [ -z "${FUZZ_NO_MERGE:-}" ]; then
        nice -n 19 "$BIN/$t" -merge=1 "$corpus" "$new" 2>&1 | grep -E 'MERGE-OUTER: [0-9]+ new files' || true
    fi
    rm -rf "$new"
done
exit $status
