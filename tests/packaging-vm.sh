#!/bin/bash
# Run in the real-kernel VM by tests/packaging.sh (`tests/vm/vm exec`):
# the service script that the systemd units run (systemd cannot run in the
# VM), with our release binaries first on PATH, on a real IPVS table.
#   Red Hat flavour: start restores the rules file, stop saves it (-n) and
#   clears the table, the knobs are honoured, status lists; ipvstop -b
#   and --json show the restored table.
#   Debian flavour: AUTO loads the rules, DAEMON (master, backup, both)
#   starts and stops the sync daemons, command first on the line.
# Then every command block of docs/playground.md, in order.
# Exits non-zero on any failure.
set -u
cd "$(dirname "$0")/.."
export PATH=$PWD/target/release:$PATH
svc=$PWD/packaging/ipvsadm-service.sh
[ -x target/release/ipvsadm ] || { echo "build target/release first" >&2; exit 1; }

fails=0 checks=0
ok() { checks=$((checks + 1)); printf 'ok   %s\n' "$*"; }
bad() { checks=$((checks + 1)); fails=$((fails + 1)); printf 'FAIL %s\n' "$*"; }
check() { local what=$1; shift; if "$@"; then ok "$what"; else bad "$what"; fi; }
same() { # same DESCRIPTION FILE1 FILE2
    if cmp -s "$2" "$3"; then ok "$1"; else bad "$1"; diff -u "$2" "$3" | sed 's/^/    /'; fi
}
empty_table() { [ -z "$(ipvsadm-save -n)" ]; }

t=$(mktemp -d)
ip link set lo up

# The rules as ipvsadm-save -n writes them (sorted, every default spelled).
cat >"$t/rules" <<'EOF'
-A -t 10.9.9.9:80 -s rr
-a -t 10.9.9.9:80 -r 192.168.0.1:8080 -m -w 1
-a -t 10.9.9.9:80 -r 192.168.0.2:8080 -m -w 3
-A -t 10.9.9.9:443 -s wlc -p 600
-a -t 10.9.9.9:443 -r 192.168.0.1:443 -g -w 1
-A -u 10.9.9.9:53 -s sh -b sh-fallback,sh-port
-a -u 10.9.9.9:53 -r 192.168.0.3:53 -i -w 2 --tun-type ipip
-A -t [2001:db8::1]:80 -s mh -p 60 -M 64
-a -t [2001:db8::1]:80 -r [2001:db8::10]:8080 -m -w 1
-A -f 7 -s wrr
-a -f 7 -r 192.168.0.4:0 -g -w 1
EOF

echo "== Red Hat flavour"
export IPVSADM_RULES=$t/sysconfig-ipvsadm IPVSADM_CONFIG=$t/ipvsadm-config
cp packaging/redhat/ipvsadm-config "$IPVSADM_CONFIG"
ipvsadm -C
check "start without a rules file succeeds" "$svc" --redhat start
check "... and loads nothing" empty_table

cp "$t/rules" "$IPVSADM_RULES"
ipvsadm -A -t 10.1.1.1:25 -s rr   # start replaces whatever is there
check "start restores the rules file" "$svc" --redhat start
ipvsadm-save -n >"$t/live"
same "the table is the rules file" "$t/rules" "$t/live"

check "status lists numerically" bash -c '"$1" --redhat status | grep -q "TCP  10.9.9.9:80 rr"' _ "$svc"
# ipvstop (the release build) on the restored table: one block of text and one
# JSON line, each after one interval.
check "ipvstop -b -n 1 shows the services and their servers" bash -c \
    'out=$(ipvstop -b -n 1 -d 0.5) && grep -qF "10.9.9.9:80" <<<"$out" &&
        grep -qF "[2001:db8::1]:80" <<<"$out" && grep -qF -- "-> 192.168.0.2:8080" <<<"$out"'
check "ipvstop --json -n 1 writes one line with every service" bash -c \
    'out=$(ipvstop --json -n 1 -d 0.5) && [ "$(wc -l <<<"$out")" = 1 ] &&
        grep -q "\"services\":5[,}]" <<<"$out" && grep -qF "\"fwmark\":7" <<<"$out"'

ipvsadm -a -t 10.9.9.9:80 -r 192.168.0.5:8080 -m -w 2
ipvsadm-save -n >"$t/changed"
check "stop succeeds" "$svc" --redhat stop
check "stop clears the table" empty_table
same "stop saved the changed table" "$t/changed" "$IPVSADM_RULES"

check "start again" "$svc" --redhat start
ipvsadm-save -n >"$t/live"
same "the saved rules round-trip" "$t/changed" "$t/live"

sed -i 's/^IPVS_SAVE_ON_STOP=.*/IPVS_SAVE_ON_STOP="no"/' "$IPVSADM_CONFIG"
ipvsadm -D -t 10.9.9.9:443
check "stop with IPVS_SAVE_ON_STOP=no" "$svc" --redhat stop
check "... clears" empty_table
same "... and leaves the rules file alone" "$t/changed" "$IPVSADM_RULES"

check "restart (save on restart) keeps the table" bash -c \
    '"$1" --redhat start && "$1" --redhat restart' _ "$svc"
ipvsadm-save -n >"$t/live"
same "... as it was" "$t/changed" "$t/live"
check "reload re-reads the rules" bash -c \
    'ipvsadm -C && "$1" --redhat reload && [ -n "$(ipvsadm-save -n)" ]' _ "$svc"
check "modules stay loaded (IPVS_MODULES_UNLOAD=no)" bash -c \
    '"$1" --redhat stop && grep -q "^ip_vs " /proc/modules' _ "$svc"

echo "== Debian flavour"
unset IPVSADM_CONFIG
export IPVSADM_RULES=$t/ipvsadm.rules IPVSADM_DEFAULTS=$t/default
cp "$t/rules" "$IPVSADM_RULES"
cp packaging/debian/default "$IPVSADM_DEFAULTS"
check "start with AUTO=false" "$svc" --debian start
check "... loads nothing" empty_table

sed -i 's/^AUTO=.*/AUTO="true"/; s/^DAEMON=.*/DAEMON="master"/; s/^IFACE=.*/IFACE="lo"/; s/^SYNCID=.*/SYNCID="7"/' "$IPVSADM_DEFAULTS"
check "--syncid before the command is refused (255), as by 1.31" bash -c \
    'ipvsadm --syncid 7 --start-daemon master --mcast-interface lo 2>/dev/null; test $? = 255'
check "start with AUTO=true, DAEMON=master" "$svc" --debian start
ipvsadm-save -n >"$t/live"
same "the table is the rules file" "$t/rules" "$t/live"
check "the master sync daemon runs on lo with syncid 7" bash -c \
    'ipvsadm -L --daemon | grep -q "^master sync daemon (mcast=lo, syncid=7"'
check "stop" "$svc" --debian stop
check "... stops the daemon" bash -c '[ -z "$(ipvsadm -L --daemon)" ]'
check "... clears the table" empty_table
same "... and does not save" "$t/rules" "$IPVSADM_RULES"
check "stop again (no daemon running) still succeeds" "$svc" --debian stop

sed -i 's/^DAEMON=.*/DAEMON="backup"/' "$IPVSADM_DEFAULTS"
check "start a backup daemon" "$svc" --debian start
check "... runs" bash -c 'ipvsadm -L --daemon | grep -q "^backup sync daemon (mcast=lo, syncid=7"'
check "stop it" "$svc" --debian stop

sed -i 's/^DAEMON=.*/DAEMON="both"/' "$IPVSADM_DEFAULTS"
check "start with DAEMON=both" "$svc" --debian start
check "... runs a master and a backup" bash -c \
    'ipvsadm -L --daemon | grep -q "^master sync daemon" && ipvsadm -L --daemon | grep -q "^backup sync daemon"'
check "start again leaves the running daemons alone" "$svc" --debian start
check "stop both" "$svc" --debian stop
check "... none runs" bash -c '[ -z "$(ipvsadm -L --daemon)" ]'

echo "== docs/playground.md, every sh block in order, in a fresh netns"
awk '/^```sh$/ {on = 1; next} /^```$/ {on = 0} on' docs/playground.md >"$t/playground.sh"
if unshare -n bash -c 'ip link set lo up && set -e && . "$1"' _ "$t/playground.sh" >"$t/playground.out" 2>&1; then
    ok "the playground's commands run"
else
    bad "the playground's commands run"; sed 's/^/    /' "$t/playground.out"
fi
check "... and traffic went through the NAT service" \
    grep -q "^real server 8081" "$t/playground.out"

rm -rf "$t"
echo "packaging-vm: $checks checks, $fails failed"
[ "$fails" = 0 ]
