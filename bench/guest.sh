#!/bin/bash
# bench/guest.sh - the benchmark's guest side, run by bench/run through
# `tests/vm/vm exec` (one boot for everything). Not meant to be run by hand.
#
# Writes one record per line on stdout, progress on stderr:
#   S CASE TOOL MICROSECONDS     one timed run (wall clock, $EPOCHREALTIME)
#   M CASE TOOL KILOBYTES        peak RSS of one extra, untimed run (GNU time)
#   V CASE TOOL ok|BAD WHAT      a sanity check of what a run did
#   I KEY VALUE...               facts about the guest
#
# Every step runs in a fresh network namespace (`unshare -n`, then `lo` up):
# after a flush the kernel keeps deleted destinations in a trash list for
# 2-3 minutes and every destination add scans it, so reusing a namespace
# would make later restores slower (shared/netlink-notes.md). Timed runs
# are bare (no wrapper process); memory is measured in a separate run.
#
# Environment (bench/run sets it):
#   IPVS_BENCH_OURS    dir with our ipvsadm and ipvsadm-restore
#   IPVS_BENCH_TOOLS   dir with nlbatch and udpflood (bench/tools)
#   IPVS_BENCH_REF     the reference ipvsadm (/usr/sbin/ipvsadm)
#   IPVS_BENCH_REF_RESTORE  the reference ipvsadm-restore (Debian's script:
#                      `ipvsadm -C`, then `ipvsadm -R`)
#   IPVS_BENCH_REPS    timed runs per tool and case (median reported)
#   IPVS_BENCH_REF_SLOW_REPS  runs of the reference's ipvsadm-restore (1)
#   IPVS_BENCH_TABLES  table sizes in services (10 destinations each)
#   IPVS_BENCH_CONNS   connection-table sizes
#   IPVS_BENCH_ONESHOT `-A` invocations per timed single-command run
#   IPVS_BENCH_CASES   which of: restore converge list conn single
set -uo pipefail

SELF=$(readlink -f "$0")
OURS=${IPVS_BENCH_OURS:?}
TOOLS=${IPVS_BENCH_TOOLS:?}
REF=${IPVS_BENCH_REF:-/usr/sbin/ipvsadm}
REF_RESTORE=${IPVS_BENCH_REF_RESTORE:-/usr/sbin/ipvsadm-restore}
REPS=${IPVS_BENCH_REPS:-3}
# The reference's clear + restore of the biggest table takes minutes (the
# trash list makes it quadratic): fewer runs of it.
REF_SLOW_REPS=${IPVS_BENCH_REF_SLOW_REPS:-1}
TABLES=${IPVS_BENCH_TABLES:-1000 5000}
CONNS=${IPVS_BENCH_CONNS:-30000 100000}
ONESHOT=${IPVS_BENCH_ONESHOT:-50}
CASES=${IPVS_BENCH_CASES:-restore converge list conn single}
W=/tmp/bench            # guest tmpfs
DESTS=10

log() { echo "bench: [${SECONDS}s] $*" >&2; }

# ------------------------------------------------------------ helpers --

# usec: microseconds since the epoch, without a subshell.
# Usage: timed CASE TOOL STDIN CMD...  (stdout to /dev/null, stderr kept in
# $W/err for the caller to check).
timed() {
    local case=$1 tool=$2 in=$3 t0 t1 rc
    shift 3
    t0=${EPOCHREALTIME/./}
    "$@" <"$in" >/dev/null 2>"$W/err"
    rc=$?
    t1=${EPOCHREALTIME/./}
    echo "S $case $tool $((t1 - t0))"
    if [ "$rc" != 0 ]; then
        echo "V $case $tool BAD exit-status-$rc"
        log "$case $tool: exit status $rc: $(tail -n 3 "$W/err" | tr '\n' '|')"
    fi
    return 0
}

# rss CASE TOOL STDIN CMD...: one untimed run under GNU time for its max RSS.
rss() {
    local case=$1 tool=$2 in=$3 kb
    shift 3
    /usr/bin/time -f %M -o "$W/rss" "$@" <"$in" >/dev/null 2>/dev/null
    kb=$(tail -n 1 "$W/rss")
    echo "M $case $tool $kb"
}

# in_netns FUNC ARGS...: run a function of this script in a fresh netns.
in_netns() {
    unshare -n bash "$SELF" __netns "$@"
}

check() { # check CASE TOOL WHAT CONDITION-CMD...
    local case=$1 tool=$2 what=$3
    shift 3
    if "$@"; then echo "V $case $tool ok $what"; else echo "V $case $tool BAD $what"; fi
}

# Loads a rule file with our -R (untimed set-up).
load() {
    "$OURS/ipvsadm" -R <"$1" || log "load of $1 failed"
}

# Same table as the file? (order-independent)
same_table() {
    "$OURS/ipvsadm" -S -n | sort | cmp -s - "$1.sorted"
}

# ------------------------------------------------------------- tables --

# gen_table SERVICES: the rule file, in `ipvsadm-save -n` form: service i is
# 10.A.B.C:80 (rr), with 10 NAT destinations 192.168.j.x:8080, weight 1.
gen_table() {
    awk -v n="$1" -v d="$DESTS" 'BEGIN {
        for (i = 0; i < n; i++) {
            vip = sprintf("10.%d.%d.%d:80", 1 + int(i / 65536), int(i / 256) % 256, i % 256)
            print "-A -t " vip " -s rr"
            for (j = 1; j <= d; j++)
                printf "-a -t %s -r 192.168.%d.%d:8080 -m -w 1\n", vip, j, 1 + i % 250
        }
    }'
}

# gen_changed SERVICES: the same table with 10% of its lines changed: every
# 10th service gets another scheduler (one -E), new weights on half its
# destinations (-e) and the other half replaced by new addresses (-d, -a).
gen_changed() {
    awk -v n="$1" -v d="$DESTS" 'BEGIN {
        for (i = 0; i < n; i++) {
            vip = sprintf("10.%d.%d.%d:80", 1 + int(i / 65536), int(i / 256) % 256, i % 256)
            ch = (i % 10 == 0)
            print "-A -t " vip " -s " (ch ? "wrr" : "rr")
            for (j = 1; j <= d; j++) {
                if (!ch)
                    printf "-a -t %s -r 192.168.%d.%d:8080 -m -w 1\n", vip, j, 1 + i % 250
                else if (j <= d / 2)
                    printf "-a -t %s -r 192.168.%d.%d:8080 -m -w 2\n", vip, j, 1 + i % 250
                else
                    printf "-a -t %s -r 192.168.%d.%d:8080 -m -w 1\n", vip, j + 100, 1 + i % 250
            }
        }
    }'
}

# --------------------------------------------------- netns step bodies --

# One restore into an empty table.
step_restore() { # CASE TOOL FILE VERIFY
    local case=$1 tool=$2 f=$3 verify=$4
    case $tool in
        ref) timed "$case" ref "$f" "$REF" -R ;;
        ours) timed "$case" ours "$f" "$OURS/ipvsadm" -R ;;
        raw) timed "$case" raw "$f" "$TOOLS/nlbatch" ;;
        ours-rss) rss "$case" ours "$f" "$OURS/ipvsadm" -R ;;
    esac
    [ "$verify" = 1 ] && check "$case" "${tool%-rss}" table same_table "$f"
    # Flush here, synchronously, so that the namespace's clean-up does not
    # run in the background during the next step.
    "$OURS/ipvsadm" -C
}

# Ours: re-apply FILE (REPS times, it changes nothing) or apply CHANGED
# (each rep on a freshly loaded table) with --converge.
step_converge_ours() { # CASE BASE TARGET REPS
    local case=$1 base=$2 target=$3 n=$4 i sum
    load "$base"
    for ((i = 0; i < n; i++)); do
        timed "$case" ours "$target" "$OURS/ipvsadm-restore" --converge --verbose
        sum=$(tail -n 1 "$W/err")
        echo "I $case-summary $sum"
    done
    if [ "$base" = "$target" ]; then
        check "$case" ours "zero-writes" grep -qx '0 changes sent, 0 failed' <<<"$sum"
        rss "$case" ours "$target" "$OURS/ipvsadm-restore" --converge
    fi
    check "$case" ours table same_table "$target"
    "$OURS/ipvsadm" -C
}

# The reference: its ipvsadm-restore (clear, then restore) on a loaded table.
step_converge_ref() { # CASE BASE TARGET
    local case=$1 base=$2 target=$3
    load "$base"
    timed "$case" ref "$target" "$REF_RESTORE"
    check "$case" ref table same_table "$target"
    "$OURS/ipvsadm" -C
}

# The reference's flush of a loaded table alone (for the trash-free bound).
step_flush_ref() { # CASE BASE
    load "$2"
    timed "$1" ref /dev/null "$REF" -C
}

step_ours_converge_rss() { # CASE BASE TARGET
    load "$2"
    rss "$1" ours "$3" "$OURS/ipvsadm-restore" --converge
    "$OURS/ipvsadm" -C
}

step_list() { # LINES FILE
    local lines=$1 f=$2 i
    load "$f"
    # Same output from both?
    "$REF" -L -n >"$W/l.ref"; "$OURS/ipvsadm" -L -n >"$W/l.ours"
    check "list-$lines" ours same-as-ref cmp -s "$W/l.ref" "$W/l.ours"
    "$REF" -S -n >"$W/s.ref"; "$OURS/ipvsadm" -S -n >"$W/s.ours"
    check "save-$lines" ours same-as-ref cmp -s "$W/s.ref" "$W/s.ours"
    for ((i = 0; i < REPS; i++)); do
        timed "list-$lines" ref /dev/null "$REF" -L -n
        timed "list-$lines" ours /dev/null "$OURS/ipvsadm" -L -n
        timed "save-$lines" ref /dev/null "$REF" -S -n
        timed "save-$lines" ours /dev/null "$OURS/ipvsadm" -S -n
    done
    rss "list-$lines" ours /dev/null "$OURS/ipvsadm" -L -n
    rss "save-$lines" ours /dev/null "$OURS/ipvsadm" -S -n
    "$OURS/ipvsadm" -C
}

step_conn() { # N
    local n=$1 i t0 t1 made got
    ip addr add 10.9.9.9/32 dev lo
    # UDP entries live 300 s by default; the 100k case takes longer than that.
    "$OURS/ipvsadm" --set 0 0 3600
    "$OURS/ipvsadm" -A -u 10.9.9.9:53 -s rr
    "$OURS/ipvsadm" -a -u 10.9.9.9:53 -r 127.0.0.1:5353 -m
    t0=${EPOCHREALTIME/./}
    made=$("$TOOLS/udpflood" 10.9.9.9:53 "$n")
    t1=${EPOCHREALTIME/./}
    echo "I conn-$n-made $made datagrams in $(((t1 - t0) / 1000)) ms"
    # The destination's InActConn column counts the UDP entries.
    got=$("$OURS/ipvsadm" -L -n -u 10.9.9.9:53 | awk '$1 == "->" && $2 ~ /^127/ { print $5 + $6 }')
    check "conn-$n" setup "entries=$got" test "$got" -ge "$n"
    # Same rows as the reference's, but for the expiry column, which ticks
    # (on the smallest table only: the reference reads 100,000 entries in
    # about 2 minutes). This also warms the page cache for both programs.
    if [ "$n" = "$smallest_conns" ]; then
        "$OURS/ipvsadm" -L -n -c | awk '{ $2 = ""; print }' >"$W/c.ours"
        "$REF" -L -n -c | awk '{ $2 = ""; print }' >"$W/c.ref"
        check "conn-$n" ours same-as-ref cmp -s "$W/c.ref" "$W/c.ours"
        rm -f "$W/c.ours" "$W/c.ref"
    fi
    for ((i = 0; i < REPS; i++)); do
        timed "conn-$n" ref /dev/null "$REF" -L -n -c
        timed "conn-$n" ours /dev/null "$OURS/ipvsadm" -L -n -c
        timed "conn-$n" dd /dev/null dd if=/proc/net/ip_vs_conn of=/dev/null bs=4k
    done
    rss "conn-$n" ours /dev/null "$OURS/ipvsadm" -L -n -c
}

step_single() { # TOOL
    local tool=$1 bin i t0 t1
    case $tool in ref) bin=$REF ;; ours) bin=$OURS/ipvsadm ;; esac
    t0=${EPOCHREALTIME/./}
    for ((i = 0; i < ONESHOT; i++)); do
        "$bin" -A -t "10.5.$((i / 250)).$((i % 250 + 1)):80" -s rr
    done
    t1=${EPOCHREALTIME/./}
    echo "S single-A $tool $(((t1 - t0) / ONESHOT))"
    check single-A "$tool" "services=$ONESHOT" \
        test "$("$OURS/ipvsadm" -S -n | grep -c '^-A')" = "$ONESHOT"
    "$OURS/ipvsadm" -C
}

if [ "${1:-}" = __netns ]; then
    shift
    ip link set lo up
    "$@"
    exit $?
fi

# --------------------------------------------------------------- main --

mkdir -p "$W"
has() { [[ " $CASES " == *" $1 "* ]]; }

echo "I kernel $(uname -r)"
echo "I guest-cpus $(nproc)"
echo "I ipvs $(head -n 1 /proc/net/ip_vs)"
echo "I reps $REPS"

# Warm the 9p page cache and the dynamic loader for every program.
"$REF" -v >/dev/null 2>&1
"$OURS/ipvsadm" -v >/dev/null 2>&1
"$OURS/ipvsadm-restore" --help >/dev/null 2>&1
"$TOOLS/nlbatch" /dev/null >/dev/null 2>&1
/usr/bin/time true 2>/dev/null
bash -c 'grep -q x /dev/null' </dev/null

biggest=0
for s in $TABLES; do
    gen_table "$s" >"$W/t$s"
    sort "$W/t$s" >"$W/t$s.sorted"
    [ "$s" -gt "$biggest" ] && biggest=$s
done

if has restore; then
    for s in $TABLES; do
        lines=$((s * (DESTS + 1)))
        log "restore $lines lines"
        for ((r = 0; r < REPS; r++)); do
            for tool in ref ours raw; do
                in_netns step_restore "restore-$lines" "$tool" "$W/t$s" "$((r == 0))"
            done
        done
        in_netns step_restore "restore-$lines" ours-rss "$W/t$s" 0
    done
fi

if has converge; then
    s=$biggest
    lines=$((s * (DESTS + 1)))
    gen_changed "$s" >"$W/c$s"
    sort "$W/c$s" >"$W/c$s.sorted"
    echo "I changed-lines $(sort "$W/t$s" | comm -13 - "$W/c$s.sorted" | wc -l)"
    log "converge, unchanged $lines lines"
    in_netns step_converge_ours "same-$lines" "$W/t$s" "$W/t$s" "$REPS"
    for ((r = 0; r < REF_SLOW_REPS; r++)); do
        in_netns step_converge_ref "same-$lines" "$W/t$s" "$W/t$s"
        in_netns step_flush_ref "flush-$lines" "$W/t$s"
    done
    log "converge, 10% changed"
    for ((r = 0; r < REPS; r++)); do
        in_netns step_converge_ours "change10-$lines" "$W/t$s" "$W/c$s" 1
        ((r < REF_SLOW_REPS)) && in_netns step_converge_ref "change10-$lines" "$W/t$s" "$W/c$s"
    done
    in_netns step_ours_converge_rss "change10-$lines" "$W/t$s" "$W/c$s"
fi

if has list; then
    for s in $TABLES; do
        lines=$((s * (DESTS + 1)))
        log "list and save, $lines lines"
        in_netns step_list "$lines" "$W/t$s"
    done
fi

if has conn; then
    smallest_conns=$(printf '%s\n' $CONNS | sort -n | head -n 1)
    export smallest_conns
    for n in $CONNS; do
        log "connections, $n entries"
        in_netns step_conn "$n"
    done
fi

if has single; then
    log "single -A x $ONESHOT"
    for ((r = 0; r < REPS; r++)); do
        in_netns step_single ref
        in_netns step_single ours
    done
    in_netns rss single-A ours /dev/null "$OURS/ipvsadm" -A -t 10.5.0.1:80 -s rr
fi
log "done"
