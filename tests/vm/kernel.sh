# tests/vm/kernel.sh - sourced by tests/vm/vm: the host tools the harness
# needs, and one Debian kernel made bootable: fetched with apt (the machine's
# own for bookworm, the harness's own, tests/vm/apt.sh, for other suites),
# its modules (plain .ko, or .ko.xz since 6.12: busybox modprobe cannot load
# those, so they are unpacked here) put into a busybox initramfs. Up to
# trixie a kernel is one linux-image-ABI-unsigned package with /boot and
# /lib/modules; sid splits it into linux-binary (the image, in
# usr/lib/modules/ABI/vmlinuz), linux-modules and linux-base (config,
# modules.builtin, modules.order), all under usr/lib/modules. Each kernel has
# its own directory, $CACHE/kernels/<version>/, so several stay cached side by
# side. Uses from tests/vm/vm: CACHE, HERE, NEED_PKG, LOAD_MODULES,
# EXTRA_MODULES, OPTIONAL_MODULES, FALLBACK_KVER, say, die.

# shellcheck source=tests/vm/apt.sh
. "$HERE/apt.sh"

have() {
    case "$1" in
        busybox)
            # Must be the static busybox: the initramfs has no libc. Debian's
            # dynamic "busybox" package also installs /bin/busybox.
            command -v busybox >/dev/null && ! ldd "$(command -v busybox)" >/dev/null 2>&1 ;;
        /*) [ -x "$1" ] ;;
        *) command -v "$1" >/dev/null ;;
    esac
}

install_missing() {
    local pkgs=() b
    for b in "${!NEED_PKG[@]}"; do
        have "$b" || pkgs+=("${NEED_PKG[$b]}")
    done
    [ ${#pkgs[@]} -eq 0 ] && return 0
    mapfile -t pkgs < <(printf '%s\n' "${pkgs[@]}" | sort -u)
    say "installing ${pkgs[*]}"
    [ "$(id -u)" = 0 ] || die "need root to install ${pkgs[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >&2
    for b in "${!NEED_PKG[@]}"; do
        have "$b" || die "$b still missing after installing ${NEED_PKG[$b]}"
    done
}

# The kernel ABI (e.g. 6.1.0-56-amd64) that linux-image-amd64 currently points
# at; apt's package lists only keep the current one downloadable.
current_kver() {
    local v
    v=$(apt-cache depends linux-image-amd64 2>/dev/null |
        sed -n 's/^ *Depends: linux-image-\([0-9][^ ]*-amd64\)$/\1/p' | head -n1) || true
    echo "${v:-$FALLBACK_KVER}"
}

# The ABI of a kernel package file name, per naming scheme (one
# linux-image-ABI-unsigned, or sid's split linux-binary-ABI).
KDEB_SED='s/^linux-image-\([0-9][^_ ]*-amd64\)-unsigned[_ ].*/\1/p; s/^linux-binary-\([0-9][^_ ]*-amd64\)[_ ].*/\1/p'

# A kernel series (`6.12`) as an ABI: the newest of that series already in
# $CACHE/debs (so a cached kernel stays the one tested), else the newest
# amd64 one the machine's apt offers (bookworm: 6.1, and 6.12 as
# `6.12.N+deb12-amd64`), else the newest the harness's apt offers (bullseye's
# 5.10, sid's 7.x). `sid` is the newest series sid carries. Anything else is
# taken as an ABI already. With $2 = cached, only $CACHE/debs is asked (no
# lock needed) and nothing is printed when it has none.
series_kver() {
    local v=$1 pat found kinds='image|binary'
    case "$v" in
        sid) pat='[0-9][0-9.]*' kinds=binary ;;
        *) [[ "$v" =~ ^[0-9]+\.[0-9]+$ ]] || { echo "$v"; return; }
           pat="${v//./\\.}\\.[0-9]" ;;
    esac
    # A cached sid kernel is a split one (linux-binary-*).
    found=$(ls "$CACHE/debs" 2>/dev/null | grep -E "^linux-($kinds)-$pat" |
        sed -n "$KDEB_SED" | sort -V | tail -n1)
    if [ -z "$found" ] && [ "${2:-}" = cached ]; then
        return 0
    fi
    if [ -z "$found" ] && [ "$v" != sid ]; then
        found=$(apt-cache search --names-only "^linux-image-$pat" 2>/dev/null | sed -n "$KDEB_SED" |
            grep -v -- '-\(rt\|cloud\)-amd64$' | sort -V | tail -n1)
    fi
    if [ -z "$found" ]; then
        found=$(hapt_cache search --names-only "^linux-(image|binary)-$pat" 2>/dev/null | sed -n "$KDEB_SED" |
            grep -v -- '-\(rt\|cloud\)-amd64$' | sort -V | tail -n1)
    fi
    [ -n "$found" ] || die "no $v kernel in $CACHE/debs or apt (IPVS_VM_KVER=$v)"
    echo "$found"
}

# The cached .debs of kernel $1, one a line: the one image package, or the
# three of a split kernel (nothing unless all three are there).
deb_of() {
    local one
    one=$(ls "$CACHE/debs/linux-image-$1-unsigned_"*.deb 2>/dev/null | head -n1) || true
    if [ -n "$one" ]; then
        echo "$one"
        return
    fi
    local p f out=()
    for p in binary modules base; do
        f=$(ls "$CACHE/debs/linux-$p-$1_"*.deb 2>/dev/null | head -n1) || true
        [ -n "$f" ] || return 0
        out+=("$f")
    done
    printf '%s\n' "${out[@]}"
}

# Download the kernel's packages into $CACHE/debs (kept, so that the
# initramfs can be rebuilt offline).
fetch_kernel() {
    local kver=$1 pkg="linux-image-$1-unsigned"
    [ -n "$(deb_of "$kver")" ] && return 0
    mkdir -p "$CACHE/debs"
    # Without package lists (fresh machine) apt knows no candidate.
    if ! apt-cache show "$pkg" >/dev/null 2>&1; then
        DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    fi
    if apt-cache show "$pkg" >/dev/null 2>&1; then
        say "downloading $pkg"
        # apt-get download writes to the current dir. Run as root it warns that
        # the _apt user cannot write there; that is harmless.
        (cd "$CACHE/debs" && apt-get download -q "$pkg" 2>&1 |
            { grep -v 'Download is performed unsandboxed' >&2 || true; }) ||
            die "apt-get download $pkg failed"
    else
        local pkgs=("$pkg")
        hapt_cache show "$pkg" >/dev/null 2>&1 ||
            pkgs=("linux-binary-$kver" "linux-modules-$kver" "linux-base-$kver")
        say "downloading ${pkgs[*]} (the harness's apt, $HAPT_DIR)"
        (cd "$CACHE/debs" && hapt_download "${pkgs[@]}") || die "apt-get download ${pkgs[*]} failed"
    fi
    [ -n "$(deb_of "$kver")" ] || die "downloading the $kver kernel left no .deb"
}

# Under TCG, the boot stub takes ~3 s to decompress the xz kernel. With the
# plain ELF inside (Debian builds with CONFIG_PVH, which adds the PVH entry
# note), qemu -kernel jumps straight into it. Without PVH or xz, boot the
# bzImage.
extract_vmlinux() {
    local bz=$1 config=$2 out=$3 off magic unpack
    grep -q '^CONFIG_PVH=y' "$config" || return 1
    # 7.x is zstd-compressed.
    if grep -q '^CONFIG_KERNEL_XZ=y' "$config"; then
        magic='\xfd7zXZ\x00' unpack='xz -dc'
    elif grep -q '^CONFIG_KERNEL_ZSTD=y' "$config"; then
        magic='\x28\xb5\x2f\xfd' unpack='zstd -qdc'
    else
        return 1
    fi
    off=$(LC_ALL=C grep -obUaP "$magic" "$bz" | head -n1 | cut -d: -f1) || return 1
    [ -n "$off" ] || return 1
    # The unpacker complains about the trailing bytes after the stream; the
    # output is whole.
    tail -c +$((off + 1)) "$bz" | $unpack >"$out.new" 2>/dev/null || true
    if [ "$(head -c 4 "$out.new" | od -An -c | tr -d ' ')" = '177ELF' ]; then
        mv "$out.new" "$out"
    else
        rm -f "$out.new"
        return 1
    fi
}

# The module name of a path in modules.dep or modules.builtin, as
# modprobe spells it (kernel/net/9p/9pnet_virtio.ko.xz -> 9pnet_virtio).
MODNAME_AWK='function modname(p) { sub(/:$/, "", p); sub(/.*\//, "", p); sub(/\.ko(\.[a-z]+)?$/, "", p); gsub(/-/, "_", p); return p }'

# Print those of the given modules that this kernel has built in (6.12
# builds virtio_pci in, 6.1 has it as a module).
builtin_modules() {
    local moddir=$1; shift
    [ -f "$moddir/modules.builtin" ] || return 0
    awk -v want="$*" "$MODNAME_AWK"'
        BEGIN { n = split(want, w, " "); for (i = 1; i <= n; i++) wanted[w[i]] = 1 }
        { m = modname($1); if (m in wanted) print m }
    ' "$moddir/modules.builtin"
}

# Print the relative paths (kernel/...ko[.xz]) of the given modules and of
# everything they depend on, per modules.dep.
module_closure() {
    local moddir=$1; shift
    awk -v want="$*" "$MODNAME_AWK"'
        BEGIN { n = split(want, w, " "); for (i = 1; i <= n; i++) wanted[w[i]] = 1 }
        {
            sub(/:$/, "", $1)
            name = modname($1)
            # all of IPVS, plus the named modules
            if ((name in wanted) || $1 ~ /^kernel\/net\/netfilter\/ipvs\//) {
                found[name] = 1
                for (i = 1; i <= NF; i++) print $i
            }
        }
        END { for (m in wanted) if (!found[m]) { print "missing module " m > "/dev/stderr"; exit 1 } }
    ' "$moddir/modules.dep" | sed 's/:$//' | sort -u
}

# The cache directory of kernel $1.
kernel_dir() {
    echo "$CACHE/kernels/$1"
}

# Build initrd.gz and kernel.img of kernel $1 in its kernel_dir from the
# cached .deb. The unpacked package (~400 MB) is only kept while building.
build_initrd() {
    local kver=$1 dir stamp want tree root moddir debs d kimg kconfig
    dir=$(kernel_dir "$kver")
    mapfile -t debs < <(deb_of "$kver")
    # Rebuild when this file, /init, busybox, the module lists or the
    # kernel change.
    want=$({ cat "${BASH_SOURCE[0]}" "$HERE/init" "$(command -v busybox)"
             echo "${LOAD_MODULES[*]} / ${EXTRA_MODULES[*]} / ${OPTIONAL_MODULES[*]}"; } |
           sha256sum | cut -c1-16)-$(basename -a "${debs[@]}" | tr '\n' ' ')
    stamp="$dir/initrd.stamp"
    if [ -f "$dir/initrd.gz" ] && [ -e "$dir/kernel.img" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
        return 0
    fi
    say "building initramfs for $kver"
    mkdir -p "$dir"
    rm -rf "$dir"/unpack.* "$dir"/initrd-root.*    # left by an interrupted build
    tree=$(mktemp -d "$dir/unpack.XXXXXX")
    for d in "${debs[@]}"; do
        dpkg-deb -x "$d" "$tree"
    done
    # Image and config: /boot (one package) or the module dir (split, sid).
    if [ -d "$tree/lib/modules/$kver" ]; then
        moddir="$tree/lib/modules/$kver"
        kimg=$tree/boot/vmlinuz-$kver kconfig=$tree/boot/config-$kver
    else
        moddir="$tree/usr/lib/modules/$kver"
        kimg=$moddir/vmlinuz kconfig=$moddir/config
        # depmod -b BASE reads BASE/lib/modules (kmod 30, bookworm's).
        [ -e "$tree/lib" ] || ln -s usr/lib "$tree/lib"
    fi
    [ -f "$kimg" ] || die "no vmlinuz of $kver in ${debs[*]}"
    # The .deb ships no modules.dep; the initramfs's modprobe needs one.
    depmod -b "$tree" "$kver"

    root=$(mktemp -d "$dir/initrd-root.XXXXXX")
    chmod 755 "$root"
    mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,etc,proc,sys,dev,host,tmp,root}
    cp "$(command -v busybox)" "$root/bin/busybox"
    # Applet symlinks made here rather than with `busybox --install` at boot.
    local a
    for a in $("$root/bin/busybox" --list-full); do
        [ -e "$root/$a" ] || ln -s /bin/busybox "$root/$a"
    done
    install -m 755 "$HERE/init" "$root/init"

    # Modules the kernel has built in are neither copied nor loaded; nor are
    # optional ones it does not have at all (7.x has no crc32c_generic or
    # libcrc32c: crc32c is library code there and ip_vs no longer needs it).
    local builtin load=() mods m compressed= skip
    builtin=" $(builtin_modules "$moddir" "${LOAD_MODULES[@]}" "${EXTRA_MODULES[@]}" | tr '\n' ' ') "
    skip=$builtin
    for m in "${OPTIONAL_MODULES[@]}"; do
        awk "$MODNAME_AWK"' { if (modname($1) == m) f = 1 } END { exit !f }' m="$m" \
            "$moddir/modules.dep" "$moddir/modules.builtin" 2>/dev/null || skip+="$m "
    done
    for m in "${LOAD_MODULES[@]}" "${EXTRA_MODULES[@]}"; do
        [[ "$skip" == *" $m "* ]] || load+=("$m")
    done
    printf '%s\n' "${LOAD_MODULES[@]}" | grep -vxF -f <(tr ' ' '\n' <<<"$skip" | grep .) \
        >"$root/etc/vm-modules" || true
    mods=$(module_closure "$moddir" "${load[@]}") || die "modules missing from $deb"
    for m in $mods; do
        mkdir -p "$root/lib/modules/$kver/$(dirname "$m")"
        case "$m" in
            # Debian's 6.12 ships .ko.xz, which busybox modprobe cannot
            # load: unpack the ones we copy.
            *.ko.xz) xz -dc "$moddir/$m" >"$root/lib/modules/$kver/${m%.xz}"; compressed=1 ;;
            *.ko.zst) zstd -qdc "$moddir/$m" >"$root/lib/modules/$kver/${m%.zst}"; compressed=1 ;;
            *) cp "$moddir/$m" "$root/lib/modules/$kver/$m" ;;
        esac
    done
    if [ -n "$compressed" ]; then
        # The package's modules.dep names the .ko.xz files: make the
        # initramfs's own from the modules it holds (with the lists depmod
        # reads besides them).
        cp "$moddir"/modules.builtin "$moddir"/modules.builtin.modinfo "$root/lib/modules/$kver/"
        sed 's/\.ko\.\(xz\|zst\)$/.ko/' "$moddir/modules.order" >"$root/lib/modules/$kver/modules.order"
        depmod -b "$root" "$kver"
    else
        # The whole modules.dep (and friends): busybox modprobe resolves
        # dependencies from it; lines for modules we did not copy do no harm.
        cp "$moddir"/modules.* "$root/lib/modules/$kver/"
    fi
    echo "$mods" >"$dir/initrd.modules"

    (cd "$root" && find . -print0 | cpio --null -o -H newc -R 0:0 --quiet) |
        gzip -1 >"$dir/initrd.gz.new"
    mv "$dir/initrd.gz.new" "$dir/initrd.gz"

    extract_vmlinux "$kimg" "$kconfig" "$dir/kernel.img" || cp "$kimg" "$dir/kernel.img"
    echo "$want" >"$stamp"
    rm -rf "$root" "$tree"
}
