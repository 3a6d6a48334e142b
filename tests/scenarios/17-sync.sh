#!/bin/bash
# The sync daemon for real: two directors (this netns and a second one)
# joined by a veth pair, a master daemon on one and a backup on the other,
# both started by the side's ipvsadm. One UDP datagram to a VIP on the master
# makes a connection entry; it must show up in the backup's -Lnc within a
# bounded wait. Only the stable columns are printed (the expiry time and the
# client port change from run to run).
# vm-diff: netns-per-side
. "$(dirname "$0")/lib.sh"

t ipvsadm -C
ip netns add sync-backup
ip link add syncm type veth peer name syncb
ip link set syncb netns sync-backup
ip addr add 192.168.77.1/24 dev syncm
link_up syncm
ip -n sync-backup addr add 192.168.77.2/24 dev syncb
link_up syncb sync-backup
ip -n sync-backup link set lo up
# A sync message sent before the veth has its carrier is lost for good.
link_wait syncm
link_wait syncb sync-backup
ip addr add 10.9.9.9/32 dev lo
# Sync a connection from its first packet (default: the third).
echo "1 50" >/proc/sys/net/ipv4/vs/sync_threshold

note 'the same service on both directors'
t ipvsadm -A -u 10.9.9.9:53 -s rr
t ipvsadm -a -u 10.9.9.9:53 -r 127.0.0.1:5353 -m
t ip netns exec sync-backup ipvsadm -A -u 10.9.9.9:53 -s rr
t ip netns exec sync-backup ipvsadm -a -u 10.9.9.9:53 -r 127.0.0.1:5353 -m

note 'the daemons'
t ipvsadm --start-daemon master --mcast-interface syncm --syncid 4
t ip netns exec sync-backup ipvsadm --start-daemon backup --mcast-interface syncb --syncid 4
t ipvsadm -L --daemon
t ip netns exec sync-backup ipvsadm -L --daemon

note 'one datagram through the master'
echo ping >/dev/udp/10.9.9.9/53
# "UDP 04:59 UDP 10.9.9.9:40000 10.9.9.9:53 127.0.0.1:5353" without expiry
# and client port.
entries() {
    local pro exp state src vip dst
    while read -r pro exp state src vip dst; do
        [ "$pro" = UDP ] && echo "$pro $state ${src%:*}:* $vip $dst"
    done
}
t_show_entries() { echo "$1: $(entries)"; }
ipvsadm -Lnc | t_show_entries master
found=
for _ in $(seq 60); do
    got=$(ip netns exec sync-backup ipvsadm -Lnc | entries)
    if [ -n "$got" ]; then found=$got; break; fi
    sleep 0.5
done
echo "backup: ${found:-nothing after 30 s}"

t ipvsadm --stop-daemon master
t ip netns exec sync-backup ipvsadm --stop-daemon backup
t ip netns exec sync-backup ipvsadm -L --daemon
ip netns del sync-backup
t ipvsadm -C
