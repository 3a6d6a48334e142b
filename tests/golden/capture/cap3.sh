set +e
R=/usr/sbin/ipvsadm
B=/bin/busybox
ip link set lo up 2>/dev/null || $B ip link set lo up
r() { echo "### $*"; "$R" "$@" 2>&1; echo "### rc=$?"; }
cat > /tmp/hosts <<'H'
127.0.0.1 localhost
::1 localhost ip6-localhost
2001:db8::20 a-very-long-ipv6-real-server-name.example.com
10.0.0.1 vip1
2001:db8::1 vip6
H
mount --bind /tmp/hosts /etc/hosts && echo "hosts bound"
$R -C
$R -A -t 10.0.0.1:80 -s rr
$R -a -t 10.0.0.1:80 -r 2001:db8::20 -i -w 1
$R -A -t [2001:db8::1]:80 -s rr
$R -a -t [2001:db8::1]:80 -r [2001:db8::20]:80 -m -w 1
$R -A -t 10.0.0.2:80 -s sh -b sh-fallback,flag-3
r -L
r -L -n
r -S -n
$R -C
$B ip addr add 10.9.9.9/32 dev lo
$B ip -6 addr add 2001:db8::99/128 dev lo
mkdir -p /tmp/www && echo hello > /tmp/www/index.html
$B httpd -p 127.0.0.1:8080 -h /tmp/www
$B httpd -p [::1]:8081 -h /tmp/www
$R -A -t 10.9.9.9:80 -s rr -p 7200
$R -a -t 10.9.9.9:80 -r 127.0.0.1:8080 -m
$R -A -t [2001:db8::99]:80 -s rr
$R -a -t [2001:db8::99]:80 -r [::1]:8081 -m
$R -A -u 10.9.9.9:5060 -s rr -p 600 --pe sip
$R -a -u 10.9.9.9:5060 -r 127.0.0.1:5060 -m
sleep 1
$B wget -q -O /dev/null http://10.9.9.9/
$B wget -q -O /dev/null "http://[2001:db8::99]/"
printf 'INVITE sip:bob@10.9.9.9 SIP/2.0\r\nVia: SIP/2.0/UDP 10.9.9.9:5060\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:bob@10.9.9.9>\r\nCall-ID: a84b4c76e66710@pc33.example.com\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n' > /dev/udp/10.9.9.9/5060
sleep 1
echo "### proc1"; cat /proc/net/ip_vs_conn
r -L -n -c
r -L -c
r -L -n -c --persistent-conn
r -L -c --persistent-conn
echo "### proc2"; cat /proc/net/ip_vs_conn
echo "### end"
