# tests/vm/apt.sh - sourced by tests/vm/kernel.sh: an apt of the harness's
# own, for the Debian suites this machine's sources do not carry (bullseye's
# 5.10, sid's newest kernel, trixie's ipvsadm). Its sources, package lists and
# download cache live under $CACHE/apt; the machine's /etc/apt and
# /var/lib/apt are neither read nor written (sourceparts=-, an empty dpkg
# status), so nothing a later `apt-get upgrade` does changes. Callers hold the
# cache lock (fd 9), so parallel runs share one set of lists.
# Uses from tests/vm/vm: CACHE, say, die.

HAPT_DIR=$CACHE/apt
# Suites reached this way. bookworm stays with the machine's own apt (the
# default kernel and 6.12 are what they were before this file existed).
HAPT_SOURCES="\
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bullseye main
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian-security bullseye-security main
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian trixie main
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian sid main
"

hapt_opts() {
    HAPT_OPTS=(
        -o "Dir::Etc::sourcelist=$HAPT_DIR/sources.list"
        -o Dir::Etc::sourceparts=-
        -o "Dir::State::Lists=$HAPT_DIR/lists"
        -o "Dir::State::status=$HAPT_DIR/status"
        -o "Dir::Cache=$HAPT_DIR/cache"
        -o APT::Get::List-Cleanup=0
        -o Acquire::Languages=none
    )
}

# Fetch the package lists when they are missing, older than a day, or $1 is
# "force" (a download failed: the pool moved on).
hapt_update() {
    local lists=$HAPT_DIR/lists stamp=$HAPT_DIR/updated
    hapt_opts
    if [ "${1:-}" != force ] && [ -f "$stamp" ] && [ -n "$(find "$stamp" -mmin -1440)" ] &&
        [ "$(cat "$HAPT_DIR/sources.list" 2>/dev/null)" = "$HAPT_SOURCES" ]; then
        return 0
    fi
    mkdir -p "$lists/partial" "$HAPT_DIR/cache/archives/partial"
    printf '%s' "$HAPT_SOURCES" >"$HAPT_DIR/sources.list"
    : >>"$HAPT_DIR/status"
    say "apt-get update (the harness's own lists: bullseye, trixie, sid)"
    apt-get "${HAPT_OPTS[@]}" update -qq >&2 || die "apt-get update of $HAPT_DIR failed"
    touch "$stamp"
}

hapt_cache() {
    hapt_update
    apt-cache "${HAPT_OPTS[@]}" "$@"
}

# Download packages (names, or name=version) into the current directory,
# updating the lists once more if the first try fails.
hapt_download() {
    hapt_update
    local try
    for try in 1 2; do
        # As root apt warns that _apt cannot write here; that is harmless.
        if apt-get "${HAPT_OPTS[@]}" download -q "$@" 2>&1 |
            { grep -v 'Download is performed unsandboxed' >&2 || true; }; [ "${PIPESTATUS[0]}" = 0 ]; then
            return 0
        fi
        [ $try = 2 ] || hapt_update force
    done
    return 1
}

# A Debian release's ipvsadm as a reference (IPVS_REFERENCE): bookworm's is
# the machine's own /usr/sbin/ipvsadm (the ipvsadm package); any other is
# downloaded with the harness's apt and unpacked into $CACHE/ref/SUITE/
# (trixie's 1:1.31-5 runs on bookworm: glibc 2.34, libnl-3, libpopt). Prints
# the path of its ipvsadm, with ipvsadm-save/-restore beside it. Needs the
# cache lock.
reference_ipvsadm() {
    local suite=$1 dir ver deb
    case "$suite" in
        bookworm) echo /usr/sbin/ipvsadm; return ;;
        bullseye|trixie|sid) ;;
        *) die "IPVS_REFERENCE=$suite: one of bookworm, trixie, bullseye, sid" ;;
    esac
    dir=$CACHE/ref/$suite
    if [ ! -x "$dir/usr/sbin/ipvsadm" ] && [ ! -x "$dir/sbin/ipvsadm" ]; then
        ver=$(hapt_cache madison ipvsadm | awk -v s="$suite" '$0 ~ " " s "/main" { print $3; exit }')
        [ -n "$ver" ] || die "no ipvsadm in $suite"
        say "downloading ipvsadm $ver ($suite) as the reference"
        rm -rf "$dir" "$dir.new"
        mkdir -p "$dir.new"
        (cd "$dir.new" && hapt_download "ipvsadm=$ver") || die "apt-get download ipvsadm=$ver failed"
        deb=$(ls "$dir.new"/ipvsadm_*.deb)
        dpkg-deb -x "$deb" "$dir.new"
        mv "$dir.new" "$dir"
    fi
    if [ -x "$dir/usr/sbin/ipvsadm" ]; then echo "$dir/usr/sbin/ipvsadm"; else echo "$dir/sbin/ipvsadm"; fi
}
