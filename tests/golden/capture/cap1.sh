set +e
R=/usr/sbin/ipvsadm
ip link set lo up 2>/dev/null
r() { echo "### $*"; "$R" "$@" 2>&1; echo "### rc=$?"; }
$R -C
$R -A -t 10.0.0.1:80 -s rr
$R -a -t 10.0.0.1:80 -r 192.168.0.2:80 -m -w 1
$R -a -t 10.0.0.1:80 -r 192.168.0.1:8080 -m -w 2 -x 100 -y 50
$R -a -t 10.0.0.1:80 -r 192.168.0.3 -g -w 0
$R -A -u 10.0.0.1:53 -s sh -b sh-fallback,sh-port -p 600 -M 255.255.255.0
$R -a -u 10.0.0.1:53 -r 192.168.0.5:53 -i -w 65536
$R -A -t 127.0.0.1:443 -s wlc -p --pe sip
$R -a -t 127.0.0.1:443 -r 127.0.0.1:443 -g -w 1
$R -A -u 10.0.0.2:5060 -s rr -o -p 30 --pe sip
$R -A -t [2001:db8::1]:80 -s mh -b mh-port -p 60 -M 64
$R -a -t [2001:db8::1]:80 -r [2001:db8::10]:8080 -m -w 3
$R -a -t [2001:db8::1]:80 -r [2001:db8:0:0:1::ffff]:80 -g -w 1
$R -A -f 5 -s wrr
$R -a -f 5 -r 192.168.0.7:80 -m -w 5
$R -a -f 5 -r 192.168.0.8 -i -w 1 --tun-type gue --tun-port 6080 --tun-csum
$R -a -f 5 -r 192.168.0.9 -i -w 1 --tun-type gre --tun-nocsum
$R -a -f 5 -r 192.168.0.6 -i -w 1 --tun-type gue --tun-port 5555 --tun-remcsum
$R -A -f 6 -6 -s sh -b flag-3
$R -a -f 6 -6 -r [::1]:80 -m -w 1
$R -A -t 10.0.0.3:80 -s rr -b flag-1,flag-2,flag-3
$R -A --sctp-service 10.0.0.4:80 -s lc
$R -a --sctp-service 10.0.0.4:80 -r 192.168.0.20:80 -m -w 1
r -L -n
r -L
r -L -n --tun-info
r -L -n --stats
r -L -n --stats --exact
r -L -n --rate
r -L -n --rate --exact
r -L -n --thresholds
r -L -n --persistent-conn
r -L -n -t 10.0.0.1:80
r -L -n -f 6 -6
r -L -n --nosort -f 5
r -S
r -S -n
r -L --timeout
r -L --daemon
$R --start-daemon master --mcast-interface lo --syncid 3
r -L --daemon
r -L -n -c
