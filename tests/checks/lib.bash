# Sourced by one-sided checks (not a check itself: tests/checks/guest.sh
# runs *.sh): our programs on PATH (those installed, else the checkout's
# target/release), a scratch directory as the working directory, removed
# at exit, and `ok NAME` / `bad NAME DETAILS` lines; `$failed` is the exit
# status to end with.
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if ! command -v ipvsadm-restore >/dev/null || ! ipvsadm-restore --help >/dev/null 2>&1; then
    PATH=$HERE/../target/release:$PATH
fi
export PATH
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
cd "$W" || exit 2
failed=0
ok() { echo "ok: $1"; }
bad() { echo "FAIL: $1: $2"; failed=1; }
