#!/bin/bash
# bench/ab-table.sh - two builds of our programs, old and new, timed on the
# same big table in one VM boot (issue 29: the library split must cost the
# programs nothing). Builds each side with packaging/build-programs.sh (what
# `make` uses: static-pie where glibc allows), boots the real-kernel VM
# once (tests/vm/vm exec bench/ab-table-guest.sh), loads a 5,000 x 10 table
# (55,000 lines, bench/tables.sh) and times, old and new taking turns
# (which goes first alternates by round):
#   list      ipvsadm -L -n > /dev/null
#   save      ipvsadm-save -n > /dev/null
#   converge  ipvsadm-restore --converge < the table's file (unchanged table:
#             sends nothing; two dumps and the plan)
# Prints old and new medians in ms, new/old, and every sample.
#
#   bench/ab-table.sh OLD NEW
#   bench/ab-table.sh a6b61fc HEAD        # two revisions of this repository
#   bench/ab-table.sh /path/a /path/b     # two dirs holding the 3 binaries
#
# A revision is checked out (detached) in IPVS_AB_WORK/<commit> and built
# there (target/release is copied in first to save time); a directory is
# used as it is. IPVS_AB_WORK (/var/tmp/ipvsadm-ab-table) must be outside
# this checkout (cargo would take the old tree for a member of this
# workspace) and off /tmp (the guest cannot see the host's /tmp); remove
# its worktrees with `git worktree remove`. The guest times copies of
# both in its tmpfs. Knobs (environment): IPVS_AB_REPS (5 rounds),
# IPVS_AB_SHAPE (5000x10, see bench/tables.sh). Raw records go to
# target/bench/ab-table-*.txt. A few minutes on 2 cores (the VM part
# about 2). Identical binaries on both sides (an A/A run) have come out
# up to 0.8x apart under a busy host: read small ratios with that in mind.
set -euo pipefail
shopt -s inherit_errexit # a failed build in $(side ...) stops the script
cd "$(dirname "$0")/.."
if [ $# -ne 2 ]; then
    sed -n '2,29p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
fi
say() { echo "ab-table: $*" >&2; }
root=$PWD

side() { # REV-OR-DIR: prints the dir holding its binaries
    local arg=$1 rev wt
    if [ -d "$arg" ]; then
        for b in ipvsadm ipvsadm-save ipvsadm-restore; do
            [ -x "$arg/$b" ] || { say "$arg has no $b"; exit 2; }
        done
        (cd "$arg" && pwd)
        return
    fi
    rev=$(git rev-parse --verify --short=12 "$arg^{commit}")
    wt=${IPVS_AB_WORK:-/var/tmp/ipvsadm-ab-table}/$rev
    if [ ! -d "$wt" ]; then
        git worktree add --detach --quiet "$wt" "$rev" >&2
        mkdir -p "$wt/target"
        [ -d target/release ] && cp -a target/release "$wt/target/"
    fi
    say "building $arg ($rev) in $wt"
    (cd "$wt" && packaging/build-programs.sh --quiet >&2)
    echo "$wt/target/release"
}
old=$(side "$1")
new=$(side "$2")
export IPVS_AB_OLD=$old IPVS_AB_NEW=$new

tests/vm/vm prepare >&2
mkdir -p target/bench
raw=target/bench/ab-table-$(date -u +%Y%m%dT%H%M%SZ).txt
{
    echo "I date $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "I old $1 ($old)"
    echo "I new $2 ($new)"
    echo "I host-load $(cut -d' ' -f1-3 /proc/loadavg)"
} >"$raw"
say "booting the VM; records go to $raw"
tests/vm/vm exec bench/ab-table-guest.sh | tee -a "$raw" | grep -v '^S ' >&2
echo "I host-load-after $(cut -d' ' -f1-3 /proc/loadavg)" >>"$raw"

# S CASE SIDE MICROSECONDS -> one line per case.
awk '
function median(s,   a, n, i, j, t) {
    n = split(s, a, " ")
    for (i = 2; i <= n; i++)
        for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
$1 == "S" { v[$2, $3] = v[$2, $3] " " sprintf("%.0f", $4 / 1000); if (!($2 in seen)) { seen[$2]; order[++k] = $2 } }
END {
    printf "%-10s %9s %9s %7s   %s\n", "case", "old ms", "new ms", "new/old", "samples old | new (ms)"
    for (i = 1; i <= k; i++) {
        c = order[i]; o = median(v[c, "old"]); n = median(v[c, "new"])
        printf "%-10s %9.0f %9.0f %7.3f  %s |%s\n", c, o, n, n / o, v[c, "old"], v[c, "new"]
    }
}' "$raw"
