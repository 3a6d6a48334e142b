#!/bin/bash
# bench/guest.sh - the benchmark's guest side, run by bench/run through
# `tests/vm/vm exec` (one boot for everything). Not meant to be run by hand.
# The helpers are in bench/lib.sh, the rule files in bench/tables.sh, the
# cases in bench/cases/*.sh.
#
# Writes one record per line on stdout, progress on stderr:
#   S CASE TOOL MICROSECONDS     one timed run (wall clock, $EPOCHREALTIME)
#   M CASE TOOL KILOBYTES        peak RSS of one extra, untimed run (GNU time)
#   V CASE TOOL ok|BAD WHAT      a sanity check of what a run did
#   I KEY VALUE...               facts about the guest and the tables
# CASE is KIND@SHAPE (restore@5000x10, list@tun2284:37298, conn@30000...).
#
# Every step runs in a fresh network namespace (`unshare -n`, then `lo` up):
# after a flush the kernel keeps deleted destinations in a trash list for
# 2-3 minutes and every destination add scans it, so reusing a namespace
# would make later restores slower (shared/netlink-notes.md). Timed runs
# are bare (no wrapper process); memory is measured in a separate run.
#
# Environment (bench/run sets it):
#   IPVS_BENCH_OURS    dir with our ipvsadm and ipvsadm-restore
#   IPVS_BENCH_LINK    how they link libc (static or dynamic; for the report)
#   IPVS_BENCH_DYNAMIC dir with our ipvsadm linked dynamically, when OURS
#                      is static: timed too in the one-`-A` case
#   IPVS_BENCH_TOOLS   dir with nlbatch, nldump and udpflood (bench/tools)
#   IPVS_BENCH_REF     the reference ipvsadm (/usr/sbin/ipvsadm)
#   IPVS_BENCH_REF_RESTORE  the reference ipvsadm-restore (Debian's script:
#                      `ipvsadm -C`, then `ipvsadm -R`)
#   IPVS_BENCH_REPS    timed runs per tool and case (median reported)
#   IPVS_BENCH_REF_SLOW_REPS  runs of the reference's ipvsadm-restore (1)
#   IPVS_BENCH_SHAPES  tables (bench/tables.sh): restore, re-apply, list
#   IPVS_BENCH_CONVERGE  the NxD table the 10 % change is applied to
#                      (empty: no change cases, only the unchanged re-apply)
#   IPVS_BENCH_EDITS   edits per kind in the kernel edit-cost case
#   IPVS_BENCH_CONNS   connection-table sizes
#   IPVS_BENCH_ONESHOT `-A` invocations per timed single-command run
#   IPVS_BENCH_CASES   which of: restore converge edits list conn single
set -uo pipefail

SELF=$(readlink -f "$0")
BENCH=$(dirname "$SELF")
OURS=${IPVS_BENCH_OURS:?}
TOOLS=${IPVS_BENCH_TOOLS:?}
REF=${IPVS_BENCH_REF:-/usr/sbin/ipvsadm}
REF_RESTORE=${IPVS_BENCH_REF_RESTORE:-/usr/sbin/ipvsadm-restore}
REPS=${IPVS_BENCH_REPS:-3}
# The reference's clear + restore of a big table takes minutes (the trash
# list makes it quadratic): fewer runs of it.
REF_SLOW_REPS=${IPVS_BENCH_REF_SLOW_REPS:-1}
SHAPES=${IPVS_BENCH_SHAPES:-1000x10 5000x10 16000x1 mixed8000 tun2284:37298}
CONVERGE=${IPVS_BENCH_CONVERGE-5000x10}
EDITS=${IPVS_BENCH_EDITS:-200}
CONNS=${IPVS_BENCH_CONNS:-30000 100000}
ONESHOT=${IPVS_BENCH_ONESHOT:-50}
CASES=${IPVS_BENCH_CASES:-restore converge edits list conn single}
W=/tmp/bench            # guest tmpfs

. "$BENCH/lib.sh"
. "$BENCH/tables.sh"
for f in "$BENCH"/cases/*.sh; do . "$f"; done

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
echo "I ours-link ${IPVS_BENCH_LINK:-dynamic}"

# Warm the 9p page cache and the dynamic loader for every program.
"$REF" -v >/dev/null 2>&1
"$OURS/ipvsadm" -v >/dev/null 2>&1
[ -n "${IPVS_BENCH_DYNAMIC:-}" ] && "$IPVS_BENCH_DYNAMIC/ipvsadm" -v >/dev/null 2>&1
"$OURS/ipvsadm-restore" --help >/dev/null 2>&1
"$TOOLS/nlbatch" /dev/null >/dev/null 2>&1
"$TOOLS/nldump" >/dev/null 2>&1
/usr/bin/time true 2>/dev/null
bash -c 'grep -q x /dev/null' </dev/null

# The tables, and what they hold (bench/report.py's labels).
for s in $SHAPES $CONVERGE; do
    [ -e "$W/t$s" ] && continue
    gen_shape "$s" >"$W/t$s" || exit 2
    sort "$W/t$s" >"$W/t$s.sorted"
    echo "I shape $s $(wc -l <"$W/t$s") $(grep -c '^-A' "$W/t$s") $(grep -c '^-a' "$W/t$s")"
done

if has restore; then
    for s in $SHAPES; do case_restore "$s"; done
fi
if has converge; then
    for s in $SHAPES; do case_same "$s"; done
    [ -n "$CONVERGE" ] && case_change "$CONVERGE"
fi
has edits && case_edits "$EDITS"
if has list; then
    for s in $SHAPES; do case_list "$s"; done
fi
has conn && case_conn
has single && case_single
log "done"
