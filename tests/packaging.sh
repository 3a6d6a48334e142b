#!/bin/bash
# Packaging checks (tests/run runs this): `make deb` and `make rpm` build,
# twice, byte-identical; the packages hold the right files at the
# conventional paths, stripped, with their debug symbols, licences and
# configuration files marked; lintian and rpmlint find no error; the .deb
# replaces Debian's ipvsadm and upgrades an older build of itself in
# scratch roots (tests/packaging-root.sh); the service script is sane; then
# (unless SKIP_VM is set) the service script's start and stop run on a real
# IPVS kernel in the VM (tests/packaging-vm.sh).
# Needs make, dpkg-dev, rpm, cpio, lintian, rpmlint and a busybox (.ci/run
# installs what is missing). Leaves the packages in target/pkg/.
set -euo pipefail
cd "$(dirname "$0")/.."

fails=0 checks=0
ok() { checks=$((checks + 1)); printf 'ok   %s\n' "$*"; }
bad() { checks=$((checks + 1)); fails=$((fails + 1)); printf 'FAIL %s\n' "$*"; }
check() { # check DESCRIPTION COMMAND...
    local what=$1; shift
    if "$@"; then ok "$what"; else bad "$what"; fi
}
has_line() { grep -qxF -- "$2" <<<"$1"; }

for tool in dpkg-deb dpkg rpmbuild rpm make gzip cpio objcopy lintian rpmlint busybox; do
    command -v "$tool" >/dev/null || { echo "packaging: $tool is missing (.ci/run installs it)" >&2; exit 1; }
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
build() { make --no-print-directory -s "$@" >"$tmp/make.log" 2>&1 || { cat "$tmp/make.log"; exit 1; }; }
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
arch=$(dpkg --print-architecture)
deb=target/pkg/ipvsadm-rs_$version-1_$arch.deb
ddeb=target/pkg/ipvsadm-rs-dbgsym_$version-1_$arch.ddeb
rpmfile=$(rpm --eval "target/pkg/ipvsadm-rs-$version-1.%{_arch}.rpm")
rpmdebug=${rpmfile/ipvsadm-rs-/ipvsadm-rs-debuginfo-}

# `make`'s own build (what the VM suites test): static-pie where the
# toolchain allows it (packaging/build-programs.sh, issue 15). A no-op when
# the VM steps before this built it.
packaging/build-programs.sh --quiet
if [ "$(packaging/build-programs.sh --print-link)" = static ]; then
    check "make's programs are static-pie: position independent, no loader, no shared library" bash -c \
        'for p in ipvsadm ipvsadm-save ipvsadm-restore ipvstop; do readelf -h "target/release/$p" | grep -q "Type: *DYN" &&
            ! readelf -l "target/release/$p" | grep -q INTERP &&
            ! readelf -d "target/release/$p" | grep -q "(NEEDED)" || exit 1; done'
fi

# An older build of ours for the upgrade test, then the packages twice.
build deb RELEASE=0
mv "target/pkg/ipvsadm-rs_$version-0_$arch.deb" "$tmp/older.deb"
rm -f "target/pkg/ipvsadm-rs-dbgsym_$version-0_$arch.ddeb"
build deb
build rpm
mkdir "$tmp/first"
cp "$deb" "$ddeb" "$rpmfile" "$rpmdebug" "$tmp/first/"
sleep 1 # a second later, under another umask: dates and modes must not leak in
(umask 077 && build deb && build rpm)
for f in "$deb" "$ddeb" "$rpmfile" "$rpmdebug"; do
    check "two builds of $(basename "$f") are byte-identical" cmp -s "$f" "$tmp/first/$(basename "$f")"
done

# ------------------------------------------------------------------ .deb --
deb_files=$(dpkg-deb -c "$deb" | awk '{print $6}' | sed 's|^\./|/|; s|/$||')
for f in /usr/sbin/ipvsadm /usr/sbin/ipvsadm-save /usr/sbin/ipvsadm-restore /usr/sbin/ipvstop \
    /usr/share/man/man8/ipvsadm.8.gz /usr/share/man/man8/ipvsadm-save.8.gz \
    /usr/share/man/man8/ipvsadm-restore.8.gz /usr/share/man/man8/ipvstop.8.gz \
    /usr/share/bash-completion/completions/ipvsadm \
    /usr/share/bash-completion/completions/ipvstop \
    /usr/share/zsh/vendor-completions/_ipvsadm /usr/share/zsh/vendor-completions/_ipvstop \
    /usr/share/fish/vendor_completions.d/ipvsadm.fish \
    /usr/share/fish/vendor_completions.d/ipvstop.fish \
    /usr/lib/systemd/system/ipvsadm.service /usr/libexec/ipvsadm/ipvsadm-service \
    /etc/default/ipvsadm /etc/ipvsadm.rules /usr/share/doc/ipvsadm-rs/copyright \
    /usr/share/doc/ipvsadm-rs/changelog.Debian.gz /usr/share/doc/ipvsadm-rs/json.md; do
    check "deb has $f" has_line "$deb_files" "$f"
done
check "deb has nothing in /sbin, /bin or /lib (aliased on a merged /usr)" \
    bash -c '! grep -Eq "^/(s?bin|lib)/" <<<"$1"' _ "$deb_files"
check "deb has no /etc/sysconfig" bash -c '! grep -q sysconfig <<<"$1"' _ "$deb_files"
check "deb files are owned by root" bash -c '! dpkg-deb -c "$1" | awk "{print \$2}" | grep -v "^root/root$" | grep -q .' _ "$deb"
check "deb conffiles: /etc/default/ipvsadm and /etc/ipvsadm.rules" \
    test "$(dpkg-deb -I "$deb" conffiles)" = $'/etc/default/ipvsadm\n/etc/ipvsadm.rules'
info=$(dpkg-deb -I "$deb")
check "deb control: package, version, provides, replaces" \
    bash -c 'grep -q "Package: ipvsadm-rs" <<<"$1" && grep -q "Version: $2-1" <<<"$1" &&
        grep -q "Provides: ipvsadm" <<<"$1" && grep -q "Replaces: ipvsadm" <<<"$1"' _ "$info" "$version"
check "deb maintainer is a real address" bash -c '! grep -q "^ Maintainer: .*@localhost" <<<"$1"' _ "$info"
check "deb changelog's top entry is this version" bash -c \
    'dpkg-deb --fsys-tarfile "$1" | tar -xOf - ./usr/share/doc/ipvsadm-rs/changelog.Debian.gz |
        gzip -dc | head -n 1 | grep -q "^ipvsadm-rs ($2-1) "' _ "$deb" "$version"
dpkg-deb -x "$deb" "$tmp/deb"
dpkg-deb -e "$deb" "$tmp/deb/DEBIAN"
# The packages link libc dynamically (the Makefile's LINK for deb and
# rpm; `make` alone links static-pie where it can, issue 15).
check "deb programs link libc dynamically, with the loader" bash -c \
    'for p in "$1"/usr/sbin/*; do readelf -l "$p" | grep -q "program interpreter" &&
        readelf -d "$p" | grep -q "(NEEDED).*libc\.so" || exit 1; done' _ "$tmp/deb"
check "deb depends on the glibc the binaries need" \
    bash -c 'grep -Eq "^ Depends: libc6 \(>= 2\.[0-9]+\), libgcc-s1$" <<<"$1"' _ "$info"
check "deb md5sums match every file but the conffiles" bash -c \
    'cd "$1" && md5sum --quiet -c DEBIAN/md5sums && [ "$(wc -l <DEBIAN/md5sums)" = "$(find usr -type f | wc -l)" ]' _ "$tmp/deb"
check "deb programs are stripped, with a debug link" bash -c \
    'for p in "$1"/usr/sbin/*; do readelf -S "$p" | grep -q "\.gnu_debuglink" && ! readelf -S "$p" | grep -q "\.symtab" || exit 1; done' _ "$tmp/deb"
dpkg-deb -x "$ddeb" "$tmp/ddeb"
check "dbgsym has a debug file for each program's build id" bash -c \
    'for p in "$1"/usr/sbin/*; do id=$(readelf -n "$p" | sed -n "s/^ *Build ID: *//p");
        [ -f "$2/usr/lib/debug/.build-id/${id:0:2}/${id:2}.debug" ] || exit 1; done' _ "$tmp/deb" "$tmp/ddeb"
check "deb copyright names every crate in Cargo.lock's build" \
    bash -c 'grep -q "^Files: vendor/nom-" "$1" && grep -q "^License: Unicode-3.0" "$1"' _ "$tmp/deb/usr/share/doc/ipvsadm-rs/copyright"
unit=$(cat "$tmp/deb/usr/lib/systemd/system/ipvsadm.service")
check "deb unit runs the service script, Debian flavour" \
    grep -qx 'ExecStart=/usr/libexec/ipvsadm/ipvsadm-service --debian start' <<<"$unit"
check "deb unit is oneshot, RemainAfterExit" \
    bash -c 'grep -qx Type=oneshot <<<"$1" && grep -qx RemainAfterExit=yes <<<"$1"' _ "$unit"
check "deb ipvstop --help lists its options" bash -c \
    '"$1/usr/sbin/ipvstop" --help | grep -q -- --kernel-rates' _ "$tmp/deb"
check "deb ipvstop.8 is its page" bash -c \
    'gzip -dc "$1/usr/share/man/man8/ipvstop.8.gz" | grep -q "^\.TH IPVSTOP 8"' _ "$tmp/deb"
for s in preinst postinst prerm postrm; do
    check "deb $s parses (sh -n)" sh -n "$tmp/deb/DEBIAN/$s"
done
lintian --pedantic --display-info "$deb" "$ddeb" >"$tmp/lintian" 2>&1 && rc=0 || rc=$?
grep -v '^running with root privileges' "$tmp/lintian" | sed 's/^/    lintian: /'
check "lintian: no error" bash -c '[ "$1" = 0 ] && ! grep -q "^E:" "$2"' _ "$rc" "$tmp/lintian"

# ------------------------------------------------------------------ .rpm --
rpm_files=$(rpm -qlp "$rpmfile" 2>/dev/null)
for f in /usr/sbin/ipvsadm /usr/sbin/ipvsadm-save /usr/sbin/ipvsadm-restore /usr/sbin/ipvstop \
    /usr/share/man/man8/ipvsadm.8.gz /usr/share/man/man8/ipvsadm-restore.8.gz \
    /usr/share/man/man8/ipvstop.8.gz \
    /usr/share/bash-completion/completions/ipvsadm \
    /usr/share/bash-completion/completions/ipvstop \
    /usr/share/zsh/site-functions/_ipvsadm /usr/share/zsh/site-functions/_ipvstop \
    /usr/share/fish/vendor_completions.d/ipvsadm.fish \
    /usr/share/fish/vendor_completions.d/ipvstop.fish \
    /usr/lib/systemd/system/ipvsadm.service /usr/libexec/ipvsadm/ipvsadm-service \
    /etc/sysconfig/ipvsadm-config /usr/share/doc/ipvsadm-rs/README.md \
    /usr/share/licenses/ipvsadm-rs/LICENSE-MIT /usr/share/licenses/ipvsadm-rs/copyright; do
    check "rpm has $f" has_line "$rpm_files" "$f"
done
check "rpm has no Debian config" bash -c '! grep -q "/etc/default\|ipvsadm.rules" <<<"$1"' _ "$rpm_files"
check "rpm config files: /etc/sysconfig/ipvsadm-config" \
    test "$(rpm -qp --configfiles "$rpmfile" 2>/dev/null)" = /etc/sysconfig/ipvsadm-config
check "rpm ipvsadm-config is %config(noreplace)" \
    bash -c 'rpm -qp --qf "[%{FILENAMES} %{FILEFLAGS:fflags}\n]" "$1" 2>/dev/null | grep -qx "/etc/sysconfig/ipvsadm-config cn"' _ "$rpmfile"
check "rpm licences are %license" \
    bash -c 'rpm -qp --qf "[%{FILENAMES} %{FILEFLAGS:fflags}\n]" "$1" 2>/dev/null | grep -qx "/usr/share/licenses/ipvsadm-rs/copyright l"' _ "$rpmfile"
check "rpm provides ipvsadm" bash -c 'rpm -qp --provides "$1" 2>/dev/null | grep -q "^ipvsadm = "' _ "$rpmfile"
check "rpm obsoletes the distribution's ipvsadm 1.31" \
    bash -c 'rpm -qp --obsoletes "$1" 2>/dev/null | grep -qx "ipvsadm < 1.31.1"' _ "$rpmfile"
scripts=$(rpm -qp --scripts "$rpmfile" 2>/dev/null)
check "rpm presets on install, stops on erase, restarts on upgrade" bash -c \
    'grep -q "preset ipvsadm.service" <<<"$1" && grep -q "disable --now ipvsadm.service" <<<"$1" &&
        grep -q "try-restart ipvsadm.service" <<<"$1"' _ "$scripts"
rpm2cpio "$rpmfile" | (cd "$tmp" && cpio -id --quiet ./usr/lib/systemd/system/ipvsadm.service)
check "rpm unit runs the service script, Red Hat flavour" \
    grep -qx 'ExecStop=/usr/libexec/ipvsadm/ipvsadm-service --redhat stop' "$tmp/usr/lib/systemd/system/ipvsadm.service"
rpmlint -c packaging/redhat/rpmlint.toml "$rpmfile" "$rpmdebug" >"$tmp/rpmlint" 2>&1 && rc=0 || rc=$?
grep -E '^ipvsadm-rs|checked;' "$tmp/rpmlint" | sed 's/^/    rpmlint: /'
check "rpmlint: no error" bash -c '[ "$1" = 0 ] && grep -q " 0 errors," "$2"' _ "$rc" "$tmp/rpmlint"

# --------------------------------------------------------- scratch roots --
check "the .deb in scratch roots (tests/packaging-root.sh)" tests/packaging-root.sh "$deb" "$tmp/older.deb"

# ------------------------------------------------------- service script --
svc=packaging/ipvsadm-service.sh
check "service script parses (sh -n)" sh -n "$svc"
if command -v shellcheck >/dev/null; then
    check "shellcheck" shellcheck -s sh "$svc" packaging/split-debug.sh packaging/debian/build-deb.sh packaging/build-programs.sh \
        packaging/debian/preinst packaging/debian/postinst packaging/debian/prerm packaging/debian/postrm
fi
check "service script refuses an unknown action (exit 2)" \
    bash -c '"$1" --redhat bogus 2>/dev/null; test $? = 2' _ "$svc"
check "service script refuses an unknown DAEMON (exit 2)" bash -c \
    'printf "AUTO=false\nDAEMON=bogus\n" >"$2/default"; IPVSADM_DEFAULTS=$2/default "$1" --debian start 2>/dev/null; test $? = 2' _ "$svc" "$tmp"

echo "packaging: $checks checks, $fails failed"
if [ -z "${SKIP_VM:-}" ]; then
    echo "packaging: the service script on a real IPVS kernel (VM)"
    tests/vm/vm exec tests/packaging-vm.sh || fails=$((fails + 1))
fi
[ "$fails" = 0 ]
