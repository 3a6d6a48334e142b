#!/bin/bash
# One-sided checks of the ipvs library crate (package linux-ipvs, issue
# 29) on a real kernel: its four examples (ipvs/examples/) and a program
# that uses it as any other crate would (tests/lib-consumer/), built on
# the host with the release profile (tests/lib-consumer/build.sh, which
# tests/checks/run calls; the guest has no cargo). Checks what they print
# against ipvsadm (ours) on the same table:
#  1. list: the table with its counters, equal to `ipvsadm -Ln --stats --exact`;
#     not root: a clear message, exit 1;
#  2. watch: rates from counter deltas while traffic flows, then it ends;
#  3. add_remove: adds a service with two servers, shows them, leaves the
#     table as it found it; a service of that key already there: touches
#     nothing, exit 1;
#  4. netns: a namespace of its own, the caller's untouched, cleaned up;
#  5. the consumer: every check passes (its own namespace by path and by
#     descriptor, this one untouched).
#
# Run by tests/checks/run (one VM boot), or alone:
# tests/checks/run 40-library. Prints "ok:"/"FAIL:" lines; exits 1 on
# failure.
. "$(dirname "$0")/lib.bash"
EX=$HERE/../target/release/examples
CONSUMER=$HERE/../target/lib-consumer/release/lib-consumer
for p in "$EX"/list "$EX"/add_remove "$EX"/watch "$EX"/netns "$CONSUMER"; do
    if [ ! -x "$p" ]; then
        bad "built programs" "$p is missing: run tests/lib-consumer/build.sh on the host"
        exit 1
    fi
done
# Bytes of a file, on one line, for failure details.
show() { tr '\n' '|' <"$1" 2>/dev/null | head -c "${2:-400}"; }
# N UDP datagrams to 10.9.9.9:53, each from another source port (a new
# connection each), spaced by $2 seconds.
udp() { python3 -c '
import socket, sys, time
for i in range(int(sys.argv[1])):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("10.9.9.9", 20000 + i)); s.sendto(b"x" * 20, ("10.9.9.9", 53)); s.close()
    time.sleep(float(sys.argv[2]))
' "$1" "$2"; }

# --- 1. list -------------------------------------------------------------------
"$EX"/list >empty.out 2>empty.err
rc=$?
# The size the kernel reports: 4096 before 7.1; since, the table's current
# size (0 in a fresh namespace, 256 once a service was added).
size=$(ipvsadm -Ln | sed -n 's/^IP Virtual Server version [^ ]* (size=\([0-9]*\)).*/\1/p')
if [ $rc = 0 ] && grep -q "^IPVS 1\.2\.1, connection table size $size," empty.out && grep -qx '0 service(s)' empty.out; then
    ok "list: an empty table"
else
    bad "list: an empty table" "rc=$rc; $(show empty.out) $(show empty.err)"
fi

ip addr add 10.9.9.9/32 dev lo
ipvsadm -A -u 10.9.9.9:53 -s rr
ipvsadm -a -u 10.9.9.9:53 -r 127.0.0.2:53 -m -w 3
ipvsadm -A -t 10.0.0.1:80 -s wrr
ipvsadm -a -t 10.0.0.1:80 -r 10.1.1.1:80 -m -w 2
ipvsadm -A -f 7 -s sh
ipvsadm -A -t '[2001:db8::1]:80' -s rr
udp 20 0
# The kernel adds its per-CPU counters into the reported ones every 2 s.
sleep 2.5
ipvsadm -Ln --stats --exact >stats1
"$EX"/list >list.out 2>list.err
rc=$?
ipvsadm -Ln --stats --exact >stats2
# The counters (conns inpkts outpkts inbytes outbytes) of the UDP service
# and of its real server, from each.
ref=$(awk '$1 == "UDP" { print $3, $4, $5, $6, $7 } $2 == "127.0.0.2:53" { print $3, $4, $5, $6, $7 }' stats1)
ours=$(awk '$1 == "UDP" && $2 == "10.9.9.9:53" { print $4, $5, $6, $7, $8 }
    $1 == "->" && $2 == "127.0.0.2:53" { print $9, $10, $11, $12, $13 }' list.out)
if ! cmp -s stats1 stats2; then
    ok "list: counters (not compared: they changed while listing)"
elif [ $rc = 0 ] && [ -n "$ref" ] && [ "$ours" = "$ref" ] && [ "${ref%% *}" -gt 0 ]; then
    ok "list: counters as ipvsadm -Ln --stats --exact shows them ($(echo $ref))"
else
    bad "list: counters" "rc=$rc; ipvsadm: $(echo $ref); list: $(echo $ours); $(show list.out 800) $(show list.err)"
fi
want="UDP 10.9.9.9:53 rr|-> 127.0.0.2:53 masq w3|TCP 10.0.0.1:80 wrr|-> 10.1.1.1:80 masq w2|FWM 7 (IPv4) sh|TCP [2001:db8::1]:80 rr|4 service(s)"
missing=
IFS='|' read -ra lines <<<"$want"
for l in "${lines[@]}"; do
    grep -qF -- "$l" list.out || missing+="'$l' "
done
if [ $rc = 0 ] && [ -z "$missing" ]; then
    ok "list: every service and real server"
else
    bad "list: every service and real server" "rc=$rc; missing $missing; $(show list.out 800)"
fi
sed 's/^/    /' list.out
setpriv --reuid=65534 --regid=65534 --clear-groups "$EX"/list >nonroot.out 2>nonroot.err
rc=$?
if [ $rc = 1 ] && grep -q '^list: IPVS is not available: .*run as root' nonroot.err; then
    ok "list, not root: exit 1, $(cat nonroot.err)"
else
    bad "list, not root" "rc=$rc; $(show nonroot.err)"
fi

# --- 2. watch ------------------------------------------------------------------
udp 400 0.01 &
traffic=$!
sleep 1
"$EX"/watch >watch.out 2>watch.err
rc=$?
wait $traffic
intervals=$(grep -c '^interval [0-9]' watch.out)
total=$(awk '/^total/ { t = 1 } t && $1 == "UDP" { print $6; exit }' watch.out)
if [ $rc = 0 ] && [ "$intervals" = 3 ] && awk -v r="$total" 'BEGIN { exit !(r > 0) }'; then
    ok "watch: 3 intervals, then the total: UDP 10.9.9.9:53 $total inpkts/s"
else
    bad "watch" "rc=$rc; $intervals intervals; total inpkts/s '$total'; $(show watch.out 1200) $(show watch.err)"
fi
sed 's/^/    /' watch.out

# --- 3. add_remove -------------------------------------------------------------
ipvsadm -S -n >before
"$EX"/add_remove >ar.out 2>ar.err
rc=$?
ipvsadm -S -n >after
want="added service TCP 198.51.100.80:8080 (wrr)|added real server 192.0.2.11:8080 (masq, weight 1)|added real server 192.0.2.12:8080 (masq, weight 2)|the kernel has: TCP 198.51.100.80:8080 scheduler wrr|-> 192.0.2.12:8080 Masq weight 2|-> 192.0.2.11:8080 Masq weight 1|removed real server 192.0.2.11:8080|removed real server 192.0.2.12:8080|removed service TCP 198.51.100.80:8080"
missing=
IFS='|' read -ra lines <<<"$want"
for l in "${lines[@]}"; do
    grep -qF -- "$l" ar.out || missing+="'$l' "
done
if [ $rc = 0 ] && [ -z "$missing" ] && cmp -s before after; then
    ok "add_remove: added, shown, removed; the table as it was"
else
    bad "add_remove" "rc=$rc; missing $missing; $(show ar.out 800) $(show ar.err); table diff: $(diff before after | tr '\n' '|')"
fi
ipvsadm -A -t 198.51.100.80:8080 -s lc
ipvsadm -S -n >before
"$EX"/add_remove >ar2.out 2>ar2.err
rc=$?
ipvsadm -S -n >after
if [ $rc = 1 ] && grep -q 'already there' ar2.err && [ ! -s ar2.out ] && cmp -s before after; then
    ok "add_remove, its service already there: exit 1, nothing touched: $(cat ar2.err)"
else
    bad "add_remove, its service already there" "rc=$rc; $(show ar2.out) $(show ar2.err); table diff: $(diff before after | tr '\n' '|')"
fi
ipvsadm -D -t 198.51.100.80:8080

# --- 4. netns ------------------------------------------------------------------
ipvsadm -S -n >before
"$EX"/netns >ns.out 2>ns.err
rc=$?
ipvsadm -S -n >after
left=$(ls /run/netns 2>/dev/null | grep -c '^ipvs-example-')
if [ $rc = 0 ] && grep -q '^created network namespace /run/netns/ipvs-example-[0-9]* (unshare(CLONE_NEWNET)' ns.out &&
    grep -q ': 1 service(s): TCP 198.51.100.81:80$' ns.out &&
    grep -q "^this process's namespace: untouched (4 service(s) before and after" ns.out &&
    grep -q '^removed network namespace' ns.out && [ "$left" = 0 ] && cmp -s before after; then
    ok "netns: a service in a namespace of its own, this one untouched, cleaned up"
else
    bad "netns" "rc=$rc; $left left in /run/netns; $(show ns.out 800) $(show ns.err); table diff: $(diff before after | tr '\n' '|')"
fi

# --- 5. the consumer -----------------------------------------------------------
ipvsadm -S -n >before
"$CONSUMER" >consumer.out 2>consumer.err
rc=$?
ipvsadm -S -n >after
n=$(grep -c '^ok: ' consumer.out)
if [ $rc = 0 ] && ! grep -q FAIL consumer.out && [ "$n" -ge 15 ] && cmp -s before after; then
    ok "lib-consumer: $n checks passed; $(grep -m1 'apply_all' consumer.out)"
else
    bad "lib-consumer" "rc=$rc; $n ok; $(grep FAIL consumer.out | tr '\n' '|') $(show consumer.err); table diff: $(diff before after | tr '\n' '|')"
fi
sed 's/^/    /' consumer.out
exit $failed
