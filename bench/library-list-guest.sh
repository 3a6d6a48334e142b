#!/bin/bash
# Guest side of bench/library-list: in a fresh network namespace, builds
# the table with our ipvsadm-restore, then times each listing program
# IPVS_BENCH_REPS times, in turns (so that a slow spell of the emulated
# CPU hits all alike), output to /dev/null.
set -euo pipefail
if [ -z "${LIBRARY_LIST_NETNS:-}" ]; then
    exec env LIBRARY_LIST_NETNS=1 unshare -n bash "$0" "$@"
fi
ip link set lo up
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHAPE=${IPVS_BENCH_SHAPE:-5000x10}
REPS=${IPVS_BENCH_REPS:-5}
REF=${IPVS_BENCH_REF:-/usr/sbin/ipvsadm}
READ=$ROOT/target/lib-consumer/release/read-table
log() { echo "library-list: $*" >&2; }
. "$ROOT/bench/tables.sh"
since() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.3f", b - a }'; }

gen_shape "$SHAPE" >/tmp/table
start=$EPOCHREALTIME
"$ROOT/target/release/ipvsadm-restore" </tmp/table
echo "table $SHAPE: $(wc -l </tmp/table) lines restored in $(since "$start") s;" \
    "read-table reads (services destinations): $("$READ")"

names=("reference ipvsadm -Ln" "library read_table" "ours ipvsadm -Ln" "list example")
progs=("$REF -Ln" "$READ" "$ROOT/target/release/ipvsadm -Ln" "$ROOT/target/release/examples/list")
times=("" "" "" "")
for ((r = 0; r < REPS; r++)); do
    for i in "${!progs[@]}"; do
        start=$EPOCHREALTIME
        ${progs[$i]} >/dev/null
        times[i]+="$(since "$start") "
    done
done
median() { tr ' ' '\n' <<<"$1" | grep . | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
ref=$(median "${times[0]}")
for i in "${!progs[@]}"; do
    m=$(median "${times[i]}")
    printf '%-22s median %7.3f s  %5.2fx the reference  (runs: %s)\n' \
        "${names[i]}" "$m" "$(awk -v a="$m" -v b="$ref" 'BEGIN { print a / b }')" "${times[i]% }"
done
