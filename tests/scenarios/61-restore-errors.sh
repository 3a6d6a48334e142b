#!/bin/bash
# -R with each error class (shared/ipvsadm-behavior.md §6): fail() aborts
# with 2, try-help aborts with 255, popt and kernel errors are reported and
# the restore goes on, the exit status is the last line's, -h/-v stop with
# 0. `#` lines are left out: our -R takes them as comments (deliberate).
. "$(dirname "$0")/lib.sh"

t ipvsadm -C
note "fail() class: abort with 2, later lines not run"
t_in - ipvsadm -R <<'EOF'
-A -t 10.0.0.1:80 -s rr
-a -t 10.0.0.1:80 -r 10.1.1.1 -w 99999999999
-A -t 10.0.0.2:80 -s rr
EOF
t ipvsadm -S -n
t_in - ipvsadm -R <<'EOF'
-A -t 10.0.0.3:80 -s rr
-a -t 10.0.0.3:80 -r 10.1.1.1 -x 5 -S
-A -t 10.0.0.4:80 -s rr
EOF
t_in - ipvsadm -R <<'EOF'
-A -t 10.0.0.5:80 -s rr
/sbin/ipvsadm -A -t 10.0.0.6:80
-A -t 10.0.0.7:80 -s rr
EOF
t_in - ipvsadm -R <<'EOF'
-A -t 10.0.0.8:80 -s rr -p 99999999999
-A -t 10.0.0.9:80 -s rr
EOF
t_in - ipvsadm -R <<'EOF'
-a -t nosuchhost.invalid:80 -r 10.1.1.1
-A -t 10.0.0.9:80 -s rr
EOF
t ipvsadm -S -n
t ipvsadm -C

note "try-help: first token not a command, nested -R"
t_in - ipvsadm -R <<'EOF'
-A -t 10.0.0.1:80 -s rr
-t 10.0.0.2:80 -A
-A -t 10.0.0.3:80 -s rr
EOF
t_in - ipvsadm -R <<'EOF'
-A -t 10.0.0.4:80 -s rr
foo -A -t 10.0.0.5:80
-A -t 10.0.0.6:80 -s rr
EOF
t_in - ipvsadm -R <<'EOF'
-A -t 10.0.0.7:80 -s rr
-R
-A -t 10.0.0.8:80 -s rr
EOF
t_in - ipvsadm -R <<'EOF'
--lis
-A -t 10.0.0.9:80 -s rr
EOF
t ipvsadm -S -n
t ipvsadm -C

note "popt errors continue"
t_in - ipvsadm -R <<'EOF'
-A --bogus
-A -t 10.0.0.1:80 -s rr
-A -t 10.0.0.2:80 -s rr -b
-A -t 10.0.0.3:80 -s rr
-Lx
EOF
t_in - ipvsadm -R <<'EOF'
-A -t 10.0.0.4:80 -s rr
-A -t 10.0.0.5:80 --weird
EOF
t ipvsadm -S -n
t ipvsadm -C

note "kernel errors continue; rc is the last line's"
t_in - ipvsadm -R <<'EOF'
-A -t 10.0.0.1:80 -s rr
-A -t 10.0.0.1:80 -s rr
-a -t 10.0.0.9:80 -r 10.1.1.1
-A -t 10.0.0.2:80 -s nosuchsched
-e -t 10.0.0.1:80 -r 10.1.1.1
-d -t 10.0.0.1:80 -r 10.1.1.1
-D -t 10.0.0.9:80
-a -t 10.0.0.1:80 -r 10.1.1.1 -m
EOF
t_in - ipvsadm -R <<'EOF'
-a -t 10.0.0.1:80 -r 10.1.1.2 -m
-a -t 10.0.0.1:80 -r 10.1.1.2 -m
EOF
t ipvsadm -S -n
t ipvsadm -C

note "-h and -v stop the restore with 0 (their text is not ours to compare here)"
t_in - bash -c 'ipvsadm -R >/dev/null' <<'EOF'
-A -t 10.0.0.1:80 -s rr
-A -t 10.0.0.1:80 -s rr
-v
-A -t 10.0.0.2:80 -s rr
EOF
t_in - bash -c 'ipvsadm -R >/dev/null' <<'EOF'
-A -t 10.0.0.3:80 -s rr
-h
-A -t 10.0.0.4:80 -s rr
EOF
t_in - bash -c 'ipvsadm -R >/dev/null' <<'EOF'
--version
-A -t 10.0.0.5:80 -s rr
EOF
t ipvsadm -S -n
t ipvsadm -C
