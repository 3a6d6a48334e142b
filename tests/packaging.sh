#!/bin/bash
# Packaging checks (tests/run runs this): `make deb` and `make rpm` build,
# the packages hold the right files at the conventional paths with the
# configuration files marked, the .deb installs into a scratch root and its
# ipvsadm runs from there, the service script is sane, and then (unless
# SKIP_VM is set) the service script's start and stop run on a real IPVS
# kernel in the VM (tests/packaging-vm.sh).
# Needs make, dpkg-deb, rpmbuild and cpio (.ci/run installs what is missing).
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

for tool in dpkg-deb dpkg rpmbuild rpm make gzip; do
    command -v "$tool" >/dev/null || { echo "packaging: $tool is missing (.ci/run installs it)" >&2; exit 1; }
done

make --no-print-directory -s deb >/dev/null
make --no-print-directory -s rpm >/dev/null
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
deb=$(ls target/pkg/ipvsadm-rs_"$version"-1_*.deb)
rpmfile=$(ls target/pkg/ipvsadm-rs-"$version"-1.*.rpm)

# ------------------------------------------------------------------ .deb --
deb_files=$(dpkg-deb -c "$deb" | awk '{print $6}' | sed 's|^\./|/|; s|/$||')
for f in /usr/sbin/ipvsadm /usr/sbin/ipvsadm-save /usr/sbin/ipvsadm-restore \
    /usr/share/man/man8/ipvsadm.8.gz /usr/share/man/man8/ipvsadm-save.8.gz \
    /usr/share/man/man8/ipvsadm-restore.8.gz \
    /usr/share/bash-completion/completions/ipvsadm \
    /usr/share/zsh/vendor-completions/_ipvsadm \
    /usr/share/fish/vendor_completions.d/ipvsadm.fish \
    /lib/systemd/system/ipvsadm.service /usr/libexec/ipvsadm/ipvsadm-service \
    /etc/default/ipvsadm /etc/ipvsadm.rules \
    /usr/share/doc/ipvsadm-rs/copyright /usr/share/doc/ipvsadm-rs/json.md; do
    check "deb has $f" has_line "$deb_files" "$f"
done
check "deb has no /etc/sysconfig" bash -c '! grep -q sysconfig <<<"$1"' _ "$deb_files"
check "deb files are owned by root" bash -c '! dpkg-deb -c "$1" | awk "{print \$2}" | grep -v "^root/root$" | grep -q .' _ "$deb"
conffiles=$(dpkg-deb -I "$deb" conffiles)
check "deb conffiles: /etc/default/ipvsadm and /etc/ipvsadm.rules" \
    test "$conffiles" = $'/etc/default/ipvsadm\n/etc/ipvsadm.rules'
info=$(dpkg-deb -I "$deb")
check "deb control: package, version, provides" \
    bash -c 'grep -q "Package: ipvsadm-rs" <<<"$1" && grep -q "Version: $2-1" <<<"$1" && grep -q "Provides: ipvsadm" <<<"$1"' _ "$info" "$version"
check "deb depends on the glibc the binaries need" \
    bash -c 'grep -Eq "^ Depends: libc6 \(>= 2\.[0-9]+\), libgcc-s1$" <<<"$1"' _ "$info"
check "deb man page is gzip" bash -c 'dpkg-deb --fsys-tarfile "$1" | tar -xOf - ./usr/share/man/man8/ipvsadm.8.gz | gzip -t' _ "$deb"
unit=$(dpkg-deb --fsys-tarfile "$deb" | tar -xOf - ./lib/systemd/system/ipvsadm.service)
check "deb unit runs the service script, Debian flavour" \
    grep -qx 'ExecStart=/usr/libexec/ipvsadm/ipvsadm-service --debian start' <<<"$unit"
check "deb unit is oneshot, RemainAfterExit" \
    bash -c 'grep -qx Type=oneshot <<<"$1" && grep -qx RemainAfterExit=yes <<<"$1"' _ "$unit"

# Install into a scratch root and run the installed ipvsadm -h (no root
# privileges or IPVS needed for -h).
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates"
touch "$root/var/lib/dpkg/status" "$root/var/lib/dpkg/available"
if dpkg --root="$root" --force-all --log=/dev/null -i "$deb" >"$root.log" 2>&1; then
    ok "dpkg --root installs the deb"
else
    bad "dpkg --root installs the deb: $(cat "$root.log")"
fi
rm -f "$root.log"
check "installed package is known to dpkg" \
    bash -c 'dpkg --root="$1" -s ipvsadm-rs | grep -q "Status: install ok installed"' _ "$root"
help=$("$root/usr/sbin/ipvsadm" -h) && rc=0 || rc=$?
check "installed ipvsadm -h exits 0" test "$rc" = 0
check "installed ipvsadm -h prints the usage" grep -q -- '--add-service' <<<"$help"
check "installed ipvsadm-restore --check accepts a good rule" \
    bash -c 'echo "-A -t 10.0.0.1:80 -s rr" | "$1/usr/sbin/ipvsadm-restore" --check' _ "$root"

# ------------------------------------------------------------------ .rpm --
rpm_files=$(rpm -qlp "$rpmfile" 2>/dev/null)
for f in /usr/sbin/ipvsadm /usr/sbin/ipvsadm-save /usr/sbin/ipvsadm-restore \
    /usr/share/man/man8/ipvsadm.8.gz /usr/share/man/man8/ipvsadm-restore.8.gz \
    /usr/share/bash-completion/completions/ipvsadm \
    /usr/share/zsh/site-functions/_ipvsadm \
    /usr/share/fish/vendor_completions.d/ipvsadm.fish \
    /usr/lib/systemd/system/ipvsadm.service /usr/libexec/ipvsadm/ipvsadm-service \
    /etc/sysconfig/ipvsadm-config /usr/share/doc/ipvsadm-rs/README.md; do
    check "rpm has $f" has_line "$rpm_files" "$f"
done
check "rpm has no Debian config" bash -c '! grep -q "/etc/default\|ipvsadm.rules" <<<"$1"' _ "$rpm_files"
check "rpm config files: /etc/sysconfig/ipvsadm-config" \
    test "$(rpm -qp --configfiles "$rpmfile" 2>/dev/null)" = /etc/sysconfig/ipvsadm-config
check "rpm ipvsadm-config is %config(noreplace)" \
    bash -c 'rpm -qp --qf "[%{FILENAMES} %{FILEFLAGS:fflags}\n]" "$1" 2>/dev/null | grep -qx "/etc/sysconfig/ipvsadm-config cn"' _ "$rpmfile"
check "rpm provides ipvsadm" bash -c 'rpm -qp --provides "$1" 2>/dev/null | grep -q "^ipvsadm = "' _ "$rpmfile"
rpm_unit=$(rpm2cpio "$rpmfile" | (cd "$root" && cpio -id --quiet ./usr/lib/systemd/system/ipvsadm.service) && cat "$root/usr/lib/systemd/system/ipvsadm.service")
check "rpm unit runs the service script, Red Hat flavour" \
    grep -qx 'ExecStop=/usr/libexec/ipvsadm/ipvsadm-service --redhat stop' <<<"$rpm_unit"

# ------------------------------------------------------- service script --
svc=packaging/ipvsadm-service.sh
check "service script parses (sh -n)" sh -n "$svc"
if command -v shellcheck >/dev/null; then check "shellcheck" shellcheck -s sh "$svc"; fi
check "service script refuses an unknown action (exit 2)" \
    bash -c '"$1" --redhat bogus 2>/dev/null; test $? = 2' _ "$svc"

echo "packaging: $checks checks, $fails failed"
if [ -z "${SKIP_VM:-}" ]; then
    echo "packaging: the service script on a real IPVS kernel (VM)"
    tests/vm/vm exec tests/packaging-vm.sh || fails=$((fails + 1))
fi
[ "$fails" = 0 ]
