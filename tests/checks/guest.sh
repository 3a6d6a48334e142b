#!/bin/bash
# Guest side of tests/checks/run: runs every one-sided check script in
# tests/checks/ (behaviour of ours that the reference has no counterpart
# for, or that cannot be compared byte for byte: our own modes, the sync
# daemon between two directors, churn while listing). Each runs in a fresh
# network namespace with our release binaries first on PATH, and prints
# "ok: ..." / "FAIL: ..." lines and exits non-zero on failure.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
export PATH="$HERE/../../target/release:$PATH"
# Runs check $1 (a path) in a fresh netns; prints PASS/FAIL with its time
# and, on failure, its exit status. Status 0 when it passed.
run_check() {
    local f=$1 name start rc
    name=$(basename "$f" .sh)
    echo "=== $name"
    start=$SECONDS
    timeout "${IPVS_CHECK_TIMEOUT:-600}" unshare -n bash -c 'ip link set lo up; exec bash "$0"' "$f"
    rc=$?
    if [ "$rc" = 0 ]; then
        echo "PASS $name ($((SECONDS - start))s)"
        return 0
    fi
    echo "FAIL $name ($((SECONDS - start))s; exit status $rc$([ "$rc" = 124 ] && echo ', timed out'))"
    return 1
}

passed=0 failed=0 failures=()
# The checks to run: all, or those named. A name with no script, or no
# scripts at all (this file run from a copy, away from its checks), is a
# failure that says so, not a step named after a glob.
shopt -s nullglob
checks=()
for f in "$HERE"/*.sh; do
    # Never this script itself, whatever its name (it would run itself).
    [ "$(basename "$f" .sh)" = guest ] || [ "$f" -ef "$0" ] || checks+=("$f")
done
if [ ${#checks[@]} = 0 ]; then
    echo "FAIL no check scripts in $HERE"
    failed=1
fi
for name in "$@"; do
    if [ ! -f "$HERE/$name.sh" ]; then
        echo "FAIL $name: no such check ($HERE/$name.sh)"
        failed=$((failed + 1))
    fi
done
for f in "${checks[@]}"; do
    name=$(basename "$f" .sh)
    [ $# -gt 0 ] && [[ " $* " != *" $name "* ]] && continue
    if run_check "$f"; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        failures+=("$f")
    fi
done
# A failed check is run once more and the summary says what that showed
# (passing on a re-run means it depends on timing); it still counts as
# failed: nothing is retried silently.
if [ ${#failures[@]} -gt 0 ]; then
    echo
    echo "summary of failures (each run once more):"
    for f in "${failures[@]}"; do
        name=$(basename "$f" .sh)
        if run_check "$f" >/dev/null 2>&1; then
            echo "  $name: failed, then passed on a re-run: looks timing-related"
        else
            echo "  $name: failed again on a re-run"
        fi
    done
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
