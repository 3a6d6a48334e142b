#!/bin/bash
# A table of 30 services with 100 real servers each (about 200 KB of
# listing, more than a pipe holds): whole listings compared by checksum,
# and `ipvsadm -L | head -1`, where the listing meets a closed pipe.
# The reference is killed by SIGPIPE there (status 141); ours gets EPIPE
# (Rust ignores SIGPIPE) and exits 0 quietly, a documented improvement.
# Both are reported here as "ended quietly" with nothing on stderr;
# anything else shows its status.
. "$(dirname "$0")/lib.sh"

for s in {1..30}; do
    echo "-A -t 10.2.0.$s:80 -s rr"
    for d in {1..100}; do
        echo "-a -t 10.2.0.$s:80 -r 192.168.$s.$d:8080 -m -w $d"
    done
done >big.rules

# stdout of `ipvsadm ARGS | head -1`, then how ipvsadm ended.
head1() (
    ipvsadm "$@" | head -1
    rc=${PIPESTATUS[0]}
    case $rc in
    0 | 141) echo "ipvsadm ended quietly (exit 0 or SIGPIPE)" ;;
    *) echo "ipvsadm status $rc" ;;
    esac
)
# A checksum of the output and the line count.
sum() (
    set -o pipefail
    # On 7.1+ a listing is compared as a set (lib.sh, _t_hash_order).
    if _t_hash_order ipvsadm "$@"; then
        ipvsadm "$@" | LC_ALL=C sort | cksum
    else
        ipvsadm "$@" | cksum
    fi
)

t ipvsadm -C
ipvsadm -R <big.rules
echo "restore of 3030 lines: rc=$?"
t sum -Ln
t sum -L -n --nosort
t sum -Ln --stats --exact
t sum -Ln --rate
t sum -Ln --thresholds
t sum -Ln --persistent-conn
t sum -Ln --tun-info
t sum -S -n
t sum -Ln -t 10.2.0.17:80
t head1 -Ln
t head1 -Ln --stats
t head1
t head1 -L -n --nosort
t ipvsadm -C
