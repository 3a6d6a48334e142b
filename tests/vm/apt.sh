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
