#!/bin/bash
# -A, -E, -D end to end: every protocol and family, every scheduler (and an
# unknown one), scheduler flags, persistence with masks, the sip PE,
# one-packet scheduling; -E replacing every field; the post-matrix checks
# (zero port, one-packet only for UDP) and the kernel's errors.
. "$(dirname "$0")/lib.sh"

t ipvsadm -C

note 'every scheduler, and one the kernel does not know'
n=1
for s in rr wrr lc wlc lblc lblcr dh sh sed nq fo ovf mh nosuch ''; do
    t ipvsadm -A -t 10.1.0.$n:80 -s "$s"
    n=$((n + 1))
done
t ipvsadm -A -t 10.1.0.99:80 -s 123456789012345678        # cut to 15 bytes
t ipvsadm -A -t 10.1.0.99:80 --scheduler=RR
t ipvsadm -Ln

note 'protocols and families'
t ipvsadm -A -u 10.1.1.1:53 -s rr
t ipvsadm -A --sctp-service 10.1.1.1:2905 -s rr
t ipvsadm -A -t '[2001:db8::1]:80' -s rr
t ipvsadm -A -u '[2001:db8::1]:53' -s sh
t ipvsadm -A --sctp-service '[2001:db8::1]:2905'
t ipvsadm -A -f 1 -s rr
t ipvsadm -A -f 1 -6 -s rr
t ipvsadm -A -f 2 -6 -p 60 -M 96
t ipvsadm -Ln

note 'scheduler flags'
t ipvsadm -A -t 10.1.2.1:80 -s sh -b sh-fallback
t ipvsadm -A -t 10.1.2.2:80 -s sh -b sh-port
t ipvsadm -A -t 10.1.2.3:80 -s sh -b sh-fallback,sh-port
t ipvsadm -A -t 10.1.2.4:80 -s sh -b flag-3
t ipvsadm -A -t 10.1.2.5:80 -s mh -b mh-fallback
t ipvsadm -A -t 10.1.2.6:80 -s mh -b mh-port,mh-fallback
t ipvsadm -A -t 10.1.2.7:80 -s rr -b flag-1,flag-2,flag-3
t ipvsadm -A -t 10.1.2.8:80 -b flag-2
t ipvsadm -A -t 10.1.2.9:80 -s sh -b mh-port
t ipvsadm -A -t 10.1.2.9:80 -s mh -b sh-fallback
t ipvsadm -A -t 10.1.2.9:80 -b sh-port
t ipvsadm -A -t 10.1.2.9:80 -b flag-4
t ipvsadm -A -t 10.1.2.9:80 -b FLAG-1
t ipvsadm -Ln

note 'persistence, masks, the sip persistence engine, one-packet scheduling'
t ipvsadm -A -t 10.1.3.1:80 -p
t ipvsadm -A -t 10.1.3.2:80 -p 1
t ipvsadm -A -t 10.1.3.3:80 -p 2678400 -M 255.255.255.0
t ipvsadm -A -t 10.1.3.4:0 -p 30
t ipvsadm -A -u 10.1.3.5:5060 -p 30 --pe sip
t ipvsadm -A -u 10.1.3.6:5060 --pe sip
t ipvsadm -A -u 10.1.3.7:5060 -p --pe nosuch
t ipvsadm -A -u 10.1.3.7:5060 -p --pe ''
t ipvsadm -A -u 10.1.3.8:53 -o
t ipvsadm -A -u 10.1.3.9:53 -o -p 20 -s sh -b sh-port
t ipvsadm -A -t 10.1.3.10:80 -o
t ipvsadm -A --sctp-service 10.1.3.10:80 -o
t ipvsadm -A -f 3 -o
t ipvsadm -A -t 10.1.3.11:0
t ipvsadm -A -t 10.1.3.11
t ipvsadm -A -u 10.1.3.11:0 -o
t ipvsadm -A -f 4 -p 100 -M 255.0.0.0
t ipvsadm -Ln

note '-E replaces every field; what it leaves out goes back to the default'
t ipvsadm -A -u 10.1.4.1:5060 -s sh -b sh-port -p 100 -M 255.255.0.0 --pe sip -o
t ipvsadm -Ln -u 10.1.4.1:5060
t ipvsadm -E -u 10.1.4.1:5060
t ipvsadm -Ln -u 10.1.4.1:5060
t ipvsadm -E -u 10.1.4.1:5060 -s mh -b mh-port -p 7 -o
t ipvsadm -Ln -u 10.1.4.1:5060
t ipvsadm -E -u 10.1.4.1:5060 -s rr --pe sip
t ipvsadm -Ln -u 10.1.4.1:5060
t ipvsadm -E -f 2 -6 -s wrr
t ipvsadm -E -f 2 -6 -s wrr -p 9 -M 64
t ipvsadm -E -t 10.1.4.1:80
t ipvsadm -E -t 10.1.3.1:80 -s nosuch
t ipvsadm -E -t 10.1.3.1:0
t ipvsadm -E -t 10.1.3.1:80 -o
t ipvsadm -Ln

note 'kernel errors'
t ipvsadm -A -t 10.1.0.1:80
t ipvsadm -A -f 1
t ipvsadm -A -f 1 -6
t ipvsadm -D -t 10.1.9.9:80
t ipvsadm -D -f 99
t ipvsadm -D -t '[2001:db8::9]:80'
t ipvsadm -A -t 0.0.0.0:80
t ipvsadm -A -t 224.0.0.1:80

note '-D'
t ipvsadm -D -t 10.1.0.1:80
t ipvsadm -D -t 10.1.0.1:80
t ipvsadm -D -u 10.1.1.1:domain
t ipvsadm -D --sctp-service 10.1.1.1:2905
t ipvsadm -D -t '[2001:db8::1]:80'
t ipvsadm -D -f 1
t ipvsadm -D -f 1 -6
t ipvsadm -D -f 2 --ipv6
t ipvsadm -D -t 10.1.0.2
t ipvsadm -Ln

t ipvsadm -C
t ipvsadm -Ln
