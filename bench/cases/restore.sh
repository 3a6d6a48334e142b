# bench/cases/restore.sh - `-R` into an empty table: the reference, ours and
# the raw batched sender (bench/tools nlbatch, the floor), each in a fresh
# namespace, alternating within each repetition. Sourced by bench/guest.sh.

step_restore() { # CASE TOOL FILE VERIFY
    local case=$1 tool=$2 f=$3 verify=$4
    case $tool in
        ref) timed "$case" ref "$f" "$REF" -R ;;
        ours) timed "$case" ours "$f" "$OURS/ipvsadm" -R ;;
        raw) timed "$case" raw "$f" "$TOOLS/nlbatch" ;;
        ours-rss) rss "$case" ours "$f" "$OURS/ipvsadm" -R ;;
    esac
    [ "$verify" = 1 ] && check "$case" "${tool%-rss}" table same_table "$f"
    flush
}

case_restore() { # SHAPE
    local s=$1 r tool
    log "restore $s ($(wc -l <"$W/t$s") lines)"
    for ((r = 0; r < REPS; r++)); do
        for tool in ref ours raw; do
            in_netns step_restore "restore@$s" "$tool" "$W/t$s" "$((r == 0))"
        done
    done
    in_netns step_restore "restore@$s" ours-rss "$W/t$s" 0
}
