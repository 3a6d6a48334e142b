#!/bin/bash
# -a, -e, -d end to end: forwarding methods, weights and thresholds with
# their ranges, the tunnel types and their option matrix, mixed families
# (tunnels only), DR/tunnel forcing the service port, -e replacing every
# field, -d's default port, and the kernel's errors.
. "$(dirname "$0")/lib.sh"

t ipvsadm -C
t ipvsadm -A -t 10.2.0.1:80 -s rr
t ipvsadm -A -u 10.2.0.1:53 -s rr
t ipvsadm -A -t '[2001:db8::1]:80' -s rr
t ipvsadm -A -f 7 -s rr
t ipvsadm -A -f 8 -6 -s rr

note 'forwarding methods; DR and tunnel take the service port'
t ipvsadm -a -t 10.2.0.1:80 -r 10.3.0.1:8080 -m
t ipvsadm -a -t 10.2.0.1:80 -r 10.3.0.2:8080 -g
t ipvsadm -a -t 10.2.0.1:80 -r 10.3.0.3:8080 -i
t ipvsadm -a -t 10.2.0.1:80 -r 10.3.0.4
t ipvsadm -a -t 10.2.0.1:80 -r 10.3.0.5 -m
t ipvsadm -a -t 10.2.0.1:80 -r 10.3.0.6 --masquerading --weight=9
t ipvsadm -a -t 10.2.0.1:80 -r 10.3.0.7 --gatewaying -w 0
t ipvsadm -a -t 10.2.0.1:80 -r 10.3.0.8 --ipip
t ipvsadm -a -f 7 -r 10.3.0.9 -m
t ipvsadm -a -f 7 -r 10.3.0.10:99 -g
t ipvsadm -a -f 7 -r 10.3.0.11:99 -m
t ipvsadm -Ln

note 'weights and thresholds: 0..2147483647, strtol rules'
for w in 0 1 65535 65536 2147483647 2147483648 -1 ' 3' +4 0x5 6x ''; do
    t ipvsadm -a -u 10.2.0.1:53 -r 10.4.0.1:53 -m -w "$w"
    ipvsadm -d -u 10.2.0.1:53 -r 10.4.0.1:53 >/dev/null 2>&1
done
for x in 0 100 2147483647 2147483648 -1 x; do
    t ipvsadm -a -u 10.2.0.1:53 -r 10.4.0.2:53 -m -x "$x" -y "$x"
    ipvsadm -d -u 10.2.0.1:53 -r 10.4.0.2:53 >/dev/null 2>&1
done
t ipvsadm -a -u 10.2.0.1:53 -r 10.4.0.3:53 -m -w 7 -x 100 -y 50
t ipvsadm -a -u 10.2.0.1:53 -r 10.4.0.4:53 -m -x 10
t ipvsadm -a -u 10.2.0.1:53 -r 10.4.0.5:53 -m -y 10 -x 5
t ipvsadm -Ln --thresholds

note 'tunnel types and their options'
t ipvsadm -a -t 10.2.0.1:80 -r 10.5.0.1 -i --tun-type ipip
t ipvsadm -a -t 10.2.0.1:80 -r 10.5.0.2 -i --tun-type gue --tun-port 6080
t ipvsadm -a -t 10.2.0.1:80 -r 10.5.0.3 -i --tun-type gue --tun-port 6080 --tun-nocsum
t ipvsadm -a -t 10.2.0.1:80 -r 10.5.0.4 -i --tun-type gue --tun-port 6080 --tun-csum
t ipvsadm -a -t 10.2.0.1:80 -r 10.5.0.5 -i --tun-type gue --tun-port 6080 --tun-remcsum
t ipvsadm -a -t 10.2.0.1:80 -r 10.5.0.6 -i --tun-type gre
t ipvsadm -a -t 10.2.0.1:80 -r 10.5.0.7 -i --tun-type gre --tun-csum
t ipvsadm -a -t 10.2.0.1:80 -r 10.5.0.8 -i --tun-type gre --tun-nocsum
t ipvsadm -a -t 10.2.0.1:80 -r 10.5.0.9 --tun-port 6080 --tun-type gue -i
for bad in "--tun-type ipip --tun-port 1" "--tun-type ipip --tun-nocsum" "--tun-type ipip --tun-csum" \
           "--tun-type ipip --tun-remcsum" "--tun-port 1" "--tun-csum" "--tun-type gue" \
           "--tun-type gue --tun-csum" "--tun-type gue --tun-port 1 --tun-csum --tun-nocsum" \
           "--tun-type gue --tun-port 1 --tun-remcsum --tun-csum" "--tun-type gue --tun-port 1 --tun-remcsum --tun-nocsum" \
           "--tun-type gre --tun-port 1" "--tun-type gre --tun-remcsum" "--tun-type gre --tun-csum --tun-nocsum" \
           "--tun-type GUE" "--tun-type" "--tun-type gue --tun-port 0" "--tun-type gue --tun-port 65536" \
           "--tun-type gue --tun-port x" "--tun-type gre --tun-port 0"; do
    # shellcheck disable=SC2086
    t ipvsadm -a -t 10.2.0.1:80 -r 10.5.0.10 -i $bad
done
t ipvsadm -a -t 10.2.0.1:80 -r 10.5.0.10 -m --tun-type ipip
t ipvsadm -a -t 10.2.0.1:80 -r 10.5.0.10 --tun-type gue --tun-port 1
t ipvsadm -a -t 10.2.0.1:80 -r 10.5.0.10 -g --tun-csum
t ipvsadm -Ln --tun-info

note 'mixed families: only tunnels'
t ipvsadm -a -t 10.2.0.1:80 -r '[2001:db8::20]:80' -m
t ipvsadm -a -t 10.2.0.1:80 -r '[2001:db8::20]:80' -g
t ipvsadm -a -t 10.2.0.1:80 -r '[2001:db8::20]:80' -i
t ipvsadm -a -t '[2001:db8::1]:80' -r 10.6.0.1 -m
t ipvsadm -a -t '[2001:db8::1]:80' -r 10.6.0.1 -i
t ipvsadm -a -t '[2001:db8::1]:80' -r '[2001:db8::21]:8080' -m
t ipvsadm -a -t '[2001:db8::1]:80' -r 2001:db8::22 -g
t ipvsadm -a -f 8 -6 -r '[2001:db8::23]:80' -m
t ipvsadm -a -f 8 -6 -r 10.6.0.2 -i
t ipvsadm -a -f 8 -r '[2001:db8::23]:80' -m
t ipvsadm -Ln --tun-info

note '-e replaces every field'
t ipvsadm -A -t 10.2.1.1:80 -s wrr
t ipvsadm -a -t 10.2.1.1:80 -r 10.7.0.1:8080 -m -w 5 -x 10 -y 2
t ipvsadm -a -t 10.2.1.1:80 -r 10.7.0.2 -i --tun-type gue --tun-port 6080 --tun-csum -w 3
t ipvsadm -e -t 10.2.1.1:80 -r 10.7.0.1:8080 -m
t ipvsadm -e -t 10.2.1.1:80 -r 10.7.0.2 -i
t ipvsadm -Ln -t 10.2.1.1:80 --tun-info
t ipvsadm -Ln -t 10.2.1.1:80 --thresholds
t ipvsadm -e -t 10.2.1.1:80 -r 10.7.0.1:8080 -m -w 9 -y 1
t ipvsadm -e -t 10.2.1.1:80 -r 10.7.0.2 -w 4
t ipvsadm -e -t 10.2.1.1:80 -r 10.7.0.2
t ipvsadm -e -t 10.2.1.1:80 -r 10.7.0.2 -i --tun-type gre --tun-csum
t ipvsadm -e -t 10.2.1.1:80 -r 10.7.0.1 -m
t ipvsadm -e -t 10.2.1.1:80 -r 10.7.0.1
t ipvsadm -e -t 10.2.1.9:80 -r 10.7.0.1
t ipvsadm -Ln -t 10.2.1.1:80 --tun-info
t ipvsadm -Ln -t 10.2.1.1:80 --thresholds

note '-d: no port means the service port; the kernel'"'"'s errors'
t ipvsadm -d -t 10.2.1.1:80 -r 10.7.0.1
t ipvsadm -d -t 10.2.1.1:80 -r 10.7.0.1:8080
t ipvsadm -d -t 10.2.1.1:80 -r 10.7.0.1:8080
t ipvsadm -d -t 10.2.1.1:80 -r 10.7.0.2
t ipvsadm -d -t 10.2.9.9:80 -r 10.7.0.2
t ipvsadm -d -f 7 -r 10.3.0.9
t ipvsadm -d -f 7 -r 10.3.0.10:99
t ipvsadm -d -t '[2001:db8::1]:80' -r '[2001:db8::21]:8080'
t ipvsadm -d -t 10.2.0.1:80 -r '[2001:db8::20]:80'
t ipvsadm -a -t 10.2.9.9:80 -r 10.3.0.1
t ipvsadm -a -t 10.2.0.1:80 -r 10.3.0.1:8080 -m
t ipvsadm -a -t 10.2.0.1:80 -r 0.0.0.0 -m
t ipvsadm -a -t 10.2.0.1:80 -r 224.0.0.5 -m
t ipvsadm -Ln

t ipvsadm -C
