#!/bin/sh
# build-deb.sh STAGE OUTDIR VERSION: turns the tree `make install
# DESTDIR=STAGE DISTRO=debian` staged into ipvsadm-rs_VERSION_ARCH.deb and
# its debug symbols, ipvsadm-rs-dbgsym_VERSION_ARCH.ddeb, in OUTDIR (the
# Makefile's `deb` target runs it). It adds what dpkg-buildpackage and
# debhelper would: stripped programs whose symbols go to the -dbgsym
# package by build id (split-debug.sh, as dh_strip), the copyright and
# changelog.Debian.gz (dh_installdocs, dh_installchangelogs), control with
# Installed-Size and the libc the programs need (dpkg-gencontrol),
# conffiles, md5sums (dh_md5sums) and the maintainer scripts.
#
# Reproducible: SOURCE_DATE_EPOCH (the Makefile takes it from the top
# entry of packaging/debian/changelog) sets every file's date, dpkg-deb
# uses it for the archive headers and writes the tar members sorted, modes
# are set explicitly, gzip runs with -n. Two runs on the same binaries give
# byte-identical packages (tests/packaging.sh checks).
set -eu
export LC_ALL=C
[ $# -eq 3 ] || { echo "usage: $0 STAGE OUTDIR VERSION" >&2; exit 2; }
stage=$1 out=$2 version=$3
: "${SOURCE_DATE_EPOCH:?is not set (the Makefile takes it from packaging/debian/changelog)}"
here=$(cd "$(dirname "$0")" && pwd)
arch=$(dpkg --print-architecture)
dbg=$stage.dbgsym
doc=$stage/usr/share/doc/ipvsadm-rs

rm -rf "$dbg"
build_ids=$("$here/../split-debug.sh" "$stage" "$dbg" | tr '\n' ' ' | sed 's/ $//')
libc=$(objdump -T "$stage"/usr/sbin/* | grep -o 'GLIBC_[0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -n 1)

install -m 0644 "$here/../copyright" "$doc/copyright"
gzip -9nc "$here/changelog" >"$doc/changelog.Debian.gz"
mkdir -p "$dbg/usr/share/doc"
ln -sfn ipvsadm-rs "$dbg/usr/share/doc/ipvsadm-rs-dbgsym"

# Installed-Size as dpkg-gencontrol counts it: KiB per file, rounded up,
# and 1 for each directory or symlink.
installed_size() {
    find "$1" -path "$1/DEBIAN" -prune -o ! -path "$1" -printf '%y %s\n' |
        awk '{ n += ($1 == "f") ? int(($2 + 1023) / 1024) : 1 } END { print n }'
}

# control from a template; md5sums of every file but DEBIAN/ and conffiles.
control() { # control TREE TEMPLATE
    mkdir -p "$1/DEBIAN"
    sed -e "s/@VERSION@/$version/g" -e "s/@ARCH@/$arch/" -e "s/@LIBC@/$libc/" \
        -e "s/@SIZE@/$(installed_size "$1")/" -e "s/@BUILDIDS@/$build_ids/" \
        "$2" >"$1/DEBIAN/control"
    (cd "$1" && find . -type f ! -path './DEBIAN/*' ! -path './etc/*' | sed 's|^\./||' |
        sort | xargs md5sum) >"$1/DEBIAN/md5sums"
}
control "$stage" "$here/control"
control "$dbg" "$here/control-dbgsym"
(cd "$stage" && find etc -type f | sed 's|^|/|' | sort) >"$stage/DEBIAN/conffiles"
for script in postinst prerm postrm; do
    install -m 0755 "$here/$script" "$stage/DEBIAN/$script"
done
# preinst gets the text of our conffiles (see its header).
{
    # shellcheck disable=SC2016 # shell text for preinst, expanded there
    printf '%s\n' 'shipped() {' '    case $1 in'
    while read -r conf; do
        printf "        %s)\n            cat <<'END_OF_CONFFILE'\n" "$conf"
        cat "$stage$conf"
        printf 'END_OF_CONFFILE\n            ;;\n'
    done <"$stage/DEBIAN/conffiles"
    printf '    esac\n}\n'
} >"$stage/DEBIAN/shipped"
sed -e "/^# @SHIPPED_CONFFILES@\$/{r $stage/DEBIAN/shipped" -e 'd}' "$here/preinst" >"$stage/DEBIAN/preinst"
rm "$stage/DEBIAN/shipped"
chmod 0755 "$stage/DEBIAN/preinst"

for tree in "$stage" "$dbg"; do
    # 0755 for directories and programs, 0644 for the rest, whatever the umask.
    chmod -R u=rwX,go=rX "$tree"
    find "$tree" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
done
mkdir -p "$out"
dpkg-deb --root-owner-group -Zxz --build "$stage" "$out/ipvsadm-rs_${version}_$arch.deb" >/dev/null
dpkg-deb --root-owner-group -Zxz --build "$dbg" "$out/ipvsadm-rs-dbgsym_${version}_$arch.ddeb" >/dev/null
