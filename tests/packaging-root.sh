#!/bin/bash
# The .deb in scratch roots laid out as a merged /usr (/bin, /sbin, /lib ->
# usr/...), each with its own dpkg database; tests/packaging.sh runs this.
# dpkg --root runs the maintainer scripts chrooted into the root, under a
# static busybox sh, with dpkg-divert copied in and logging stand-ins for
# update-rc.d, invoke-rc.d (Debian's ipvsadm calls them) and, in one root,
# deb-systemd-helper, deb-systemd-invoke and systemctl. Packages the roots
# need but do not hold (libc6, libnl...) are entries in the status file.
#   1. Debian's ipvsadm as the distribution ships it (/sbin/ipvsadm), the
#      operator's configuration changed, then ours: installs without a
#      prompt, keeps every file of ours (dpkg --verify), the operator's
#      files and no diversion; the programs run.
#   2. The same over trixie's ipvsadm 1:1.31-5 (/usr/sbin, a systemd unit,
#      /usr/libexec/ipvsadm/ipvsadm-{load,start,stop,flush}), fetched with
#      the VM harness's own apt (tests/vm/apt.sh); where that cannot be
#      reached, a stand-in: bookworm's .deb with /sbin moved to /usr/sbin.
#   Both: the way back (purge ours, install Debian's) leaves Debian's
#   package whole and nothing of ours. Debian's stays in config-files state
#   (dpkg keeps conffiles another package took over as "obsolete" ones of
#   the old package), and its postrm purge runs `rm -f /etc/ipvsadm.rules`
#   whoever owns the file: no dpkg mechanism lets ours stop that, so
#   postinst warns, and this test pins both the warning and the loss.
#   3. Ours over an older build of ours with systemd "running": the unit
#      enabled and started once, not restarted on upgrade, stopped on
#      remove; a changed conffile kept on upgrade and on remove, gone on
#      purge.
#   tests/packaging-root.sh NEW_DEB OLD_DEB
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: $0 NEW_DEB OLD_DEB" >&2; exit 2; }
new=$(realpath "$1") old=$(realpath "$2")

fails=0 checks=0
ok() { checks=$((checks + 1)); printf 'ok   %s\n' "$*"; }
bad() { checks=$((checks + 1)); fails=$((fails + 1)); printf 'FAIL %s\n' "$*"; }
check() { local what=$1; shift; if "$@"; then ok "$what"; else bad "$what"; fi; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
dpkg-deb -x "$new" "$tmp/new"

# Debian's ipvsadm: from apt, else from apt's cache.
debian_deb() {
    (cd "$tmp" && apt-get download -q -o APT::Sandbox::User=root ipvsadm >/dev/null 2>&1) || true
    local f
    for f in "$tmp"/ipvsadm_*.deb /var/cache/apt/archives/ipvsadm_*.deb; do
        if [ -f "$f" ]; then echo "$f"; return; fi
    done
}

# Copy a host program and the libraries it loads into the root.
copy_prog() { # ROOT PROG
    local lib
    cp "$2" "$1/usr/bin/"
    for lib in $(ldd "$2" 2>/dev/null | grep -o '/[^ ]*'); do
        mkdir -p "$1/usr$(dirname "$lib")"
        cp -L "$lib" "$1/usr$lib"
    done
}

stub() { # ROOT NAME [EXIT]: a program that logs its arguments to /stubs.log
    printf '#!/bin/sh\necho "%s $*" >>/stubs.log\nexit %s\n' "$2" "${3:-0}" >"$1/usr/bin/$2"
    chmod 0755 "$1/usr/bin/$2"
}

make_root() { # ROOT DEB...: an empty merged-/usr root that can take the DEBs
    local r=$1 d p
    shift
    mkdir -p "$r"/usr/{bin,sbin,lib,lib64} "$r"/{etc,tmp,dev,run} "$r"/var/lib/dpkg/{info,updates}
    for d in bin sbin lib lib64; do ln -s "usr/$d" "$r/$d"; done
    : >"$r/dev/null"
    chmod 0666 "$r/dev/null"
    copy_prog "$r" "$(command -v busybox)"
    for p in $("$r/usr/bin/busybox" --list); do
        [ -e "$r/usr/bin/$p" ] || ln -s busybox "$r/usr/bin/$p"
    done
    copy_prog "$r" "$(command -v dpkg-divert)"
    copy_prog "$r" "$(command -v dpkg-query)"    # postinst asks for the old package's state
    stub "$r" update-rc.d
    stub "$r" invoke-rc.d
    : >"$r/var/lib/dpkg/available"
    # Every dependency of the DEBs, as installed.
    for p in $(for d in "$@"; do dpkg-deb -f "$d" Depends Pre-Depends | sed "s/^[A-Za-z-]*: //"; done |
        tr ',|' '\n\n' | sed 's/(.*//; s/ //g' | sort -u); do
        printf 'Package: %s\nStatus: install ok installed\nVersion: 999\nArchitecture: all\n' "$p"
        printf 'Maintainer: none <none@example.org>\nDescription: provided by the host\n\n'
        : >"$r/var/lib/dpkg/info/$p.list"
    done >"$r/var/lib/dpkg/status"
}

# dpkg in the root, no terminal: a conffile prompt fails the command.
rdpkg() { dpkg --root="$R" --log=/dev/null --force-unsafe-io "$@" </dev/null >>"$R.log" 2>&1; }
status() { dpkg-query --admindir="$R/var/lib/dpkg" -W -f '${db:Status-Status}' "$1" 2>/dev/null; }
# dpkg --verify, leaving out the conffiles the operator changed.
verify_ours() {
    [ "$(status ipvsadm-rs)" = installed ] &&
        ! dpkg --root="$R" --verify ipvsadm-rs | grep -v '^??5?????? c /etc/' | grep -q .
}
ours_in_usr_sbin() {
    local p
    for p in ipvsadm ipvsadm-save ipvsadm-restore ipvstop; do
        cmp -s "$tmp/new/usr/sbin/$p" "$R/usr/sbin/$p" || return
    done
}
same_file() { cmp -s "$1" "$2"; }
show_log() { sed 's/^/    /' "$R.log"; }

replace_debian() { # LABEL DEBIAN_DEB
    local label=$1
    R=$tmp/$label
    make_root "$R" "$2" "$new"
    rdpkg -i "$2" || { bad "$label: Debian's ipvsadm installs"; show_log; return; }
    sed -i 's/^AUTO=.*/AUTO="true"/; s/^DAEMON=.*/DAEMON="both"/' "$R/etc/default/ipvsadm"
    echo "-A -t 10.0.0.1:80 -s rr" >>"$R/etc/ipvsadm.rules"
    cp "$R/etc/default/ipvsadm" "$tmp/default.want"
    cp "$R/etc/ipvsadm.rules" "$tmp/rules.want"
    if rdpkg -i "$new"; then ok "$label: ours replaces Debian's, no prompt"; else bad "$label: ours replaces Debian's"; show_log; fi
    check "$label: ours is installed" test "$(status ipvsadm-rs)" = installed
    check "$label: Debian's is removed" bash -c '[[ $1 = config-files || $1 = not-installed || -z $1 ]]' _ "$(status ipvsadm)"
    check "$label: dpkg --verify ipvsadm-rs finds every file" verify_ours
    check "$label: /usr/sbin has our four programs" ours_in_usr_sbin
    check "$label: the operator's /etc/default/ipvsadm is kept" same_file "$tmp/default.want" "$R/etc/default/ipvsadm"
    check "$label: the operator's /etc/ipvsadm.rules is kept" same_file "$tmp/rules.want" "$R/etc/ipvsadm.rules"
    check "$label: no diversion is left" test -z "$(dpkg-divert --root="$R" --list)"
    check "$label: nothing set aside is left" bash -c '! ls "$1"/etc/*.ipvsadm-rs-keep "$1"/etc/default/*.ipvsadm-rs-keep 2>/dev/null | grep -q .' _ "$R"
    check "$label: installed ipvsadm -h prints the usage" bash -c '"$1/usr/sbin/ipvsadm" -h 2>&1 | grep -q -- --add-service' _ "$R"
    check "$label: installed ipvstop --help prints its options" \
        bash -c '"$1/usr/sbin/ipvstop" --help | grep -q -- --iterations' _ "$R"
    check "$label: installed ipvsadm-restore --check reads the kept rules" \
        bash -c 'grep -v "^#" "$1/etc/ipvsadm.rules" | "$1/usr/sbin/ipvsadm-restore" --check 2>/dev/null' _ "$R"
    check "$label: our unit is installed" test -f "$R/usr/lib/systemd/system/ipvsadm.service"
    check "$label: postinst warns that purging Debian's deletes the rules" \
        grep -q "purging the old ipvsadm package deletes /etc/ipvsadm.rules" "$R.log"
    cp "$R/etc/ipvsadm.rules" "$tmp/rules.ours"
    rdpkg -P ipvsadm || true
    check "$label: (known) dpkg -P ipvsadm afterwards deletes /etc/ipvsadm.rules (its postrm's rm -f)" \
        test ! -e "$R/etc/ipvsadm.rules"
    cp "$tmp/rules.ours" "$R/etc/ipvsadm.rules"
    # The way back.
    rdpkg -P ipvsadm-rs || bad "$label: dpkg -P ipvsadm-rs"
    if rdpkg -i "$2"; then ok "$label: Debian's installs again after ours is purged"; else bad "$label: Debian's installs again"; show_log; fi
    check "$label: ... whole (dpkg --verify ipvsadm)" bash -c '! dpkg --root="$1" --verify ipvsadm | grep -q .' _ "$R"
    check "$label: ... with its own init script and rules" bash -c \
        'dpkg-deb --fsys-tarfile "$2" | tar -xO ./etc/ipvsadm.rules | cmp -s - "$1/etc/ipvsadm.rules" &&
         dpkg-deb --fsys-tarfile "$2" | tar -xO ./etc/init.d/ipvsadm | cmp -s - "$1/etc/init.d/ipvsadm"' _ "$R" "$2"
    check "$label: ... and nothing of ours left" bash -c \
        '[ -z "$(dpkg-divert --root="$1" --list)" ] && ! ls "$1"/etc/*.ipvsadm-rs-keep "$1"/etc/default/*.ipvsadm-rs-keep "$1/usr/libexec/ipvsadm/ipvsadm-service" 2>/dev/null | grep -q .' _ "$R"
}

# trixie's ipvsadm .deb through the VM harness's apt and cache (locked).
trixie_deb() {
    (
        CACHE=${IPVS_VM_CACHE:-/var/cache/ipvsadm-rs-vm}
        say() { :; }
        die() { exit 1; }
        # shellcheck source=tests/vm/apt.sh
        . "$(dirname "$0")/vm/apt.sh"
        mkdir -p "$CACHE"
        exec 9>"$CACHE/.lock"
        flock 9
        reference_ipvsadm trixie >/dev/null 2>&1 || exit 1
        ls "$CACHE"/ref/trixie/ipvsadm_*.deb
    ) 2>/dev/null | head -n1
}

echo "== 1. over Debian's ipvsadm (bookworm: /sbin)"
debian=$(debian_deb)
if [ -z "$debian" ]; then
    bad "Debian's ipvsadm .deb: apt-get download ipvsadm failed and apt's cache has none"
else
    replace_debian bookworm "$debian"
    echo "== 2. over trixie's ipvsadm (/usr/sbin, a systemd unit)"
    trixie=$(trixie_deb)
    if [ -z "$trixie" ]; then
        echo "(trixie's .deb unreachable: a stand-in, bookworm's with /sbin moved to /usr/sbin)"
        dpkg-deb -R "$debian" "$tmp/moved"
        mv "$tmp/moved/sbin" "$tmp/moved/usr/sbin"
        sed -i 's|^\([0-9a-f]*  \)sbin/|\1usr/sbin/|' "$tmp/moved/DEBIAN/md5sums"
        dpkg-deb --root-owner-group -b "$tmp/moved" "$tmp/ipvsadm-usr.deb" >/dev/null
        trixie=$tmp/ipvsadm-usr.deb
    fi
    replace_debian trixie "$trixie"
fi

echo "== 3. upgrade, remove, purge, with systemd running"
R=$tmp/upgrade
make_root "$R" "$new"
mkdir -p "$R/run/systemd/system"
for p in deb-systemd-helper deb-systemd-invoke systemctl; do stub "$R" "$p"; done
rdpkg -i "$old" || { bad "the older build installs"; show_log; }
check "first install enables and starts the unit" grep -qx \
    -e 'deb-systemd-helper enable ipvsadm.service' "$R/stubs.log"
check "... and starts it" grep -qx 'deb-systemd-invoke start ipvsadm.service' "$R/stubs.log"
sed -i 's/^AUTO=.*/AUTO="true"/' "$R/etc/default/ipvsadm"
cp "$R/etc/default/ipvsadm" "$tmp/default.want"
: >"$R/stubs.log"
if rdpkg -i "$new"; then ok "upgrade to the new build, no prompt"; else bad "upgrade"; show_log; fi
check "the new version is installed" test "$(dpkg-query --admindir="$R/var/lib/dpkg" -W -f '${Version}' ipvsadm-rs)" = \
    "$(dpkg-deb -f "$new" Version)"
check "dpkg --verify finds every file" verify_ours
check "the changed conffile is kept" same_file "$tmp/default.want" "$R/etc/default/ipvsadm"
check "the upgrade does not restart the unit" bash -c '! grep -q "restart\|stop" "$1/stubs.log"' _ "$R"
check "no diversion is left" test -z "$(dpkg-divert --root="$R" --list)"
rdpkg -r ipvsadm-rs || { bad "dpkg -r"; show_log; }
check "remove stops the unit" grep -qx 'deb-systemd-invoke stop ipvsadm.service' "$R/stubs.log"
check "remove leaves config-files" test "$(status ipvsadm-rs)" = config-files
check "remove deletes the programs" test ! -e "$R/usr/sbin/ipvsadm" -a ! -e "$R/usr/sbin/ipvstop"
check "remove keeps the changed conffile" same_file "$tmp/default.want" "$R/etc/default/ipvsadm"
rdpkg -P ipvsadm-rs || { bad "dpkg -P"; show_log; }
check "purge forgets the unit's state" grep -qx 'deb-systemd-helper purge ipvsadm.service' "$R/stubs.log"
check "purge deletes the conffiles" test ! -e "$R/etc/default/ipvsadm" -a ! -e "$R/etc/ipvsadm.rules"
check "purge forgets the package" bash -c '[[ -z $1 || $1 = not-installed ]]' _ "$(status ipvsadm-rs)"

echo "packaging-root: $checks checks, $fails failed"
[ "$fails" = 0 ]
