#!/bin/bash
# Guest side of `tests/vm/vm diff`: the differential runner.
#
#   diff-guest.sh REF OURS SCENARIO...
#
# Runs in the VM (chroot into the host's file system, as root). For each
# scenario it makes a fresh network namespace (IPVS state is per netns) and
# runs the scenario in it twice, one after the other: first with `ipvsadm`
# being the reference, then with it being ours. Both runs share the netns so
# that the kernel's hash order (seen with --nosort) is the same for both.
# The two transcripts (stdout+stderr of the scenario) must be identical.
# A scenario containing the line "# vm-diff: netns-per-side" gets a fresh
# netns for each run instead (for scenarios that make traffic; see below).
#
# Last line of output, read by CI:  "N passed, M failed"
#
# Transcripts are kept in $IPVS_VM_RESULTS/diff/NAME.{ref,ours} (the host
# copies them to target/vm-diff/).
set -u

SELF=$(readlink -f "$0")
# Hang guards, not timings: a scenario on an idle CI machine takes seconds
# to ~2 minutes, but on a host overloaded tenfold 11-matrix took over 540 s
# and the whole 6.12 suite over 1500 s (issue 19's runs, 2026-11-28).
STEP_TIMEOUT=${IPVS_SCENARIO_TIMEOUT:-900}   # seconds per scenario side
BASE_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
# The side's commands are reached through this path for both sides (a
# symlink to /tmp/ipvsadm-sides/ref or .../ours), so that anything printing
# its own path ($0, argv[0]) prints the same thing.
SIDE_DIR=/tmp/ipvsadm-side
SIDES=/tmp/ipvsadm-sides
WORK=/tmp/ipvsadm-work                       # the scenario's cwd, fresh each run
VS=/proc/sys/net/ipv4/vs

# Fill $SIDES/$2 for one implementation. $1 = its ipvsadm binary.
# ipvsadm-save/-restore come from next to that binary:
# - Debian's (and upstream's) are bash scripts that reset PATH to the system
#   dirs and then run `ipvsadm`, which would always be /usr/sbin/ipvsadm; they
#   are copied with the side dir put first on that PATH line;
# - anything else (our binaries) is symlinked;
# - if missing, a stub that fails loudly (so a missing tool shows up in the
#   diff instead of silently running the system's).
make_side() {
    local bin=$1 d=$SIDES/$2 name src
    mkdir -p "$d"
    ln -s "$bin" "$d/ipvsadm"
    for name in ipvsadm-save ipvsadm-restore; do
        src=$(dirname "$bin")/$name
        if [ -f "$src" ] && head -c 2 "$src" | grep -q '^#!' && grep -q '^PATH=' "$src"; then
            sed "s|^PATH=|PATH=$SIDE_DIR:|" "$src" >"$d/$name"
            chmod 755 "$d/$name"
        elif [ -x "$src" ]; then
            ln -s "$src" "$d/$name"
        else
            printf '#!/bin/sh\necho "%s: not available next to %s" >&2\nexit 127\n' \
                "$name" "$bin" >"$d/$name"
            chmod 755 "$d/$name"
        fi
    done
}

# Make $SIDE_DIR point at side $1.
use_side() {
    ln -sfn "$SIDES/$1" "$SIDE_DIR"
}

# Remember the netns's IPVS settings and network setup, to put them back
# between the two runs (a scenario may change them). Builtins where it is
# easy: every process costs ~0.05-0.1 s in the emulated VM.
declare -A SNAP_VS
snapshot() {
    local f v
    SNAP_VS=()
    for f in "$VS"/*; do
        [ -w "$f" ] || continue
        IFS= read -r v <"$f" && SNAP_VS[$f]=$v
    done
    SNAP_TIMEOUT=$("$REF" -L --timeout 2>/dev/null)
    SNAP_LINKS=$(ip -o link show)
    SNAP_LO=$(ip -o addr show dev lo)
}

# Undo what the first run left in the netns. Processes it left behind are
# already gone (each run has its own PID namespace).
reset_netns() {
    local f v l
    "$REF" --stop-daemon master >/dev/null 2>&1
    "$REF" --stop-daemon backup >/dev/null 2>&1
    "$REF" -C >/dev/null 2>&1
    for f in "${!SNAP_VS[@]}"; do
        IFS= read -r v <"$f"
        [ "$v" = "${SNAP_VS[$f]}" ] || echo "${SNAP_VS[$f]}" >"$f"
    done
    # "Timeout (tcp tcpfin udp): 900 120 300"
    if [ "$("$REF" -L --timeout 2>/dev/null)" != "$SNAP_TIMEOUT" ]; then
        "$REF" --set ${SNAP_TIMEOUT##*: } >/dev/null 2>&1
    fi
    if [ "$(ip -o link show)" != "$SNAP_LINKS" ]; then
        # Delete the interfaces the first run added ("2: v0@v1: <...").
        ip -o link show | while IFS=': ' read -r _ l _; do
            l=${l%%@*}
            grep -q "^[0-9]*: $l[:@]" <<<"$SNAP_LINKS" || ip link del "$l" 2>/dev/null
        done
    fi
    if [ "$(ip -o addr show dev lo)" != "$SNAP_LO" ]; then
        # Down/up restores 127.0.0.1 and ::1.
        ip addr flush dev lo
        ip link set lo down
        ip link set lo up
    fi
}

# Run scenario $1 as side $2 (ref|ours), transcript to $3.
run_side() {
    local scn=$1 side=$2 out=$3 rc
    rm -rf "$WORK"
    mkdir -p "$WORK"
    use_side "$side"
    # unshare -p -f: a PID namespace per run, so background processes the
    # scenario forgets (httpd, sleep...) die with it and cannot disturb the
    # other side. stdin is /dev/null: a command waiting for input fails
    # instead of hanging.
    (cd "$WORK" && SIDE=$side PATH="$SIDE_DIR:$BASE_PATH" \
        timeout -k 5 "$STEP_TIMEOUT" unshare -p -f --kill-child \
        bash "$scn") </dev/null >"$out" 2>&1
    rc=$?
    echo "$rc" >"$out.rc"
    [ "$rc" = 0 ] || echo "[scenario exited with status $rc]" >>"$out"
    [ "$rc" = 124 ] && echo "[timed out after ${STEP_TIMEOUT}s]" >>"$out"
    return 0
}

# Inside a fresh netns: the runs of one scenario for the given sides.
in_netns() {
    local scn=$1 outdir=$2 name side first=1
    shift 2
    name=$(basename "$scn" .sh)
    # Without lo up, every destination add fails with EINVAL.
    ip link set lo up
    # Since 7.1 (kernels with /proc/net/ip_vs_status) the hash tables are
    # made on demand, each with a random key, and the listing header's
    # size= is the connection table's current size: 0 in a fresh netns,
    # 256 once a service was added, -C or not. One service added and
    # deleted first makes both sides start from the same made tables
    # (same header, same --nosort order).
    if [ -e /proc/net/ip_vs_status ]; then
        "$REF" -A -t 192.0.2.1:9 && "$REF" -D -t 192.0.2.1:9
    fi
    snapshot
    for side in "$@"; do
        [ -n "$first" ] || reset_netns
        first=
        run_side "$scn" "$side" "$outdir/$name.$side"
    done
}

if [ "${1:-}" = --in-netns ]; then
    REF=$2 OURS=$3
    shift 3
    in_netns "$@"
    exit 0
fi

[ $# -ge 3 ] || { echo "usage: $0 REF OURS SCENARIO..." >&2; exit 2; }
REF=$1 OURS=$2
shift 2

OUTDIR=${IPVS_VM_RESULTS:-/tmp}/diff
mkdir -p "$OUTDIR"
rm -rf "$SIDES"
make_side "$REF" ref
make_side "$OURS" ours
echo "reference: $REF"
echo "ours:      $OURS"
echo "kernel:    $(uname -r)"
# The status each side's run of scenario $1 exited with ("ref 0, ours 0").
statuses() {
    local side rc list=
    for side in ref ours; do
        rc=$(cat "$OUTDIR/$1.$side.rc" 2>/dev/null || echo '?')
        list+="${list:+, }$side $rc"
    done
    echo "$list"
}

# Runs scenario $1 on both sides and compares; prints PASS/FAIL with its
# time and the sides' exit statuses (and the diff on failure). Status 0
# when it passed.
run_scenario() {
    local scn=$1 name t0 t ref ours
    name=$(basename "$scn" .sh)
    rm -f "$OUTDIR/$name".*
    t0=${EPOCHREALTIME/./}
    if grep -q '^# vm-diff: netns-per-side' "$scn"; then
        # Opt-in for scenarios that make traffic: connection entries and
        # the kernel's trash of deleted destinations (with their counters)
        # outlive `ipvsadm -C` by minutes, so the second run would see the
        # first one's. Each side gets its own netns; the price is that hash
        # order (--nosort) may differ between the two.
        unshare -n bash "$SELF" --in-netns "$REF" "$OURS" "$scn" "$OUTDIR" ref
        unshare -n bash "$SELF" --in-netns "$REF" "$OURS" "$scn" "$OUTDIR" ours
    else
        unshare -n bash "$SELF" --in-netns "$REF" "$OURS" "$scn" "$OUTDIR" ref ours
    fi
    t=$(( (${EPOCHREALTIME/./} - t0) / 100000 ))
    t=$((t / 10)).$((t % 10))
    ref=$OUTDIR/$name.ref ours=$OUTDIR/$name.ours
    if [ -f "$ref" ] && grep -q '^\[scenario exited with status' "$ref"; then
        # A scenario that fails on the reference's side is itself broken
        # (a syntax error stops both sides at the same line, and the
        # transcripts would still agree).
        echo "FAIL $name (${t}s; exit status $(statuses "$name")): the scenario itself failed on the reference's side"
        tail -n 5 "$ref" | sed 's/^/    /'
        return 1
    elif [ -f "$ref" ] && [ -f "$ours" ] && cmp -s "$ref" "$ours"; then
        echo "PASS $name (${t}s)"
        return 0
    else
        echo "FAIL $name (${t}s; exit status $(statuses "$name"))"
        diff -u --label "$name (reference)" --label "$name (ours)" "$ref" "$ours" | sed 's/^/    /'
        return 1
    fi
}

pass=0 fail=0 failed=()
for scn in "$@"; do
    if run_scenario "$scn"; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        failed+=("$scn")
    fi
done
# Each failure is run once more, in the same boot, and what that shows is
# said in the summary: a scenario that passes on a re-run depends on timing
# (a race to find and remove, see tests/scenarios/lib.sh), and still counts
# as failed; nothing is retried silently.
if [ ${#failed[@]} -gt 0 ]; then
    echo
    echo "re-running the ${#failed[@]} failed scenario(s) once, to tell timing from a real difference:"
    verdicts=()
    for scn in "${failed[@]}"; do
        name=$(basename "$scn" .sh)
        if run_scenario "$scn" >"$OUTDIR/rerun-$name.txt" 2>&1; then
            verdicts+=("$name: failed, then passed on a re-run: looks timing-related (a race in the scenario or the product)")
        else
            verdicts+=("$name: failed again on a re-run ($(head -n 1 "$OUTDIR/rerun-$name.txt"))")
        fi
    done
    echo
    echo "summary of failures:"
    printf '  %s\n' "${verdicts[@]}"
fi
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
