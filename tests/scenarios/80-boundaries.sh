#!/bin/bash
# Addresses, ports, fwmarks, weights, thresholds and timeouts at and just
# past every boundary, and hostile rule-file input (NUL bytes, invalid
# UTF-8, a long line, CRLF, no final newline): the reference and ours must
# accept and refuse the same things with the same words and statuses.
# The long line is 2 KB: with 100 KB the reference cuts the line into
# pieces (an `unexpected argument xxx...` of 4096 characters, rc 2),
# ours reads it whole.
. "$(dirname "$0")/lib.sh"

t ipvsadm -C
note ports
t ipvsadm -A -t 10.0.0.1:0 -s rr
t ipvsadm -A -t 10.0.0.1:1 -s rr
t ipvsadm -A -t 10.0.0.1:65535 -s rr
t ipvsadm -A -t 10.0.0.1:65536 -s rr
t ipvsadm -A -t 10.0.0.1:-1 -s rr
t ipvsadm -A -t 10.0.0.1:00080 -s rr
t ipvsadm -A -t 10.0.0.1: -s rr
t ipvsadm -A -u '[2001:db8::1]:65535' -s rr
t ipvsadm -A -u '[2001:db8::1]:65536' -s rr
t ipvsadm -a -t 10.0.0.1:65535 -r 10.0.1.1:65535 -m
t ipvsadm -a -t 10.0.0.1:65535 -r 10.0.1.1:65536 -m
note addresses
t ipvsadm -A -t 0.0.0.0:80 -s rr
t ipvsadm -A -t 255.255.255.255:80 -s rr
t ipvsadm -A -t 256.0.0.1:80 -s rr
t ipvsadm -A -t 1.2.3.4.5:80 -s rr
t ipvsadm -A -t 4294967295:80 -s rr
t ipvsadm -A -t 0x7f.1:80 -s rr
t ipvsadm -A -t '[::]:80' -s rr
t ipvsadm -A -t '[ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff]:80' -s rr
t ipvsadm -A -t '[::ffff:10.0.0.1]:80' -s rr
t ipvsadm -A -t '[1::2::3]:80' -s rr
t ipvsadm -A -t nosuchhost.invalid:80 -s rr
note fwmarks
t ipvsadm -A -f 0 -s rr
t ipvsadm -A -f 1 -s rr
t ipvsadm -A -f 2147483647 -s rr
t ipvsadm -A -f 4294967295 -s rr
t ipvsadm -A -f 4294967296 -s rr
t ipvsadm -A -f -1 -s rr
note weights, thresholds, timeouts
t ipvsadm -a -f 1 -r 10.0.2.1 -w 2147483647
t ipvsadm -a -f 1 -r 10.0.2.2 -w 2147483648
t ipvsadm -a -f 1 -r 10.0.2.3 -w -1
t ipvsadm -a -f 1 -r 10.0.2.4 -x 2147483647 -y 2147483647
t ipvsadm -a -f 1 -r 10.0.2.5 -x 2147483648
t ipvsadm -A -t 10.0.0.2:80 -p 2678400
t ipvsadm -A -t 10.0.0.3:80 -p 2678401
t ipvsadm -A -t 10.0.0.4:80 -p 0
t ipvsadm --set 2678400 2678400 2678400
t ipvsadm --set 2678401 0 0
t ipvsadm -L --timeout
t ipvsadm --set 900 120 300
t ipvsadm -Ln
# Deliberate difference: the reference saves fwmark 4294967295 as `-f -1`,
# which -R cannot read back; ours saves 4294967295 (behaviour §9, "fix").
t ipvsadm -D -f 4294967295
t ipvsadm -S -n

note hostile rule files
t ipvsadm -C
printf -- '-A -t 10.0.0.5:80 -s r\0r\n-A -t 10.0.0.6:80 -s rr\n' >nul.rules
t bash -c 'ipvsadm -R <nul.rules'
printf -- '-A -t 10.0.0.7:80 -s \377\376\n-A -t 10.0.0.8:80 -s rr\n' >utf8.rules
t bash -c 'ipvsadm -R <utf8.rules'
printf -- '-A -t 10.0.0.9:80 -s rr\r\n-a -t 10.0.0.9:80 -r 10.0.3.1 -m\r\n-A -t 10.0.0.10:80 -s rr' >crlf.rules
t bash -c 'ipvsadm -R <crlf.rules'
{ printf -- '-A -t 10.0.0.11:80 -s '; head -c 2000 /dev/zero | tr '\0' x; printf '\n-A -t 10.0.0.12:80 -s rr\n'; } >long.rules
t bash -c 'ipvsadm -R <long.rules'
t ipvsadm -Ln
t ipvsadm -C
