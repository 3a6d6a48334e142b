#!/bin/bash
# `ipvstop` (issue 30) on a real kernel with live traffic, the reference
# having no counterpart: a table with an IPv4 TCP service (one server
# draining at weight 0 with connections held open), an IPv6 service, a
# UDP service and a fwmark service, fed by a background traffic loop
# (python3 from the host: TCP GETs on v4 and v6, UDP datagrams from new
# source ports, datagrams marked with SO_MARK for the fwmark service).
# tmux runs the full-screen view at 80x24, larger and too small; keys
# sort, filter, show the connections view and help; `q` and SIGTERM give
# the terminal back; `-Z` shows as a reset; a deleted service vanishes.
# Batch text and --json (parsed by python3) and the pipe default.
#
# Run by tests/checks/run (all checks, one VM boot), or alone:
# tests/checks/run 60-ipvstop. Prints "ok:"/"FAIL:" lines; exits 1 on failure.
. "$(dirname "$0")/lib.bash"
PY=/usr/bin/python3
trap 'kill $(jobs -p) 2>/dev/null; tmux -S "$W/tmux" kill-server 2>/dev/null; rm -rf "$W"' EXIT
for tool in tmux $PY ipvstop; do
    command -v "$tool" >/dev/null || { bad "$tool" "not installed"; exit 1; }
done

ip addr add 10.9.9.9/32 dev lo
ip -6 addr add 2001:db8::99/128 dev lo
mkdir www && echo hello >www/index.html
busybox httpd -p 127.0.0.1:8080 -h www
busybox httpd -p '[::1]:8081' -h www
ipvsadm -R <<'EOF'
-A -t 10.9.9.9:80 -s rr
-a -t 10.9.9.9:80 -r 127.0.0.1:8080 -m -w 1
-a -t 10.9.9.9:80 -r 127.0.0.2:8080 -m -w 1
-A -t [2001:db8::99]:80 -s wrr
-a -t [2001:db8::99]:80 -r [::1]:8081 -m -w 3
-A -u 10.9.9.9:53 -s rr
-a -u 10.9.9.9:53 -r 127.0.0.1:5353 -m
-A -f 7 -s rr
-a -f 7 -r 127.0.0.1:5454 -m
EOF

# The traffic, three independent loops (one stalling cannot stop the
# others; errors go to traffic.err): GETs on v4, GETs on v6, and one that
# holds 12 connections open (under rr half of them land on 127.0.0.2,
# before it goes to weight 0 and the GETs start,
# where it accepts and keeps them, closing one every 3 s so that the
# drain progresses) and sends datagrams from new source ports, plain and
# with SO_MARK 7 for the fwmark service.
traffic() {
    $PY - "$@" <<'EOF' >/dev/null 2>>"$W/traffic.err" &
import socket, sys, time
mode = sys.argv[1]
def get(host):
    s = socket.create_connection((host, 80), timeout=2)
    s.sendall(b"GET / HTTP/1.0\r\n\r\n")
    while s.recv(4096):
        pass
    s.close()
if mode == "hold":
    lst = socket.socket()
    lst.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    lst.bind(("127.0.0.2", 8080))
    lst.listen(64)
    lst.settimeout(3)
    held = [socket.create_connection(("10.9.9.9", 80)) for _ in range(12)]
    kept = []
    try:
        while True:
            kept.append(lst.accept()[0])
    except socket.timeout:
        pass
    open(sys.argv[2], "w").write(str(len(kept)))
n = 0
while True:
    try:
        if mode == "hold":
            for mark, port in ((0, 53), (7, 5454)):
                u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                if mark:
                    u.setsockopt(socket.SOL_SOCKET, socket.SO_MARK, mark)
                u.sendto(b"q" * 40, ("10.9.9.9", port))
                u.close()
            n += 1
            if n % 15 == 0 and len(kept) > 1:
                kept.pop(0).close()
        else:
            get(mode)
    except OSError as e:
        print(mode, repr(e), file=sys.stderr)
    time.sleep(0.2)
EOF
}
traffic hold "$W/ready"
for _ in $(seq 100); do [ -e "$W/ready" ] && break; sleep 0.2; done
[ -s "$W/ready" ] && ok "traffic: $(cat "$W/ready") connections held on 127.0.0.2" ||
    bad traffic "the held connections never opened: $(cat "$W/traffic.err")"
ipvsadm -e -t 10.9.9.9:80 -r 127.0.0.2:8080 -m -w 0
# Only now: a GET sent to 127.0.0.2 would be held there too.
traffic 10.9.9.9
traffic 2001:db8::99
# The kernel folds its per-CPU counters into the ones it reports every
# 2 s: give it time to count the first traffic.
sleep 4

# ---- batch ------------------------------------------------------------------
# Service lines: PROTO ADDR SCHED ACTIVE INACT then the 5 rates.
busy_rows() { grep -E '^(TCP|UDP|FWM) ' "$1" | awk '{for (i = 6; i <= 10; i++) if ($i + 0 > 0) {n++; break}} END {print n + 0}'; }

if ipvstop -b -n 2 -d 0.5 >b.txt 2>err.txt; then
    blocks=$(grep -c '^ipvstop ' b.txt)
    [ "$blocks" = 2 ] && ok "-b -n 2 -d 0.5: 2 blocks" || bad "-b -n 2 -d 0.5" "$blocks blocks: $(head -c 600 b.txt)"
    grep -q '127.0.0.2:8080 .*draining' b.txt && ok "-b: the weight-0 server says draining" ||
        bad "-b drain" "$(grep 127.0.0.2 b.txt)"
    for want in '10.9.9.9:80' '\[2001:db8::99\]:80' '10.9.9.9:53' 'FWM *7' '127.0.0.2:8080'; do
        grep -q "$want" b.txt || bad "-b rows" "no $want in: $(head -c 800 b.txt)"
    done
else
    bad "-b -n 2 -d 0.5" "exit status $?: $(cat err.txt)"
fi
# The kernel refreshes the counters it lists every 2 s (ip_vs_est.c):
# deltas of single 1-s reads alternated 0, 2x, 0, 2x. Rates now span
# whole periods (src/top/window.rs): at the default -d 1 a busy service
# has a rate in every block (one 0 allowed for a stall of the emulated
# guest; the old way gave two or three of five).
ipvstop -b -n 5 >b1.txt 2>err.txt || bad "-b -n 5" "$(cat err.txt)"
udp=$(awk '$1 == "UDP" && $2 == "10.9.9.9:53" { print $6 }' b1.txt)
zeros=$(grep -cx 0 <<<"$udp")
[ "$(wc -l <<<"$udp")" = 5 ] && [ "$zeros" -le 1 ] &&
    ok "-b -d 1: the UDP service's conn/s in 5 blocks: $(echo $udp)" ||
    bad "-b -d 1 steady rates" "conn/s $(echo $udp): $(head -c 800 b1.txt)"
busy=$(busy_rows b1.txt)
[ "$busy" -ge 3 ] && ok "-b: $busy services with non-zero rates" || bad "-b rates" "$busy busy services: $(cat b1.txt)"
# Piped, without -b: batch all the same (a terminal would get escapes).
ipvstop -n 1 -d 0.5 | cat >p.txt
grep -q '^ipvstop ' p.txt && ! grep -q $'\e' p.txt && ok "stdout a pipe: batch text" ||
    bad "pipe default" "$(head -c 400 p.txt | od -c | head)"
# --netns NAME: the table of that namespace, with its connections view;
# this one's services are not in it.
if ip netns add ipvstop-blue 2>err.txt; then
    # A route to the server's address: the kernel refuses a server it
    # cannot reach ("address not unicast") in a bare namespace.
    ip -n ipvstop-blue link set lo up
    ip -n ipvstop-blue addr add 10.7.7.1/24 dev lo
    ip netns exec ipvstop-blue ipvsadm -A -t 10.7.7.7:80 -s wlc
    ip netns exec ipvstop-blue ipvsadm -a -t 10.7.7.7:80 -r 10.7.7.8:80 -g
    ipvstop --netns ipvstop-blue -b -c -n 1 --kernel-rates >ns.txt 2>err.txt
    rc=$?
    [ $rc = 0 ] && grep -q '^TCP 10.7.7.7:80 ' ns.txt && grep -q '10.7.7.8:80 *Route' ns.txt &&
        grep -q '^connections: 0 entries' ns.txt && ! grep -q '10.9.9.9' ns.txt &&
        ok "--netns: that namespace's table and connections only" ||
        bad "--netns" "rc=$rc: $(head -c 600 ns.txt) $(cat err.txt)"
    ip netns del ipvstop-blue
else
    bad "--netns" "ip netns add: $(cat err.txt)"
fi
if ipvstop --json -n 2 -d 2 >j.txt 2>err.txt; then
    if out=$($PY - j.txt <<'EOF' 2>&1
import json, sys
lines = open(sys.argv[1]).read().splitlines()
assert len(lines) == 2, f"{len(lines)} lines"
docs = [json.loads(l) for l in lines]
def walk(v):
    if isinstance(v, dict):
        yield v
        for x in v.values(): yield from walk(x)
    elif isinstance(v, list):
        for x in v: yield from walk(x)
text = lines[-1]
for want in ("10.9.9.9", "2001:db8::99", "127.0.0.2"):
    assert want in text, f"no {want}"
nums = [v for d in walk(docs[-1]) for k, v in d.items()
        if isinstance(v, (int, float)) and not isinstance(v, bool) and ("ps" in k or "rate" in k) and v > 0]
assert nums, "no non-zero rate in " + text[:600]
print(f"{len(lines)} objects, {len(nums)} non-zero rates")
EOF
    ); then ok "--json -n 2: $out"; else bad "--json" "$out"; fi
else
    bad "--json -n 2" "exit status $?: $(cat err.txt)"
fi
# -Z between two refreshes: a reset, never a spike or a negative rate.
ipvstop --json -n 3 -d 2 >z.txt 2>err.txt &
zpid=$!
sleep 3
ipvsadm -Z
wait $zpid || bad "--json across -Z" "exit status $?: $(cat err.txt)"
if out=$($PY - z.txt <<'EOF' 2>&1
import json, sys
docs = [json.loads(l) for l in open(sys.argv[1])]
def walk(v):
    if isinstance(v, dict):
        yield v
        for x in v.values(): yield from walk(x)
    elif isinstance(v, list):
        for x in v: yield from walk(x)
resets = sum(1 for d in docs for o in walk(d) if o.get("reset") is True)
assert resets, "no reset row in " + open(sys.argv[1]).read()[:800]
for d in docs:
    for o in walk(d):
        for k, v in o.items():
            if isinstance(v, (int, float)) and not isinstance(v, bool) and "ps" in k:
                assert 0 <= v < 1e6, f"{k}={v}"
print(f"{resets} rows marked reset, no negative or huge rate")
EOF
); then ok "-Z during --json: $out"; else bad "-Z during --json" "$out"; fi

. "$HERE/checks/60-ipvstop-screen.bash"
[ -s "$W/traffic.err" ] && echo "traffic errors: $(sort "$W/traffic.err" | uniq -c | head)"
exit $failed
