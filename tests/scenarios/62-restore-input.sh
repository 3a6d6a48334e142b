#!/bin/bash
# -R's reading of its input (shared/ipvsadm-behavior.md §6): `ipvsadm`
# tokens dropped anywhere, CRLF, blank lines, a last line without newline,
# empty input, and list/save/--set/-Z/-C lines inside a restore.
. "$(dirname "$0")/lib.sh"

t ipvsadm -C
t_in - ipvsadm -R <<'EOF'
ipvsadm -A -t 10.0.0.1:80 -s ipvsadm rr
  	 -a -t 10.0.0.1:80 -r 10.1.1.1 ipvsadm -m

	
ipvsadm
-a	-t	10.0.0.1:80	-r	10.1.1.2	-g
EOF
t ipvsadm -S -n
printf -- '-A -u 10.0.0.2:53 -s wrr\r\n-a -u 10.0.0.2:53 -r 10.1.1.3 -m -w 4\r\n\r\n' >crlf
t_in crlf ipvsadm -R
printf -- '-A -u 10.0.0.3:53 -s rr\n-a -u 10.0.0.3:53 -r 10.1.1.4 -i' >nonl
t_in nonl ipvsadm -R
printf -- '-A -u 10.0.0.4:53 -s rr\n-A -u 10.0.0.4:53 -s rr' >nonl-fail
t_in nonl-fail ipvsadm -R
t ipvsadm -S -n
: >empty
t_in empty ipvsadm -R
printf '\n\n  \t\n' >blank
t_in blank ipvsadm -R

note "listing, save, timeouts, zero and clear inside a restore"
t_in - ipvsadm -R <<'EOF'
-L -n
-S -n
--set 100 20 30
-L --timeout
-Z
-Z -t 10.0.0.1:80
-L -n -t 10.0.0.1:80
-L -n -t 10.0.0.99:80
-S
-C
-L -n
-A -t 10.0.0.1:80 -s rr
EOF
t ipvsadm --set 900 120 300
t_in - ipvsadm -R <<'EOF'
-S -n
-L -n -t 10.0.0.99:80
EOF
t ipvsadm -C
