#!/bin/bash
# bench/profile-guest.sh - where the time goes, for BENCHMARKS.md: run by
# `bench/run --profile` through `tests/vm/vm exec`. For the restore of
# IPVS_BENCH_PROFILE_SERVICES (1000) services x 10 destinations (ref `-R`,
# ours `-R`, the raw batched sender), and for `-L -n -c` on
# IPVS_BENCH_PROFILE_CONNS (30000) entries (ref, ours, dd), prints
# user/system/wall time (GNU time), a syscall summary (strace -c) and a
# perf profile (cpu-clock samples) of each, every run in a fresh network
# namespace.
set -uo pipefail

SELF=$(readlink -f "$0")
OURS=${IPVS_BENCH_OURS:?}
TOOLS=${IPVS_BENCH_TOOLS:?}
REF=${IPVS_BENCH_REF:-/usr/sbin/ipvsadm}
SERVICES=${IPVS_BENCH_PROFILE_SERVICES:-1000}
CONNS=${IPVS_BENCH_PROFILE_CONNS:-30000}
W=/tmp/bench
TIMEFMT='%e s wall, %U s user, %S s system, %M KiB max RSS'

in_netns() { unshare -n bash "$SELF" __netns "$@"; }

restore_with() { # MODE TOOL FILE
    local cmd
    case $2 in
        ref) cmd=("$REF" -R) ;;
        ours) cmd=("$OURS/ipvsadm" -R) ;;
        raw) cmd=("$TOOLS/nlbatch") ;;
    esac
    case $1 in
        time) /usr/bin/time -f "$2: $TIMEFMT" "${cmd[@]}" <"$3" ;;
        strace) strace -f -c -o "$W/strace" "${cmd[@]}" <"$3" && head -n 14 "$W/strace" ;;
        perf)
            # Software clock samples (no PMU under emulation), user and
            # kernel: the kernel runs each IPVS request inside sendmsg, in
            # the sender's context.
            if perf record -q -e cpu-clock -F 2000 -o "$W/perf.data" -- "${cmd[@]}" <"$3" 2>/dev/null; then
                perf report -q -i "$W/perf.data" --stdio --no-children --sort dso,sym 2>/dev/null |
                    grep -v '^$' | head -n 25
            else
                echo "(perf failed)"
            fi
            ;;
    esac
}

conn_with() { # N
    ip addr add 10.9.9.9/32 dev lo
    "$OURS/ipvsadm" --set 0 0 3600
    "$OURS/ipvsadm" -A -u 10.9.9.9:53 -s rr
    "$OURS/ipvsadm" -a -u 10.9.9.9:53 -r 127.0.0.1:5353 -m
    "$TOOLS/udpflood" 10.9.9.9:53 "$1" >/dev/null
    "$REF" -L -n -c >/dev/null
    local t
    for t in ref ours dd; do
        case $t in
            ref) cmd=("$REF" -L -n -c) ;;
            ours) cmd=("$OURS/ipvsadm" -L -n -c) ;;
            dd) cmd=(dd if=/proc/net/ip_vs_conn of=/dev/null bs=4k status=none) ;;
        esac
        /usr/bin/time -f "$t: $TIMEFMT" "${cmd[@]}" >/dev/null
        strace -c -o "$W/strace" "${cmd[@]}" >/dev/null
        echo "$t: read() calls: $(awk '$NF == "read" { print $(NF-2) }' "$W/strace")"
    done
    echo "-- ours -L -n -c: read sizes (first 5) and perf"
    strace -e trace=read -o "$W/strace" "$OURS/ipvsadm" -L -n -c >/dev/null
    grep 'read(3' "$W/strace" | sed -n '1,5p'
    if perf record -q -e cpu-clock -F 2000 -o "$W/perf.data" -- "$OURS/ipvsadm" -L -n -c >/dev/null 2>&1; then
        perf report -q -i "$W/perf.data" --stdio --no-children --sort dso,sym 2>/dev/null |
            grep -v '^$' | head -n 25
    fi
}

single_with() { # one -A: syscalls, and the time of 50 in a row, of each
    local t bin i t0 t1
    for t in ref ours ref ours; do
        case $t in ref) bin=$REF ;; ours) bin=$OURS/ipvsadm ;; esac
        "$OURS/ipvsadm" -C
        t0=${EPOCHREALTIME/./}
        for ((i = 0; i < 50; i++)); do "$bin" -A -t "10.5.0.$((i + 1)):80" -s rr; done
        t1=${EPOCHREALTIME/./}
        echo "$t: -A x 50: $(((t1 - t0) / 50000)) ms each"
        t0=${EPOCHREALTIME/./}
        for ((i = 0; i < 50; i++)); do "$bin" -v >/dev/null; done
        t1=${EPOCHREALTIME/./}
        echo "$t: -v x 50 (start and exit only): $(((t1 - t0) / 50000)) ms each"
    done
    for t in ref ours; do
        case $t in ref) bin=$REF ;; ours) bin=$OURS/ipvsadm ;; esac
        "$OURS/ipvsadm" -C
        echo "-- $t -A: strace -f -c"
        strace -f -c -o "$W/strace" "$bin" -A -t 10.6.0.1:80 -s rr && head -n 30 "$W/strace"
        "$OURS/ipvsadm" -C
        echo "-- $t -A: perf"
        perf record -q -e cpu-clock -F 10000 -o "$W/perf.data" -- "$bin" -A -t 10.6.0.1:80 -s rr 2>/dev/null &&
            perf report -q -i "$W/perf.data" --stdio --no-children --sort dso 2>/dev/null | grep -v '^$' | head -n 12
    done
}
if [ "${1:-}" = __netns ]; then
    shift
    ip link set lo up
    "$@"
    exit $?
fi

mkdir -p "$W"
awk -v n="$SERVICES" 'BEGIN {
    for (i = 0; i < n; i++) {
        vip = sprintf("10.%d.%d.%d:80", 1 + int(i / 65536), int(i / 256) % 256, i % 256)
        print "-A -t " vip " -s rr"
        for (j = 1; j <= 10; j++)
            printf "-a -t %s -r 192.168.%d.%d:8080 -m -w 1\n", vip, j, 1 + i % 250
    }
}' >"$W/t"
"$REF" -v >/dev/null 2>&1; "$OURS/ipvsadm" -v >/dev/null 2>&1; "$TOOLS/nlbatch" /dev/null
echo "== restore of $(wc -l <"$W/t") lines: GNU time"
for r in 1 2; do
    for t in ref ours raw; do in_netns restore_with time "$t" "$W/t"; done
done
echo "== restore: strace -c -f (syscall counts; times under strace are inflated)"
for t in ref ours raw; do
    echo "-- $t"
    in_netns restore_with strace "$t" "$W/t"
done
echo "== restore: perf (cpu-clock samples by function, user and kernel)"
for t in ours raw ref; do
    echo "-- $t"
    in_netns restore_with perf "$t" "$W/t"
done
echo "== -L -n -c on $CONNS entries"
in_netns conn_with "$CONNS"

echo "== one -A"
in_netns single_with
