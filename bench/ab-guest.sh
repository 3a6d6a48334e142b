#!/bin/bash
# bench/ab-guest.sh - A/B timing of builds of ours in one VM boot (issue 15):
# `-L -n -c` of several builds against dd, and start-up of one `-A`.
#
#   tests/vm/vm exec bench/ab-guest.sh
#
# Environment: IPVS_AB_CONN="LABEL=PATH ..." (builds for -L -n -c), IPVS_AB_START=
# "LABEL=PATH ..." (builds for -A; /usr/sbin/ipvsadm is always `ref`),
# IPVS_AB_CONNS (30000), IPVS_AB_REPS (5), IPVS_AB_N (50 `-A` per timing), IPVS_AB_TOOLS (the
# directory of udpflood). Prints `S CASE LABEL MICROSECONDS` lines.
set -uo pipefail
SELF=$(readlink -f "$0")
REPS=${IPVS_AB_REPS:-5}
N=${IPVS_AB_N:-50}
W=/tmp/ab
mkdir -p $W

if [ "${1:-}" = __netns ]; then
    shift
    ip link set lo up
    "$@"
    exit $?
fi
if [ "${1:-}" = __single ]; then # BIN LABEL
    bin=$2 label=$3
    "$bin" -A -t 10.4.0.1:80 -s rr && "$bin" -C # page cache
    t0=${EPOCHREALTIME/./}
    for ((i = 0; i < N; i++)); do
        "$bin" -A -t "10.5.$((i / 250)).$((i % 250 + 1)):80" -s rr
    done
    t1=${EPOCHREALTIME/./}
    echo "S single-A $label $(((t1 - t0) / N))"
    [ "$("$bin" -S -n | grep -c '^-A')" = "$N" ] || echo "FAIL $label: not $N services"
    "$bin" -C
    exit 0
fi
if [ "${1:-}" = __conn ]; then
    n=$2
    ours=${IPVS_AB_CONN%% *}; ours=${ours#*=}
    ip addr add 10.9.9.9/32 dev lo
    "$ours" --set 0 0 3600
    "$ours" -A -u 10.9.9.9:53 -s rr
    "$ours" -a -u 10.9.9.9:53 -r 127.0.0.1:5353 -m
    "$IPVS_AB_TOOLS/udpflood" 10.9.9.9:53 "$n" >/dev/null
    /usr/sbin/ipvsadm -L -n -c | awk '{ $2 = ""; print }' >$W/ref
    for spec in $IPVS_AB_CONN; do
        "${spec#*=}" -L -n -c | awk '{ $2 = ""; print }' >$W/ours
        cmp -s $W/ref $W/ours && echo "V conn ${spec%%=*} same-as-ref" || echo "FAIL conn ${spec%%=*} differs"
    done
    echo "I entries $(($(wc -l <$W/ref) - 2))"
    for ((r = 0; r < REPS; r++)); do
        for spec in "dd=dd" $IPVS_AB_CONN; do
            label=${spec%%=*} bin=${spec#*=}
            t0=${EPOCHREALTIME/./}
            if [ "$label" = dd ]; then
                dd if=/proc/net/ip_vs_conn of=/dev/null bs=4k 2>/dev/null
            else
                "$bin" -L -n -c >/dev/null
            fi
            t1=${EPOCHREALTIME/./}
            echo "S conn-$n $label $((t1 - t0))"
        done
    done
    for spec in $IPVS_AB_CONN; do
        echo "M conn-$n ${spec%%=*} $(/usr/bin/time -f %M "${spec#*=}" -L -n -c 2>&1 >/dev/null)"
    done
    "$ours" -C
    exit 0
fi

for n in ${IPVS_AB_CONNS:-30000}; do
    [ -n "${IPVS_AB_CONN:-}" ] && unshare -n bash "$SELF" __netns bash "$SELF" __conn "$n"
done
for ((r = 0; r < ${IPVS_AB_START_REPS:-3}; r++)); do
    for spec in ref=/usr/sbin/ipvsadm ${IPVS_AB_START:-}; do
        unshare -n bash "$SELF" __netns bash "$SELF" __single "${spec#*=}" "${spec%%=*}"
    done
done
for spec in ref=/usr/sbin/ipvsadm ${IPVS_AB_START:-}; do
    echo "== strace -c ${spec%%=*}"
    unshare -n strace -c "${spec#*=}" -A -t 10.6.0.1:80 -s rr 2>&1 | tail -n 12
done
