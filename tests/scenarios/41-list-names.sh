#!/bin/bash
# Name resolution without -n: reverse names from /etc/hosts, port names
# from /etc/services (by the service's protocol, also for the real servers),
# IPv4 service names cut at 33 characters and real-server names at 28,
# IPv6 names never cut. The scenario re-runs itself in a private mount
# namespace and binds its own /etc/hosts there (the guest's / is the host's,
# read-only); both sides get the same file.
if [ -z "${_SCN_MNTNS:-}" ]; then
    _SCN_MNTNS=1 exec unshare -m bash "$0" "$@"
fi
. "$(dirname "$0")/lib.sh"

cat >hosts <<'EOF'
127.0.0.1 localhost
::1 localhost ip6-localhost
10.0.0.1 a-rather-long-virtual-server-name.example.com
10.0.0.2 vip2
10.0.0.3 exactly-twenty-five-chars
192.168.0.1 real-server-number-one.example.com
192.168.0.2 rs2
192.168.0.3 twenty-two-chars-name
2001:db8::1 v6-virtual-server-with-a-long-name.example.com
2001:db8::10 rs10-v6
10.0.0.9 this-is-an-extremely-long-host-name-that-goes-past-the-buffer.example.com
EOF
mount --bind hosts /etc/hosts || echo "cannot bind /etc/hosts"

t ipvsadm -C
t_in - ipvsadm -R <<'EOF'
-A -t 10.0.0.1:80 -s rr
-a -t 10.0.0.1:80 -r 192.168.0.2:80 -m -w 1
-a -t 10.0.0.1:80 -r 192.168.0.1:8080 -m -w 2
-a -t 10.0.0.1:80 -r 192.168.0.3:443 -m
-a -t 10.0.0.1:80 -r 2001:db8::10 -i -w 1
-A -t 10.0.0.2:443 -s wlc
-a -t 10.0.0.2:443 -r 192.168.0.1:443 -m
-a -t 10.0.0.2:443 -r 192.168.0.2:8081 -m
-A -t 10.0.0.3:8080 -s rr
-a -t 10.0.0.3:8080 -r 192.168.0.3:8080 -m
-A -u 10.0.0.2:53 -s rr
-a -u 10.0.0.2:53 -r 192.168.0.2:53 -m
-a -u 10.0.0.2:53 -r 192.168.0.1:5060 -m
-A -u 10.0.0.3:5060 -s rr -p
-a -u 10.0.0.3:5060 -r 127.0.0.1:5060 -m
-A -t [2001:db8::1]:80 -s rr
-a -t [2001:db8::1]:80 -r [2001:db8::10]:8080 -m -w 3
-a -t [2001:db8::1]:80 -r 192.168.0.1 -i -w 1
-a -t [2001:db8::1]:80 -r [::1]:80 -m
-A -t [2001:db8::1]:12345 -s rr
-A -u 10.0.0.9:53 -s rr
-a -u 10.0.0.9:53 -r 10.0.0.9:53 -m
-A --sctp-service 10.0.0.2:80 -s rr
-a --sctp-service 10.0.0.2:80 -r 192.168.0.2:80 -m
-A -t 192.168.0.99:0 -s rr -p 60
-a -t 192.168.0.99:0 -r 192.168.0.2 -g
-A -f 7 -s rr
-a -f 7 -r 192.168.0.1:80 -m
EOF

t ipvsadm
t ipvsadm -L --tun-info
t ipvsadm -L --stats
t ipvsadm -L --rate --exact
t ipvsadm -L --thresholds
t ipvsadm -L --persistent-conn
t ipvsadm -L --nosort
t ipvsadm -L -t 10.0.0.1:80
t ipvsadm -L -u 10.0.0.9:domain --stats
t ipvsadm -L -t '[2001:db8::1]:http'
t ipvsadm -L -f 7
t ipvsadm -Ln
