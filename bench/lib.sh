# bench/lib.sh - helpers of the benchmark's guest side, sourced by
# bench/guest.sh: timing, peak memory, sanity checks, namespaces, loading.
# Records go to stdout (formats in guest.sh), progress to stderr.

log() { echo "bench: [${SECONDS}s] $*" >&2; }

# timed CASE TOOL STDIN CMD...: one timed run, wall clock from
# $EPOCHREALTIME (microseconds, no subshell) around the bare command;
# stdout to /dev/null, stderr kept in $W/err for the caller to check.
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

# in_netns FUNC ARGS...: run a function of the guest script in a fresh
# network namespace (guest.sh's __netns entry brings `lo` up).
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

# Same table as the file? (order-independent; FILE.sorted made by the caller)
same_table() {
    "$OURS/ipvsadm" -S -n | sort | cmp -s - "$1.sorted"
}

# Flush here, synchronously, so that the namespace's clean-up does not run
# in the background during the next step.
flush() {
    "$OURS/ipvsadm" -C
}
