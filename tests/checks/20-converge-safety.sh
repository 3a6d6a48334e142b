#!/bin/bash
# One-sided checks of what `ipvsadm-restore --converge` promises when the
# kernel says no (ipvsadm-restore(8), WHAT CONVERGE PROMISES), on a real
# kernel: a refused new service, a refused new destination, a refused edit
# with a destination swap: each leaves what was there, exits non-zero and
# says what was refused and kept. A good file then converges to what a
# clear + restore builds, and a second run sends nothing. SIGTERM in the
# middle of a large converge leaves every kept service with a destination
# and says where it stopped.
#
# Run by tests/checks/run (one VM boot), or alone:
# tests/checks/run 20-converge-safety. Prints one "ok:" line per check,
# "FAIL: ..." with details otherwise; exits 1 on failure.
. "$(dirname "$0")/lib.bash"
# A fresh table per case: IPVS state is per network namespace.
fresh() { unshare -n bash -c "ip link set lo up; $1"; }

# $1 = name, $2 = the live table's rules, $3 = the rule file, $4 = words
# stderr must contain (|-separated). The table must be unchanged and the
# exit status non-zero.
refused() {
    local name=$1 out before after rc
    printf '%s\n' "$2" >live
    printf '%s\n' "$3" >file
    out=$(fresh 'ipvsadm-restore <live; ipvsadm -S -n >before
        ipvsadm-restore --converge <file 2>err; echo "rc=$?" >rc
        ipvsadm -S -n >after')
    rc=$(cat rc)
    local want missing=
    IFS='|' read -ra want <<<"$4"
    for w in "${want[@]}"; do grep -qF -- "$w" err || missing+="[$w] "; done
    if [ "$rc" = rc=0 ]; then
        bad "$name" "exit status 0; stderr: $(cat err)"
    elif ! cmp -s before after; then
        bad "$name" "the table changed: $(diff before after | head -5 | tr '\n' ' '); stderr: $(cat err)"
    elif [ -n "$missing" ]; then
        bad "$name" "stderr lacks $missing: $(cat err)"
    else
        ok "$name ($rc, table unchanged)"
    fi
    [ -z "$out" ] || echo "  (set-up said: $out)"
}

LIVE='-A -t 10.0.0.1:80 -s rr
-a -t 10.0.0.1:80 -r 10.1.1.1:80 -m -w 1'

refused "a new service whose scheduler cannot load: the old one is not deleted" "$LIVE" \
    '-A -t 10.0.0.2:80 -s nosuchsched
-a -t 10.0.0.2:80 -r 10.1.1.2:80 -m' \
    'line 1: ipvsadm -A -t 10.0.0.2:80 -s nosuchsched: Scheduler or persistence engine not found|line 2: ipvsadm -a -t 10.0.0.2:80 -r 10.1.1.2:80 -m -w 1: not sent: its service was not added|ipvsadm -D -t 10.0.0.1:80: not sent: kept'

refused "a kept service's new destination with thresholds out of order: the old one stays" "$LIVE" \
    '-A -t 10.0.0.1:80 -s rr
-a -t 10.0.0.1:80 -r 10.1.1.2:80 -m -x 5 -y 10' \
    'line 2: Numerical result out of range|nothing changed'

refused "a kept service's new destination that is not unicast: the old one stays" "$LIVE" \
    '-A -t 10.0.0.1:80 -s rr
-a -t 10.0.0.1:80 -r 224.1.1.1:80 -m' \
    'line 2: |nothing changed'

# The edit is refused by the kernel (the scheduler cannot load); the new
# destination goes in (its service exists), the old one is kept.
printf '%s\n' "$LIVE" >live
printf '%s\n' '-A -t 10.0.0.1:80 -s nosuchsched' '-a -t 10.0.0.1:80 -r 10.1.1.3:80 -m' >file
fresh 'ipvsadm-restore <live
    ipvsadm-restore --converge <file 2>err; echo "rc=$?" >rc
    ipvsadm -S -n >after'
if [ "$(cat rc)" != rc=0 ] && grep -q '^-A -t 10.0.0.1:80 -s rr$' after &&
    grep -q -- '-r 10.1.1.1:80' after && grep -q -- '-r 10.1.1.3:80' after &&
    grep -qF 'line 1: ipvsadm -E -t 10.0.0.1:80 -s nosuchsched: ' err &&
    grep -qF -- '-d -t 10.0.0.1:80 -r 10.1.1.1:80: not sent: kept' err; then
    ok "a refused edit with a destination swap keeps the old destination ($(cat rc))"
else
    bad "a refused edit with a destination swap" "$(cat rc); $(cat after | tr '\n' ' '); $(cat err)"
fi

# A good file: the result is what clear + restore builds, and a second run
# sends nothing.
printf '%s\n' '-A -t 10.0.0.1:80 -s wrr' '-a -t 10.0.0.1:80 -r 10.1.1.3:80 -m -w 2' \
    '-a -t 10.0.0.1:80 -r 10.1.1.4:80 -m -w 1' '-A -u 10.0.0.5:53 -s rr' \
    '-a -u 10.0.0.5:53 -r 10.1.1.5:53 -m' >good
fresh 'ipvsadm-restore <live
    ipvsadm-restore --converge <good >out1 2>&1; echo "rc=$?" >>out1
    ipvsadm -S -n >converged
    ipvsadm-restore --converge --verbose <good >second 2>&1
    ipvsadm-restore <good; ipvsadm -S -n >rebuilt'
if [ "$(cat out1)" = rc=0 ] && cmp -s converged rebuilt &&
    [ "$(cat second)" = "0 changes sent, 0 failed" ]; then
    ok "a good file converges to what clear + restore builds; a second run sends nothing"
else
    bad "good file" "$(cat out1); $(diff converged rebuilt | head -4 | tr '\n' ' '); $(cat second)"
fi

# SIGTERM in the middle: 1,500 services with 10 destinations each are
# kept with new weights (phase 2: 15,000 changes) while 1,500 others are
# replaced. The signal is sent once the first new service exists (phase 1
# done); the run must stop before deleting anything.
awk 'BEGIN {
    for (i = 0; i < 3000; i++) {
        s = "-t 10.3." int(i / 250) "." (i % 250 + 1) ":80"
        if (i < 1500) { print "-A " s " -s rr" >"A"; print "-A " s " -s rr" >"B" }
        else print "-A " s " -s rr" >"A"
        for (j = 1; j <= 10; j++) {
            d = "-a " s " -r 192.168.9." j ":80 -m -w "
            if (i < 1500) { print d 1 >"A"; print d 2 >"B" }
            else print d 1 >"A"
        }
        if (i < 1500) print "10.3." int(i / 250) "." (i % 250 + 1) ":80" >"kept"
    }
    for (i = 0; i < 1500; i++) {
        s = "-t 10.4." int(i / 250) "." (i % 250 + 1) ":80"
        print "-A " s " -s rr" >"B"
        print "-a " s " -r 192.168.9.1:80 -m" >"B"
    }
}'
fresh 'ipvsadm-restore <A
    ipvsadm-restore --converge <B 2>err & pid=$!
    i=0
    until ipvsadm -L -n -t 10.4.0.1:80 >/dev/null 2>&1 || [ $i -ge 600 ]; do sleep 0.05; i=$((i + 1)); done
    kill -TERM $pid; wait $pid; echo "rc=$?" >rc
    ipvsadm -S -n >after'
missing=$(awk 'NR == FNR { keep[$1] = 1; next }
    $1 == "-A" { svc[$3] = 1 } $1 == "-a" { dests[$3]++ }
    END { for (k in keep) if (!(k in svc) || !(k in dests)) { print k; n++; if (n > 3) exit } }' kept after)
rc=$(cat rc)
if [ "$rc" = rc=0 ]; then
    # Finished before the signal: nothing to judge (say so; it is no pass).
    bad "SIGTERM mid-converge" "the converge finished before the signal came; $(head -c 300 err)"
elif [ "$rc" = rc=143 ] && [ -z "$missing" ] && grep -q 'interrupted by signal 15' err &&
    true; then
    ok "SIGTERM mid-converge: every kept service still has its destinations; $(grep -o 'interrupted by signal 15: [0-9]* of [0-9]* change(s) applied' err)"
else
    bad "SIGTERM mid-converge" "$rc; missing: $missing; $(tail -c 300 err)"
fi

exit $failed
