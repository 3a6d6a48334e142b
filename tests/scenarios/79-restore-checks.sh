#!/bin/bash
# Not a comparison: ipvsadm-restore's own modes (--converge, --check,
# --line-numbers, --strict, -S --thresholds, comments, interruption) have
# no counterpart in the reference, so tests/restore-checks.sh checks them
# on ours, and the reference's side prints what a passing run prints. A
# failing check shows up in the diff as a FAIL line.
. "$(dirname "$0")/lib.sh"

if [ "$SIDE" = ours ]; then
    bash "$(dirname "$0")/../restore-checks.sh"
else
    bash "$(dirname "$0")/../restore-checks.sh" --expect
fi
