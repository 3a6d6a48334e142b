#!/bin/bash
# -C, -Z (everything, one service, a missing one) and --set (values, ranges,
# 0 keeps a value, its errors), each checked with a listing after.
. "$(dirname "$0")/lib.sh"

t ipvsadm -C
t ipvsadm -C
t ipvsadm --clear
t ipvsadm -A -t 10.3.0.1:80 -s rr
t ipvsadm -a -t 10.3.0.1:80 -r 10.4.0.1 -m
t ipvsadm -A -f 3 -6
t ipvsadm -A -u '[2001:db8::3]:53'

note '-Z: all, one service, a missing one'
t ipvsadm -Z
t ipvsadm --zero
t ipvsadm -Z -t 10.3.0.1:80
t ipvsadm -Z -t 10.3.0.1:http
t ipvsadm -Z -f 3 -6
t ipvsadm -Z -f 3
t ipvsadm -Z -u '[2001:db8::3]:53'
t ipvsadm -Z -t 10.3.0.9:80
t ipvsadm -Z -t 10.3.0.1
t ipvsadm -Z -t 0.0.0.0:0
t ipvsadm -Z -t 0.0.0.0:80
t ipvsadm -Z -u '[::]:0'
t ipvsadm -Z -n
t ipvsadm -Z -t 10.3.0.1:80 -t 10.3.0.1:80
t ipvsadm -Z foo
t ipvsadm -Ln --stats

note '--set: three values 0..2678400, 0 keeps the current one'
t ipvsadm -L --timeout
t ipvsadm --set 1000 100 200
t ipvsadm -L --timeout
t ipvsadm --set 0 0 0
t ipvsadm -L --timeout
t ipvsadm --set 0 5 0
t ipvsadm -L --timeout
t ipvsadm --set 2678400 1 1
t ipvsadm -L --timeout
t ipvsadm --set 2678401 1 1
t ipvsadm --set 1 -1 1
t ipvsadm --set 1 1 x
t ipvsadm --set 1 1 ''
t ipvsadm --set 1 1
t ipvsadm --set
t ipvsadm --set 1 1 1 1
t ipvsadm --set 1 1 1 -n
t ipvsadm --set 1 -n 1 1
t ipvsadm --set 1 1 1 --set
t ipvsadm --set=1 2 3
t ipvsadm --set 900 120 300
t ipvsadm -L --timeout

note '-C empties the table'
t ipvsadm -Ln
t ipvsadm -C
t ipvsadm -Ln
t ipvsadm -C -n
t ipvsadm -C -t 10.3.0.1:80
