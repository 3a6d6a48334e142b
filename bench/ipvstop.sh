#!/bin/bash
# bench/ipvstop.sh - what `ipvstop` costs per refresh (issue 30: "at 5,000
# services x 10 destinations a 1-second refresh stays within a small part
# of one core"), beside the reference's `ipvsadm -Ln --stats` (what
# `watch -n1 ipvsadm -Ln --stats` runs once a refresh) on the same table
# in the same VM boot. Builds with packaging/build-programs.sh (what
# `make` ships), boots once (tests/vm/vm exec bench/ipvstop-guest.sh) and
# prints, per table: CPU per refresh in ms (user + sys; ipvstop's is its
# run's CPU / N refreshes), ours/reference, peak RSS, every sample. Also
# writes the 80x24 view of the 5,000 x 10 table to docs/ipvstop-screen.txt.
#
#   bench/ipvstop.sh
#
# Knobs (environment): IPVS_TOP_SHAPES ("100x10 5000x10 16000x1", see
# bench/tables.sh), IPVS_TOP_REPS (3 rounds), IPVS_TOP_N (5 refreshes a
# run), IPVS_TOP_SCREEN (5000x10: the table whose screen is saved; empty:
# none). Raw records go to target/bench/ipvstop-*.txt. About 10 minutes
# on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -gt 0 ]; then
    sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
fi
say() { echo "bench-ipvstop: $*" >&2; }
[ -x /usr/bin/time ] && command -v tmux >/dev/null || {
    say "needs GNU time and tmux on the host (apt-get install time tmux)"
    exit 2
}
packaging/build-programs.sh --quiet
tests/vm/vm prepare >&2
mkdir -p target/bench
raw=target/bench/ipvstop-$(date -u +%Y%m%dT%H%M%SZ).txt
{
    echo "I date $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "I commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD || echo ' (modified)')"
    echo "I host-load $(cut -d' ' -f1-3 /proc/loadavg)"
} >"$raw"
say "booting the VM; records go to $raw"
tests/vm/vm exec bench/ipvstop-guest.sh | tee -a "$raw" | grep -vE '^(S|M) ' >&2
echo "I host-load-after $(cut -d' ' -f1-3 /proc/loadavg)" >>"$raw"
if grep -q '^SCREEN-BEGIN' "$raw"; then
    sed -n '/^SCREEN-BEGIN/,/^SCREEN-END/p' "$raw" | sed '1d;$d' >docs/ipvstop-screen.txt
    say "wrote docs/ipvstop-screen.txt"
fi

# S CASE TOOL MS and M CASE TOOL KB -> one line per table.
awk '
function median(s,   a, n, i, j, t) {
    n = split(s, a, " ")
    for (i = 2; i <= n; i++)
        for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
$1 == "S" { v[$2, $3] = v[$2, $3] " " $4; if (!($2 in seen)) { seen[$2]; order[++k] = $2 } }
$1 == "M" && $4 > m[$2, $3] { m[$2, $3] = $4 }
END {
    print "| table | ipvstop ms CPU/refresh | reference -Ln --stats ms CPU | ours/ref | our -Ln --stats ms | ipvstop max RSS | ref max RSS | samples ipvstop; ref; our -Ln (ms) |"
    print "|---|---:|---:|---:|---:|---:|---:|---|"
    for (i = 1; i <= k; i++) {
        c = order[i]; o = median(v[c, "ours"]); r = median(v[c, "ref"]); l = median(v[c, "list"])
        printf "| %s | %.1f | %.1f | %.2f | %.1f | %.1f MiB | %.1f MiB | %s;%s;%s |\n", c, o, r, r ? o / r : 0, l,
            m[c, "ours"] / 1024, m[c, "ref"] / 1024, v[c, "ours"], v[c, "ref"], v[c, "list"]
    }
}' "$raw"
