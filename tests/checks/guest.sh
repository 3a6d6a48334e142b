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
passed=0 failed=0
for f in "$HERE"/*.sh; do
    name=$(basename "$f" .sh)
    [ "$name" = guest ] && continue
    [ $# -gt 0 ] && [[ " $* " != *" $name "* ]] && continue
    echo "=== $name"
    start=$SECONDS
    if timeout "${IPVS_CHECK_TIMEOUT:-600}" unshare -n bash -c 'ip link set lo up; exec bash "$0"' "$f"; then
        echo "PASS $name ($((SECONDS - start))s)"
        passed=$((passed + 1))
    else
        echo "FAIL $name ($((SECONDS - start))s)"
        failed=$((failed + 1))
    fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
