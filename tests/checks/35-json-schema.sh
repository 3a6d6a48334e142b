#!/bin/bash
# Every --json view of the differential suite's tables validates against
# docs/json.schema.json (python3-jsonschema). The tables are the rule
# files the scenarios feed to `ipvsadm -R` (their here-documents), each
# loaded by ours into a fresh network namespace; lines a scenario feeds on
# purpose to fail are refused as usual and leave the rest.
#
# Run by tests/checks/run (one VM boot), or alone:
# tests/checks/run 35-json-schema. Prints "ok:"/"FAIL:" lines; exits 1 on
# failure.
. "$(dirname "$0")/lib.bash"
SCN=$HERE/scenarios
PY=${PYTHON:-/usr/bin/python3}

# The here-documents fed to `ipvsadm -R` or ipvsadm-restore, one file each.
"$PY" - "$SCN"/*.sh <<'EOF'
import re, sys
n = 0
for path in sys.argv[1:]:
    lines = open(path, encoding="utf-8", errors="replace").read().split("\n")
    i = 0
    while i < len(lines):
        if re.search(r"(ipvsadm -R|ipvsadm-restore)\b.*<<'EOF'", lines[i]):
            body = []
            i += 1
            while i < len(lines) and lines[i] != "EOF":
                body.append(lines[i])
                i += 1
            n += 1
            open(f"table{n:03d}.rules", "w").write("\n".join(body) + "\n")
        i += 1
EOF
tables=(table*.rules)
[ -e "${tables[0]}" ] || { bad "rule files" "none found in $SCN"; exit 1; }

views=("-L --json" "-L -n --stats --exact --json" "-L --rate --json" "-L --thresholds --json"
    "-L --persistent-conn --nosort --json" "-L --tun-info --json" "-L --timeout --json"
    "-L --daemon --json" "-L -c --json")
checked=0
for t in "${tables[@]}"; do
    unshare -n bash -c '
        ip link set lo up
        ipvsadm -R <"$1" >/dev/null 2>&1
        shift; i=0
        for v in "$@"; do
            # shellcheck disable=SC2086
            ipvsadm $v >"view.$i.json" 2>/dev/null || echo "{\"error\": \"ipvsadm $v failed\"}" >"view.$i.json"
            i=$((i + 1))
        done' _ "$t" "${views[@]}"
    if out=$("$PY" -c '
import json, sys, jsonschema
v = jsonschema.Draft202012Validator(json.load(open(sys.argv[1])))
bad = []
for i, view in enumerate(sys.argv[2:]):
    doc = json.load(open(f"view.{i}.json"))
    bad += [f"{view}: {e.message}" for e in list(v.iter_errors(doc))[:2]]
assert not bad, bad[:3]
' "$HERE/../docs/json.schema.json" "${views[@]}" 2>&1); then
        checked=$((checked + 1))
    else
        bad "schema, $t ($(head -n 1 "$t"))" "$out"
    fi
done
# /proc/net/ip_vs_status (7.1+): --json's kernel_status and --metrics'
# ipvs_hash_table_* are there exactly when the kernel has the file, and agree
# with it and with the listing header (size= is the connection table's
# current size since 7.1).
status=$(unshare -n bash -c '
    ip link set lo up
    ipvsadm -A -t 10.0.0.1:80 -s rr
    ipvsadm -L --json >status.json
    ipvsadm -L --metrics >status.prom
    cat /proc/net/ip_vs_status 2>/dev/null || echo "(none)"')
if [ "$status" = "(none)" ]; then
    if grep -q kernel_status status.json || grep -q ipvs_hash_table status.prom; then
        bad "kernel_status" "shown, but kernel $(uname -r) has no /proc/net/ip_vs_status"
    else
        ok "skipped the ip_vs_status part: kernel $(uname -r) has no /proc/net/ip_vs_status (7.1+); none shown"
    fi
elif out=$("$PY" -c '
import json, sys
d = json.load(open("status.json"))
ks = d["kernel_status"]
assert ks["service_table"]["entries"] == 1, ks
assert ks["conn_table"]["buckets"] == d["conn_tab_size"], (ks, d["conn_tab_size"])
q = chr(34)  # a double quote: this program is inside single quotes
want = "ipvs_hash_table_buckets{table=%sservice%s} %d" % (q, q, ks["service_table"]["buckets"])
assert want in open("status.prom").read(), want
print(ks["conn_table"]["buckets"], ks["service_table"]["buckets"])
' 2>&1); then
    ok "kernel_status and ipvs_hash_table_* match /proc/net/ip_vs_status (buckets: $out)"
else
    bad "kernel_status" "$out; the file: $status"
fi

[ "$failed" = 0 ] && ok "all ${#views[@]} --json views of the suite's ${#tables[@]} tables validate ($checked tables)"
exit $failed
