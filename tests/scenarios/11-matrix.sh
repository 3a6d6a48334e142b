#!/bin/bash
# The command x option legality matrix, generated: every counted option
# (with a valid value) after every command's minimal valid line, so each
# 'x' cell gives its "Illegal" sentence and each blank cell goes on to the
# post-matrix checks or the kernel; then each '+' left out; then the '1'
# conflicts and the list-only conflicts. Allowed cells really run, so the
# table changes as the loop goes; both sides run the same sequence.
. "$(dirname "$0")/lib.sh"

t ipvsadm -C
t ipvsadm -A -t 10.0.0.1:80 -s rr
t ipvsadm -a -t 10.0.0.1:80 -r 10.0.1.1 -m

# Each command's minimal valid line (with its '+' options).
commands=(
    "-A -t 10.0.0.2:80"
    "-E -t 10.0.0.1:80"
    "-D -t 10.0.0.9:80"
    "-C"
    "-L"
    "-a -t 10.0.0.1:80 -r 10.0.1.2"
    "-d -t 10.0.0.1:80 -r 10.0.1.9"
    "-e -t 10.0.0.1:80 -r 10.0.1.1"
    "--set 0 0 0"
    "--start-daemon master"
    "--stop-daemon backup"
    "-R"
    "-S"
    "-Z"
)
# One option per bit, in the reference's bit order, with a valid value.
options=(
    "-n"
    "-c"
    "-t 10.0.0.3:80"
    "-s rr"
    "-p"
    "-M 255.255.255.0"
    "-r 10.0.1.3"
    "-m"
    "-w 2"
    "-x 5"
    "-y 1"
    "--mcast-interface lo"
    "--timeout"
    "--daemon"
    "--stats"
    "--rate"
    "--thresholds"
    "--persistent-conn"
    "--nosort"
    "--syncid 3"
    "--exact"
    "-o"
    "--pe sip"
    "-b flag-1"
    "--mcast-group 224.0.0.82"
    "--mcast-port 8849"
    "--mcast-ttl 2"
    "--sync-maxlen 1000"
    "--tun-info"
    "--tun-type ipip"
    "--tun-port 6080"
    "--tun-nocsum"
    "--tun-csum"
    "--tun-remcsum"
)

note 'every option after every command'
for c in "${commands[@]}"; do
    for o in "${options[@]}"; do
        # Our extension (see 39-improvements): save can write thresholds.
        [ "$c $o" = "-S --thresholds" ] && continue
        # shellcheck disable=SC2086 # word splitting is the point
        t ipvsadm $c $o
    done
    # The flush column and the allowed cells change the table: put back
    # the service the other lines use.
    ipvsadm -A -t 10.0.0.1:80 -s rr >/dev/null 2>&1
    ipvsadm -a -t 10.0.0.1:80 -r 10.0.1.1 -m >/dev/null 2>&1
done
t ipvsadm -L --daemon
t ipvsadm --stop-daemon master
t ipvsadm --stop-daemon backup

note 'each required option left out'
t ipvsadm -A
t ipvsadm -E -s rr
t ipvsadm -D
t ipvsadm -a -r 10.0.1.1
t ipvsadm -a -t 10.0.0.1:80
t ipvsadm -d -r 10.0.1.1
t ipvsadm -d -t 10.0.0.1:80
t ipvsadm -e -r 10.0.1.1
t ipvsadm -e -t 10.0.0.1:80 -w 3
t ipvsadm -a -n                      # numeric (bit 0) before the missing service (bit 2)
t ipvsadm -A -r 10.0.1.1             # service-address (bit 2) before real-server (bit 6)

note 'the '"'"'1'"'"' options of -L: the later one in bit order is named first'
t ipvsadm -L -c -t 10.0.0.1:80
t ipvsadm -L -t 10.0.0.1:80 -c
t ipvsadm -L --timeout --daemon
t ipvsadm -L --daemon --timeout
t ipvsadm -L -c --timeout
t ipvsadm -L --daemon -c
t ipvsadm -L -t 10.0.0.1:80 --timeout
t ipvsadm -L -c --timeout --daemon

note 'the list-only conflicts after the matrix'
for a in -c --timeout --daemon; do
    for b in --stats --rate --thresholds --persistent-conn; do
        t ipvsadm -L $a $b
    done
done
t ipvsadm -L --stats --rate --thresholds --persistent-conn --tun-info -n
t ipvsadm -Lnc --persistent-conn

t ipvsadm -C
