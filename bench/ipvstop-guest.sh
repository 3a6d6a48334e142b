#!/bin/bash
# Guest side of bench/ipvstop.sh (tests/vm/vm exec bench/ipvstop-guest.sh):
# in a fresh network namespace, for each table shape (IPVS_TOP_SHAPES,
# bench/tables.sh), loads it with our ipvsadm-restore and measures under
# GNU time, taking turns:
#   ours  ipvstop -b -n N -d 1 --kernel-rates >/dev/null: CPU (user +
#         sys) / N per refresh, and its peak RSS. --kernel-rates so that
#         N refreshes are exactly N reads: rates from counters wait for
#         a window of whole 2-s kernel periods (src/top/window.rs), which
#         under emulation, where one read of 5,000 x 10 takes seconds,
#         may take several reads more; a refresh's work (read, engine,
#         sort, print) is the same either way;
#   ref   the reference `ipvsadm -Ln --stats >/dev/null`, what
#         `watch -n1 ipvsadm -Ln --stats` runs once a refresh: its CPU and
#         peak RSS per run;
#   list  our `ipvsadm -Ln --stats`, for scale.
# Then captures the full-screen view at 80x24 under tmux on the 5000x10
# table. Records: `S CASE TOOL CPU_MS`, `M CASE TOOL KB`, `I ...`, and the
# screen between `SCREEN-BEGIN` / `SCREEN-END` lines.
set -euo pipefail
if [ -z "${IPVS_TOP_NETNS:-}" ]; then
    exec env IPVS_TOP_NETNS=1 unshare -n bash "$0" "$@"
fi
ip link set lo up
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OURS=$ROOT/target/release
REF=${REF:-/usr/sbin/ipvsadm}
SHAPES=${IPVS_TOP_SHAPES:-"100x10 5000x10 16000x1"}
REPS=${IPVS_TOP_REPS:-3}
N=${IPVS_TOP_N:-5}
SCREEN=${IPVS_TOP_SCREEN:-5000x10}
W=/tmp/ipvstop-bench
mkdir -p $W
. "$ROOT/bench/lib.sh"
. "$ROOT/bench/tables.sh"
echo "I kernel $(uname -r)"
echo "I refreshes per ipvstop run $N, rounds $REPS"

# cpu_ms CASE TOOL DIVISOR CMD...: one run under GNU time; prints the
# CPU (user + sys, 10-ms resolution) / DIVISOR in ms, and the peak RSS.
cpu_ms() {
    local case=$1 tool=$2 div=$3 u s kb
    shift 3
    /usr/bin/time -f '%U %S %M' -o $W/time "$@" >/dev/null 2>$W/err ||
        echo "V $case $tool BAD exit: $(tail -n 2 $W/err | tr '\n' '|')"
    read -r u s kb <<<"$(tail -n 1 $W/time)"
    echo "S $case $tool $(awk -v u="$u" -v s="$s" -v d="$div" 'BEGIN { printf "%.1f", (u + s) * 1000 / d }')"
    echo "M $case $tool $kb"
}

screen_of() { # the 80x24 view of the table loaded now
    local T="tmux -S $W/tmux" i
    TERM=xterm-256color $T new-session -d -s top -x 80 -y 24 "$OURS/ipvstop"
    for ((i = 0; i < 300; i++)); do
        $T capture-pane -p -t top >$W/screen
        grep -q 'services, ' $W/screen && break
        sleep 0.5
    done
    sleep 5 # a few refreshes, so that rates and trends have samples
    $T capture-pane -p -t top >$W/screen
    $T send-keys -t top q
    sleep 1
    $T kill-server 2>/dev/null || true
    echo SCREEN-BEGIN
    cat $W/screen
    echo SCREEN-END
}

for shape in $SHAPES; do
    flush
    gen_shape "$shape" >$W/table
    "$OURS/ipvsadm-restore" <$W/table
    svcs=$("$OURS/ipvsadm" -Ln | grep -c '^[TUF]')
    echo "I table $shape: $(wc -l <$W/table) lines, $svcs services"
    out=$("$OURS/ipvstop" -b -n 1 -d 0.2 | grep -cE '^(TCP|UDP|FWM) ')
    [ "$out" = "$svcs" ] && echo "V $shape ipvstop ok $out service rows" ||
        echo "V $shape ipvstop BAD $out service rows, want $svcs"
    for ((r = 0; r < REPS; r++)); do
        log "$shape round $r"
        cpu_ms "$shape" ours "$N" "$OURS/ipvstop" -b -n "$N" -d 1 --kernel-rates
        cpu_ms "$shape" ref 1 "$REF" -Ln --stats
        cpu_ms "$shape" list 1 "$OURS/ipvsadm" -Ln --stats
    done
    [ "$shape" = "$SCREEN" ] && screen_of
done
flush
