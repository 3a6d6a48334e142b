# bench/cases/edits.sh - what one edit costs the kernel: N scheduler
# changes (`-E ... -s wrr` on rr services) against N weight changes
# (`-e ... -w 2`), on a table of N services x 1 destination, by the
# reference one process per edit, and batched by the raw sender (nlbatch).
# In ip_vs_edit_service (net/netfilter/ipvs/ip_vs_ctl.c) a scheduler change
# unbinds the old scheduler and waits for an RCU grace period
# (synchronize_rcu()) before binding the new one; a weight change
# (ip_vs_edit_dest) does not wait. Both S records are per edit.
# Sourced by bench/guest.sh.

step_edits() { # KIND(sched|weight) TOOL(ref|raw) N
    local kind=$1 tool=$2 n=$3 f=$W/e$1$3 t0 t1 line got
    load "$W/t${n}x1"
    if [ "$tool" = ref ]; then
        mapfile -t lines <"$f"
        t0=${EPOCHREALTIME/./}
        for line in "${lines[@]}"; do
            # shellcheck disable=SC2086 # one rule line, split into words
            "$REF" $line
        done
        t1=${EPOCHREALTIME/./}
    else
        t0=${EPOCHREALTIME/./}
        "$TOOLS/nlbatch" "$f"
        t1=${EPOCHREALTIME/./}
    fi
    echo "S edit-$kind@$n $tool $(((t1 - t0) / n))"
    case $kind in
        sched) got=$("$OURS/ipvsadm" -S -n | grep -c -- '-s wrr$') ;;
        weight) got=$("$OURS/ipvsadm" -S -n | grep -c -- '-w 2$') ;;
    esac
    check "edit-$kind@$n" "$tool" "edited=$got" test "$got" = "$n"
    flush
}

case_edits() { # N
    local n=$1 r kind tool
    gen_shape "${n}x1" >"$W/t${n}x1"
    awk -v n="$n" 'BEGIN { for (i = 0; i < n; i++) print "-E -t " '"$(vip)"' " -s wrr" }' >"$W/esched$n"
    awk -v n="$n" 'BEGIN { for (i = 0; i < n; i++)
        printf "-e -t %s -r 192.168.1.%d:8080 -m -w 2\n", '"$(vip)"', 1 + i % 250 }' >"$W/eweight$n"
    log "kernel cost of $n scheduler and weight edits"
    for ((r = 0; r < REPS; r++)); do
        for kind in sched weight; do
            for tool in ref raw; do
                in_netns step_edits "$kind" "$tool" "$n"
            done
        done
    done
}
