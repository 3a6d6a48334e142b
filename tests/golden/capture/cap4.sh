set +e
R=/usr/sbin/ipvsadm
B=/bin/busybox
ip link set lo up 2>/dev/null || $B ip link set lo up
r() { echo "### $*"; "$R" "$@" 2>&1; echo "### rc=$?"; }
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
$R -A -f 3 -s rr
$R -A -t 200.0.0.1:80 -s rr
$R -A -t 1.2.3.4:80 -s rr
r -L -n --nosort
r -L -n
r -L
r -S -n
$R -C
$B ip addr add 10.9.9.9/32 dev lo
$R -A -u 10.9.9.9:5060 -s rr -p 600 --pe sip
$R -a -u 10.9.9.9:5060 -r 127.0.0.1:5060 -m
python3 - <<'PY'
import socket
srv = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); srv.bind(("127.0.0.1", 5060))
c = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); c.bind(("10.9.9.9", 5070))
msg = (b"INVITE sip:bob@10.9.9.9 SIP/2.0\r\nVia: SIP/2.0/UDP 10.9.9.9:5070;branch=z9hG4bK776asdhds\r\n"
       b"Max-Forwards: 70\r\nTo: Bob <sip:bob@10.9.9.9>\r\nFrom: Alice <sip:alice@10.9.9.9>;tag=1928301774\r\n"
       b"Call-ID: a84b4c76e66710@pc33.example.com\r\nCSeq: 314159 INVITE\r\nContact: <sip:alice@10.9.9.9>\r\n"
       b"Content-Length: 0\r\n\r\n")
try:
    c.sendto(msg, ("10.9.9.9", 5060)); print("sent")
except Exception as e:
    print("send failed", e)
PY
sleep 1
echo "### proc1"; cat /proc/net/ip_vs_conn
r -L -n -c
r -L -n -c --persistent-conn
r -L -c --persistent-conn
echo "### proc2"; cat /proc/net/ip_vs_conn
echo "### end"
