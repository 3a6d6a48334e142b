# Sourced by every scenario:  . "$(dirname "$0")/lib.sh"
#
# A scenario is a bash script run by tests/vm/diff-guest.sh twice in the same
# network namespace, once with `ipvsadm` (and ipvsadm-save/-restore) on PATH
# being the reference C tool and once being ours; SIDE=ref|ours says which.
# Its whole stdout+stderr is the transcript, and the two transcripts must be
# byte-for-byte equal. So: print only things both sides must agree on, and
# start from an empty table (`t ipvsadm -C`).
#
# Helpers:
#   t CMD [ARG...]           run CMD and record it:
#                              $ CMD ARG...        (the command line)
#                              out: ...            (each stdout line)
#                              err: ...            (each stderr line)
#                              rc=N                (exit status)
#                            stdout is shown before stderr (their relative
#                            order is not kept). A last line without a
#                            newline is followed by "\ (no newline at end)".
#                            stdin is the scenario's (/dev/null by default).
#   t_in FILE CMD [ARG...]   the same with stdin from FILE; FILE "-" takes
#                            the helper's own stdin, e.g. a here-document:
#                                t_in - ipvsadm -R <<'EOF'
#                                -A -t 10.0.0.1:80 -s rr
#                                EOF
#                            The input is recorded too, as "in: " lines.
#   t_trixie CMD [ARG...]    like t, for a command whose message trixie's
#                            ipvsadm (1:1.31-5) words differently from
#                            bookworm's (1:1.31-1); ours follows trixie. With
#                            IPVS_REFERENCE=bookworm the reference side's
#                            bookworm wording is mapped to trixie's (the one
#                            named difference, TRIXIE_WORDING below).
#   note TEXT                a "# TEXT" line in the transcript
#   wait_for SECS WHAT CMD.. poll CMD until it succeeds, at most SECS seconds
#   link_up IF [NETNS]       set IF up without IPv6 duplicate address
#                            detection, then wait until it is usable
#   wait_estimator           wait until the kernel has folded the traffic
#                            so far into the counters it reports
#
# Timing: the kernel does some things on its own time (a veth's carrier,
# IPv6 duplicate address detection, the 2-second stats estimator). A
# scenario never assumes they are done after a fixed sleep or "a few
# commands later": it waits for the condition, bounded. A wait that runs
# out prints why and ends the scenario with status 3, so the runner fails
# it on whichever side it happened.
#
# Quoting: arguments go to the command exactly as given, but the scenario is
# parsed by bash first. Quote IPv6 addresses: an unquoted [::1]:80 is a glob
# pattern and would be replaced by any matching one-character file name in
# the current dir.  t ipvsadm -A -t '[2001:db8::1]:80' -s rr

# Scratch files for one command's output. Only shell builtins are used
# below apart from the command itself: every extra process costs ~0.1 s in
# the emulated VM.
_T_TMP=${TMPDIR:-/tmp}/.scenario.$$.$RANDOM
trap 'rm -f "$_T_TMP".*' EXIT

_T_PLAIN='^[][A-Za-z0-9_./:=,@%+^-]+$'
_t_show() {
    local a line='$'
    for a in "$@"; do
        if [[ -n $a && $a =~ $_T_PLAIN ]]; then
            line+=" $a"
        else
            line+=" ${a@Q}"
        fi
    done
    printf '%s\n' "$line"
}

# Prefix each line of file $2 with $1.
_t_prefix() {
    local content lines
    # read -d '': the whole file (up to a NUL byte); its status is 1 at EOF.
    IFS= read -r -d '' content <"$2"
    [ -n "$content" ] || return 0
    if [[ $content == *$'\n' ]]; then
        mapfile -t lines <<<"${content%$'\n'}"
        printf '%s\n' "${lines[@]/#/$1}"
    else
        mapfile -t lines <<<"$content"
        printf '%s\n' "${lines[@]/#/$1}" '\ (no newline at end)'
    fi
}

_t_run() {
    local rc
    "$@" >"$_T_TMP.out" 2>"$_T_TMP.err"
    rc=$?
    _t_prefix 'out: ' "$_T_TMP.out"
    _t_prefix 'err: ' "$_T_TMP.err"
    echo "rc=$rc"
    return 0
}

t() {
    _t_show "$@"
    if _t_hash_order "$@"; then
        _t_run "$@" | _t_sort_out
    else
        _t_run "$@"
    fi
}

# Since 7.1 (kernels with /proc/net/ip_vs_status) IPVS's hash tables are
# made on demand with a random key and resize as services come and go, so
# the order the kernel lists services in differs between any two runs, the
# reference's and ours included (tests/vm/README.md). --nosort shows that
# order, and so does the reference's sort where its comparison leaves the
# input order to decide (scenario 12's IPv6 and fwmark services): there
# a listing is compared as a set, its lines sorted where they stand in
# the transcript. Order itself is compared on every other kernel.
_t_hash_order() {
    local a
    [ -e /proc/net/ip_vs_status ] || return 1
    case "${1##*/}" in ipvsadm-save) return 0 ;; esac
    for a; do
        case "$a" in
            --nosort | --list | --save | -[LlS]* | -[a-zA-Z]*[LlS]*) return 0 ;;
        esac
    done
    return 1
}

_t_sort_out() {
    local line out=()
    while IFS= read -r line; do
        if [[ $line == 'out: '* ]]; then
            out+=("$line")
            continue
        fi
        if ((${#out[@]})); then
            printf '%s\n' "${out[@]}" | LC_ALL=C sort
            out=()
        fi
        printf '%s\n' "$line"
    done
    if ((${#out[@]})); then
        printf '%s\n' "${out[@]}" | LC_ALL=C sort
    fi
}

t_in() {
    local file=$1
    shift
    if [ "$file" = - ]; then
        file=$_T_TMP.in
        cat >"$file"
        _t_show "$@"
    else
        printf '%s < %s\n' "$(_t_show "$@")" "$file"
    fi
    _t_prefix 'in: ' "$file"
    _t_run "$@" <"$file"
}

# bookworm's line -> trixie's, as sed expressions on transcript lines.
TRIXIE_WORDING='s/^err: -6 used before -f$/err: -6 must follow -f/'
t_trixie() {
    if [ "${SIDE:-}" = ref ] && [ "${IPVS_REFERENCE:-trixie}" = bookworm ]; then
        t "$@" | sed "$TRIXIE_WORDING"
    else
        t "$@"
    fi
}

note() {
    printf '# %s\n' "$*"
}

# wait_for SECS WHAT CMD...: runs CMD every 0.1 s until it succeeds; after
# SECS seconds, says what it waited for and ends the scenario (status 3).
wait_for() {
    local limit=$1 what=$2 end
    shift 2
    end=$((${EPOCHREALTIME/./} + limit * 1000000))
    until "$@"; do
        if ((${EPOCHREALTIME/./} > end)); then
            echo "# gave up after ${limit}s waiting for: $what"
            exit 3
        fi
        sleep 0.1
    done
}

# Whether link $1 (in netns $2, if given) is usable: carrier up, and an IPv6
# link-local address that is no longer tentative. A veth gets its carrier
# when both ends are up, through the kernel's link-watch work (up to a
# second later), and only then its link-local address; while that address
# is tentative, binding to it (an IPv6 sync daemon's group) fails with
# EADDRNOTAVAIL.
_link_ready() {
    local ipc=(ip)
    [ -n "${2:-}" ] && ipc=(ip -n "$2")
    [[ $("${ipc[@]}" -o link show dev "$1") == *LOWER_UP* ]] &&
        [ -n "$("${ipc[@]}" -6 -o addr show dev "$1" scope link)" ] &&
        [ -z "$("${ipc[@]}" -6 -o addr show dev "$1" tentative)" ]
}

# link_up IF [NETNS]: sets IF up with duplicate address detection off (its
# addresses are usable at once instead of after about a second). Waiting
# for the link is link_wait's job: a veth is ready only once both ends
# are up.
link_up() {
    local sysctl=(sysctl)
    [ -n "${2:-}" ] && sysctl=(ip netns exec "$2" sysctl)
    "${sysctl[@]}" -qw "net.ipv6.conf.$1.accept_dad=0"
    if [ -n "${2:-}" ]; then ip -n "$2" link set "$1" up; else ip link set "$1" up; fi
}

# link_wait IF [NETNS]: waits (10 s at most) until IF is usable.
link_wait() {
    wait_for 10 "link $1${2:+ in $2} up with a usable IPv6 link-local address" _link_ready "$@"
}

# wait_estimator: in tests/lib/estimator.sh, shared with the one-sided
# checks.
. "$(dirname "${BASH_SOURCE[0]}")/../lib/estimator.sh"
