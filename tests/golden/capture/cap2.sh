set +e
R=/usr/sbin/ipvsadm
B=/bin/busybox
ip link set lo up 2>/dev/null || $B ip link set lo up
r() { echo "### $*"; "$R" "$@" 2>&1; echo "### rc=$?"; }
# names: our own /etc/hosts
cat > /tmp/hosts <<'H'
127.0.0.1 localhost
10.0.0.1 a-rather-long-virtual-server-name.example.com
192.168.0.1 real-server-number-one.example.com
192.168.0.2 rs2
2001:db8::1 v6-virtual-server-with-a-long-name.example.com
2001:db8::10 rs10-v6
10.0.0.9 this-is-an-extremely-long-host-name-that-goes-past-the-buffer.example.com
H
mount --bind /tmp/hosts /etc/hosts && echo "hosts bound"
$R -C
$R -A -t 10.0.0.1:80 -s rr
$R -a -t 10.0.0.1:80 -r 192.168.0.2:80 -m -w 1
$R -a -t 10.0.0.1:80 -r 192.168.0.1:8080 -m -w 2
$R -a -t 10.0.0.1:80 -r 2001:db8::10 -i -w 1
$R -A -t [2001:db8::1]:80 -s rr
$R -a -t [2001:db8::1]:80 -r [2001:db8::10]:8080 -m -w 3
$R -a -t [2001:db8::1]:80 -r 192.168.0.1 -i -w 1
$R -A -u 10.0.0.9:53 -s rr
$R -a -u 10.0.0.9:53 -r 10.0.0.9:53 -m
$R -A -f 4294967295 -s rr
$R -A -f 2147483648 -s rr
$R -a -f 2147483648 -r 10.0.0.5:80 -m -w 2147483647
r -L
r -L --tun-info
r -L -n
r -S
r -S -n
$R -C
# dest sorting with wrap-around (dests come back newest first)
$R -A -t 10.1.1.1:80 -s rr
for a in 1.2.3.4 10.0.0.1 127.0.0.5 192.168.77.1 200.0.0.1 100.0.0.1 250.1.1.1 ; do $R -a -t 10.1.1.1:80 -r $a:80 -m; done
r -L -n
r -L -n --nosort
$R -C
# traffic
$B ip addr add 10.9.9.9/32 dev lo
$B ip -6 addr add 2001:db8::99/128 dev lo
mkdir -p /tmp/www && echo hello > /tmp/www/index.html
$B httpd -p 127.0.0.1:8080 -h /tmp/www
$B httpd -p [::1]:8081 -h /tmp/www
$R -A -t 10.9.9.9:80 -s rr
$R -a -t 10.9.9.9:80 -r 127.0.0.1:8080 -m
$R -A -t [2001:db8::99]:80 -s rr
$R -a -t [2001:db8::99]:80 -r [::1]:8081 -m
$R -A -u 10.9.9.9:5060 -s rr -p 600 --pe sip
$R -a -u 10.9.9.9:5060 -r 127.0.0.1:5060 -m
sleep 1
for i in 1 2 3; do $B wget -q -O /dev/null http://10.9.9.9/ ; done
$B wget -q -O /dev/null "http://[2001:db8::99]/"
printf 'INVITE sip:bob@10.9.9.9 SIP/2.0\r\nVia: SIP/2.0/UDP 10.9.9.9:5060\r\nCall-ID: a84b4c76e66710@pc33.example.com\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n' | $B nc -u -w 1 10.9.9.9 5060
sleep 3
echo "### proc1"; cat /proc/net/ip_vs_conn
r -L -n -c
r -L -c
r -L -n -c --persistent-conn
echo "### proc2"; cat /proc/net/ip_vs_conn
r -L -n --stats --exact
r -L -n --stats
r -L --stats
echo "### end"
