#!/bin/bash
# One-sided checks of `ipvsadm-restore --converge --scope` and `--drain` on
# a real kernel (ipvsadm-restore(8)): a scoped converge leaves a service
# outside the scope untouched while adding, editing and deleting inside it;
# a line outside the scope changes nothing and is reported; a drained real
# server with live UDP connection entries is at weight 0 at once and
# deleted only when its entries expire, and the run ends by itself;
# --drain=2 with entries that outlive it deletes at the deadline and
# reports the count; an interrupted drain, run again, finishes.
#
# Run by tests/checks/run (one VM boot), or alone:
# tests/checks/run 25-scope-drain. Prints "ok:"/"FAIL:" lines; exits 1 on
# failure.
. "$(dirname "$0")/lib.bash"
fresh() { unshare -n bash -c "ip link set lo up; ip addr add 10.9.9.9/32 dev lo; $1"; }

# --- scope -------------------------------------------------------------------
printf '%s\n' '-A -t 10.0.0.1:80 -s rr' '-a -t 10.0.0.1:80 -r 10.1.1.1:80 -m' \
    '-A -t 10.0.0.2:80 -s rr' '-A -t 10.8.0.1:80 -s wlc' '-a -t 10.8.0.1:80 -r 10.1.1.9:80 -m' \
    '-A -f 7 -s rr' >live
printf '%s\n' '-A -t 10.0.0.1:80 -s wrr' '-a -t 10.0.0.1:80 -r 10.1.1.2:80 -m -w 3' \
    '-A -t 10.0.0.3:80 -s rr' >file
fresh 'ipvsadm-restore <live
    ipvsadm -S -n | grep -e 10.8.0.1 -e "-f 7" >outside.before
    ipvsadm-restore --converge --scope 10.0.0.0/24 <file 2>err; echo "rc=$?" >rc
    ipvsadm -S -n >after
    grep -e 10.8.0.1 -e "-f 7" after >outside.after'
want='-A -t 10.0.0.1:80 -s wrr
-a -t 10.0.0.1:80 -r 10.1.1.2:80 -m -w 3
-A -t 10.0.0.3:80 -s rr'
inside=$(grep -v -e 10.8.0.1 -e '-f 7' after | sort)
if [ "$(cat rc)" = rc=0 ] && [ ! -s err ] && cmp -s outside.before outside.after &&
    [ -s outside.after ] && [ "$inside" = "$(sort <<<"$want")" ]; then
    ok "a scoped converge adds, edits and deletes inside the scope and leaves the rest"
else
    bad "scoped converge" "$(cat rc); $(cat err); inside: $inside; outside: $(cat outside.after)"
fi

printf '%s\n' '-A -t 10.0.0.1:80 -s rr' '-A -t 10.7.0.1:80 -s rr' >outfile
fresh 'ipvsadm-restore <live; ipvsadm -S -n >before
    ipvsadm-restore --converge --scope tcp:10.0.0.0/24:80 <outfile 2>err; echo "rc=$?" >rc
    ipvsadm -S -n >after'
if [ "$(cat rc)" = rc=1 ] && cmp -s before after &&
    grep -qF 'line 2: -A -t 10.7.0.1:80 -s rr is outside every --scope' err; then
    ok "a line outside the scope changes nothing and is reported"
else
    bad "line outside the scope" "$(cat rc); $(cat err); $(diff before after | head -3)"
fi

# --- drain -------------------------------------------------------------------
# One UDP service on 10.9.9.9:53 with the real server 127.0.0.2 (it gets
# every entry); the rules replace it by 127.0.0.3. `entries N` makes N
# connection entries (one datagram from each of N source ports).
cat >setup <<'EOF'
ipvsadm -A -u 10.9.9.9:53 -s rr
ipvsadm -a -u 10.9.9.9:53 -r 127.0.0.2:53 -m
entries() { python3 -c '
import socket, sys
for i in range(int(sys.argv[1])):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("10.9.9.9", 30000 + i)); s.sendto(b"x", ("10.9.9.9", 53)); s.close()
' "$1"; }
# The old server's "weight inactconn" from -Ln, or "gone".
old() { ipvsadm -Ln -u 10.9.9.9:53 | awk '$2 == "127.0.0.2:53" { print $4, $6; f = 1 } END { if (!f) print "gone" }'; }
EOF
printf '%s\n' '-A -u 10.9.9.9:53 -s rr' '-a -u 10.9.9.9:53 -r 127.0.0.3:53 -m' >new

# Entries expire after 6 s (UDP timeout); the drain may take 120 s.
fresh '. ./setup; ipvsadm --set 0 0 6; entries 5
    t0=$SECONDS
    ipvsadm-restore --converge --drain=120 <new 2>err & pid=$!
    seen=; i=0
    while [ $i -lt 300 ]; do
        s=$(old)
        case $s in "0 "[1-9]*) seen=$s ;; gone) break ;; esac
        sleep 0.1; i=$((i + 1))
    done
    wait $pid; echo "rc=$? seen=${seen:-never} after=$((SECONDS - t0))s" >rc
    old >final'
if grep -q '^rc=0 seen=0 [1-9]' rc && [ "$(cat final)" = gone ] && ! grep -q 'time up' err; then
    ok "drained at weight 0 while its entries lived, deleted when they expired ($(cat rc))"
else
    bad "drain until the entries expire" "$(cat rc); final: $(cat final); $(cat err)"
fi

# Entries live 60 s; the drain gives them 2.
fresh '. ./setup; ipvsadm --set 0 0 60; entries 4
    ipvsadm-restore --converge --drain=2 <new 2>err; echo "rc=$?" >rc; old >final'
if [ "$(cat rc)" = rc=0 ] && [ "$(cat final)" = gone ] &&
    grep -qF 'drain time up, deleted with 4 connection(s) left: -d -u 10.9.9.9:53 -r 127.0.0.2:53' err; then
    ok "--drain=2: deleted at the deadline with the count it still had"
else
    bad "--drain=2" "$(cat rc); final: $(cat final); $(cat err)"
fi

# Interrupted while waiting: left at weight 0; the same command again
# drains it (does not delete it at once) and finishes when entries expire.
fresh '. ./setup; ipvsadm --set 0 0 8; entries 3
    ipvsadm-restore --converge --drain=120 <new 2>err1 & pid=$!
    i=0; until [ "$(old | cut -d" " -f1)" = 0 ] || [ $i -ge 300 ]; do sleep 0.1; i=$((i + 1)); done
    kill -TERM $pid; wait $pid; echo "rc=$?" >rc1; old >mid
    ipvsadm-restore --converge --drain=120 <new 2>err2; echo "rc=$?" >rc2; old >final'
if [ "$(cat rc1)" = rc=143 ] && grep -q '^0 [1-9]' mid && grep -q 'left at weight 0' err1 &&
    [ "$(cat rc2)" = rc=0 ] && [ "$(cat final)" = gone ] && ! grep -q 'time up' err2; then
    ok "an interrupted drain stays at weight 0, and the same command finishes it"
else
    bad "interrupted drain" "$(cat rc1) mid: $(cat mid) $(cat err1); $(cat rc2) final: $(cat final) $(cat err2)"
fi

exit $failed
