#!/bin/bash
# The command line as the reference reads it (popt 1.19 semantics): the
# first option must be a command, short clusters, --opt=value and --opt value,
# no prefix abbreviations, -p's optional value, duplicates, leftovers, -6 only
# after -f, -b parsed after all options, strtol number rules, and which error
# wins when several apply. Help and version texts differ on purpose (see
# 39-improvements); here only their exit paths are compared.
. "$(dirname "$0")/lib.sh"

t ipvsadm -C

note 'no arguments at all lists the table'
t ipvsadm

note 'the first option must be a command: try-help, rc 255'
t ipvsadm -n -L
t ipvsadm -t 10.0.0.1:80 -A
t ipvsadm -t=10.0.0.1:80 -A
t ipvsadm --sctp-service 10.0.0.1:80 -A
t ipvsadm --syncid 3 --start-daemon master
t ipvsadm --bogus
t ipvsadm foo
t ipvsadm ''
t ipvsadm -- -L
t ipvsadm --lis
t ipvsadm --list=foo
t ipvsadm -Q
t /tmp/ipvsadm-side/ipvsadm -n                  # argv[0] as typed

note 'a bare word before the command is a leftover, reported after parsing'
t ipvsadm foo -L
t ipvsadm foo --set 1 2 3
t ipvsadm - -L

note 'a later command option is an invalid option (rc 2), never "multiple commands"'
t ipvsadm -L -A
t ipvsadm -L -h
t ipvsadm -L -v
t ipvsadm -A -t 10.0.0.1:80 -D
t ipvsadm -L --start-daemon master            # popt reports the last word read
t ipvsadm -L --stop-daemon backup
t ipvsadm --start-daemon master -L
t ipvsadm -LA
t ipvsadm -L --set 1 2 3

note 'popt errors after the command: "<word>: <message>", rc 255'
t ipvsadm -L --bogus
t ipvsadm -L -Q
t ipvsadm -LQ
t ipvsadm -Lx
t ipvsadm -A -t
t ipvsadm -A -t 10.0.0.1:80 --pe
t ipvsadm -L --lis
t ipvsadm -L --numeric=x
t ipvsadm -L --daemon=x
t ipvsadm -L --nosort=
t ipvsadm --set -1 1 1
t ipvsadm -L -c --timeout=1

note 'clusters take a value from the rest of the word or from the next word'
t ipvsadm -At 10.0.0.1:80 -srr
t ipvsadm -At10.0.0.2:80 -snq -p300
t ipvsadm -A -t=10.0.0.3:80 -s=rr -p=30
t ipvsadm -Ln
t ipvsadm -lnc
t ipvsadm -Lnc
t ipvsadm -Lnnc
t ipvsadm -lnt 10.0.0.1:80
t ipvsadm -Lnt10.0.0.2:80
t ipvsadm -Dt10.0.0.2:80
t ipvsadm -Dt 10.0.0.3:80

note 'long options: --opt=value and --opt value, exact names only'
t ipvsadm --add-service --tcp-service=10.0.0.4:80 --scheduler=sh --persistent=60
t ipvsadm --add-service --udp-service 10.0.0.4:53 --scheduler sh --persistent 60
t ipvsadm --list --numeric
t ipvsadm --list --num
t ipvsadm --list --numeric --tcp-service 10.0.0.4:80
t ipvsadm --delete-service --tcp-service=10.0.0.4:80
t ipvsadm --delete-service --udp-service=10.0.0.4:53
t ipvsadm --tcp
t ipvsadm -A --tcp 10.0.0.9:80

note '-p takes a value only when attached or when the next word has no dash'
t ipvsadm -A -t 10.0.1.1:80 -p
t ipvsadm -A -t 10.0.1.2:80 -p -s rr
t ipvsadm -A -t 10.0.1.3:80 -p 120 -s rr
t ipvsadm -A -t 10.0.1.4:80 -s rr -p120
t ipvsadm -A -t 10.0.1.5:80 -p -M 255.255.0.0
t ipvsadm -A -t 10.0.1.6:80 -p rr
t ipvsadm -A -t 10.0.1.6:80 -p 0
t ipvsadm -A -t 10.0.1.6:80 -p 2678400
t ipvsadm -A -t 10.0.1.7:80 -p 2678401
t ipvsadm -A -t 10.0.1.7:80 -p ''
t ipvsadm -A -t 10.0.1.7:80 --persistent=
t ipvsadm -Ln

note 'duplicate options: multiple '"'"'<name>'"'"' options specified, rc 2'
t ipvsadm -L -n -n
t ipvsadm -L -n --numeric
t ipvsadm -A -t 10.0.0.1:80 -t 10.0.0.2:80
t ipvsadm -A -t 10.0.0.1:80 -u 10.0.0.2:80
t ipvsadm -A -t 10.0.0.1:80 -f 1
t ipvsadm -A -t 10.0.0.1:80 -s rr -s wlc
t ipvsadm -A -t 10.0.0.1:80 -p -p
t ipvsadm -A -t 10.0.0.1:80 -M 1.1.1.1 -M 1.1.1.1
t ipvsadm -a -t 10.0.0.1:80 -r 1.1.1.1 -r 1.1.1.2
t ipvsadm -a -t 10.0.0.1:80 -r 1.1.1.1 -m -g
t ipvsadm -a -t 10.0.0.1:80 -r 1.1.1.1 -i -i
t ipvsadm -a -t 10.0.0.1:80 -r 1.1.1.1 -w 1 -w 2
t ipvsadm -a -t 10.0.0.1:80 -r 1.1.1.1 -x 1 -x 2
t ipvsadm -a -t 10.0.0.1:80 -r 1.1.1.1 -y 1 -y 2
t ipvsadm -A -t 10.0.0.1:80 -o -o
t ipvsadm -A -t 10.0.0.1:80 --pe sip --pe sip
t ipvsadm -A -t 10.0.0.1:80 -b flag-1 -b flag-2
t ipvsadm -L --stats --stats
t ipvsadm -L --rate --rate
t ipvsadm -L --thresholds --thresholds
t ipvsadm -L --persistent-conn --persistent-conn
t ipvsadm -L --nosort --nosort
t ipvsadm -L --exact -X
t ipvsadm -L --tun-info --tun-info
t ipvsadm -L --timeout --timeout
t ipvsadm -L --daemon --daemon
t ipvsadm -L -c -c
t ipvsadm -L --sort --sort -n
t ipvsadm --start-daemon master --syncid 1 --syncid 2
t ipvsadm --start-daemon master --mcast-interface lo --mcast-interface lo
t ipvsadm --start-daemon master --mcast-group 224.0.0.1 --mcast-group 224.0.0.1
t ipvsadm --start-daemon master --mcast-port 1 --mcast-port 1
t ipvsadm --start-daemon master --mcast-ttl 1 --mcast-ttl 1
t ipvsadm --start-daemon master --sync-maxlen 1 --sync-maxlen 1
t ipvsadm -a -t 10.0.0.1:80 -r 1.1.1.1 -i --tun-type gue --tun-type gue
t ipvsadm -a -t 10.0.0.1:80 -r 1.1.1.1 -i --tun-port 1 --tun-port 1
t ipvsadm -a -t 10.0.0.1:80 -r 1.1.1.1 -i --tun-csum --tun-csum
t ipvsadm -a -t 10.0.0.1:80 -r 1.1.1.1 -i --tun-nocsum --tun-nocsum
t ipvsadm -a -t 10.0.0.1:80 -r 1.1.1.1 -i --tun-remcsum --tun-remcsum
t ipvsadm -A -f 1 -6 -6

note 'leftover words: unexpected argument, rc 2 (only --set takes positionals)'
t ipvsadm -L -- -n
t ipvsadm -L foo
t ipvsadm -L ''
t ipvsadm -L foo bar
t ipvsadm -R extra
t ipvsadm -C now
t ipvsadm -A -- -t 10.0.0.1:80
t ipvsadm -A -t 10.0.0.9:80 extra
t ipvsadm -L -w 5 foo                      # the leftover comes before the matrix
t ipvsadm -L foo -w x                      # the weight's range error comes first

note '-6 only after -f; its message has an extra empty line (and trixie'"'"'s wording)'
t_trixie ipvsadm -A -6 -f 5
t_trixie ipvsadm -A -t '[::1]:80' -6
t_trixie ipvsadm -L -6
t ipvsadm -A -f 5 -6 -s rr
t ipvsadm -A -f 5 --ipv6
t ipvsadm -L -n -f 5 -6

note '-b is parsed after every option, so its errors come after popt, range and leftover errors, before the matrix'
t ipvsadm -A -t 10.0.2.1:80 -b sh-port -s sh
t ipvsadm -A -t 10.0.2.2:80 -b mh-fallback,mh-port -s mh
t ipvsadm -A -t 10.0.2.3:80 -b flag-1,,flag-3
t ipvsadm -A -t 10.0.2.4:80 -b ''
t ipvsadm -A -t 10.0.2.5:80 -b sh-port
t ipvsadm -A -t 10.0.2.5:80 -b sh-port -s mh
t ipvsadm -A -t 10.0.2.5:80 -b bogus
t ipvsadm -A -t 10.0.2.5:80 -b flag-1,bogus,sh-port
t ipvsadm -A -t 10.0.2.5:80 -b sh-port,bogus
t ipvsadm -D -t 10.0.2.5:80 -b bogus       # -b error before the matrix error
t ipvsadm -L -b bogus
t ipvsadm -A -t 10.0.2.5:80 -b bogus -w 3  # weight is a matrix error: -b first
t ipvsadm -A -t 10.0.2.5:80 -b bogus -p x  # -p's range error is acted on first
t ipvsadm -A -t 10.0.2.5:80 -b bogus foo   # the leftover first
t ipvsadm -A -t 10.0.2.5:80 -b bogus --zzz # popt first
t ipvsadm -A -t 10.0.2.5:80 --sched-flags=flag-2 -s rr
t ipvsadm -Ln

note 'numbers: strtol base 10 over the whole word (leading space and + allowed, no hex, no trailing text)'
t ipvsadm -A -t 10.0.3.1:80 -p ' 30'
t ipvsadm -A -t 10.0.3.2:80 -p +30
t ipvsadm -A -t 10.0.3.3:80 -p 0x10
t ipvsadm -A -t 10.0.3.3:80 -p '30 '
t ipvsadm -A -t 10.0.3.3:80 -p 30x
t ipvsadm -A -t 10.0.3.3:80 -p -5
t ipvsadm -A -t 10.0.3.3:80 -p=-5
t ipvsadm -A -t 10.0.3.3:80 -p 99999999999999999999
t ipvsadm -A -t 10.0.3.4:+80
t ipvsadm -A -t 10.0.3.4:0x50
t ipvsadm -A -t '10.0.3.5: 80'
t ipvsadm -A -t 10.0.3.6:65535
t ipvsadm -A -t 10.0.3.6:65536
t ipvsadm -A -t 10.0.3.6:-1
t ipvsadm -A -f ' 7'
t ipvsadm -A -f +8
t ipvsadm -A -f 0x9
t ipvsadm -A -f 9x
t ipvsadm -A -f ''
t ipvsadm --set ' 1' +2 003
t ipvsadm -L --timeout
t ipvsadm --set 0x1 2 3
t ipvsadm --set 1 2
t ipvsadm --set 1 2 3 4
t ipvsadm --set
t ipvsadm --set 2678400 2678400 2678401
t ipvsadm --set 900 120 300
t ipvsadm -Ln

t ipvsadm -C
