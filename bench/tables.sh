# bench/tables.sh - the benchmark's rule files, sourced by bench/guest.sh.
# Every table is written in `ipvsadm-save -n` form (so that re-applying it
# changes nothing and `-S -n`, sorted, equals the sorted file). Shapes
# (IPVS_BENCH_SHAPES):
#   NxD        N TCP services 10.A.B.C:80 (rr), each with D NAT destinations
#              192.168.j.x:8080, weight 1 (1000x10 = 11,000 lines)
#   mixedN     N such TCP services x 1 destination plus N fwmark services
#              (`-A -f MARK -s rr`, `-a -f MARK -r IP:8080 -m -w 1`): the
#              netdev 2020 single-dump shape (mixed8000)
#   tunN:M     N TCP services with M tunnel destinations in all (`-i`, saved
#              as `-r IP:80 -i -w 1 --tun-type ipip`), spread unevenly as in
#              keepalived#2318 (tun2284:37298): each service gets M/N (16),
#              and every k-th service twice that until the rest is used up

vip() { # awk snippet: the i-th service's VIP
    echo 'sprintf("10.%d.%d.%d:80", 1 + int(i / 65536), int(i / 256) % 256, i % 256)'
}

gen_shape() { # SHAPE: the file on stdout
    local s=$1
    case $s in
        mixed*)
            awk -v n="${s#mixed}" 'BEGIN {
                for (i = 0; i < n; i++) {
                    vip = '"$(vip)"'
                    print "-A -t " vip " -s rr"
                    printf "-a -t %s -r 192.168.1.%d:8080 -m -w 1\n", vip, 1 + i % 250
                }
                for (i = 1; i <= n; i++) {
                    print "-A -f " i " -s rr"
                    printf "-a -f %d -r 192.168.2.%d:8080 -m -w 1\n", i, 1 + i % 250
                }
            }' ;;
        tun*:*)
            s=${s#tun}
            awk -v n="${s%:*}" -v m="${s#*:}" 'BEGIN {
                base = int(m / n); extra = m - base * n
                big = base ? int((extra + base - 1) / base) : 0
                step = big ? int(n / big) : 0
                for (i = 0; i < n; i++) {
                    vip = '"$(vip)"'
                    d = base
                    if (step && i % step == 0 && extra > 0) {
                        more = extra < base ? extra : base
                        d += more; extra -= more
                    }
                    print "-A -t " vip " -s rr"
                    for (j = 1; j <= d; j++)
                        printf "-a -t %s -r 172.16.%d.%d:80 -i -w 1 --tun-type ipip\n", vip, j, 1 + i % 250
                }
            }' ;;
        *x*)
            awk -v n="${s%x*}" -v d="${s#*x}" 'BEGIN {
                for (i = 0; i < n; i++) {
                    vip = '"$(vip)"'
                    print "-A -t " vip " -s rr"
                    for (j = 1; j <= d; j++)
                        printf "-a -t %s -r 192.168.%d.%d:8080 -m -w 1\n", vip, j, 1 + i % 250
                }
            }' ;;
        *) log "unknown shape $s"; return 1 ;;
    esac
}

# gen_changed MODE NxD: the NxD table with every 10th service changed.
# MODE all: the "10 % change" (another scheduler, one -E; new weights on
# half its destinations, -e; the other half replaced by new addresses, -d
# and -a); sched, weight, dest: only that part of it.
gen_changed() {
    local s=$2
    awk -v mode="$1" -v n="${s%x*}" -v d="${s#*x}" 'BEGIN {
        for (i = 0; i < n; i++) {
            vip = '"$(vip)"'
            ch = (i % 10 == 0)
            sch = ch && (mode == "all" || mode == "sched")
            wch = ch && (mode == "all" || mode == "weight")
            dch = ch && (mode == "all" || mode == "dest")
            print "-A -t " vip " -s " (sch ? "wrr" : "rr")
            for (j = 1; j <= d; j++) {
                if (j <= d / 2 && wch)
                    printf "-a -t %s -r 192.168.%d.%d:8080 -m -w 2\n", vip, j, 1 + i % 250
                else if (j > d / 2 && dch)
                    printf "-a -t %s -r 192.168.%d.%d:8080 -m -w 1\n", vip, j + 100, 1 + i % 250
                else
                    printf "-a -t %s -r 192.168.%d.%d:8080 -m -w 1\n", vip, j, 1 + i % 250
            }
        }
    }'
}

# gen_requests MODE NxD: only the requests that turn the NxD table into
# `gen_changed MODE`'s, as rule lines (-E, -e, -a, -d): what a converge
# must send, for the raw sender (the converge's floor).
gen_requests() {
    local s=$2
    awk -v mode="$1" -v n="${s%x*}" -v d="${s#*x}" 'BEGIN {
        for (i = 0; i < n; i += 10) {
            vip = '"$(vip)"'
            if (mode == "all" || mode == "sched")
                print "-E -t " vip " -s wrr"
            for (j = 1; j <= d; j++) {
                rip = sprintf("192.168.%d.%d:8080", j, 1 + i % 250)
                if (j <= d / 2 && (mode == "all" || mode == "weight"))
                    printf "-e -t %s -r %s -m -w 2\n", vip, rip
                if (j > d / 2 && (mode == "all" || mode == "dest")) {
                    printf "-a -t %s -r 192.168.%d.%d:8080 -m -w 1\n", vip, j + 100, 1 + i % 250
                    printf "-d -t %s -r %s\n", vip, rip
                }
            }
        }
    }'
}
