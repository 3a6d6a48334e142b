# bench/cases/list.sh - `-L -n` and `-S -n` on a loaded table: the
# reference, ours, and the raw dumper (bench/tools nldump: the same
# `read_table` as our listing, counts only: the floor). Sourced by
# bench/guest.sh.

step_list() { # SHAPE
    local s=$1 i
    load "$W/t$s"
    # Same output from both?
    "$REF" -L -n >"$W/l.ref"; "$OURS/ipvsadm" -L -n >"$W/l.ours"
    check "list@$s" ours same-as-ref cmp -s "$W/l.ref" "$W/l.ours"
    "$REF" -S -n >"$W/s.ref"; "$OURS/ipvsadm" -S -n >"$W/s.ours"
    check "save@$s" ours same-as-ref cmp -s "$W/s.ref" "$W/s.ours"
    # And the dumper sees the whole table?
    echo "I dump@$s $("$TOOLS/nldump")"
    rm -f "$W/l.ref" "$W/l.ours" "$W/s.ref" "$W/s.ours"
    for ((i = 0; i < REPS; i++)); do
        timed "list@$s" ref /dev/null "$REF" -L -n
        timed "list@$s" ours /dev/null "$OURS/ipvsadm" -L -n
        timed "save@$s" ref /dev/null "$REF" -S -n
        timed "save@$s" ours /dev/null "$OURS/ipvsadm" -S -n
        timed "dump@$s" raw /dev/null "$TOOLS/nldump"
    done
    rss "list@$s" ours /dev/null "$OURS/ipvsadm" -L -n
    rss "save@$s" ours /dev/null "$OURS/ipvsadm" -S -n
    rss "dump@$s" raw /dev/null "$TOOLS/nldump"
    flush
}

case_list() { # SHAPE
    log "list and save, $1"
    in_netns step_list "$1"
}
