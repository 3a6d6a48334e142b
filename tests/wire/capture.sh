#!/bin/bash
# Captures the reference ipvsadm's netlink traffic for the golden wire tests
# (tests/wire_golden.rs). Runs inside the real-kernel VM:
#   tests/vm/vm exec tests/wire/capture.sh > /tmp/wire.txt
# Each command runs under strace with a hex dump of every datagram; the
# host side (tests/wire/extract.py) keeps the real (non-MSG_PEEK) ones.
set -u
REF=${REF:-/usr/sbin/ipvsadm}
trace() {
  echo "### $*"
  strace -f -e trace=sendmsg,recvmsg -e write=3,4,5,6 -e read=3,4,5,6 "$REF" "$@" 2>&1 >/dev/null
}
"$REF" -C
trace -A -t 10.0.0.1:80 -s rr
trace -A -f 5 -6 -s sh -p 600 -M 64
trace -a -t 10.0.0.1:80 -r 192.168.1.2 -i --tun-type gue --tun-port 6080 --tun-csum -w 3
# Real traffic, so that the dump reply below carries non-zero STATS64.
ip addr add 10.0.0.1/32 dev lo
mkdir -p /tmp/www && echo hello >/tmp/www/index.html
busybox httpd -p 127.0.0.1:8080 -h /tmp/www
"$REF" -a -t 10.0.0.1:80 -r 127.0.0.1:8080 -m -w 2
for i in 1 2 3; do busybox wget -q -O /dev/null http://10.0.0.1/; done
trace -L -n
trace --start-daemon master --mcast-interface lo --syncid 7
trace -L --daemon
trace --stop-daemon master
trace --set 100 20 30
trace -L --timeout
