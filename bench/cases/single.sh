# bench/cases/single.sh - one `-A`, process start to exit: ONESHOT
# invocations in a loop (each a new service), total time / ONESHOT.
# Two floors in the same loop show what starting any program costs here:
# /bin/true (dynamically linked, libc only: exec, the loader, libc's
# start, exit) and busybox's true (statically linked, no loader), both
# given the same arguments and ignoring them. When ours is static-pie (what
# `make` builds), the packages' build, libc linked dynamically, is timed as
# well. Sourced by bench/guest.sh.

step_single() { # TOOL
    local tool=$1 bin i t0 t1 want=$ONESHOT
    case $tool in
    ref) bin=("$REF") ;;
    ours) bin=("$OURS/ipvsadm") ;;
    dynamic) bin=("$IPVS_BENCH_DYNAMIC/ipvsadm") ;;
    true) bin=(/bin/true) want=0 ;;
    static) bin=(busybox true) want=0 ;;
    esac
    t0=${EPOCHREALTIME/./}
    for ((i = 0; i < ONESHOT; i++)); do
        "${bin[@]}" -A -t "10.5.$((i / 250)).$((i % 250 + 1)):80" -s rr
    done
    t1=${EPOCHREALTIME/./}
    echo "S single-A $tool $(((t1 - t0) / ONESHOT))"
    check single-A "$tool" "services=$want" \
        test "$("$OURS/ipvsadm" -S -n | grep -c '^-A')" = "$want"
    flush
}

case_single() {
    local r
    log "single -A x $ONESHOT"
    for ((r = 0; r < REPS; r++)); do
        in_netns step_single ref
        in_netns step_single ours
        [ -n "${IPVS_BENCH_DYNAMIC:-}" ] && in_netns step_single dynamic
        in_netns step_single true
        in_netns step_single static
    done
    in_netns rss single-A ours /dev/null "$OURS/ipvsadm" -A -t 10.5.0.1:80 -s rr
}
