#!/bin/bash
# Every -L view on one table that has each kind of service: IPv4 and IPv6,
# TCP/UDP/SCTP, fwmark (IPv4 and IPv6), persistent with a netmask, a PE,
# one-packet, scheduler flags (including the empty `sh ()` list), and
# real servers with each forwarding method, tunnel types and thresholds.
# No traffic, so counters and rates are zero (traffic: 43-traffic.sh).
# Both sides run in the same netns, so --nosort's hash order is the same.
. "$(dirname "$0")/lib.sh"

t ipvsadm -C
t_in - ipvsadm -R <<'EOF'
-A -t 10.1.0.1:80 -s rr
-a -t 10.1.0.1:80 -r 192.168.1.2:8080 -m -w 3 -x 100 -y 50
-a -t 10.1.0.1:80 -r 192.168.1.1:80 -g -w 0
-a -t 10.1.0.1:80 -r 192.168.1.3 -i -w 2147483647
-A -t 10.1.0.1:443 -s wlc -p 1800 -M 255.255.255.0
-a -t 10.1.0.1:443 -r 192.168.1.1 -g -x 7
-A -u 10.1.0.2:53 -s sh -b sh-fallback,sh-port -o
-a -u 10.1.0.2:53 -r 192.168.2.1:53 -m -w 5
-A -u 10.1.0.2:5060 -s rr -p 600 --pe sip
-a -u 10.1.0.2:5060 -r 192.168.2.2:5060 -m
-A -t 10.1.0.3:80 -s mh -b mh-port,mh-fallback
-A -t 10.1.0.4:80 -s sh -b flag-3
-A -t 10.1.0.4:81 -s wrr -b flag-1,flag-2 -p
-A --sctp-service 10.1.0.5:9999 -s rr
-a --sctp-service 10.1.0.5:9999 -r 192.168.3.1:9999 -m -y 3
-A -t [2001:db8::1]:80 -s rr
-a -t [2001:db8::1]:80 -r [2001:db8::10]:8080 -m -w 2
-a -t [2001:db8::1]:80 -r 192.168.1.9 -i --tun-type gue --tun-port 6080 --tun-csum
-A -t [2001:db8::1]:443 -s lc -p 300 -M 64
-a -t [2001:db8::1]:443 -r [2001:db8::11]:443 -i --tun-type gre --tun-nocsum
-a -t [2001:db8::1]:443 -r [2001:db8::12]:443 -i --tun-type gre --tun-csum
-A -u [2001:db8::2]:53 -s rr -o
-A -f 1 -s rr
-a -f 1 -r 192.168.4.1:80 -i --tun-type ipip
-a -f 1 -r 192.168.4.2 -i --tun-type gue --tun-port 5555 --tun-remcsum
-a -f 1 -r 192.168.4.3 -i --tun-type gue --tun-port 5556 --tun-nocsum
-A -f 2 -6 -s wrr -p 120
-a -f 2 -6 -r [2001:db8::20]:80 -g -w 4
EOF

note no arguments, then each view
t ipvsadm
t ipvsadm -L
t ipvsadm -l -n
t ipvsadm -Ln --tun-info
t ipvsadm -L --tun-info
t ipvsadm -Ln --stats
t ipvsadm -Ln --stats --exact
t ipvsadm -L --rate
t ipvsadm -Ln --rate --exact
t ipvsadm -Ln --thresholds
t ipvsadm -L --thresholds
t ipvsadm -Ln --persistent-conn
t ipvsadm -L --persistent-conn
note --exact alone changes nothing; first match wins among the views
t ipvsadm -Ln --exact
t ipvsadm -Ln --rate --stats
t ipvsadm -Ln --thresholds --persistent-conn --tun-info --rate
t ipvsadm -Ln --persistent-conn --tun-info
t ipvsadm -Ln --sort
t ipvsadm --list --numeric --tun-info --nosort
t ipvsadm -Ln --nosort --stats

note one service
t ipvsadm -Ln -t 10.1.0.1:80
t ipvsadm -L -t 10.1.0.1:http --tun-info
t ipvsadm -Ln -u 10.1.0.2:53 --stats
t ipvsadm -Ln -u 10.1.0.2:5060 --persistent-conn
t ipvsadm -Ln -f 1 --tun-info
t ipvsadm -Ln -f 2 -6 --rate
t ipvsadm -Ln -f 2
t ipvsadm -Ln --sctp-service 10.1.0.5:9999 --thresholds
t ipvsadm -Ln -t '[2001:db8::1]:443' --tun-info
t ipvsadm -L -t '[2001:db8::1]:80' --nosort --exact --stats
t ipvsadm -Ln -t 10.9.9.9:80
t ipvsadm -Ln -u 10.1.0.1:80
t ipvsadm -L -t 10.1.0.4

note list-only conflicts and illegal options
t ipvsadm -L -c --stats
t ipvsadm -L -c --rate
t ipvsadm -L -c --thresholds
t ipvsadm -L --timeout --rate
t ipvsadm -L --daemon --thresholds
t ipvsadm -L --timeout --persistent-conn
t ipvsadm -L --daemon --persistent-conn
t ipvsadm -L --timeout --daemon
t ipvsadm -L -t 10.1.0.1:80 -c
t ipvsadm -L -c --timeout
t ipvsadm -L -s rr
t ipvsadm -L -r 10.0.0.1
t ipvsadm -L -w 1
t ipvsadm -L --tun-type gre
t ipvsadm -L -o

note 'connections of an empty table: this netns has none'
t ipvsadm -Lnc
t ipvsadm -L -c --persistent-conn --exact
t ipvsadm -l -c --nosort --tun-info

note timeouts
t ipvsadm -L --timeout
t ipvsadm --set 1000 60 200
t ipvsadm -l --timeout -n
t ipvsadm -L --timeout --exact --nosort

note sync daemons
t ipvsadm -L --daemon
t ipvsadm --start-daemon backup --mcast-interface lo --syncid 7
t ipvsadm --start-daemon master --mcast-interface lo --sync-maxlen 1000 --mcast-port 9000 --mcast-ttl 3
t ipvsadm -L --daemon
t ipvsadm -L --daemon -n
t ipvsadm --stop-daemon backup
t ipvsadm -l --daemon
t ipvsadm --stop-daemon master
t ipvsadm -L --daemon
t ipvsadm -C
t ipvsadm -Ln
t ipvsadm
