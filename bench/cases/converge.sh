# bench/cases/converge.sh - non-disruptive restore on a loaded table.
# Sourced by bench/guest.sh.
#
# same@SHAPE: re-apply of the unchanged file, every shape: ours is
# `ipvsadm-restore --converge`, the reference its `ipvsadm-restore` (clear,
# then restore, into the trash list as on a real director), plus its `-C`
# alone (flush@SHAPE) for the trash-free bound `-C` + `-R`; the floor is
# the dump alone (nldump), since nothing needs sending.
#
# change10@NxD and its parts (csched, cweight, cdest @NxD): the 10 % change
# (gen_changed), and the same file with only its scheduler changes (-E),
# only its weight changes (-e), only its destination replacements (-a, -d).
# The floor is the dump plus the changed requests at restore speed: nldump
# on the loaded table, then nlbatch of just those requests (gen_requests),
# timed separately (tools dump, apply) and added up by bench/report.py.

# Ours: re-apply FILE (REPS times, it changes nothing) or apply CHANGED
# (each rep on a freshly loaded table) with --converge.
step_converge_ours() { # CASE BASE TARGET REPS
    local case=$1 base=$2 target=$3 n=$4 i sum
    load "$base"
    for ((i = 0; i < n; i++)); do
        timed "$case" ours "$target" "$OURS/ipvsadm-restore" --converge --verbose
        sum=$(tail -n 1 "$W/err")
        echo "I $case-summary $sum"
        if [ "$base" = "$target" ]; then
            timed "$case" dump /dev/null "$TOOLS/nldump"
        fi
    done
    if [ "$base" = "$target" ]; then
        check "$case" ours "zero-writes" grep -qx '0 changes sent, 0 failed' <<<"$sum"
        rss "$case" ours "$target" "$OURS/ipvsadm-restore" --converge
    fi
    check "$case" ours table same_table "$target"
    flush
}

# The floor of a change: dump the loaded table, send just the changes.
step_converge_floor() { # CASE BASE REQUESTS TARGET
    local case=$1
    load "$2"
    timed "$case" dump /dev/null "$TOOLS/nldump"
    timed "$case" apply "$3" "$TOOLS/nlbatch"
    check "$case" apply table same_table "$4"
    flush
}

# The reference: its ipvsadm-restore (clear, then restore) on a loaded table.
step_converge_ref() { # CASE BASE TARGET
    local case=$1 base=$2 target=$3
    load "$base"
    timed "$case" ref "$target" "$REF_RESTORE"
    check "$case" ref table same_table "$target"
    flush
}

# The reference's flush of a loaded table alone (for the trash-free bound).
step_flush_ref() { # CASE BASE
    load "$2"
    timed "$1" ref /dev/null "$REF" -C
}

step_ours_converge_rss() { # CASE BASE TARGET
    load "$2"
    rss "$1" ours "$3" "$OURS/ipvsadm-restore" --converge
    flush
}

case_same() { # SHAPE
    local s=$1 r
    log "converge, unchanged $s"
    in_netns step_converge_ours "same@$s" "$W/t$s" "$W/t$s" "$REPS"
    for ((r = 0; r < REF_SLOW_REPS; r++)); do
        in_netns step_converge_ref "same@$s" "$W/t$s" "$W/t$s"
        in_netns step_flush_ref "flush@$s" "$W/t$s"
    done
}

case_change() { # NxD
    local s=$1 mode case r f
    for mode in all sched weight dest; do
        case $mode in all) case=change10 ;; *) case=c$mode ;; esac
        f=$W/c$mode$s
        gen_changed "$mode" "$s" >"$f"
        sort "$f" >"$f.sorted"
        gen_requests "$mode" "$s" >"$f.req"
        echo "I $case@$s-requests $(wc -l <"$f.req") ($(cut -d' ' -f1 "$f.req" | sort | uniq -c | tr -s ' ' | tr '\n' ','))"
        log "converge, $case $s"
        for ((r = 0; r < REPS; r++)); do
            in_netns step_converge_ours "$case@$s" "$W/t$s" "$f" 1
            in_netns step_converge_floor "$case@$s" "$W/t$s" "$f.req" "$f"
            if [ "$mode" = all ] && ((r < REF_SLOW_REPS)); then
                in_netns step_converge_ref "$case@$s" "$W/t$s" "$f"
            fi
        done
        [ "$mode" = all ] && in_netns step_ours_converge_rss "$case@$s" "$W/t$s" "$f"
    done
}
