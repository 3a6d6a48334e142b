#!/bin/bash
# IPVS missing from the kernel: a differential check that runs on the
# host itself (the development and CI machines have no IPVS at all), as
# root, ours next to the reference (the C ipvsadm). For each command
# line both must print the same stdout and stderr and exit the same:
#   Can't initialize ipvs: Protocol not available
#   Are you sure that IP Virtual Server is built in the kernel or as module?
# rc 2, after /sbin/modprobe's own complaint (both run it: it exists on
# the host and fails). Then the same with /sbin/modprobe replaced, in a
# private mount namespace, by a file that cannot be executed (the
# reference's "no /sbin/modprobe" case). Then as the user nobody, where
# the reference's fallback to the sockopt interface cannot open its raw
# socket: `Can't initialize ipvs: Permission denied (you must be root)`.
# `-h` is left out on purpose: ours
# prints the help without the kernel, the reference fails init first.
#   tests/robust-host-init.sh [OURS]    (default target/release/ipvsadm,
#                                        else target/debug/ipvsadm)
# The reference is found by what it is, not by its path (once our package
# is installed, /usr/sbin/ipvsadm is ours): REF if set, else the ipvsadm
# the distribution's `ipvsadm` package installed (dpkg, rpm), else
# /usr/sbin/ipvsadm or /sbin/ipvsadm; it must link libnl (ours links
# nothing beyond libc) and differ from OURS. Without one this fails.
# Skips (exit 0) where IPVS exists or not root.
set -uo pipefail
cd "$(dirname "$0")/.."

OURS=${1:-${OURS:-}}
if [ -z "$OURS" ]; then
    for c in target/release/ipvsadm target/debug/ipvsadm; do
        [ -x "$c" ] && { OURS=$PWD/$c; break; }
    done
fi
skip() { echo "robust-host-init: SKIP ($*)"; exit 0; }
[ -x "${OURS:-}" ] || { echo "robust-host-init: no ipvsadm build"; exit 2; }
[ "$(id -u)" = 0 ] || skip "not root"
[ -e /proc/net/ip_vs ] && skip "this kernel has IPVS"

is_reference() {
    [ -x "$1" ] && ! cmp -s "$1" "$OURS" && readelf -d "$1" 2>/dev/null | grep -q 'NEEDED.*libnl'
}
find_reference() {
    local c
    for c in $asked $(dpkg-query -L ipvsadm 2>/dev/null | grep '/sbin/ipvsadm$') \
        $(rpm -ql ipvsadm 2>/dev/null | grep '/sbin/ipvsadm$') /usr/sbin/ipvsadm /sbin/ipvsadm; do
        if is_reference "$c"; then echo "$c"; return 0; fi
        # An explicit REF that is not the reference is an error, not a hint.
        [ -n "$asked" ] && break
    done
    return 1
}
asked=${REF:-}
if ! REF=$(find_reference); then
    echo "robust-host-init: FAIL: no reference ipvsadm (the C one, linking libnl) found${asked:+ at REF=$asked};"
    echo "  install the distribution's package (apt-get install ipvsadm) or set REF=/path/to/it"
    exit 1
fi
echo "robust-host-init: reference $REF, ours $OURS"

W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
chmod 755 "$W"    # the non-root case runs the symlinks in it
mkdir "$W/ref" "$W/ours"
ln -s "$REF" "$W/ref/ipvsadm"
ln -s "$OURS" "$W/ours/ipvsadm"

CASES=(
    ""
    "-L"
    "-L -n"
    "-Ln --stats"
    "-S -n"
    "-A -t 10.0.0.1:80 -s rr"
    "-a -t 10.0.0.1:80 -r 10.0.0.2 -m"
    "-C"
    "-v"
    "--bogus"
    "-R"
    "--set 1 2 3"
    "--start-daemon master"
    "-L --timeout"
)

fails=0 n=0
check() { # LABEL MESSAGE CMD-PREFIX...: runs every case through both sides
    local label=$1 message=$2; shift 2
    local args side
    for args in "${CASES[@]}"; do
        n=$((n + 1))
        for side in ref ours; do
            # shellcheck disable=SC2086
            "$@" env PATH="$W/$side:$PATH" ipvsadm $args </dev/null \
                >"$W/$side.out" 2>"$W/$side.err"
            echo $? >"$W/$side.rc"
        done
        local d=""
        for f in out err rc; do
            cmp -s "$W/ref.$f" "$W/ours.$f" ||
                d+="$(diff "$W/ref.$f" "$W/ours.$f" | sed "s/^/  $f: /")"$'\n'
        done
        if ! grep -qxF "Can't initialize ipvs: $message" "$W/ours.err" ||
            [ "$(cat "$W/ours.rc")" != 2 ]; then
            d+="  ours: rc $(cat "$W/ours.rc"), stderr: $(cat "$W/ours.err")"$'\n'
        fi
        if [ -z "$d" ]; then
            echo "PASS $label: ipvsadm $args"
        else
            echo "FAIL $label: ipvsadm $args (reference < > ours)"
            printf '%s' "$d"
            fails=$((fails + 1))
        fi
    done
}

check "modprobe fails" "Protocol not available"
if command -v setpriv >/dev/null; then
    check "not root" "Permission denied (you must be root)" \
        setpriv --reuid=nobody --regid=nogroup --clear-groups
else
    echo "NOTE no setpriv here; non-root case skipped"
fi
# /sbin/modprobe unusable: bind a non-executable file over it, in a
# private mount namespace so nothing outside sees it.
if unshare -m true 2>/dev/null; then
    : >"$W/noexec"
    chmod 644 "$W/noexec"
    export W
    # Re-enter this script's check in the namespace: simplest as a loop
    # over the cases in a child shell.
    for args in "${CASES[@]}"; do
        n=$((n + 1))
        out=$(unshare -m bash -c '
            mount --bind "$W/noexec" /sbin/modprobe || exit 99
            for side in ref ours; do
                PATH=$W/$side:$PATH ipvsadm '"$args"' </dev/null >"$W/$side.out" 2>"$W/$side.err"
                echo $? >"$W/$side.rc"
            done')
        if [ $? = 99 ]; then
            echo "NOTE cannot bind-mount over /sbin/modprobe here; no-modprobe case skipped"
            break
        fi
        if cmp -s "$W/ref.out" "$W/ours.out" && cmp -s "$W/ref.err" "$W/ours.err" &&
            cmp -s "$W/ref.rc" "$W/ours.rc" && [ "$(cat "$W/ours.rc")" = 2 ] &&
            grep -q "^Can't initialize ipvs: Protocol not available$" "$W/ours.err"; then
            echo "PASS no modprobe: ipvsadm $args"
        else
            echo "FAIL no modprobe: ipvsadm $args$out"
            diff "$W/ref.err" "$W/ours.err" | sed 's/^/  err: /'
            echo "  rc: $(cat "$W/ref.rc") / $(cat "$W/ours.rc")"
            fails=$((fails + 1))
        fi
    done
else
    echo "NOTE no mount namespaces here; no-modprobe case skipped"
fi

if [ $fails = 0 ]; then
    echo "robust-host-init: PASS ($n checks)"
else
    echo "robust-host-init: FAIL ($fails of $n)"
    exit 1
fi
