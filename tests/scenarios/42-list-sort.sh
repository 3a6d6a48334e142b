#!/bin/bash
# The reference's listing order: glibc merge sort with int-subtraction
# comparators, so addresses more than 2^31 apart compare backwards, fwmarks
# of 2^31 or more sort as negative numbers, and the FWM -1 < services <
# FWM 1 < FWM -2147483648 < FWM -1 cycle makes the result depend on the
# kernel's hash order, the same for both sides (same netns). Dests come
# from the kernel newest first. Also --nosort, and one service's dests.
. "$(dirname "$0")/lib.sh"

t ipvsadm -C
t_in - ipvsadm -R <<'EOF'
-A -t 10.1.1.1:80 -s rr
-a -t 10.1.1.1:80 -r 1.2.3.4:80 -m
-a -t 10.1.1.1:80 -r 10.0.0.1:80 -m
-a -t 10.1.1.1:80 -r 127.0.0.5:80 -m
-a -t 10.1.1.1:80 -r 192.168.77.1:80 -m
-a -t 10.1.1.1:80 -r 200.0.0.1:80 -m
-a -t 10.1.1.1:80 -r 100.0.0.1:80 -m
-a -t 10.1.1.1:80 -r 250.1.1.1:80 -m
-a -t 10.1.1.1:80 -r 10.0.0.1:79 -m
-a -t 10.1.1.1:80 -r 10.0.0.1:81 -m
-a -t 10.1.1.1:80 -r 2001:db8::1 -i
-a -t 10.1.1.1:80 -r 0.0.0.1:80 -m
-A -t 10.1.1.1:8080 -s rr
-A -t 10.1.1.1:22 -s rr
-A -u 10.1.1.1:80 -s rr
-A --sctp-service 10.1.1.1:80 -s rr
-A -t 10.1.1.0:80 -s rr
-A -t [2001:db8::5]:80 -s rr
-a -t [2001:db8::5]:80 -r [2001:db8::2]:80 -m
-a -t [2001:db8::5]:80 -r [ffff::1]:80 -m
-a -t [2001:db8::5]:80 -r [2001:db8::1]:80 -m
-a -t [2001:db8::5]:80 -r [::1]:80 -m
-a -t [2001:db8::5]:80 -r 10.0.0.1:80 -i
-A -t [2001:db8::4]:80 -s rr
-A -t [::1]:80 -s rr
-A -t [ff00::1]:80 -s rr
-A -u [2001:db8::5]:80 -s rr
-A -f 3 -s rr
-A -f 3 -6 -s rr
-A -f 5 -s rr
-A -f 1 -6 -s rr
EOF
note addresses within 2^31 of each other and small fwmarks: a total order
t ipvsadm -Ln
t ipvsadm -Ln --nosort
t ipvsadm -Ln -t 10.1.1.1:80
t ipvsadm -Ln -t 10.1.1.1:80 --nosort
t ipvsadm -Ln -t '[2001:db8::5]:80' --stats

note services more than 2^31 apart, fwmarks of 2^31 and more: cycles
t_in - ipvsadm -R <<'EOF'
-A -t 200.0.0.1:80 -s rr
-A -t 1.2.3.4:80 -s rr
-A -t 250.1.1.1:443 -s rr
-A -u 0.0.0.1:1 -s rr
-A -f 4294967295 -s rr
-A -f 2147483648 -s rr
-a -f 2147483648 -r 10.0.0.5:80 -m -w 2147483647
-A -f 2147483647 -s rr
-A -f 4294967295 -6 -s rr
EOF
t ipvsadm -Ln
t ipvsadm -L
t ipvsadm -Ln --nosort
t ipvsadm -Ln -f 4294967295
t ipvsadm -Ln -f 2147483648 --thresholds
