#!/bin/bash
# One-sided checks of ipvsadm-restore's own modes on a real kernel (the
# reference has no such modes, so `vm diff` cannot compare them):
#   --converge never lets a kept service vanish or lose all its dests while
#   a listing loop watches, converges to what clear+restore builds, and a
#   second run sends nothing; the kernel's normalised fields do not count
#   as changes; --check, --line-numbers, --strict, -S --thresholds, `#`
#   comments in -R; SIGINT/SIGTERM leave a clean prefix and say so.
#
# Run by tests/checks/run (all checks, one VM boot), or alone:
# tests/checks/run 10-restore-modes. Uses the
# ipvsadm, ipvsadm-restore on PATH, else target/release. Prints one "ok:"
# line per check, "FAIL: ..." with details otherwise; exits 1 on failure.
set -u
HERE=$(cd "$(dirname "$0")/.." && pwd)
CHECKS=(
    "converge: kinds file needs no changes after a plain restore"
    "converge: a watching loop never saw a kept service missing or empty"
    "converge: result equals clear + restore of the file"
    "converge: second run sends nothing"
    "check: bad lines listed with numbers, rc 1, table untouched"
    "check: good file rc 0"
    "line-numbers and strict"
    "save --thresholds round-trips -x/-y"
    "comments accepted by our -R"
    "SIGINT during -R: clean prefix and the line reached"
    "SIGTERM during ipvsadm-restore: clean prefix and the line reached"
)
if ! command -v ipvsadm-restore >/dev/null || ! ipvsadm-restore --help >/dev/null 2>&1; then
    PATH=$HERE/../target/release:$PATH
fi
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
cd "$W" || exit 2
failed=0 n=0
pass() { echo "ok: ${CHECKS[n]}"; n=$((n + 1)); }
fail() { echo "FAIL: ${CHECKS[n]}: $*"; failed=1; n=$((n + 1)); }
# check COND-STATUS DETAILS: pass when the status is 0.
check() { if [ "$1" = 0 ]; then pass; else fail "${*:2}"; fi; }
# A fresh table: IPVS state is per network namespace, and deleted dests
# linger in the kernel's trash list, so each part gets its own.
fresh() { unshare -n bash -c "ip link set lo up; $1"; }

# Every kind of entry, as a file would spell it; the kernel normalises
# some (dest port for -g/-i, tunnel defaults, flags, netmask, timeout).
cat >kinds <<'EOF'
-A -t 10.0.0.1:80 -s rr
-a -t 10.0.0.1:80 -r 192.168.1.1:80 -m -w 1
-a -t 10.0.0.1:80 -r 192.168.1.2:8080 -m -w 0
-a -t 10.0.0.1:80 -r 192.168.1.3:8080 -g -w 65536
-a -t 10.0.0.1:80 -r 127.0.0.1 -m -w 3
-a -t 10.0.0.1:80 -r 127.0.0.2:80 -i
-a -t 10.0.0.1:80 -r 127.0.0.3:80 -i --tun-type gue --tun-port 6000
-A -u 10.0.0.1:53 -s wlc -o
-a -u 10.0.0.1:53 -r 192.168.1.1 -i -w 2
-a -u 10.0.0.1:53 -r 192.168.1.4 -i --tun-type ipip -x 100 -y 10
-A --sctp-service 10.0.0.2:5060 -s sh -b sh-fallback,sh-port -p 600 -M 255.255.255.0
-a --sctp-service 10.0.0.2:5060 -r 192.168.1.5:5060 -i --tun-type gue --tun-port 6080
-a --sctp-service 10.0.0.2:5060 -r 192.168.1.6:5060 -i --tun-type gue --tun-port 6081 --tun-csum
-a --sctp-service 10.0.0.2:5060 -r 192.168.1.7:5060 -i --tun-type gue --tun-port 6082 --tun-remcsum
-a --sctp-service 10.0.0.2:5060 -r 192.168.1.8:5060 -i --tun-type gre --tun-csum
-a --sctp-service 10.0.0.2:5060 -r 192.168.1.9:5060 -i --tun-type gre
-A -u 10.0.0.3:5060 -s rr -p --pe sip
-A -u 10.0.0.4:5060 -s rr --pe sip
-A -t 10.0.0.5:0 -s dh -p 30 -M 255.255.0.0
-a -t 10.0.0.5:0 -r 192.168.1.11 -g
-A -t 10.0.0.9:80 -s rr -M 255.255.0.0
-A -f 1 -s wrr -p 120
-a -f 1 -r 192.168.2.1 -g -w 5
-a -f 1 -r 192.168.2.2:99 -m -w 5
-A -f 2 -6 -s lc -p 60 -M 64
-a -f 2 -6 -r 2001:db8::5 -g
-A -f 3 -6 -s lc
-A -f 4294967295 -s sh -b flag-3
-A -t [2001:db8::1]:443 -s mh -b mh-fallback,mh-port
-a -t [2001:db8::1]:443 -r [2001:db8::2]:443 -m -w 3
-a -t [2001:db8::1]:443 -r [::1]:443 -m
-A -u [2001:db8::1]:53 -s sed -p 10 -M 64
-a -u [2001:db8::1]:53 -r [2001:db8::3]:53 -i --tun-type gue --tun-port 7000 --tun-csum
-A -u [2001:db8::1]:54 -s sed
-A -t 10.0.0.11:80 -s rr -b flag-1,flag-2
-A -t 10.0.0.13:80
EOF
out=$(fresh 'ipvsadm-restore <kinds 2>&1 &&
    ipvsadm-restore --dry-run <kinds 2>&1 &&
    ipvsadm-restore --converge --verbose <kinds 2>&1')
check "$([ "$out" = "0 changes sent, 0 failed" ] && echo 0)" "$out"

# --- the non-disruptive converge, watched -------------------------------
# A: services 1..200 with dests .1-.5. B: 1..150 kept (odd ones change
# scheduler, lose .1-.2, re-weight .3-.5, gain .6-.7), 151..200 go,
# 201..250 come.
awk 'BEGIN {
    for (i = 1; i <= 250; i++) {
        s = "-t 10.2." int(i / 200) "." (i % 200 + 1) ":80"
        if (i <= 200) {
            print "-A " s " -s rr" >"A"
            for (j = 1; j <= 5; j++) print "-a " s " -r 192.168.0." j ":80 -m -w 1" >"A"
        }
        if (i <= 150 || i > 200) {
            odd = i % 2
            print "-A " s " -s " (odd ? "wrr" : "rr") >"B"
            for (j = (odd ? 3 : 1); j <= (odd ? 7 : 5); j++)
                print "-a " s " -r 192.168.0." j ":80 -m -w " (odd ? 2 : 1) >"B"
        }
        if (i <= 150) print "10.2." int(i / 200) "." (i % 200 + 1) ":80" >"kept"
    }
}'
# The watcher: saves the table in a loop until STOP exists (bounded), all
# snapshots in one file, each after a "== N" line.
cat >watch <<'EOF'
i=0
while [ ! -e STOP ] && [ $i -lt 300 ]; do
    echo "== $i"; ipvsadm -S -n; i=$((i + 1))
done >snaps
EOF
# Every snapshot must hold each kept service with at least one dest.
cat >judge.awk <<'EOF'
BEGIN { while ((getline k <"kept") > 0) keep[k] = 1 }
function verdict(   k) {
    for (k in keep) if (!(k in svc) || !(k in dests)) { print snap ": " k; bad++ }
    delete svc; delete dests
}
/^== / { if (snap != "") verdict(); snap = $2; n++; next }
$1 == "-A" { svc[$3] = 1 }
$1 == "-a" { dests[$3]++ }
END { if (snap != "") verdict(); print n + 0 " snapshots" >"count" }
EOF
fresh '
    ipvsadm-restore <A
    bash watch & w=$!
    for k in 1 2 3; do
        ipvsadm-restore --converge <B || echo "converge to B failed"
        ipvsadm-restore --converge <A || echo "converge to A failed"
    done
    ipvsadm-restore --converge <B || echo "converge to B failed"
    touch STOP; wait $w
    ipvsadm -S -n >converged
    ipvsadm-restore --converge --verbose <B >second 2>&1
    ipvsadm-restore --dry-run <B >>second 2>&1
' >log 2>&1
bad=$(awk -f judge.awk snaps | head -n 5)
check "$([ -z "$bad" ] && [ ! -s log ] && [ "$(cat count)" != "0 snapshots" ] && echo 0)" \
    "$(cat count); $(cat log) $bad"
fresh 'ipvsadm-restore <B; ipvsadm -S -n >rebuilt'
cmp -s converged rebuilt
check $? "$(diff converged rebuilt | head)"
check "$([ "$(cat second)" = "0 changes sent, 0 failed" ] && echo 0)" "$(cat second)"

# --- --check ---------------------------------------------------------------
printf '%s\n' '-A -t 10.0.0.1:80 -s rr' '' '-A -t 10.0.0.1:80 -s rr' \
    '-a -t 10.0.0.2:80 -r 1.1.1.1' '-A --bogus' '-A -t 10.0.0.3:80 -s rr' >bad
out=$(fresh 'ipvsadm -A -t 10.9.9.9:80 -s rr
    ipvsadm-restore --check <bad 2>&1; echo "rc=$?"; ipvsadm -S -n')
want='line 3: Service already exists
line 4: Service not defined
line 5: --bogus: unknown option
rc=1
-A -t 10.9.9.9:80 -s rr'
check "$([ "$out" = "$want" ] && echo 0)" "$out"
out=$(fresh 'ipvsadm-restore --check <kinds 2>&1; echo "rc=$?"; ipvsadm -S -n')
check "$([ "$out" = "rc=0" ] && echo 0)" "$out"

# --- --line-numbers, --strict -------------------------------------------------
printf '%s\n' '-A -t 10.0.0.1:80 -s rr' '-A -t 10.0.0.1:80 -s rr' '-A -t 10.0.0.2:80 -s rr' >dup
out=$(fresh 'ipvsadm-restore --line-numbers <dup 2>&1; echo "rc=$?"
    ipvsadm-restore --strict <dup 2>&1; echo "rc=$?"
    ipvsadm -R <dup 2>&1; echo "rc=$?"')
want='line 2: Service already exists
rc=0
Service already exists
rc=255
Service already exists
Service already exists
Service already exists
rc=255'
check "$([ "$out" = "$want" ] && echo 0)" "$out"

# --- -S --thresholds -----------------------------------------------------------
printf '%s\n' '-A -t 10.0.0.1:80 -s wlc' '-a -t 10.0.0.1:80 -r 10.1.1.1:80 -m -w 2 -x 100 -y 10' \
    '-a -t 10.0.0.1:80 -r 10.1.1.2:80 -m -x 7' >thr
out=$(fresh 'ipvsadm -R <thr && ipvsadm -S -n --thresholds >s1 && ipvsadm -C &&
    ipvsadm -R <s1 && ipvsadm -S -n --thresholds >s2 && cmp s1 s2 && cat s1')
want='-A -t 10.0.0.1:80 -s wlc
-a -t 10.0.0.1:80 -r 10.1.1.1:80 -m -w 2 -x 100 -y 10
-a -t 10.0.0.1:80 -r 10.1.1.2:80 -m -w 1 -x 7'
check "$([ "$out" = "$want" ] && echo 0)" "$out"

# --- comments (ours; the reference's -R aborts on them) -------------------------
printf '%s\n' '# a comment' '-A -t 10.0.0.1:80 -s rr  # trailing' '   # indented' >com
out=$(fresh 'ipvsadm -R <com 2>&1; echo "rc=$?"; ipvsadm -S -n')
check "$([ "$out" = $'rc=0\n-A -t 10.0.0.1:80 -s rr' ] && echo 0)" "$out"

# --- interruption ------------------------------------------------------------
awk 'BEGIN { for (i = 0; i < 1000; i++) { s = "-t 10.1." int(i / 250) "." (i % 250 + 1) ":80"
    print "-A " s " -s rr"
    for (j = 1; j <= 10; j++) print "-a " s " -r 192.168.0." j ":80 -m -w 1" } }' >big
# The first 2500 lines, a pause, the rest: the signal comes while the
# restore waits for input, which must not hide it. It is sent once the
# table holds those 2500 lines (polled, 60 s at most: a loaded machine may
# take longer than any fixed sleep), well inside the feeder's pause. The
# bound is on time, not polls: on a busy host each `-S -n` of 2500 lines
# took long enough that 600 polls outlasted the pause (seen on 6.12).
# `set -m`: without job control, bash starts a background command with
# SIGINT ignored, and ours keeps an inherited SIG_IGN (as under nohup), so
# the SIGINT would never arrive.
interrupt() { # $1 = signal, $2 = command
    fresh "set -m; rm -f fifo; mkfifo fifo
    { head -n 2500 big; sleep 120; tail -n +2501 big; } >fifo & feed=\$!
    $2 <fifo 2>err & pid=\$!
    end=\$((SECONDS + 60)); until [ \"\$(ipvsadm -S -n | wc -l)\" = 2500 ] || [ \$SECONDS -ge \$end ]; do sleep 0.1; done
    kill -$1 \$pid; wait \$pid; echo \"rc=\$?\"; pkill -P \$feed; kill \$feed 2>/dev/null
    cat err; ipvsadm -S -n >now; head -n 2500 big | cmp -s - now && echo prefix"
}
out=$(interrupt INT 'ipvsadm -R')
check "$([ "$out" = $'rc=130\nipvsadm: interrupted after line 2500\nprefix' ] && echo 0)" "$out"
out=$(interrupt TERM 'ipvsadm-restore')
check "$([ "$out" = $'rc=143\nipvsadm: interrupted after line 2500\nprefix' ] && echo 0)" "$out"

exit $failed
