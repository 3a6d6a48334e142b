#!/bin/bash
# The ipvs library crate (package linux-ipvs, ipvs/) as its users get it,
# on this host (no kernel needed; tests/checks/40-library.sh is the
# real-kernel side):
#  - its own tests, doctests (the README's examples among them) and lints,
#    examples included (the workspace's `cargo test` and `cargo clippy`
#    cover only the ipvsadm package);
#  - its documentation builds without a warning;
#  - its normal dependencies are none of the programs' (clap, comfy-table,
#    serde, serde_json, nom);
#  - `cargo package` makes a crate that builds on its own (offline, from
#    the local registry cache);
#  - tests/lib-consumer, a crate outside the workspace using only the
#    public API, is formatted, lint-free, and passes its checks on the
#    kernel model (`lib-consumer --model`).
# Prints "ok: ..."/"FAIL: ..." per step and exits 1 if any failed.
set -uo pipefail
cd "$(dirname "$0")/.."

failed=0
# step NAME CMD...: runs CMD with its output kept; on failure shows it.
step() {
    local name=$1 out
    shift
    if out=$("$@" 2>&1); then
        echo "ok: $name"
    else
        echo "FAIL: $name (exit status $?)"
        printf '%s\n' "$out" | tail -40 | sed 's/^/    /'
        failed=1
    fi
}

# The crates the library must not pull in: the programs' own.
no_program_deps() {
    local tree bad
    tree=$(cargo tree -p linux-ipvs -e normal --no-default-features --prefix none) || return 1
    bad=$(printf '%s\n' "$tree" | awk '{ print $1 }' | grep -xE 'clap|comfy-table|serde|serde_json|nom' | sort -u)
    if [ -n "$bad" ]; then
        echo "linux-ipvs depends on: $bad"
        return 1
    fi
}

# The consumer's build: its own lock file, a copy of the main one.
consumer() {
    cp Cargo.lock tests/lib-consumer/Cargo.lock &&
        CARGO_TARGET_DIR=$PWD/target/lib-consumer \
            cargo "$1" --manifest-path tests/lib-consumer/Cargo.toml "${@:2}"
}

step "cargo test -p linux-ipvs (unit tests, doctests)" cargo test -p linux-ipvs
step "cargo clippy -p linux-ipvs --all-targets (examples too)" \
    cargo clippy -p linux-ipvs --all-targets -- -D warnings
step "cargo doc -p linux-ipvs, no warnings" env RUSTDOCFLAGS="-D warnings" cargo doc -p linux-ipvs --no-deps
step "no clap, comfy-table, serde, serde_json or nom among its dependencies" no_program_deps
step "cargo package -p linux-ipvs (verified, offline)" cargo package -p linux-ipvs --allow-dirty --offline
step "lib-consumer: cargo fmt --check" cargo fmt --check --manifest-path tests/lib-consumer/Cargo.toml
step "lib-consumer: cargo clippy" consumer clippy --release --all-targets -- -D warnings
step "lib-consumer: build (release)" consumer build --release
step "lib-consumer --model" target/lib-consumer/release/lib-consumer --model
[ $failed = 0 ] && echo "tests/library.sh: all passed" || echo "tests/library.sh: FAILED"
exit $failed
