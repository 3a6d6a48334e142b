#!/bin/bash
# Kernel and system conditions on the real kernel, ours next to the
# reference (same boot, same netns, both run as `ipvsadm` so argv[0] is
# the same):
#   tests/checks/run 99-kernel-conditions   (it unloads ip_vs at its end: keep it last)
#
#   * not root (setpriv to nobody): the init error, rc 2
#   * a scheduler / persistence engine the kernel does not have
#   * the sync daemon on an interface that does not exist
#   * a large table (1000 services, 3000 dests: multi-datagram dumps):
#     -L -n, -L -n --stats, -S -n byte-identical to the reference
#   * -n never touches DNS (strace: no UDP socket, no connect to port 53
#     or to nscd), with the name-resolving -L as the positive control
#   * last, ip_vs unloaded and /sbin/modprobe unable to load it (no
#     modules for this kernel in the chroot): the init error, rc 2
#
# Ours is OURS, else target/release/ipvsadm, else target/debug/ipvsadm.
# In the VM the chroot has no /lib/modules for the guest kernel, so
# /sbin/modprobe complains (on stderr) whenever either tool runs it.
set -uo pipefail
cd "$(dirname "$0")/../.."

REF=${REF:-/usr/sbin/ipvsadm}
OURS=${OURS:-}
if [ -z "$OURS" ]; then
    for c in target/release/ipvsadm target/debug/ipvsadm; do
        [ -x "$c" ] && { OURS=$PWD/$c; break; }
    done
fi
[ -x "${OURS:-}" ] || { echo "robust-kernel: no ipvsadm build"; exit 2; }
echo "robust-kernel: ours=$OURS ref=$REF"

W=$(mktemp -d /tmp/robust-kernel.XXXXXX)
mkdir -p "$W/ref" "$W/ours"
ln -s "$REF" "$W/ref/ipvsadm"
ln -s "$OURS" "$W/ours/ipvsadm"
chmod 755 "$W" "$W/ref" "$W/ours"
ip link set lo up 2>/dev/null || true
fails=0

pass() { echo "PASS $*"; }
fail() { echo "FAIL $*"; fails=$((fails + 1)); }

# run SIDE PREFIX... -- ARGS: runs `ipvsadm ARGS` of SIDE (after PREFIX,
# e.g. setpriv); leaves out/err/rc in $W/SIDE.{out,err,rc}.
run() {
    local side=$1; shift
    local pre=()
    while [ "$1" != -- ]; do pre+=("$1"); shift; done
    shift
    PATH=$W/$side:$PATH "${pre[@]}" ipvsadm "$@" <"${STDIN:-/dev/null}" \
        >"$W/$side.out" 2>"$W/$side.err"
    echo $? >"$W/$side.rc"
}

# same NAME [PREFIX...] -- ARGS: ref and ours must print the same and exit
# the same; with WANT_RC and WANT_ERR set, that must be what they did.
same() {
    local name=$1; shift
    "$OURS" -C 2>/dev/null
    run ref "$@"
    "$OURS" -C 2>/dev/null
    run ours "$@"
    local d=""
    for f in out err rc; do
        cmp -s "$W/ref.$f" "$W/ours.$f" ||
            d+=$'\n'"--- $f: reference / ours"$'\n'"$(diff "$W/ref.$f" "$W/ours.$f" | head -20)"
    done
    if [ -n "${WANT_RC:-}" ] && [ "$(cat "$W/ours.rc")" != "$WANT_RC" ]; then
        d+=$'\n'"rc $(cat "$W/ours.rc"), want $WANT_RC"
    fi
    if [ -n "${WANT_ERR:-}" ] && ! grep -qF -- "$WANT_ERR" "$W/ours.err"; then
        d+=$'\n'"stderr lacks: $WANT_ERR"$'\n'"$(cat "$W/ours.err")"
    fi
    if [ -z "$d" ]; then
        pass "$name (rc $(cat "$W/ours.rc"): $(head -n1 "$W/ours.err"))"
    else
        fail "$name$d"
    fi
}

echo "== not root"
NOBODY=(setpriv --reuid=65534 --regid=65534 --clear-groups)
INIT2="Are you sure that IP Virtual Server is built in the kernel or as module?"
WANT_RC=2 WANT_ERR="Can't initialize ipvs: Permission denied (you must be root)" \
    same "non-root -L -n" "${NOBODY[@]}" -- -L -n
WANT_RC=2 WANT_ERR="$INIT2" same "non-root -A" "${NOBODY[@]}" -- -A -t 10.0.0.1:80 -s rr
WANT_RC=2 same "non-root -S" "${NOBODY[@]}" -- -S -n
WANT_RC=2 same "non-root -R" "${NOBODY[@]}" -- -R
run ours "${NOBODY[@]}" -- -h
if [ "$(cat "$W/ours.rc")" = 0 ] && grep -q Usage "$W/ours.out"; then
    pass "non-root -h prints help (deliberate: the reference fails init first, rc 2)"
else
    fail "non-root -h: rc $(cat "$W/ours.rc")"
fi

echo "== what the kernel lacks"
WANT_RC=255 WANT_ERR="Scheduler or persistence engine not found" \
    same "-s nosuch" -- -A -t 10.0.0.1:80 -s nosuch
WANT_RC=255 WANT_ERR="Scheduler or persistence engine not found" \
    same "--pe nosuch" -- -A -u 10.0.0.1:5060 -s rr -p 60 --pe nosuch
WANT_RC=255 WANT_ERR="No such device" \
    same "sync daemon on a missing interface" -- --start-daemon master --mcast-interface nosuch0
WANT_RC=255 WANT_ERR="No such device" \
    same "sync daemon on the default eth0 (absent here)" -- --start-daemon backup
WANT_RC=255 same "stop a daemon that is not running" -- --stop-daemon master

echo "== a large table: 1000 services, 3000 dests"
{
    for i in $(seq 0 999); do
        v="-t 10.$((i / 250)).$((i % 250)).1:80"
        echo "-A $v -s wlc"
        for j in 1 2 3; do echo "-a $v -r 192.168.$((i % 250)).$j:8080 -m -w $j"; done
    done
} >"$W/big.rules"
for view in "-L -n" "-L -n --stats" "-S -n"; do
    "$OURS" -C
    "$OURS" -R <"$W/big.rules" || fail "restore of the big table"
    # shellcheck disable=SC2086
    ( PATH=$W/ref:$PATH ipvsadm $view >"$W/ref.out" 2>&1 )
    # shellcheck disable=SC2086
    ( PATH=$W/ours:$PATH ipvsadm $view >"$W/ours.out" 2>&1 )
    lines=$(wc -l <"$W/ours.out")
    if cmp -s "$W/ref.out" "$W/ours.out" && [ "$lines" -ge 4000 ]; then
        pass "big table $view: $lines lines, identical"
    else
        fail "big table $view: $lines lines"$'\n'"$(diff "$W/ref.out" "$W/ours.out" | head)"
    fi
done

echo "== -n never touches DNS"
"$OURS" -C
"$OURS" -A -t 10.9.9.9:80 -s rr
"$OURS" -a -t 10.9.9.9:80 -r 10.9.9.10:8080 -m
dns_calls() {
    # socket(AF_INET*, SOCK_DGRAM...), or connect() to port 53 or nscd.
    grep -E 'socket\(AF_INET6?, SOCK_DGRAM|connect\(.*(htons\(53\)|nscd)' "$1" || true
}
for args in "-L -n" "-S -n" "-L -n --stats" "-L -n --json" "-L -n -c"; do
    # shellcheck disable=SC2086
    strace -f -o "$W/strace" -e trace=socket,connect "$OURS" $args >/dev/null 2>&1
    hits=$(dns_calls "$W/strace")
    if [ -z "$hits" ]; then
        pass "ours $args: no resolver traffic ($(grep -c . "$W/strace") socket/connect calls)"
    else
        fail "ours $args touches the resolver:"$'\n'"$hits"
    fi
done
strace -f -o "$W/strace" -e trace=socket,connect "$OURS" -L >/dev/null 2>&1
if [ -n "$(dns_calls "$W/strace")" ]; then
    pass "control: ours -L (names) does reach for the resolver, so the check can see it"
else
    echo "NOTE control: ours -L showed no resolver call here (no resolv.conf nameserver?):" \
        "the -n checks above are then weak"
fi
"$OURS" -C

echo "== ip_vs unloaded, /sbin/modprobe cannot load it"
mods=$(awk '$1 ~ /^ip_vs/ {print $1}' /proc/modules | sort -r)
# Dependents first (ip_vs_* before ip_vs); busybox rmmod needs no files.
for m in $(echo "$mods" | grep -v '^ip_vs$'); do busybox rmmod "$m" 2>/dev/null; done
busybox rmmod ip_vs 2>/dev/null
# The kernel loads ip_vs by itself when the IPVS genl family is asked for
# (request_module through /proc/sys/kernel/modprobe, the initramfs's
# busybox modprobe, which has the modules): point that at nothing, so only
# the chroot's /sbin/modprobe (no modules for this kernel) is left.
echo /nonexistent >/proc/sys/kernel/modprobe
if grep -q '^ip_vs ' /proc/modules; then
    echo "NOTE could not unload ip_vs (in use); skipped"
else
    WANT_RC=2 WANT_ERR="Can't initialize ipvs: Protocol not available" \
        same "module missing, -L -n" -- -L -n
    WANT_RC=2 WANT_ERR="$INIT2" same "module missing, -A" -- -A -t 10.0.0.1:80
    WANT_RC=2 same "module missing, no arguments" --
fi

rm -rf "$W"
if [ $fails = 0 ]; then
    echo "robust-kernel: PASS"
else
    echo "robust-kernel: FAIL ($fails)"
    exit 1
fi
