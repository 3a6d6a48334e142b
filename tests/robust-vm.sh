#!/bin/bash
# The real-kernel robustness checks in one VM boot (boots are slow):
#   tests/vm/vm exec tests/robust-vm.sh [CHURN_SECONDS]
# tests/robust-churn.sh (listing while the table changes), then
# tests/robust-kernel.sh (kernel and system conditions; it unloads ip_vs
# at its end, so it runs last). Needs a build of ours (`vm diff` makes
# target/release/ipvsadm).
cd "$(dirname "$0")/.."
rc=0
bash tests/robust-churn.sh "${1:-20}" || rc=1
bash tests/robust-kernel.sh || rc=1
exit $rc
