#!/bin/bash
# The LVS-NAT example from the LVS HOWTO / ipvsadm(8): one virtual HTTP
# service, round robin, two masqueraded real servers.
. "$(dirname "$0")/lib.sh"

t ipvsadm -C
t ipvsadm -A -t 210.77.132.8:80 -s rr
t ipvsadm -a -t 210.77.132.8:80 -r 172.168.10.9:80 -m -w 1
t ipvsadm -a -t 210.77.132.8:80 -r 172.168.10.10:80 -m -w 1
t ipvsadm
t ipvsadm -L -n
