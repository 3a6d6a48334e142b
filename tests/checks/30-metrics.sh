#!/bin/bash
# `-L --metrics` and `--json` on a real kernel with real traffic (the
# reference has neither, so `vm diff` cannot compare them):
#   every --metrics view passes `promtool check metrics` (its Prometheus
#   text flavour; promtool reads no OpenMetrics) and, as OpenMetrics, the
#   strict parser of python3-prometheus-client; node_exporter's textfile
#   collector serves what packaging/ipvsadm-metrics.sh writes; the
#   counters equal `-L -n --stats --exact`; a 5,000 x 10 table gives the
#   expected number of series with --metrics-labels reduced; every --json
#   view validates against docs/json.schema.json (python3-jsonschema).
#
# Run by tests/checks/run (all checks, one VM boot), or alone:
# tests/checks/run 30-metrics. Needs promtool (Debian prometheus),
# prometheus-node-exporter, python3-jsonschema, python3-prometheus-client
# (.ci/run installs them). Prints "ok:"/"FAIL:" lines; exits 1 on failure.
set -u
HERE=$(cd "$(dirname "$0")/../.." && pwd)
PATH=$HERE/target/release:$PATH
PY=/usr/bin/python3
W=$(mktemp -d /tmp/metrics.XXXXXX)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$W"' EXIT
cd "$W" || exit 2
failed=0
ok() { echo "ok: $*"; }
fail() { echo "FAIL: $*"; failed=1; }

for tool in promtool prometheus-node-exporter; do
    command -v $tool >/dev/null || { fail "$tool is not installed"; exit 1; }
done

ip link set lo up
ip addr add 10.9.9.9/32 dev lo
ip -6 addr add 2001:db8::99/128 dev lo
mkdir www && echo hello >www/index.html
busybox httpd -p 127.0.0.1:8080 -h www
busybox httpd -p '[::1]:8081' -h www
ipvsadm -C
ipvsadm -R <<'EOF'
-A -t 10.9.9.9:80 -s rr
-a -t 10.9.9.9:80 -r 127.0.0.1:8080 -m -w 2
-a -t 10.9.9.9:80 -r 127.0.0.2:8080 -m -w 0
-A -t [2001:db8::99]:80 -s wrr -p 120
-a -t [2001:db8::99]:80 -r [::1]:8081 -m -w 3
-A -u 10.9.9.9:53 -s sh -b sh-port
-a -u 10.9.9.9:53 -r 127.0.0.1:5353 -m
-a -u 10.9.9.9:53 -r 127.0.0.2:5353 -m
-A -f 7 -s rr -o
EOF
$PY - <<'EOF'
import socket
for i in range(3):
    s = socket.create_connection(("10.9.9.9", 80), source_address=("10.9.9.9", 41000 + i))
    s.sendall(b"GET / HTTP/1.0\r\n\r\n")
    while s.recv(4096):
        pass
    s.close()
s = socket.create_connection(("2001:db8::99", 80))
s.sendall(b"GET / HTTP/1.0\r\n\r\n")
while s.recv(4096):
    pass
s.close()
for i in range(50):
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    u.bind(("10.9.9.9", 20000 + i))
    u.sendto(b"q" * (1 + i % 7), ("10.9.9.9", 53))
    u.close()
EOF
# The counters below must include that traffic: wait for the estimator
# (a fixed `sleep 3` here assumed its 2 s timer runs on time in the VM).
. "$HERE/tests/lib/estimator.sh"
wait_estimator

# ---- every view through promtool and the OpenMetrics parser ----------------
views=("" "--metrics-conns" "--metrics-labels=service" "--metrics-labels dest_port"
    "-t 10.9.9.9:80" "-f 7 --metrics-conns" "--nosort -n")
for v in "${views[@]}"; do
    # shellcheck disable=SC2086
    if ! ipvsadm -L --metrics=prometheus $v >prom.txt 2>err.txt; then
        fail "ipvsadm -L --metrics=prometheus $v: $(cat err.txt)"
    elif ! out=$(promtool check metrics <prom.txt 2>&1); then
        fail "promtool check metrics, $v: $out"
    else
        ok "promtool accepts --metrics=prometheus $v ($(grep -vc '^#' prom.txt) samples)"
    fi
    # shellcheck disable=SC2086
    ipvsadm -L --metrics $v >om.txt 2>err.txt || fail "ipvsadm -L --metrics $v: $(cat err.txt)"
    if out=$($PY -c '
import sys
from prometheus_client.openmetrics.parser import text_string_to_metric_families
fams = list(text_string_to_metric_families(open("om.txt").read()))
print(len(fams), "families", sum(len(f.samples) for f in fams), "samples")
' 2>&1); then
        ok "OpenMetrics parser accepts --metrics $v: $out"
    else
        fail "OpenMetrics parser, --metrics $v: $out"
    fi
done

# ---- counters equal -L -n --stats --exact ----------------------------------
for attempt in 1 2 3; do
    ipvsadm -Ln --stats --exact >stats1.txt
    ipvsadm -L --metrics=prometheus >prom.txt
    ipvsadm -Ln --stats --exact >stats2.txt
    cmp -s stats1.txt stats2.txt && break
    sleep 1
done
if out=$($PY - <<'EOF' 2>&1
import re
def ep(a, p):
    return f"[{a}]:{p}" if ":" in a else f"{a}:{p}"
names = ["connections", "incoming_packets", "outgoing_packets", "incoming_bytes", "outgoing_bytes"]
got = {}
for line in open("prom.txt"):
    m = re.match(r'ipvs_(service|destination)_(\w+)_total\{(.*)\} (\d+)$', line)
    if not m:
        continue
    labels = dict(re.findall(r'(\w+)="([^"]*)"', m.group(3)))
    if "fwmark" in labels:
        svc = f"FWM {labels['fwmark']}"
    else:
        svc = f"{labels['protocol'].upper()} {ep(labels['address'], labels['port'])}"
    key = svc if m.group(1) == "service" else svc + " -> " + ep(labels["dest_address"], labels["dest_port"])
    got.setdefault(key, [None] * 5)[names.index(m.group(2))] = int(m.group(4))
want, svc = {}, None
for line in open("stats1.txt").read().splitlines()[3:]:
    f = line.split()
    if f[0] == "->":
        want[svc + " -> " + f[1]] = [int(x) for x in f[2:7]]
    else:
        svc = f"{f[0]} {f[1]}"
        want[svc] = [int(x) for x in f[2:7]]
assert got == want, f"metrics {got}\n  stats {want}"
total = sum(v[0] for k, v in want.items() if "->" not in k)
assert total > 0, "no traffic counted"
print(len(want), "services and destinations,", total, "connections")
EOF
); then
    ok "counters equal -L -n --stats --exact: $out"
else
    fail "counters differ from --stats --exact: $out"
fi

# ---- node_exporter's textfile collector serves what the timer writes -------
mkdir textfile
METRICS_DIR=$W/textfile METRICS_ARGS="--metrics-conns" sh "$HERE/packaging/ipvsadm-metrics.sh" ||
    fail "packaging/ipvsadm-metrics.sh failed"
ls -A textfile | grep -qv '^ipvs.prom$' && fail "temporary file left: $(ls -A textfile)"
prometheus-node-exporter --web.listen-address=127.0.0.1:9109 --collector.disable-defaults \
    --collector.textfile --collector.textfile.directory="$W/textfile" >ne.log 2>&1 &
if out=$($PY - <<'EOF' 2>&1
import time, urllib.request
for _ in range(100):
    try:
        body = urllib.request.urlopen("http://127.0.0.1:9109/metrics", timeout=5).read().decode()
        break
    except OSError:
        time.sleep(0.2)
else:
    raise SystemExit("node_exporter did not answer")
from prometheus_client.parser import text_string_to_metric_families as parse
# node_exporter re-serializes: labels sorted, and a label that another
# series of the family has is added empty (fwmark="" on address
# services). Prometheus treats an empty label as absent: compare parsed
# samples without empty labels.
def samples(text):
    return {(s.name, frozenset((k, v) for k, v in s.labels.items() if v), s.value)
            for f in parse(text) for s in f.samples if s.name.startswith("ipvs_")}
served = samples(body)
ours = samples(open("textfile/ipvs.prom").read())
assert "node_textfile_scrape_error 0" in body, [l for l in body.splitlines() if "textfile" in l]
assert ours and ours == served, sorted(ours ^ served)[:5]
print(len(ours), "samples served")
EOF
); then
    ok "node_exporter serves the textfile: $out"
else
    fail "node_exporter: $out; log: $(tail -5 ne.log)"
fi

# ---- every --json view validates against the schema ------------------------
ipvsadm --start-daemon master --mcast-interface lo --syncid 3 2>/dev/null
json_views=("-L --json" "-L -n --stats --exact --json" "-L --rate --json" "-L --thresholds --json"
    "-L --persistent-conn --nosort --json" "-L --tun-info --json" "-L -t 10.9.9.9:80 --json"
    "-L -f 7 --json" "-L --timeout --json" "-L --daemon --json" "-L -c --json"
    "-L -c --persistent-conn --json")
for v in "${json_views[@]}"; do
    # shellcheck disable=SC2086
    ipvsadm $v >doc.json 2>err.txt || fail "ipvsadm $v: $(cat err.txt)"
    if out=$($PY -c '
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
errors = list(jsonschema.Draft202012Validator(schema).iter_errors(json.load(open("doc.json"))))
assert not errors, [e.message for e in errors[:3]]
' "$HERE/docs/json.schema.json" 2>&1); then
        ok "schema validates ipvsadm $v"
    else
        fail "schema, ipvsadm $v: $out"
    fi
done
ipvsadm --stop-daemon master 2>/dev/null
grep -q '"flags":\["sh-port"\],"flags_raw":18' <<<"$(ipvsadm -L -u 10.9.9.9:53 --json)" &&
    ok "json flags: names without HASHED, raw word kept" ||
    fail "json flags: $(ipvsadm -L -u 10.9.9.9:53 --json)"

# ---- a 5,000 x 10 table: series counts per --metrics-labels ----------------
ipvsadm -C
$PY -c '
for s in range(5000):
    v = f"10.{100 + s // 250}.{s % 250}.1:80"
    print(f"-A -t {v} -s rr")
    for d in range(10):
        print(f"-a -t {v} -r 192.168.{s % 250}.{d + 1}:{8080 + d % 2} -m")
' | ipvsadm -R || fail "restore of the big table"
# The /proc/net/ip_vs_status series (7.1+) are left out: how many chain
# lengths the kernel lists depends on its hashing, not on the labels.
count() { ipvsadm -L --metrics "$@" | grep '^ipvs_' | grep -vc '^ipvs_\(hash_table\|estimator\)_'; }
# version + table size, 6 per service, 9 per destination group.
for spec in "service 75002" "dest_port 120002" "dest_address,dest_port 480002"; do
    set -- $spec
    n=$(count --metrics-labels "$1")
    [ "$n" = "$2" ] && ok "5000 x 10, --metrics-labels $1: $n series" ||
        fail "5000 x 10, --metrics-labels $1: $n series, expected $2"
done
ipvsadm -L --metrics=prometheus --metrics-labels=service >big.txt
out=$(promtool check metrics <big.txt 2>&1) && ok "promtool accepts the reduced 5000-service document" ||
    fail "promtool, big table: $(head -c 300 <<<"$out")"
ipvsadm -C
exit $failed
