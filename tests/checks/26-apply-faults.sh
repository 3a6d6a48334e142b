#!/bin/bash
# One-sided checks of the live-apply path under faults, on a real kernel,
# as an operator would try them (issue 28, "a live apply that never cuts
# what it could not see"):
#  1. two applies at once never mix: `--converge` takes an exclusive lock
#     per network namespace (/run/ipvsadm/netns-<inode>.lock); a second
#     converge refuses with status 4 naming the holder's pid, or waits with
#     --wait[=S]; the classic restore and `ipvsadm -R` wait; a single
#     `ipvsadm -A` does not;
#  2. a drain whose netlink reads start failing (strace fault injection,
#     EIO or ENOBUFS) keeps the service and its server at weight 0 with its
#     connections, exits non-zero and says to run the same command again,
#     which then finishes; a one-shot ENOBUFS is absorbed;
#  3. a weight-0 edit that fails (its send, or its ACK's read) deletes
#     nothing;
#  4. SIGHUP mid-drain: status 129, left at weight 0, said so;
#  5. the exit status survives stderr on a broken pipe;
#  6. a silent kernel (a request strace swallows, telling the program it
#     was sent) gives a time-out, not a hang.
# Fault points are found by tracing a clean run of the same scenario first
# (see `calibrate`), not hard-coded, so they follow the programs' syscalls.
#
# Run by tests/checks/run (one VM boot), or alone:
# tests/checks/run 26-apply-faults. Prints "ok:"/"FAIL:" lines; exits 1
# on failure.
. "$(dirname "$0")/lib.bash"
fresh() { unshare -n bash -c "ip link set lo up; ip addr add 10.9.9.9/32 dev lo; . ./setup; $1"; }
cat >setup <<'EOF'
# Whether a (background) pid still runs (a zombie does not).
alive() { [ -r /proc/$1/status ] && ! grep -q '^State:[[:space:]]*Z' /proc/$1/status; }
# Seconds since $1 (an $EPOCHREALTIME), one decimal.
since() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'; }
lockfile() { echo "/run/ipvsadm/netns-$(stat -L -c %i /proc/self/ns/net).lock"; }
# The drain scenario: a UDP service on 10.9.9.9:53 whose one real server
# 127.0.0.2 gets every entry; `entries N` makes N connection entries.
udp() { ipvsadm -A -u 10.9.9.9:53 -s rr; ipvsadm -a -u 10.9.9.9:53 -r 127.0.0.2:53 -m; }
entries() { python3 -c '
import socket, sys
for i in range(int(sys.argv[1])):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("10.9.9.9", 30000 + i)); s.sendto(b"x", ("10.9.9.9", 53)); s.close()
' "$1"; }
# The old server's "weight inactconn" from -Ln, "gone" without it,
# "no service" without its service; its entries in -Lnc.
old() { ipvsadm -Ln -u 10.9.9.9:53 2>/dev/null | awk '$2 == "127.0.0.2:53" { print $4, $6; f = 1 } END { if (!f) print "gone" }'
    ipvsadm -Ln -u 10.9.9.9:53 >/dev/null 2>&1 || echo "no service"; }
conns() { ipvsadm -Lnc | awk '$NF == "127.0.0.2:53" { n++ } END { print n + 0 }'; }
EOF
# The rules without the UDP service: converging to it drains 127.0.0.2.
echo '-A -t 10.0.0.1:80 -s rr' >new
# Bytes of a file, on one line, for failure details.
show() { tr '\n' ' ' <"$1" 2>/dev/null | head -c "${2:-300}"; }
# The faults strace injected in the last traced run (its log is inj.log):
# how many; a case whose fault never struck passes nothing.
struck() { grep -c INJECTED inj.log 2>/dev/null; }
first_strike() { echo "$(struck) injected, first: $(grep -m1 INJECTED inj.log | cut -c1-100)"; }

# --- calibration ---------------------------------------------------------------
# A clean traced run of the drain scenario (entries outlive --drain=2, so
# it ends at the deadline). From its log (strace -f -xx -o):
# per read syscall, the calls before the drain's first pause (its first
# sleep: the weight-0 edit and one poll are done by then) and the first
# read after it; the weight-0 edit's send (IPVS_CMD_SET_DEST, genl command
# 6) as "syscall index" and its ACK's read. Injection counts are per
# syscall and per tracee (strace(1)), so counts are kept per pid.
READS=recvfrom,recvmsg,recvmmsg
SENDS=sendto,sendmsg
fresh "udp; ipvsadm --set 0 0 60; entries 3
    strace -f -xx -o cal.log -e trace=$READS,$SENDS,nanosleep,clock_nanosleep \
        ipvsadm-restore --converge --drain=2 <new >/dev/null 2>cal.err; echo \$? >cal.rc"
awk '
{ pid = $1; name = $2; sub(/\(.*/, "", name) }
name ~ /nanosleep$/ && !slept { slept = pid; next }
name ~ /^recv/ {
    c[pid, name]++
    if (!slept) before[pid, name] = c[pid, name]
    else if (!after && pid == slept) { after = name; afteri = c[pid, name] }
    if (wantack && pid == editpid) { ack = name " " c[pid, name]; wantack = 0 }
}
name ~ /^send/ {
    c[pid, name]++
    if (!edit && index($0, "}, \"\\x06\\x01")) { edit = name " " c[pid, name]; editpid = pid; wantack = 1 }
}
END {
    p = slept
    printf "recvfrom=%d recvmsg=%d recvmmsg=%d\n", before[p, "recvfrom"], before[p, "recvmsg"], before[p, "recvmmsg"]
    printf "after=\"%s %d\" edit=\"%s\" ack=\"%s\"\n", after, afteri, edit, ack
}' cal.log >cal.vars
. ./cal.vars
if [ "$(cat cal.rc)" = 0 ] && [ -n "${after% *}" ] && [ -n "$edit" ] && [ -n "$ack" ]; then
    ok "calibration: reads before the drain's first pause: recvfrom=$recvfrom recvmsg=$recvmsg recvmmsg=$recvmmsg; first read after it: $after; weight-0 edit: $edit, its ACK: $ack"
else
    bad "calibration (the fault cases below are not meaningful)" "rc=$(cat cal.rc); $(show cal.vars); $(show cal.err)"
fi
# strace options failing every read from the first one after the pause on.
inject_reads() {
    local e=$1
    echo "-e inject=recvfrom:error=$e:when=$((recvfrom + 1))+" \
        "-e inject=recvmsg:error=$e:when=$((recvmsg + 1))+" \
        "-e inject=recvmmsg:error=$e:when=$((recvmmsg + 1))+"
}

# --- 1. two applies at once ----------------------------------------------------
if fresh 'mkdir -p /run/ipvsadm && touch "$(lockfile)"'; then
    ok "/run/ipvsadm is writable in the guest"
else
    bad "/run/ipvsadm" "cannot create the lock file in /run/ipvsadm"
fi

# Two files with the same 30 service keys, different schedulers and real
# servers (a mix shows), B one service more. Their saves, sorted, are what
# each builds alone.
awk 'BEGIN { for (i = 1; i <= 30; i++) {
    s = "-t 10.5.0." i ":80"
    print "-A " s " -s rr" >"A"; print "-a " s " -r 10.1.1.1:80 -m -w 1" >"A"
    print "-A " s " -s wrr" >"B"; print "-a " s " -r 10.1.1.2:80 -m -w 2" >"B" }
    print "-A -t 10.5.1.1:80 -s rr" >"B" }'
fresh 'ipvsadm-restore <A; ipvsadm -S -n | sort >A.save'
fresh 'ipvsadm-restore <B; ipvsadm -S -n | sort >B.save'
# Started together, three rounds (the last with --wait on both): each ends
# as one file exactly; a loser refused with 4 naming the winner's pid, or
# (--wait, or no overlap) applied its own after it.
for round in 1 2 3; do
    w=; [ $round = 3 ] && w=--wait
    fresh "ipvsadm-restore --converge $w <A >/dev/null 2>errA & a=\$!
        ipvsadm-restore --converge $w <B >/dev/null 2>errB & b=\$!
        wait \$a; echo \"a=\$a rcA=\$?\" >race; wait \$b; echo \"b=\$b rcB=\$?\" >>race
        ipvsadm -S -n | sort >after"
    r=$(tr '\n' ' ' <race)
    eval "$(tr ' ' '\n' <race)"
    if cmp -s after A.save; then table=A; elif cmp -s after B.save; then table=B; else table=mixed; fi
    verdict=
    case "$rcA $rcB $table" in
    "0 0 A" | "0 0 B") verdict="both applied, one after the other; the table is $table" ;;
    "0 4 A") grep -qw "pid $a" errB && verdict="B refused (4, names pid $a); the table is A" ;;
    "4 0 B") grep -qw "pid $b" errA && verdict="A refused (4, names pid $b); the table is B" ;;
    esac
    if [ -n "$verdict" ]; then
        ok "two converges at once${w:+ with $w} (round $round): $verdict"
    else
        bad "two converges at once${w:+ with $w} (round $round)" "$r table=$table; A: $(show errA 200); B: $(show errB 200); $(diff A.save after | grep -c '^>') lines not A's, $(diff B.save after | grep -c '^>') not B's"
    fi
done

# A holds the lock while it drains (entries outlive --drain=4); B without
# --wait refuses at once naming A's pid and changes nothing; B with --wait
# applies after A ended.
printf '%s\n' '-A -t 10.0.0.2:80 -s rr' '-a -t 10.0.0.2:80 -r 10.1.1.7:80 -m -w 1' >B2
fresh 'ipvsadm-restore <B2; ipvsadm -S -n | sort >B2.save'
fresh 'udp; ipvsadm --set 0 0 60; entries 2
    ipvsadm-restore --converge --drain=4 <new >/dev/null 2>errA & a=$!
    i=0; until [ "$(old | cut -d" " -f1)" = 0 ] || [ $i -ge 200 ]; do sleep 0.05; i=$((i + 1)); done
    ipvsadm -S -n >before
    t0=$EPOCHREALTIME; ipvsadm-restore --converge <B2 >/dev/null 2>errB1
    echo "rc1=$? d1=$(since $t0) a_alive1=$(alive $a && echo yes || echo no)" >drainlock
    ipvsadm -S -n >mid
    ipvsadm-restore --converge --wait <B2 >/dev/null 2>errB2; rc=$?
    echo "rc2=$rc a_alive2=$(alive $a && echo yes || echo no)" >>drainlock
    wait $a; echo "rcA=$? a=$a" >>drainlock
    ipvsadm -S -n | sort >after'
eval "$(tr ' ' '\n' <drainlock)"
r=$(tr '\n' ' ' <drainlock)
if [ "$a_alive1" = yes ] && [ "$rc1" = 4 ] && grep -qw "pid $a" errB1 && cmp -s before mid; then
    ok "a converge while another drains: refused at once with 4 naming its pid, nothing changed ($r)"
else
    bad "a converge while another drains" "$r; stderr: $(show errB1); $(diff before mid | head -4 | tr '\n' ' ')"
fi
if [ "$rc2" = 0 ] && [ "$a_alive2" = no ] && [ "$rcA" = 0 ] && cmp -s after B2.save; then
    ok "--wait while another drains: waited for it, then applied its own file"
else
    bad "--wait while another drains" "$r; B: $(show errB2); A: $(show errA); table: $(show after)"
fi

# The lock held from outside with flock(1) in the same namespace.
printf '%s\n' '-A -t 10.0.0.3:80 -s rr' >F1
# The classic restores add (they do not clear): each file its own service.
printf '%s\n' '-A -t 10.0.0.4:80 -s rr' >F2
printf '%s\n' '-A -t 10.0.0.5:80 -s rr' >F3
fresh 'mkdir -p /run/ipvsadm; lk=$(lockfile)
    # hold SECONDS: flock holds the lock in the background (pid $h).
    hold() { flock "$lk" sleep "$1" & h=$!
        while flock -n "$lk" true 2>/dev/null; do sleep 0.05; done; }
    has() { ipvsadm -Ln -t "$1" >/dev/null 2>&1 && echo yes || echo no; }
    hold 6; echo "h1=$h" >ext
    ipvsadm -S -n >before
    t0=$EPOCHREALTIME; ipvsadm-restore --converge <F1 >/dev/null 2>e1
    echo "rc1=$? d1=$(since $t0)" >>ext; ipvsadm -S -n >after1
    t0=$EPOCHREALTIME; ipvsadm-restore --converge --wait=1 <F1 >/dev/null 2>e2
    echo "rc2=$? d2=$(since $t0)" >>ext; ipvsadm -S -n >after2
    ipvsadm-restore --converge --wait <F1 >/dev/null 2>e3
    echo "rc3=$? h_alive3=$(alive $h && echo yes || echo no) has3=$(has 10.0.0.3:80)" >>ext
    hold 3; echo "h4=$h" >>ext
    ipvsadm-restore <F2 >/dev/null 2>e4
    echo "rc4=$? h_alive4=$(alive $h && echo yes || echo no) has4=$(has 10.0.0.4:80)" >>ext
    hold 3; echo "h5=$h" >>ext
    t0=$EPOCHREALTIME; ipvsadm -A -t 10.0.0.9:80 2>e6
    echo "rc6=$? d6=$(since $t0) h_alive6=$(alive $h && echo yes || echo no)" >>ext
    ipvsadm -R <F3 >/dev/null 2>e5
    echo "rc5=$? h_alive5=$(alive $h && echo yes || echo no) has5=$(has 10.0.0.5:80)" >>ext
    wait'
eval "$(tr ' ' '\n' <ext)"
r=$(tr '\n' ' ' <ext)
if [ "$rc1" = 4 ] && grep -qw "pid $h1" e1 && awk -v d="$d1" 'BEGIN { exit !(d < 2) }' && cmp -s before after1; then
    ok "lock held by flock: --converge fails at once with 4 naming flock's pid, nothing changed ($d1 s)"
else
    bad "lock held by flock: --converge" "rc=$rc1 after $d1 s (flock pid $h1); stderr: $(show e1); $(diff before after1 | head -3 | tr '\n' ' ')"
fi
if [ "$rc2" = 4 ] && awk -v d="$d2" 'BEGIN { exit !(d >= 0.9 && d < 3) }' && cmp -s before after2; then
    ok "lock held by flock: --converge --wait=1 fails with 4 after $d2 s, nothing changed"
else
    bad "lock held by flock: --converge --wait=1" "rc=$rc2 after $d2 s; stderr: $(show e2); $(diff before after2 | head -3 | tr '\n' ' ')"
fi
if [ "$rc3" = 0 ] && [ "$h_alive3" = no ] && [ "$has3" = yes ]; then
    ok "lock held by flock: --converge --wait waits for it, then applies"
else
    bad "lock held by flock: --converge --wait" "rc=$rc3, flock still held it when it ended: $h_alive3, applied: $has3; stderr: $(show e3)"
fi
if [ "$rc4" = 0 ] && [ "$h_alive4" = no ] && [ "$has4" = yes ]; then
    ok "lock held by flock: the classic ipvsadm-restore waits, then loads"
else
    bad "lock held by flock: classic ipvsadm-restore" "rc=$rc4, flock still held it when it ended: $h_alive4, loaded: $has4; stderr: $(show e4)"
fi
if [ "$rc5" = 0 ] && [ "$h_alive5" = no ] && [ "$has5" = yes ]; then
    ok "lock held by flock: ipvsadm -R waits, then loads"
else
    bad "lock held by flock: ipvsadm -R" "rc=$rc5, flock still held it when it ended: $h_alive5, loaded: $has5; stderr: $(show e5)"
fi
if [ "$rc6" = 0 ] && [ "$h_alive6" = yes ]; then
    ok "lock held by flock: a single ipvsadm -A does not wait ($d6 s)"
else
    bad "lock held by flock: ipvsadm -A" "rc=$rc6 after $d6 s, flock still held it: $h_alive6; stderr: $(show e6)"
fi

# --- 2. a drain whose reads start failing ----------------------------------------
# $1 = errno. Every read from the first one after the drain's first pause
# fails: the service and its server stay (weight 0, entries kept), the
# status is non-zero, stderr says what was left and to run it again; that
# command without faults then finishes (--drain=1 accepts the cut).
reads_fail() {
    local e=$1
    fresh "udp; ipvsadm --set 0 0 60; entries 3
        strace -f -o inj.log -e trace=$READS $(inject_reads "$e") \
            timeout -s KILL 60 ipvsadm-restore --converge --drain=30 <new >/dev/null 2>err1
        echo \"rc1=\$? old1='\$(old | tr '\n' ' ')' conns1=\$(conns)\" >r
        ipvsadm-restore --converge --drain=1 <new >/dev/null 2>err2
        echo \"rc2=\$? old2='\$(old | tr '\n' ' ')'\" >>r"
    local rc1 rc2 old1 old2 conns1
    eval "$(cat r)"
    local r; r=$(tr '\n' ' ' <r)
    if [ "$(struck)" -gt 0 ] && [ "$rc1" != 0 ] && [ "$rc1" != 137 ] && [[ $old1 == "0 "[1-9]* ]] && [ "$conns1" -gt 0 ] &&
        grep -q 'the drain stopped: could not read the servers of -u 10.9.9.9:53' err1 &&
        grep -q '1 server(s) left at weight 0' err1 && grep -q 'run the same command again to finish' err1; then
        ok "reads failing ($e) mid-drain: service and server kept at weight 0 with $conns1 entries, status $rc1: $(show err1 400)"
    else
        bad "reads failing ($e) mid-drain" "$r; $(first_strike); stderr: $(show err1 400)"
    fi
    # Judged only when there was something left to finish.
    if [[ $old1 == "0 "[1-9]* ]] && [ "$rc2" = 0 ] && [ "$old2" = "gone no service " ]; then
        ok "reads failing ($e): the same command run again finishes"
    else
        bad "reads failing ($e): run again" "$r (needs the server left at weight 0 first); stderr: $(show err2)"
    fi
}
reads_fail EIO
reads_fail ENOBUFS

# One ENOBUFS on the first read after the pause: absorbed (the dump is
# read again); the drain goes on to its deadline and cuts, status 0.
fresh "udp; ipvsadm --set 0 0 60; entries 3
    t0=\$EPOCHREALTIME
    strace -f -o inj.log -e trace=$READS -e inject=${after% *}:error=ENOBUFS:when=$((${after#* } + 0)) \
        timeout -s KILL 60 ipvsadm-restore --converge --drain=3 <new >/dev/null 2>err
    echo \"rc=\$? d=\$(since \$t0) old='\$(old | tr '\n' ' ')'\" >r"
eval "$(cat r)"
if [ "$(struck)" = 1 ] && [ "$rc" = 0 ] && [ "$old" = "gone no service " ] && awk -v d="$d" 'BEGIN { exit !(d >= 3) }' &&
    grep -qF 'drain time up, deleted with 3 connection(s) left' err; then
    ok "one ENOBUFS mid-drain is absorbed: drained to the deadline and cut ($d s)"
else
    bad "one ENOBUFS mid-drain" "$(cat r); $(first_strike); stderr: $(show err)"
fi

# --- 3. a weight-0 edit that fails --------------------------------------------------
# $1 = what fails ("syscall index"), $2 = its description. Nothing may be
# deleted: the service stays with its server (at its old weight when the
# edit was not sent; at either weight when its outcome is unknown).
edit_fails() {
    local at=$1 what=$2 want=$3
    fresh "udp; ipvsadm --set 0 0 60; entries 3
        strace -f -o inj.log -e trace=${at% *} -e inject=${at% *}:error=EIO:when=${at#* } \
            timeout -s KILL 60 ipvsadm-restore --converge --drain=5 <new >/dev/null 2>err
        echo \"rc=\$? old='\$(old | tr '\n' ' ')'\" >r"
    local rc old
    eval "$(cat r)"
    # shellcheck disable=SC2053
    if [ "$(struck)" = 1 ] && [ "$rc" != 0 ] && [ "$rc" != 137 ] && [[ $old == $want ]]; then
        ok "$what: nothing deleted (server: weight inactconn = ${old% }), status $rc"
    else
        bad "$what" "$(cat r); $(first_strike); stderr: $(show err 400)"
    fi
}
edit_fails "$edit" "the weight-0 edit's send fails" "1 [1-9]* "
edit_fails "$ack" "the weight-0 edit's ACK cannot be read" "[01] [1-9]* "

# --- 4. SIGHUP mid-drain ------------------------------------------------------------
fresh 'udp; ipvsadm --set 0 0 60; entries 3
    ipvsadm-restore --converge --drain=30 <new >/dev/null 2>err & pid=$!
    i=0; until [ "$(old | cut -d" " -f1)" = 0 ] || [ $i -ge 200 ]; do sleep 0.05; i=$((i + 1)); done
    kill -HUP $pid; wait $pid; echo "rc=$? old=\"$(old | tr "\n" " ")\" conns=$(conns)" >r'
eval "$(cat r)"
if [ "$rc" = 129 ] && [[ $old == "0 "[1-9]* ]] && [ "$conns" -gt 0 ] &&
    grep -qi 'interrupted' err && grep -qi 'same command again' err; then
    ok "SIGHUP mid-drain: status 129, left at weight 0 with $conns entries, said so"
else
    bad "SIGHUP mid-drain" "$(cat r); stderr: $(show err)"
fi

# --- 5. stderr on a broken pipe -----------------------------------------------------
# A change the kernel refuses (no such scheduler); the status with stderr
# on a file, then on a pipe whose reader is closed (SIGPIPE as a shell
# leaves it: default). A negative status is death by that signal.
printf '%s\n' '-A -t 10.0.0.6:80 -s nosuch' >refused
cat >brokenpipe.py <<'EOF'
import os, subprocess, sys
r, w = os.pipe()
os.close(r)
with open(sys.argv[1]) as f:
    print(subprocess.run(sys.argv[2:], stdin=f, stdout=subprocess.DEVNULL, stderr=w).returncode)
EOF
fresh 'ipvsadm-restore --converge <refused >/dev/null 2>err; echo "file=$?" >r
    echo "pipe=$(python3 brokenpipe.py refused ipvsadm-restore --converge)" >>r
    ipvsadm -A -t 10.0.0.6:80 -s nosuch 2>/dev/null; echo "afile=$?" >>r
    echo "apipe=$(python3 brokenpipe.py /dev/null ipvsadm -A -t 10.0.0.6:80 -s nosuch)" >>r'
eval "$(cat r)"
if [ "$file" != 0 ] && [ "$pipe" = "$file" ]; then
    ok "a refused converge exits $pipe with stderr on a broken pipe, as with stderr on a file"
else
    bad "converge with stderr on a broken pipe" "status $pipe on the pipe, $file on a file; stderr (file): $(show err)"
fi
if [ "$afile" != 0 ] && [ "$apipe" = "$afile" ]; then
    ok "a refused ipvsadm -A exits $apipe with stderr on a broken pipe, as with stderr on a file"
else
    bad "ipvsadm -A with stderr on a broken pipe" "status $apipe on the pipe, $afile on a file"
fi

# --- 6. a silent kernel ---------------------------------------------------------------
# Silence: the request's send is swallowed by strace, which returns its
# length as if sent (retval injection skips the syscall), so no answer
# ever comes. The length and the send's number come from a clean traced
# run. `timeout -s KILL` under strace ends a hang (a program that catches
# SIGTERM would retry its read).
# $1 = name, $2 = which send to swallow (first, or the first with this
# generic netlink command, as strace -xx shows it: \x01 NEW_SERVICE), $3 = seconds allowed,
# $4 = guard (kill after), $5 = the options the clean run leaves out, then
# the command (stdin: six.in).
silent() {
    local name=$1 which=$2 limit=$3 guard=$4 extra=$5; shift 5
    fresh "strace -f -xx -o six.log -e trace=$SENDS $* <six.in >/dev/null 2>&1"
    local at
    at=$(awk -v which="$which" '
        { name = $2; sub(/\(.*/, "", name) }
        name ~ /^send/ {
            c[name]++
            if (!s && (which == "first" || index($0, "}, \"" which "\\x01"))) s = name " " c[name] " " $NF
        }
        END { print s }' six.log)
    if [ -z "$at" ]; then
        bad "$name" "no send in the clean run: $(show six.log)"
        return
    fi
    local sc=${at%% *} rest=${at#* }
    local idx=${rest% *} len=${rest#* }
    fresh "t0=\$EPOCHREALTIME
        strace -f -o inj.log -e trace=$sc -e inject=$sc:retval=$len:when=$idx timeout -s KILL $guard $* $extra <six.in >/dev/null 2>err
        echo \"rc=\$? d=\$(since \$t0)\" >r"
    local rc d
    eval "$(cat r)"
    if [ "$(struck)" = 1 ] && [ "$rc" != 0 ] && [ "$rc" != 124 ] && [ "$rc" != 137 ] &&
        awk -v d="$d" -v l="$limit" 'BEGIN { exit !(d < l) }' && grep -qiE 'time|no answer' err; then
        ok "$name: status $rc after $d s: $(head -c 200 err)"
    else
        bad "$name (send $sc #$idx of $len bytes swallowed)" "rc=$rc after $d s$([ "$rc" = 124 ] || [ "$rc" = 137 ] && echo ', killed: it hung'); $(first_strike); stderr: $(show err)"
    fi
}
: >six.in
silent "ipvsadm -Ln, the first request unanswered (default deadline 5 s)" first 10 12 "" ipvsadm -Ln
printf '%s\n' '-A -t 10.0.0.7:80 -s rr' >six.in
silent "ipvsadm-restore --converge --kernel-timeout 2, its new service unanswered" '\\x01' 6 8 \
    "--kernel-timeout 2" ipvsadm-restore --converge

exit $failed
