#!/bin/bash
# ipvsadm-restore (shared/ipvsadm-behavior.md §6.1): drops lines starting
# with `#`, clears the table, restores; its exit status is the restore's.
# Indented and trailing `#` comments are left out: ours accepts them.
# The script ignores its arguments: every variant below must restore the
# same table with the same messages and status (ours keeps its own long
# options, and refuses near misses of them: 39-improvements).
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

note 'arguments the script ignores'
printf '%s\n' '# comment' '-A -t 10.0.0.7:80 -s wrr' '-a -t 10.0.0.7:80 -r 10.1.1.7 -m -w 2' \
    '-A -t 10.0.0.7:80 -s rr' >args.rules
for a in -n --bogus -v -V -f /etc/ipvsadm.rules '-n -v' -- -; do
    # shellcheck disable=SC2086
    t_in args.rules ipvsadm-restore $a
    t ipvsadm -S -n
done
t_in empty ipvsadm-restore -n
t ipvsadm -S -n
t ipvsadm -C
