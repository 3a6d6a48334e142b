#!/bin/bash
# Listing while another process changes the table, on the real kernel:
#   tests/checks/run 50-churn   (SECONDS, default 20, when run by hand in the VM)
#
# A churn process (one long `ipvsadm -R` fed by a generator: services and
# dests added, edited and deleted, IPv4, IPv6 and fwmark) runs while ours
# runs `-L -n`, `-L -n --stats`, `-S -n` and `-L --json` over and over.
# Every listing must exit 0 with nothing on stderr (no panic), and parse:
# each text line has one of the view's line shapes, dests only follow a
# service, `-S` lines are -A/-a whose -a names the -A above it, the JSON
# loads. Ours is OURS, else target/release/ipvsadm (`vm diff` builds it),
# else target/debug/ipvsadm.
#
# The reference is run in the same loop for the record, not asserted: when
# a service disappears between its GET_SERVICE dump and its GET_DEST dump,
# ipvsadm 1.31 stops the listing with rc 1 and a message on stderr
# ("No such service" is what libipvs says for GET_DEST's ESRCH), after
# having printed part of the table. Ours leaves the vanished service out
# (cmd/list.rs `read_table`) and the listing is whole and consistent.
set -uo pipefail
cd "$(dirname "$0")/../.."

SECS=${1:-20}
REF=${REF:-/usr/sbin/ipvsadm}
OURS=${OURS:-}
if [ -z "$OURS" ]; then
    for c in target/release/ipvsadm target/debug/ipvsadm; do
        [ -x "$c" ] && { OURS=$PWD/$c; break; }
    done
fi
[ -x "${OURS:-}" ] || { echo "robust-churn: no ipvsadm build (cargo build --release)"; exit 2; }
echo "robust-churn: ours=$OURS ref=$REF, ${SECS}s"

W=$(mktemp -d /tmp/churn.XXXXXX)
ip link set lo up 2>/dev/null || true
"$OURS" -C

# The generator: an endless rule stream. 40 service slots, each cycled
# through delete / add / add dests / edit / delete a dest.
gen() {
    local i=0 s v
    while :; do
        s=$((i % 40))
        case $((s % 3)) in
            0) v="-t 10.1.$s.1:80" ;;
            1) v="-u [2001:db8::$s]:53" ;;
            2) v="-f $((s + 1))" ;;
        esac
        echo "-D $v"
        echo "-A $v -s rr"
        if [ $((s % 3)) = 1 ]; then
            echo "-a $v -r [2001:db8:1::$s]:53 -m -w 2"
            echo "-a $v -r [2001:db8:2::$s]:53 -m"
        else
            echo "-a $v -r 192.168.$s.1:80 -m -w 2"
            echo "-a $v -r 192.168.$s.2:80 -g"
            echo "-a $v -r 192.168.$s.3:80 -i -w 0"
            echo "-e $v -r 192.168.$s.2:80 -g -w 7"
            echo "-d $v -r 192.168.$s.1:80"
        fi
        i=$((i + 1))
    done
}

gen | timeout "$SECS" "$OURS" -R >/dev/null 2>&1 &
CHURN=$!

n=0
ref_runs=0 ref_fail=0
end=$((SECONDS + SECS))
while [ $SECONDS -lt $end ]; do
    for view in "L -n" "L -n --stats" "S -n" "L --json"; do
        n=$((n + 1))
        # shellcheck disable=SC2086
        "$OURS" -${view} >"$W/$n.out" 2>"$W/$n.err"
        echo $? >"$W/$n.rc"
        echo "$view" >"$W/$n.view"
    done
    ref_runs=$((ref_runs + 1))
    if ! "$REF" -L -n >/dev/null 2>"$W/ref.$ref_runs.err"; then
        ref_fail=$((ref_fail + 1))
    fi
done
wait $CHURN 2>/dev/null
"$OURS" -C

echo "reference -L -n while churning: $ref_fail of $ref_runs runs failed (rc != 0)" \
    "(recorded, not asserted; messages below)"
cat "$W"/ref.*.err 2>/dev/null | sort | uniq -c | sed 's/^/  ref stderr: /'

python3 - "$W" "$n" <<'PY'
import json, re, sys
w, n = sys.argv[1], int(sys.argv[2])
SVC = r"(TCP|UDP|SCTP)  \S+:\d+|FWM  \d+( IPv6)?"
SHAPES = {
    "L -n": [
        r"IP Virtual Server version \d+\.\d+\.\d+ \(size=\d+\)",
        r"Prot LocalAddress:Port Scheduler Flags",
        r"  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn",
    ],
    "L -n --stats": [
        r"IP Virtual Server version \d+\.\d+\.\d+ \(size=\d+\)",
        r"Prot LocalAddress:Port               Conns   InPkts  OutPkts  InBytes OutBytes",
        r"  -> RemoteAddress:Port",
    ],
}
ROWS = {
    # Dest lines end in the reference's padding (trailing blanks).
    "L -n": (rf"(?:{SVC}) +\w+( .*)?", r"  -> \S+ +(Masq|Route|Tunnel|Local) +\d+ +\d+ +\d+ *"),
    "L -n --stats": (rf"(?:{SVC}) +\d+[KMGT]?( +\d+[KMGT]?){{4}}",
                     r"  -> \S+ +\d+[KMGT]?( +\d+[KMGT]?){4}"),
}
bad, counts, services = [], {}, 0
for i in range(1, n + 1):
    view = open(f"{w}/{i}.view").read().strip()
    out = open(f"{w}/{i}.out", encoding="utf-8").read()
    err = open(f"{w}/{i}.err").read()
    rc = int(open(f"{w}/{i}.rc").read())
    counts[view] = counts.get(view, 0) + 1
    def fail(why):
        bad.append(f"#{i} ipvsadm -{view}: {why}\n--- stdout (start)\n{out[:600]}\n--- stderr\n{err}")
    if rc != 0 or err:
        fail(f"rc={rc}, stderr not empty" if err else f"rc={rc}")
        continue
    if view == "L --json":
        try:
            doc = json.loads(out)
            assert isinstance(doc["services"], list)
            for s in doc["services"]:
                assert isinstance(s["destinations"], list)
            services += len(doc["services"])
        except Exception as e:
            fail(f"JSON: {e!r}")
        continue
    lines = out.split("\n")
    if lines[-1] != "":
        fail("no newline at the end")
        continue
    lines = lines[:-1]
    if view == "S -n":
        cur = None
        for l in lines:
            m = re.fullmatch(r"-A (-[tuf] \S+(?: -6)?|--sctp-service \S+) -s \w+( .*)?", l)
            if m:
                cur = m.group(1)
                continue
            m = re.fullmatch(r"-a (-[tuf] \S+(?: -6)?|--sctp-service \S+) -r \S+ -[gmi] -w \d+( .*)?", l)
            if not m or m.group(1) != cur:
                fail(f"torn save line {l!r} (service above: {cur!r})")
                break
        continue
    head, (svc, dst) = SHAPES[view], ROWS[view]
    if len(lines) < 3 or not all(
        re.fullmatch(p, l) for p, l in zip(head, lines[:3])
    ):
        fail("header")
        continue
    seen_svc = False
    for l in lines[3:]:
        if re.fullmatch(svc, l):
            seen_svc = True
            services += 1
        elif re.fullmatch(dst, l) and seen_svc:
            pass
        else:
            fail(f"line of no known shape (or a dest before any service): {l!r}")
            break
print("listings:", ", ".join(f"{k}: {v}" for k, v in sorted(counts.items())),
      f"({services} services seen in all)")
for b in bad[:3]:
    print("FAIL", b)
if bad:
    print(f"robust-churn: FAIL, {len(bad)} of {n} listings bad")
    sys.exit(1)
if services == 0:
    print("robust-churn: FAIL, the listings never saw a service: no churn?")
    sys.exit(1)
print(f"robust-churn: PASS, {n} listings, all whole")
PY
rc=$?
rm -rf "$W"
exit $rc
