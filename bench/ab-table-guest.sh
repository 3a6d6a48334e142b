#!/bin/bash
# Guest side of bench/ab-table.sh (tests/vm/vm exec bench/ab-table-guest.sh):
# copies the two builds (IPVS_AB_OLD, IPVS_AB_NEW: dirs with ipvsadm,
# ipvsadm-save, ipvsadm-restore) to the guest's tmpfs, loads the table
# (IPVS_AB_SHAPE, 5000x10) in a fresh network namespace with the new
# ipvsadm-restore, checks that both builds print the same and that a
# converge sends nothing, then times each case IPVS_AB_REPS (5) rounds,
# old and new taking turns. Prints `S CASE old|new MICROSECONDS` lines.
set -euo pipefail
if [ -z "${AB_TABLE_NETNS:-}" ]; then
    exec env AB_TABLE_NETNS=1 unshare -n bash "$0" "$@"
fi
ip link set lo up
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHAPE=${IPVS_AB_SHAPE:-5000x10}
REPS=${IPVS_AB_REPS:-5}
W=/tmp/ab-table
. "$ROOT/bench/tables.sh"
for s in old new; do
    src=IPVS_AB_${s^^}
    mkdir -p $W/$s
    cp "${!src}"/{ipvsadm,ipvsadm-save,ipvsadm-restore} $W/$s/
done
echo "I kernel $(uname -r)"
gen_shape "$SHAPE" >$W/table
t0=${EPOCHREALTIME/./}
$W/new/ipvsadm-restore <$W/table
t1=${EPOCHREALTIME/./}
echo "I table $SHAPE $(wc -l <$W/table) lines, loaded in $(((t1 - t0) / 1000)) ms"
sort $W/table >$W/want
for s in old new; do
    $W/$s/ipvsadm -S -n | sort | cmp -s - $W/want || echo "FAIL $s: -S -n is not the file"
    $W/$s/ipvsadm -L -n >$W/list.$s
    $W/$s/ipvsadm-save -n >$W/save.$s
    sum=$($W/$s/ipvsadm-restore --converge --verbose <$W/table 2>&1 | tail -n 1)
    [ "$sum" = "0 changes sent, 0 failed" ] && echo "V $s converge: $sum" || echo "FAIL $s converge: $sum"
done
cmp -s $W/list.old $W/list.new && echo "V -L -n same" || echo "FAIL -L -n differs"
cmp -s $W/save.old $W/save.new && echo "V ipvsadm-save -n same" || echo "FAIL ipvsadm-save -n differs"

run() { # CASE SIDE
    local d=$W/$2 t0 t1
    t0=${EPOCHREALTIME/./}
    case $1 in
        list) $d/ipvsadm -L -n >/dev/null ;;
        save) $d/ipvsadm-save -n >/dev/null ;;
        converge) $d/ipvsadm-restore --converge <$W/table >/dev/null ;;
    esac
    t1=${EPOCHREALTIME/./}
    echo "S $1 $2 $((t1 - t0))"
}
for c in list save converge; do
    for ((r = 0; r < REPS; r++)); do
        if ((r % 2)); then run $c new; run $c old; else run $c old; run $c new; fi
    done
done
$W/new/ipvsadm -C
