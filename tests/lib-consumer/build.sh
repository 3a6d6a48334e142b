#!/bin/sh
# build.sh [CARGO ARGS...]: builds, with the release profile, the ipvs
# library's examples (target/release/examples/: list, add_remove, watch,
# netns) and the library's consumer (target/lib-consumer/release/
# lib-consumer), for tests/checks/40-library.sh (the guest has no cargo:
# tests/checks/run builds them first) and tests/library.sh.
#
# The consumer is outside the workspace (its own [workspace]); it gets the
# main Cargo.lock, as bench/tools does, so that both build the same
# dependency versions without asking a registry.
set -eu
cd "$(dirname "$0")/../.."
CARGO=${CARGO:-cargo}
"$CARGO" build --release -p linux-ipvs --examples "$@"
cp Cargo.lock tests/lib-consumer/Cargo.lock
CARGO_TARGET_DIR=$PWD/target/lib-consumer \
    "$CARGO" build --release --manifest-path tests/lib-consumer/Cargo.toml "$@"
