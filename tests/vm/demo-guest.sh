#!/bin/bash
# The main job, run in the real-kernel VM by tests/vm/demo: our ipvsadm
# builds the LVS-NAT tutorial's table, lists it as the reference would, and
# then carries real HTTP traffic through a NAT service to two real servers
# inside the guest.
set -u
BIN=${IPVS_DEMO_BIN:?}
export PATH="$BIN:$PATH"
run() { printf '\n# ipvsadm %s\n' "$*"; ipvsadm "$@"; }

echo "== The LVS-NAT example (VIP 210.77.132.8, two real servers)"
run -C
run -A -t 210.77.132.8:80 -s rr
run -a -t 210.77.132.8:80 -r 172.168.10.9:80 -m -w 1
run -a -t 210.77.132.8:80 -r 172.168.10.10:80 -m -w 1
printf '\n# ipvsadm\n'; ipvsadm

echo
echo "== The same table in the reference's save format, and as JSON"
run -S -n
run -L -n --json

echo
echo "== Real traffic: VIP 10.9.9.9 on lo, two web servers on 127.0.0.1"
ip addr add 10.9.9.9/32 dev lo
for p in 8080 8081; do
    mkdir -p /tmp/www$p && echo "real server $p" >/tmp/www$p/index.html
    busybox httpd -p 127.0.0.1:$p -h /tmp/www$p
done
run -A -t 10.9.9.9:80 -s rr
run -a -t 10.9.9.9:80 -r 127.0.0.1:8080 -m
run -a -t 10.9.9.9:80 -r 127.0.0.1:8081 -m
for i in 1 2 3 4; do
    printf 'client %d got: ' "$i"; busybox wget -q -O - http://10.9.9.9/
done
sleep 2   # the kernel refreshes its counters every two seconds
run -L -n --stats
run -L -n -c
run -L -n --table
