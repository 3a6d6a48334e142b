#!/bin/bash
# ipvsadm-restore (shared/ipvsadm-behavior.md §6.1): drops lines starting
# with `#`, clears the table, restores; its exit status is the restore's.
# Indented and trailing `#` comments are left out: ours accepts them.
. "$(dirname "$0")/lib.sh"

t ipvsadm -C
t ipvsadm -A -t 10.0.0.99:80 -s rr
t_in - ipvsadm-restore <<'EOF'
# saved by hand
-A -t 10.0.0.1:80 -s rr
#-A -t 10.0.0.2:80 -s rr
-a -t 10.0.0.1:80 -r 10.1.1.1 -m
EOF
t ipvsadm -S -n
t_in - ipvsadm-restore <<'EOF'
-A -t 10.0.0.1:80 -s rr
-A -t 10.0.0.1:80 -s rr
EOF
t ipvsadm -S -n
t_in - ipvsadm-restore <<'EOF'
-A -t 10.0.0.1:80 -s rr
-a -t 10.0.0.1:80 -r 10.1.1.1 -w 99999999999
-A -t 10.0.0.2:80 -s rr
EOF
t ipvsadm -S -n
t_in - ipvsadm-restore <<'EOF'
-A -t 10.0.0.1:80 -s rr
-t 10.0.0.2:80 -A
EOF
t_in - ipvsadm-restore <<'EOF'
-A -t 10.0.0.3:80 -s rr
-A --bogus
EOF
t ipvsadm -S -n
: >empty
t_in empty ipvsadm-restore
t ipvsadm -S -n
printf -- '#only a comment\n' >comment
t_in comment ipvsadm-restore
printf -- '-A -u 10.0.0.4:53 -s rr\r\n-a -u 10.0.0.4:53 -r 10.1.1.4 -i' >nonl
t_in nonl ipvsadm-restore
t ipvsadm -S -n
t_in - bash -c 'ipvsadm-restore >/dev/null' <<'EOF'
-A -t 10.0.0.5:80 -s rr
-v
-A -t 10.0.0.6:80 -s rr
EOF
t ipvsadm -S -n
t ipvsadm -C
