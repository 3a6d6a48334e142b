#!/bin/sh
# split-debug.sh STAGE DEBUG_ROOT: strips the programs in STAGE/usr/sbin
# as dh_strip does (symbols, .comment, .note) after copying their debug
# sections and symbols to DEBUG_ROOT/usr/lib/debug/.build-id/XX/YYYY.debug,
# where gdb and debuginfod clients look them up by build id; each program
# keeps a .gnu_debuglink to its file. Prints the build ids, one a line.
# Used by packaging/debian/build-deb.sh (-dbgsym) and `make rpm` (-debuginfo).
set -eu
export LC_ALL=C
[ $# -eq 2 ] || { echo "usage: $0 STAGE DEBUG_ROOT" >&2; exit 2; }
stage=$1 dbg=$2
for bin in "$stage"/usr/sbin/*; do
    id=$(readelf -n "$bin" | sed -n 's/^ *Build ID: *//p')
    [ -n "$id" ] || { echo "split-debug: $bin has no build id" >&2; exit 1; }
    debug=$dbg/usr/lib/debug/.build-id/$(echo "$id" | cut -c1-2)/$(echo "$id" | cut -c3-).debug
    mkdir -p "$(dirname "$debug")"
    objcopy --only-keep-debug --compress-debug-sections "$bin" "$debug"
    chmod 0644 "$debug"
    strip --remove-section=.comment --remove-section=.note "$bin"
    objcopy --add-gnu-debuglink="$debug" "$bin"
    echo "$id"
done
