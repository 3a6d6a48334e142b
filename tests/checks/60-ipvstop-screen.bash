# The full-screen half of 60-ipvstop.sh (sourced by it, after its table
# and traffic are up; not a check of its own, hence not *.sh): ipvstop
# under tmux in the guest, read back with capture-pane. Uses W, ok, bad
# from the caller.

T() { tmux -S "$W/tmux" "$@"; }
screen() { T capture-pane -p -t "$1"; }
# wait_for SESSION REGEX [TENTHS]: until the pane matches (default 10 s);
# leaves the last capture in $W/cap.
wait_for() {
    local i
    for ((i = 0; i < ${3:-100}; i += 2)); do
        screen "$1" >"$W/cap"
        grep -qE "$2" "$W/cap" && return 0
        sleep 0.2
    done
    return 1
}
# A file the shell writes once the program exits (20 s at most).
wait_file() {
    local i
    for ((i = 0; i < 100; i++)); do
        [ -s "$1" ] && return 0
        sleep 0.2
    done
    return 1
}
keys() { T send-keys -t "$1" "${@:2}"; }
line() { T send-keys -t "$1" -l "$2" && T send-keys -t "$1" Enter; }
# Service lines of the capture, in screen order (the view puts a marker
# before the protocol).
services() { grep -oE '(TCP|UDP|FWM) [^ ]+' "$W/cap"; }
dump() { sed 's/^/    | /' "$W/cap"; }

# A shell in an 80x24 terminal, whose prompt shows when ipvstop is gone.
TERM=xterm-256color T new-session -d -s main -x 80 -y 24 "env PS1='SH> ' bash --norc --noprofile"
wait_for main '^SH>' || bad tmux "no shell prompt: $(cat "$W/cap")"
line main "ipvstop; echo rc=\$? >$W/rc1; stty -a >$W/stty1"
if wait_for main '2001:db8::99' && wait_for main 'FWM 7' && wait_for main '[1-9][0-9.]*[KMG]? conn/s' 150; then
    ok "80x24: the table with non-zero rates"
    echo "  the 80x24 screen:"
    dump
else
    bad "80x24" "no table with rates: $(dump)"
fi
grep -q '127.0.0.2:8080 .*draining' "$W/cap" && ok "80x24: the weight-0 server says draining" ||
    bad "80x24 drain" "$(grep 127.0.0.2 "$W/cap")"
# At 80 columns a service line is PROTO ADDR ACTIVE CONN/S INB/S OUTB/S.
busy=$(sed 's/^[^A-Z]*//' "$W/cap" | grep -E '^(TCP|UDP|FWM) ' | awk '$4 + $5 + $6 > 0 {n++} END {print n + 0}')
[ "$busy" -ge 1 ] && ok "80x24: $busy service rows with non-zero rates" || bad "80x24 row rates" "$(dump)"

# Sort: `a` by address, then `a` again the other way.
keys main a
wait_for main 'sort Service / Server [▲▼]' 30 || bad "sort a" "title: $(head -n 1 "$W/cap")"
sleep 1.2
screen main >"$W/cap"
first=$(services | tr '\n' ' ')
arrow1=$(grep -o 'Service / Server[^ ]*' "$W/cap" | sed -n 2p)
keys main a
sleep 1.2
screen main >"$W/cap"
second=$(services | tr '\n' ' ')
arrow2=$(grep -o 'Service / Server[^ ]*' "$W/cap" | sed -n 2p)
reversed=$(services | tac | tr '\n' ' ')
if [ "$first" != "$second" ] && [ "$arrow1" != "$arrow2" ]; then
    ok "a, a: order [$first] then [$second], header $arrow1 then $arrow2"
else
    bad "sort by address" "[$first] [$arrow1] then [$second] [$arrow2]"
fi
[ "$first" = "$reversed" ] || bad "sort reversal" "[$first] is not the reverse of [$second]"
keys main b
wait_for main 'sort InB/s' 30 && grep -q 'InB/s[▲▼]' "$W/cap" && ok "b: sort by InB/s, arrow in the header" ||
    bad "sort b" "$(dump)"

# Filter: `/` text Enter, only matching services; Escape clears.
keys main /
keys main -l 2001
wait_for main '/2001' 30 || bad "filter prompt" "$(tail -n 1 "$W/cap")"
keys main Enter
sleep 1.5
screen main >"$W/cap"
n=$(services | wc -l)
if [ "$n" = 1 ] && services | grep -q 2001:db8::99 && grep -q 'filter: 2001' "$W/cap"; then
    ok "/2001 Enter: only the IPv6 service"
else
    bad "filter 2001" "$(dump)"
fi
keys main Escape
sleep 1.5
screen main >"$W/cap"
n=$(services | wc -l)
[ "$n" = 4 ] && ok "Escape: the filter cleared, 4 services" || bad "filter clear" "$n services: $(dump)"
keys main / && keys main -l fwm && keys main Enter
sleep 1.5
screen main >"$W/cap"
[ "$(services | tr '\n' ' ')" = "FWM 7 " ] && ok "/fwm: only the fwmark service" || bad "filter fwm" "$(dump)"
keys main Escape

# The connections view and the help.
keys main v
if wait_for main 'entries: by state' 30; then
    ok "v: the connections view"
    dump | head -n 12
else
    bad "v" "$(dump)"
fi
keys main v
wait_for main 'Service / Server' 30 || bad "v again" "$(dump)"
keys main '?'
wait_for main 'ipvstop keys' 30 && ok "?: help" || bad "?" "$(dump)"
keys main x
sleep 0.5

# A service deleted while the view runs.
ipvsadm -D -u 10.9.9.9:53
sleep 2.5
screen main >"$W/cap"
if ! grep -q '10.9.9.9:53' "$W/cap" && grep -q '2001:db8::99' "$W/cap"; then
    ok "a deleted service vanished from the view"
else
    bad "deleted service" "$(dump)"
fi

# q: exit status 0, the shell back (alternate screen left), a sane tty.
keys main q
# The shell writes stty1 after ipvstop exits; the prompt line that ran
# ipvstop is on screen from the start, so wait for the file, not for it.
wait_file "$W/stty1" || bad "q" "no stty after 20 s: $(dump)"
screen main >"$W/cap"
[ "$(cat "$W/rc1" 2>/dev/null)" = rc=0 ] && ok "q: exit status 0" || bad "q" "$(cat "$W/rc1" 2>&1)"
grep -q 'Service / Server' "$W/cap" && bad "q" "the view is still on screen: $(dump)"
tty_sane() { grep -qw icanon "$1" && grep -qw echo "$1" && ! grep -qE -- '-icanon|-echo\b' "$1"; }
tty_sane "$W/stty1" && ok "after q: icanon echo" || bad "tty after q" "$(cat "$W/stty1")"

# SIGTERM: 143, terminal restored.
line main "clear; sh -c 'echo \$\$ >$W/pid; exec ipvstop'; echo rc=\$? >$W/rc2; stty -a >$W/stty2"
wait_for main 'Service / Server' || bad "restart" "$(dump)"
kill -TERM "$(cat "$W/pid")"
wait_file "$W/stty2" || bad "SIGTERM" "no stty after 20 s: $(dump)"
[ "$(cat "$W/rc2" 2>/dev/null)" = rc=143 ] && ok "SIGTERM: exit status 143" || bad "SIGTERM" "$(cat "$W/rc2" 2>&1)"
tty_sane "$W/stty2" && ok "after SIGTERM: icanon echo" || bad "tty after SIGTERM" "$(cat "$W/stty2")"

# Larger, smaller than 80x24, and a resize back.
# Every 3 s there, so that the one interval a -Z shows as a reset is
# long enough to be seen between captures.
T new-session -d -s big -x 150 -y 45 "ipvstop -d 3"
if wait_for big '2001:db8::99' && wait_for big '[1-9][0-9.]*[KMG]? conn/s' 150; then
    ok "150x45: the table"
    dump
else
    bad "150x45" "$(dump)"
fi
ipvsadm -Z
if wait_for big 'reset' 80 && grep -q 'zeroed' "$W/cap"; then
    ok "-Z: the view says reset and zeroed"
    grep -E 'zeroed|reset' "$W/cap" | head -n 3 | sed 's/^/    | /'
else
    bad "-Z in the view" "$(dump)"
fi
T new-session -d -s small -x 70 -y 20 ipvstop
wait_for small 'needs at least 80x24' && ok "70x20: says it needs at least 80x24" || bad "70x20" "$(dump)"
T resize-window -t small -x 80 -y 24
wait_for small 'Service / Server' 40 && ok "resized to 80x24: the table" || bad "resize" "$(dump)"
keys small q
keys big q
sleep 1
T has-session -t big 2>/dev/null && bad "q at 150x45" "still running"
true
