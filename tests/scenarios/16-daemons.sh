#!/bin/bash
# --start-daemon / --stop-daemon master|backup with every daemon option and
# its range, listed with -L --daemon; the errors (missing interface, already
# running, not running, bad state). Stops what it starts.
. "$(dirname "$0")/lib.sh"

t ipvsadm -C
ip link add sync0 type veth peer name sync1
link_up sync0
link_up sync1
link_wait sync0
link_wait sync1

note 'states and the default interface (eth0 does not exist here)'
t ipvsadm -L --daemon
t ipvsadm --start-daemon master
t ipvsadm --start-daemon backup
t ipvsadm --start-daemon bogus
t ipvsadm --start-daemon Master
t ipvsadm --start-daemon ''
t ipvsadm --stop-daemon bogus
t ipvsadm --start-daemon
t ipvsadm --stop-daemon
t ipvsadm --start-daemon=master --mcast-interface=nosuch0
t ipvsadm --stop-daemon master
t ipvsadm --stop-daemon backup

note 'master and backup with options'
t ipvsadm --start-daemon master --mcast-interface lo
t ipvsadm -L --daemon
t ipvsadm --start-daemon master --mcast-interface lo
t ipvsadm --start-daemon master --mcast-interface sync0 --syncid 9
t ipvsadm --start-daemon backup --mcast-interface sync0 --syncid 7 --sync-maxlen 1000 --mcast-group 224.0.0.99 --mcast-port 9999 --mcast-ttl 3
t ipvsadm -L --daemon
t ipvsadm -Ln --daemon
t ipvsadm --stop-daemon master --syncid 1
t ipvsadm --stop-daemon master --mcast-interface lo
t ipvsadm --stop-daemon master --mcast-group 224.0.0.1
t ipvsadm --stop-daemon master
t ipvsadm --stop-daemon master
t ipvsadm -L --daemon
t ipvsadm --stop-daemon backup
t ipvsadm --stop-daemon backup
t ipvsadm -L --daemon

note 'an IPv6 group, and the kernel'"'"'s rounding of maxlen'
t ipvsadm --start-daemon master --mcast-interface sync0 --mcast-group ff02::1:2 --mcast-port 1 --mcast-ttl 255 --sync-maxlen 1
t ipvsadm -L --daemon
t ipvsadm --stop-daemon master
t ipvsadm --start-daemon backup --mcast-interface sync1 --sync-maxlen 65507 --syncid 255 --mcast-port 65535
t ipvsadm -L --daemon
t ipvsadm --stop-daemon backup
t ipvsadm --start-daemon master --mcast-interface sync1 --syncid 0 --mcast-group 239.255.255.255
t ipvsadm -L --daemon
t ipvsadm --stop-daemon master

note 'ranges and group errors'
for v in 256 -1 x '' ' 3' +4 0x5; do t ipvsadm --start-daemon master --mcast-interface nosuch0 --syncid "$v"; done
for v in 0 65536 -1 x; do t ipvsadm --start-daemon master --mcast-interface nosuch0 --mcast-port "$v"; done
for v in 0 256 -1 x; do t ipvsadm --start-daemon master --mcast-interface nosuch0 --mcast-ttl "$v"; done
for v in 0 65508 -1 x; do t ipvsadm --start-daemon master --mcast-interface nosuch0 --sync-maxlen "$v"; done
for v in 10.0.0.1 224.0.0 224.1 0xe0000001 ' 224.0.0.1' 255.255.255.255 '' x ff02::1 2001:db8::1 '::' ':' '[ff02::1]' ff02::1%lo ::ffff:224.0.0.1; do
    t ipvsadm --start-daemon master --mcast-interface nosuch0 --mcast-group "$v"
done
t ipvsadm --start-daemon master --mcast-interface 123456789012345678
t ipvsadm --start-daemon master --mcast-interface ''
t ipvsadm --stop-daemon master --syncid 256
t ipvsadm -L --daemon -n
t ipvsadm -L --daemon --timeout
t ipvsadm -L --daemon -c
t ipvsadm -L --daemon --stats
t ipvsadm -L --daemon --persistent-conn

t ipvsadm --stop-daemon master
t ipvsadm --stop-daemon backup
t ipvsadm -L --daemon
ip link del sync0
