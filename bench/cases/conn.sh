# bench/cases/conn.sh - `-L -n -c` on N connection entries: a UDP service
# on a VIP on `lo` with a NAT real server on 127.0.0.1, filled by
# bench/tools udpflood (one datagram from each of N source address/port
# pairs); the floor is `dd if=/proc/net/ip_vs_conn bs=4k`. Sourced by
# bench/guest.sh.

step_conn() { # N
    local n=$1 i t0 t1 made got
    ip addr add 10.9.9.9/32 dev lo
    # UDP entries live 300 s by default; the 100k case takes longer than that.
    "$OURS/ipvsadm" --set 0 0 3600
    "$OURS/ipvsadm" -A -u 10.9.9.9:53 -s rr
    "$OURS/ipvsadm" -a -u 10.9.9.9:53 -r 127.0.0.1:5353 -m
    t0=${EPOCHREALTIME/./}
    made=$("$TOOLS/udpflood" 10.9.9.9:53 "$n")
    t1=${EPOCHREALTIME/./}
    echo "I conn-$n-made $made datagrams in $(((t1 - t0) / 1000)) ms"
    # The destination's InActConn column counts the UDP entries.
    got=$("$OURS/ipvsadm" -L -n -u 10.9.9.9:53 | awk '$1 == "->" && $2 ~ /^127/ { print $5 + $6 }')
    check "conn@$n" setup "entries=$got" test "$got" -ge "$n"
    # Same rows as the reference's, but for the expiry column, which ticks
    # (on the smallest table only: the reference reads 100,000 entries in
    # about 2 minutes). This also warms the page cache for both programs.
    if [ "$n" = "$smallest_conns" ]; then
        "$OURS/ipvsadm" -L -n -c | awk '{ $2 = ""; print }' >"$W/c.ours"
        "$REF" -L -n -c | awk '{ $2 = ""; print }' >"$W/c.ref"
        check "conn@$n" ours same-as-ref cmp -s "$W/c.ref" "$W/c.ours"
        rm -f "$W/c.ours" "$W/c.ref"
    fi
    # The three take turns at going first (ref ours dd, ours dd ref, dd ref
    # ours, ...), so that none is always timed right after another's long
    # kernel walk.
    # At 30,000 entries and fewer a run takes about a second and single
    # samples (dd's as much as ours) spread up to 4x under TCG, so three
    # samples decide nothing: at least 9 there (a minute in all).
    local order=(ref ours dd) k tool reps=$REPS
    [ "$n" -le 30000 ] && [ "$reps" -lt 9 ] && reps=9
    for ((i = 0; i < reps; i++)); do
        for ((k = 0; k < 3; k++)); do
            tool=${order[(i + k) % 3]}
            case $tool in
            ref) timed "conn@$n" ref /dev/null "$REF" -L -n -c ;;
            ours) timed "conn@$n" ours /dev/null "$OURS/ipvsadm" -L -n -c ;;
            dd) timed "conn@$n" dd /dev/null dd if=/proc/net/ip_vs_conn of=/dev/null bs=4k ;;
            esac
        done
    done
    rss "conn@$n" ours /dev/null "$OURS/ipvsadm" -L -n -c
}

case_conn() {
    local n
    smallest_conns=$(printf '%s\n' $CONNS | sort -n | head -n 1)
    export smallest_conns
    for n in $CONNS; do
        log "connections, $n entries"
        in_netns step_conn "$n"
    done
}
