#!/bin/bash
# -S, -S -n and ipvsadm-save of every kind of service and destination
# (shared/ipvsadm-behavior.md §4.11, §6.1), then the round trip
# save -> clear -> restore -> save. Left out on purpose (we differ by
# design, see src/save_restore/save.rs): fwmarks >= 2^31 and sh/mh flag-3.
. "$(dirname "$0")/lib.sh"

t ipvsadm -C
note "tcp v4: masq with and without port change, route, local, weights"
t ipvsadm -A -t 10.0.0.1:80 -s rr
t ipvsadm -a -t 10.0.0.1:80 -r 192.168.1.1:80 -m -w 1
t ipvsadm -a -t 10.0.0.1:80 -r 192.168.1.2:8080 -m -w 0
t ipvsadm -a -t 10.0.0.1:80 -r 192.168.1.3 -g -w 65536
t ipvsadm -a -t 10.0.0.1:80 -r 127.0.0.1 -g -w 2147483647
note "udp one-packet, ipip tunnels"
t ipvsadm -A -u 10.0.0.1:53 -s wlc -o
t ipvsadm -a -u 10.0.0.1:53 -r 192.168.1.1 -i -w 2
t ipvsadm -a -u 10.0.0.1:53 -r 192.168.1.4 -i --tun-type ipip -x 100 -y 10
note "sctp, persistence with mask, sh flags, gue and gre with csum options"
t ipvsadm -A --sctp-service 10.0.0.2:5060 -s sh -b sh-fallback,sh-port -p 600 -M 255.255.255.0
t ipvsadm -a --sctp-service 10.0.0.2:5060 -r 192.168.1.5:5060 -i --tun-type gue --tun-port 6080
t ipvsadm -a --sctp-service 10.0.0.2:5060 -r 192.168.1.6:5060 -i --tun-type gue --tun-port 6081 --tun-csum
t ipvsadm -a --sctp-service 10.0.0.2:5060 -r 192.168.1.7:5060 -i --tun-type gue --tun-port 6082 --tun-remcsum
t ipvsadm -a --sctp-service 10.0.0.2:5060 -r 192.168.1.8:5060 -i --tun-type gre --tun-csum
t ipvsadm -a --sctp-service 10.0.0.2:5060 -r 192.168.1.9:5060 -i --tun-type gre
t ipvsadm -a --sctp-service 10.0.0.2:5060 -r 192.168.1.10:5060 -i --tun-type gue --tun-port 6083 --tun-nocsum
note "persistence engine, persistent and not; -p without value; port 0"
t ipvsadm -A -u 10.0.0.3:5060 -s rr -p --pe sip
t ipvsadm -A -u 10.0.0.4:5060 -s rr --pe sip
t ipvsadm -A -t 10.0.0.5:0 -s dh -p 30 -M 255.255.0.0
t ipvsadm -a -t 10.0.0.5:0 -r 192.168.1.11 -g
note "fwmarks, v4 and v6"
t ipvsadm -A -f 1 -s wrr -p 120
t ipvsadm -a -f 1 -r 192.168.2.1 -g -w 5
t ipvsadm -a -f 1 -r 192.168.2.2 -m -w 5
t ipvsadm -A -f 2 -6 -s lc -p 60 -M 64
t ipvsadm -a -f 2 -6 -r 2001:db8::5 -g
t ipvsadm -A -f 2147483647 -s nq
note "v6 services and dests, mh flags, local v6"
t ipvsadm -A -t '[2001:db8::1]:443' -s mh -b mh-fallback,mh-port
t ipvsadm -a -t '[2001:db8::1]:443' -r '[2001:db8::2]:443' -m -w 3
t ipvsadm -a -t '[2001:db8::1]:443' -r '[::1]:443' -m
t ipvsadm -A -u '[2001:db8::1]:53' -s sed -p 10 -M 64
t ipvsadm -a -u '[2001:db8::1]:53' -r '[2001:db8::3]:53' -i --tun-type gue --tun-port 7000 --tun-csum
note "names: localhost and well-known ports"
t ipvsadm -A -t 127.0.0.1:80 -s lblc
t ipvsadm -a -t 127.0.0.1:80 -r 127.0.0.1:25 -m
t ipvsadm -a -t 127.0.0.1:80 -r 192.168.3.1:443 -m
t ipvsadm -A -u 127.0.0.1:53 -s lblcr
t ipvsadm -A -t 10.0.0.6:5060 -s fo
t ipvsadm -A -t 10.0.0.7:80 -s ovf
t ipvsadm -A -t 10.0.0.8:80 -s twos

t ipvsadm -S
t ipvsadm -S -n
t ipvsadm -Sn
t ipvsadm --save --numeric
t ipvsadm-save
t ipvsadm-save -n
t ipvsadm-save extra -n words
t ipvsadm-save -x
t ipvsadm-save -n --numeric
t ipvsadm-save --help
t ipvsadm-save -h
t ipvsadm-save n
t ipvsadm-save -- -n

note "round trip: save -n, clear, restore, save again"
ipvsadm -S -n >saved.n
ipvsadm -S >saved.names
t ipvsadm -C
t_in saved.n ipvsadm -R
t ipvsadm -S -n
ipvsadm -S -n >again.n
t cmp saved.n again.n
note "the same with names"
t ipvsadm -C
t_in saved.names ipvsadm -R
ipvsadm -S -n >again.names
t cmp saved.n again.names
note "and through the wrappers"
ipvsadm-save -n >wrapped
t_in wrapped ipvsadm-restore
t ipvsadm-save -n
t ipvsadm -C
t ipvsadm -S
t ipvsadm-save
