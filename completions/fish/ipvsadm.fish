complete -c ipvsadm -s t -l tcp-service -d 'TCP service host[:port]' -r
complete -c ipvsadm -s u -l udp-service -d 'UDP service host[:port]' -r
complete -c ipvsadm -l sctp-service -d 'SCTP service host[:port]' -r
complete -c ipvsadm -s f -l fwmark-service -d 'service selected by a firewall mark' -r
complete -c ipvsadm -s p -l persistent -d 'persistence, optional timeout (default 360)' -r
complete -c ipvsadm -s M -l netmask -d 'persistence granularity mask or prefix' -r
complete -c ipvsadm -s r -l real-server -d 'real server host[:port]' -r
complete -c ipvsadm -s w -l weight -d 'real server weight (default 1)' -r
complete -c ipvsadm -s x -l u-threshold -d 'upper connection threshold' -r
complete -c ipvsadm -s y -l l-threshold -d 'lower connection threshold' -r
complete -c ipvsadm -l mcast-interface -d 'sync daemon interface (default eth0)' -r
complete -c ipvsadm -l syncid -d 'sync daemon id (default 0)' -r
complete -c ipvsadm -l mcast-group -d 'sync multicast group' -r
complete -c ipvsadm -l mcast-port -d 'sync multicast port' -r
complete -c ipvsadm -l mcast-ttl -d 'sync multicast TTL' -r
complete -c ipvsadm -l sync-maxlen -d 'largest sync message' -r
complete -c ipvsadm -l tun-port -d 'tunnel destination port' -r
complete -c ipvsadm -l netns -d 'run in this network namespace' -r
complete -c ipvsadm -l filter-vip -d 'with -c: only this virtual address' -r
complete -c ipvsadm -l filter-rip -d 'with -c: only this real server' -r
complete -c ipvsadm -l filter-state -d 'with -c: only this connection state' -r
complete -c ipvsadm -l metrics -d 'list as metrics: openmetrics (default) or prometheus text' -r
complete -c ipvsadm -l metrics-labels -d 'with --metrics: destination labels kept (service|dest_address,dest_port)' -r
complete -c ipvsadm -s s -l scheduler -d 'scheduling method (default wlc)' -r -f -a "rr\t''
wrr\t''
lc\t''
wlc\t''
lblc\t''
lblcr\t''
dh\t''
sh\t''
sed\t''
nq\t''
fo\t''
ovf\t''
mh\t''"
complete -c ipvsadm -s b -l sched-flags -d 'scheduler flags, comma-separated' -r -f -a "flag-1\t''
flag-2\t''
flag-3\t''
sh-fallback\t''
sh-port\t''
mh-fallback\t''
mh-port\t''"
complete -c ipvsadm -l tun-type -d 'tunnel type ipip|gue|gre (default ipip)' -r -f -a "ipip\t''
gue\t''
gre\t''"
complete -c ipvsadm -l pe -d 'persistence engine (sip)' -r -f -a "sip\t''"
complete -c ipvsadm -l start-daemon -d 'start a sync daemon (master|backup)' -r -f -a "master\t''
backup\t''"
complete -c ipvsadm -l stop-daemon -d 'stop a sync daemon (master|backup)' -r -f -a "master\t''
backup\t''"
complete -c ipvsadm -s A -l add-service -d 'add a virtual service'
complete -c ipvsadm -s E -l edit-service -d 'edit a virtual service'
complete -c ipvsadm -s D -l delete-service -d 'delete a virtual service'
complete -c ipvsadm -s C -l clear -d 'remove every virtual service'
complete -c ipvsadm -s L -l list -d 'list the table'
complete -c ipvsadm -s Z -l zero -d 'reset the counters'
complete -c ipvsadm -s a -l add-server -d 'add a real server to a service'
complete -c ipvsadm -s e -l edit-server -d 'edit a real server'
complete -c ipvsadm -s d -l delete-server -d 'delete a real server'
complete -c ipvsadm -l set -d 'set the tcp, tcpfin and udp timeouts'
complete -c ipvsadm -s h -l help -d 'print this help'
complete -c ipvsadm -s v -l version -d 'print the version'
complete -c ipvsadm -s R -l restore -d 'read commands from standard input'
complete -c ipvsadm -s S -l save -d 'write the table as commands'
complete -c ipvsadm -s m -l masquerading -d 'forward by NAT'
complete -c ipvsadm -s i -l ipip -d 'forward by tunnelling'
complete -c ipvsadm -s g -l gatewaying -d 'forward by direct routing (default)'
complete -c ipvsadm -s n -l numeric -d 'print addresses and ports as numbers'
complete -c ipvsadm -s c -l connection -d 'list connections'
complete -c ipvsadm -l timeout -d 'list the tcp, tcpfin and udp timeouts'
complete -c ipvsadm -l daemon -d 'list the sync daemons'
complete -c ipvsadm -l stats -d 'list with counters'
complete -c ipvsadm -l rate -d 'list with rates'
complete -c ipvsadm -l thresholds -d 'list with thresholds'
complete -c ipvsadm -l persistent-conn -d 'list with persistent connections'
complete -c ipvsadm -l nosort -d 'list in kernel order'
complete -c ipvsadm -l sort -d 'ignored (sorting is the default)'
complete -c ipvsadm -s X -l exact -d 'print exact numbers'
complete -c ipvsadm -s 6 -l ipv6 -d 'the fwmark service is IPv6 (after -f)'
complete -c ipvsadm -s o -l ops -d 'one-packet scheduling (UDP)'
complete -c ipvsadm -l tun-info -d 'list with tunnel details'
complete -c ipvsadm -l tun-nocsum -d 'tunnel without checksum'
complete -c ipvsadm -l tun-csum -d 'tunnel with checksum'
complete -c ipvsadm -l tun-remcsum -d 'tunnel with remote checksum offload'
complete -c ipvsadm -l json -d 'list as JSON'
complete -c ipvsadm -l table -d 'list as a table'
complete -c ipvsadm -l metrics-conns -d 'with --metrics: count connection entries'
