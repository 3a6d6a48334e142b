#!/bin/sh
# build-programs.sh [CARGO ARGS...]: builds ipvsadm, ipvsadm-save and
# ipvsadm-restore into target/release (target/debug with PROFILE=dev) the
# way they ship. `make`, the packages, the VM tests and the benchmarks all
# build through here, so that what is tested and timed is what installs.
#
# Where the C library allows it the programs are static-pie: glibc linked
# in, no dynamic loader at start, the image still placed at a random
# address (ASLR). One `-A` is mostly process start-up, and under emulation
# starting any dynamically linked program costs more than the 0.7x of the
# reference that issue 15 asks for (BENCHMARKS.md, "One -A"). Name look-ups
# keep working: since glibc 2.34 the `files` and `dns` NSS services are
# part of libc itself, also in a static link; other services named in
# /etc/nsswitch.conf are loaded with dlopen, which needs the glibc the
# programs were built with (a build on the machine or distribution it runs
# on has it; if loading fails, glibc skips that service).
#
# Static needs a linux-gnu host, glibc >= 2.34 and its static library
# (libc6-dev's libc.a). Otherwise, or with IPVS_LINK=dynamic (a packager
# whose policy wants libc shared, so that libc updates reach the programs
# without a rebuild), the programs link libc dynamically, as a plain
# `cargo build --release` does.
#
# `build-programs.sh --print-link` prints the linking it would use (static
# or dynamic) and builds nothing (tests/packaging.sh checks against it).
#
# The flag goes to the three programs only (`cargo rustc`): in RUSTFLAGS it
# would also reach the proc-macro crates, which cannot be built static.
set -eu
cd "$(dirname "$0")/.."
CARGO=${CARGO:-cargo}
profile=${PROFILE:-release}
link=${IPVS_LINK:-auto}

# Whether this toolchain can link the programs static-pie against glibc.
can_link_static() {
    case "$(rustc -vV | sed -n 's/^host: //p')" in
    *-linux-gnu*) ;;
    *) return 1 ;;
    esac
    case "$(${CC:-cc} -print-file-name=libc.a 2>/dev/null)" in
    /*) ;;
    *) return 1 ;;
    esac
    v=$(getconf GNU_LIBC_VERSION 2>/dev/null | sed -n 's/^glibc \([0-9]*\.[0-9]*\).*/\1/p')
    [ -n "$v" ] || return 1
    [ "${v%%.*}" -gt 2 ] || { [ "${v%%.*}" -eq 2 ] && [ "${v#*.}" -ge 34 ]; }
}

case $link in
auto) if can_link_static; then link=static; else link=dynamic; fi ;;
static) can_link_static || {
    echo "build-programs: IPVS_LINK=static needs a linux-gnu toolchain with glibc >= 2.34 and libc.a" >&2
    exit 1
} ;;
dynamic) ;;
*)
    echo "build-programs: IPVS_LINK is auto, static or dynamic, not '$link'" >&2
    exit 2
    ;;
esac

if [ "${1:-}" = --print-link ]; then
    echo "$link"
    exit 0
fi
if [ "$link" = dynamic ]; then
    exec "$CARGO" build --profile "$profile" --bins "$@"
fi
for bin in ipvsadm ipvsadm-save ipvsadm-restore ipvstop; do
    "$CARGO" rustc --profile "$profile" --bin "$bin" "$@" -- -C target-feature=+crt-static
done
