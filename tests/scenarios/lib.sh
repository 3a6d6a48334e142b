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
#   note TEXT                a "# TEXT" line in the transcript
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
    _t_run "$@"
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

note() {
    printf '# %s\n' "$*"
}
