#!/bin/bash
# A small slice of everyday use: TCP and UDP IPv4 services with rr/wlc/sh,
# real servers with each forwarding method and various weights, the three
# common listing forms, and two kernel-side errors.
. "$(dirname "$0")/lib.sh"

t ipvsadm -C

note services
t ipvsadm -A -t 10.10.0.1:80 -s rr
t ipvsadm -A -t 10.10.0.1:443 -s wlc
t ipvsadm -A -u 10.10.0.2:53 -s sh
t ipvsadm -A -t 10.10.0.3:8080            # default scheduler (wlc)
t ipvsadm -A -u 10.10.0.1:80 -s rr        # same address and port, other protocol

note real servers: masquerading, direct routing, tunnelling
t ipvsadm -a -t 10.10.0.1:80 -r 192.168.1.11:8080 -m -w 3
t ipvsadm -a -t 10.10.0.1:80 -r 192.168.1.12:80 -g -w 1
t ipvsadm -a -t 10.10.0.1:80 -r 192.168.1.13 -i -w 0
t ipvsadm -a -t 10.10.0.1:443 -r 192.168.1.11:443 -m
t ipvsadm -a -t 10.10.0.1:443 -r 192.168.1.12 -g -w 5
t ipvsadm -a -u 10.10.0.2:53 -r 192.168.2.1:53 -m -w 2
t ipvsadm -a -u 10.10.0.2:53 -r 192.168.2.2:5353 -m -w 4
t ipvsadm -a -u 10.10.0.2:53 -r 192.168.2.3 -i
t ipvsadm -a -t 10.10.0.3:8080 -r 192.168.3.1             # default: -g, weight 1
t ipvsadm -a -u 10.10.0.1:80 -r 192.168.1.11 -g -w 65535

note listings
t ipvsadm -L -n
t ipvsadm -Ln
t ipvsadm -L                # port names from /etc/services (http, https, domain)

note errors from the kernel
t ipvsadm -A -t 10.10.0.1:80 -s rr               # Service already exists, rc 255
t ipvsadm -a -t 10.10.0.9:80 -r 192.168.1.11 -m  # no such service
t ipvsadm -a -t 10.10.0.1:80 -r 192.168.1.11:8080 -m   # Destination already exists

t ipvsadm -Ln
