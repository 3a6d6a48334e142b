#!/bin/bash
# Addresses, ports, fwmarks and masks as the reference parses them: inet_aton
# shorthand and hex/octal parts, [IPv6]:port, bare IPv6 (never a port),
# host names from /etc/hosts, port names from /etc/services for the protocol
# known so far, fwmark bounds, -M as a dotted mask or IPv6 prefix.
. "$(dirname "$0")/lib.sh"

t ipvsadm -C

note 'IPv4 forms (glibc inet_aton)'
for a in 10.1 127.1 10.0.1 1 0x7f.1 012.1 0x0a000005 012.0.0.0x6 1.2.3.256 1.2.3.4.5 1.2.65536 \
         256.1 08.1 0x.1 1..2 1.2.3. ' 1.2.3.4' '1.2.3.4 ' 1.2.3.4x -1.2.3.4 4294967295 4294967296 0; do
    t ipvsadm -A -t "$a:80"
done
t ipvsadm -Ln

note 'all digits (or empty) is not an address; no port means port 0'
for a in 80 '' : :80 1.2.3.4: 1.2.3.4:: '1.2.3.4:80:90' 10.9.0.1; do
    t ipvsadm -A -t "$a"
done

note 'IPv6: brackets need ":port"; bare IPv6 is an address with no port'
for a in '[2001:db8::1]:80' '[2001:db8::1]' '[2001:db8::1]80' '[2001:db8::1]:' '[2001:db8::2]:http' \
         '[2001:db8::1' '2001:db8::1]:80' '[::ffff:1.2.3.4]:80' '[1.2.3.4]:80' '[1.2.3.4:80]:90' \
         '[]:80' '[localhost]:80' '[fe80::1%lo]:80' '[2001:db8::zz]:80' 2001:db8::3:80 '::'; do
    t ipvsadm -A -t "$a"
done
t ipvsadm -A -t 2001:db8::3:80 -p
t ipvsadm -A -u '::1' -p 10
t ipvsadm -Ln

note 'host names (/etc/hosts) and names that do not resolve'
t ipvsadm -A -t localhost:81
t ipvsadm -A -t vm:82
t ipvsadm -A -t ip6-localhost:80
t ipvsadm -A -t no-such-host.invalid:80
t ipvsadm -A -t LOCALHOST:83
t ipvsadm -Ln -t 127.0.0.1:81
t ipvsadm -L -t localhost:81

note 'port names: /etc/services for the protocol set so far'
t ipvsadm -A -t 10.2.0.1:http
t ipvsadm -A -u 10.2.0.1:domain
t ipvsadm -A -u 10.2.0.1:http
t ipvsadm -A -t 10.2.0.1:www
t ipvsadm -A --sctp-service 10.2.0.1:http
t ipvsadm -A --sctp-service 10.2.0.1:5060
t ipvsadm -A -t 10.2.0.1:no-such-port
t ipvsadm -A -t 10.2.0.1:HTTP
t ipvsadm -A -u 10.2.0.2:sip -p
t ipvsadm -a -u 10.2.0.2:sip -r 10.3.0.1:sip -m
t ipvsadm -a -u 10.2.0.2:sip -r 10.3.0.2:domain -m
t ipvsadm -a -r 10.3.0.3:domain -u 10.2.0.2:sip -m      # -r first: no protocol yet
t ipvsadm -a -r 10.3.0.3:53 -u 10.2.0.2:sip -m
t ipvsadm -a -r 10.3.0.4 -u 10.2.0.2:sip -m             # -r first: port 0
t ipvsadm -a -u 10.2.0.2:sip -r 10.3.0.5 -m             # the service port
t ipvsadm -a -u 10.2.0.2:sip -r 10.3.0.6:0 -m
t ipvsadm -a -u 10.2.0.2:sip -r 10.3.0.7:99 -g          # DR forces the service port
t ipvsadm -a -r 10.3.0.8:99 -u 10.2.0.2:sip -i          # tunnel too, even -r first
t ipvsadm -a -u 10.2.0.2:sip -r 10.3.0.9:65536 -m
t ipvsadm -a -u 10.2.0.2:sip -r 10.3 -m
t ipvsadm -a -u 10.2.0.2:sip -r localhost:7 -m
t ipvsadm -a -u 10.2.0.2:sip -r 1234 -m
t ipvsadm -a -u 10.2.0.2:sip -r '' -m
t ipvsadm -a -u 10.2.0.2:sip -r '[2001:db8::9]:53' -i
t ipvsadm -a -u 10.2.0.2:sip -r '[2001:db8::9]:53' -m
t ipvsadm -a -u 10.2.0.2:sip -r 2001:db8::a -i
t ipvsadm -Ln
t ipvsadm -L

note 'fwmarks: decimal 1..4294967295'
for f in 1 2147483647 2147483648 4294967295 4294967296 0 -1 ' 12' +13 0x10 010 14x '' 99999999999999999999; do
    t ipvsadm -A -f "$f"
done
t ipvsadm -A -f 15 -6
t ipvsadm -A -f 15 -6 -p -M 64
t ipvsadm -A -f 16 -6 -p -M 0
t ipvsadm -A -f 16 -6 -p -M 129
t ipvsadm -A -f 16 -6 -p -M 64x
t ipvsadm -A -f 16 -6 -p -M ' 48'
t ipvsadm -a -f 15 -6 -r '[2001:db8::5]' -m
t ipvsadm -a -f 15 -r '[2001:db8::5]' -m
t ipvsadm -a -f 15 -6 -r '[2001:db8::5]:8080' -m
t ipvsadm -a -f 1 -r 10.4.0.1 -m
t ipvsadm -a -f 1 -r 10.4.0.2:81 -g
t ipvsadm -Ln

note '-M: dotted or a name for IPv4 (24 is 0.0.0.24), a prefix for an IPv6 service read before it'
t ipvsadm -A -t 10.5.0.1:80 -p -M 255.255.255.0
t ipvsadm -A -t 10.5.0.2:80 -p -M 24
t ipvsadm -A -t 10.5.0.3:80 -p -M localhost
t ipvsadm -A -t 10.5.0.4:80 -p -M 255.255.255.255
t ipvsadm -A -t 10.5.0.5:80 -p -M 0
t ipvsadm -A -t 10.5.0.6:80 -p -M bogus.invalid
t ipvsadm -A -t 10.5.0.6:80 -p -M ''
t ipvsadm -A -t '[2001:db8::10]:80' -p -M 64
t ipvsadm -A -t '[2001:db8::11]:80' -p -M 255.255.255.0
t ipvsadm -A -p -M 64 -t '[2001:db8::12]:80'
t ipvsadm -A -p -M 255.255.0.0 -t '[2001:db8::13]:80'
t ipvsadm -A -M 255.255.0.0 -t 10.5.0.7:80
t ipvsadm -Ln
# Fwmarks >= 2^31 are saved unsigned by ours on purpose (the reference
# writes them negative, which -R cannot read back): left out of -S here.
t ipvsadm -D -f 4294967295
t ipvsadm -D -f 2147483648
t ipvsadm -S -n

t ipvsadm -C
