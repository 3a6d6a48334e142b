#!/bin/bash
# vm-diff: netns-per-side
# Real traffic: TCP over IPv4 and IPv6 through NAT real servers (busybox
# httpd), a persistent service (templates), UDP datagrams, a SIP INVITE
# through `--pe sip` (one with a Latin-1 Call-ID), and a one-packet UDP service (no entries). Then the
# counters (--stats, --exact, --persistent-conn, --rate) and the
# connection entries (-c with and without names, --persistent-conn).
#
# Each side runs in its own netns (entries outlive -C), so:
# * clients use fixed source ports (a random one would show in -c);
# * the /proc row order is the connection hash order, which mixes in the
#   netns pointer: the -c rows are sorted (titles kept first) for both
#   sides. Each row is still compared byte for byte;
# * expiry ticks, and on a busy machine the two sides list it more than
#   10 s apart: the MM:SS value is masked (`MM:SS`, the column's width
#   still compares). The format (uncapped minutes, zero padding) is
#   pinned by the unit goldens captured from the reference;
# * rates drift with the kernel's estimator (a side's listing comes a
#   second earlier or later after its traffic): in --rate listings with
#   traffic each number is masked (the layout up to column 33, the field
#   count and K/M suffixes still compare); rates are compared in full,
#   at zero, in 40-list-views and by the unit tests;
# * TCP packet and byte counters depend on segment timing (tcpmask below);
#   TCP connection counts and all UDP counters compare exactly.
# The counters are refreshed by a 2-second kernel timer: the scenario
# waits for it after the traffic (wait_estimator).
if [ -z "${_SCN_MNTNS:-}" ]; then
    _SCN_MNTNS=1 exec unshare -m bash "$0" "$@"
fi
. "$(dirname "$0")/lib.sh"

printf '127.0.0.1 localhost\n::1 localhost\n10.9.9.9 vip.example.com\n' >hosts
mount --bind hosts /etc/hosts || echo "cannot bind /etc/hosts"
ip addr add 10.9.9.9/32 dev lo
ip addr add 10.9.9.8/32 dev lo
ip -6 addr add 2001:db8::99/128 dev lo
mkdir www && echo hello >www/index.html
busybox httpd -p 127.0.0.1:8080 -h www
busybox httpd -p '[::1]:8081' -h www

# The -c rows sorted after the two title lines, the expiry masked.
conns() (
    set -o pipefail
    ipvsadm "$@" | {
        IFS= read -r a && printf '%s\n' "$a"
        IFS= read -r b && printf '%s\n' "$b"
        sed -E 's/^([A-Z]+ +)[0-9]+:[0-9][0-9]/\1MM:SS/' | LC_ALL=C sort
    }
)
# Rates masked: on service and real-server lines, each number after
# column 33 becomes " N" (its digits and padding: the width follows the
# value); K/M/G/T suffixes and the number of fields still compare.
masked() (
    set -o pipefail
    ipvsadm "$@" | awk '/^(TCP|UDP|SCTP|FWM|  ->)/ {
        r = substr($0, 34); gsub(/ *[0-9]+/, " N", r); $0 = substr($0, 1, 33) r
    } { print }'
)

# TCP packet and byte counters masked: how the kernel cuts a short HTTP
# exchange into segments (delayed ACKs, a FIN alone or with data) depends
# on timing, so InPkts..OutBytes of TCP services and their real servers
# vary by a packet between runs of the same tool (seen for IPv6). Their
# Conns column, and every counter of UDP services (one packet per
# datagram), still compare exactly.
tcpmask() (
    set -o pipefail
    ipvsadm "$@" | awk '/^(TCP|UDP|SCTP|FWM) / { tcp = /^TCP/ }
        tcp && /^(TCP|  ->)/ { r = substr($0, 43); gsub(/ *[0-9]+/, " N", r); $0 = substr($0, 1, 42) r }
        { print }'
)

t ipvsadm -C
t_in - ipvsadm -R <<'EOF'
-A -t 10.9.9.9:80 -s rr
-a -t 10.9.9.9:80 -r 127.0.0.1:8080 -m
-A -t [2001:db8::99]:80 -s rr
-a -t [2001:db8::99]:80 -r [::1]:8081 -m -w 2
-A -t 10.9.9.8:80 -s rr -p 120
-a -t 10.9.9.8:80 -r 127.0.0.1:8080 -m
-A -u 10.9.9.9:53 -s rr
-a -u 10.9.9.9:53 -r 127.0.0.1:5353 -m
-A -u 10.9.9.9:5060 -s rr -p 600 --pe sip
-a -u 10.9.9.9:5060 -r 127.0.0.1:5060 -m
-A -u 10.9.9.8:53 -s rr -o
-a -u 10.9.9.8:53 -r 127.0.0.1:5354 -m
EOF

cat >traffic.py <<'EOF'
import socket, sys
def get(fam, src, dst):
    s = socket.socket(fam, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(src)
    s.connect(dst)
    s.sendall(b"GET / HTTP/1.0\r\n\r\n")
    body = b""
    while True:
        d = s.recv(4096)
        if not d:
            break
        body += d
    s.close()
    return body.endswith(b"hello\n")
ok = [get(socket.AF_INET, ("10.9.9.9", 41000 + i), ("10.9.9.9", 80)) for i in range(3)]
ok += [get(socket.AF_INET6, ("2001:db8::99", 41010), ("2001:db8::99", 80))]
ok += [get(socket.AF_INET, ("10.9.9.9", 41020 + i), ("10.9.9.8", 80)) for i in range(2)]
sip = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sip.bind(("127.0.0.1", 5060))
sip.settimeout(5)
def invite(port, call_id):
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    u.bind(("10.9.9.9", port))
    u.sendto(b"INVITE sip:bob@10.9.9.9 SIP/2.0\r\n"
             b"Via: SIP/2.0/UDP 10.9.9.9:%d;branch=z9hG4bK776asdhds\r\n" % port +
             b"To: Bob <sip:bob@10.9.9.9>\r\nFrom: Alice <sip:alice@10.9.9.9>;tag=1928301774\r\n"
             b"Call-ID: " + call_id + b"\r\nCSeq: 314159 INVITE\r\n"
             b"Content-Length: 0\r\n\r\n", ("10.9.9.9", 5060))
    return len(sip.recv(2048)) > 0
ok.append(invite(5070, b"a84b4c76e66710@pc33.example.com"))
# A Call-ID with a Latin-1 byte (0xE9): the kernel stores it as sent, and
# -c must show the row (printf %s of the bytes, as the reference).
ok.append(invite(5072, b"caf\xe9@pc33.example.com"))
for i in range(3):
    d = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    d.bind(("10.9.9.9", 42000 + i))
    d.sendto(b"x" * (10 + i), ("10.9.9.9", 53))
    d.sendto(b"y" * 20, ("10.9.9.8", 53))
print("traffic:", "ok" if all(ok) else ok)
EOF
python3 traffic.py
note entries right after the traffic
t conns -Lnc
t conns -Lc
t conns -Lnc --persistent-conn
t conns -L -c --persistent-conn
wait_estimator

note counters
t ipvsadm -Ln
t ipvsadm -L
t tcpmask -Ln --stats
t tcpmask -Ln --stats --exact
t tcpmask -L --stats
t ipvsadm -Ln --persistent-conn
t ipvsadm -Ln -t 10.9.9.8:80 --persistent-conn
t tcpmask -Ln -t '[2001:db8::99]:80' --stats --exact
t masked -Ln --rate
t masked -L --rate --exact
t conns -Lnc
