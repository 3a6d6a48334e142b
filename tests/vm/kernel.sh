# tests/vm/kernel.sh - sourced by tests/vm/vm: the host tools the harness
# needs, and one Debian kernel made bootable: fetched with apt, its modules
# (plain .ko, or .ko.xz since 6.12: busybox modprobe cannot load those, so
# they are unpacked here) put into a busybox initramfs. Each kernel has its
# own directory, $CACHE/kernels/<version>/, so several stay cached side by
# side. Uses from tests/vm/vm: CACHE, HERE, NEED_PKG, LOAD_MODULES,
# EXTRA_MODULES, FALLBACK_KVER, say, die.

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

# A kernel series (`6.12`) as an ABI: the newest of that series already in
# $CACHE/debs (so a cached kernel stays the one tested), else the newest
# amd64 one apt offers (Debian 12 carries 6.12 as `6.12.N+deb12-amd64`).
# Anything else is taken as an ABI already.
series_kver() {
    local v=$1 found
    if ! [[ "$v" =~ ^[0-9]+\.[0-9]+$ ]]; then
        echo "$v"
        return
    fi
    found=$(ls "$CACHE/debs" 2>/dev/null |
        sed -n "s/^linux-image-\($v\.[0-9][^_]*-amd64\)-unsigned_.*\.deb\$/\1/p" | sort -V | tail -n1)
    [ -n "$found" ] || found=$(apt-cache search --names-only "^linux-image-$v\.[0-9]" 2>/dev/null |
        sed -n "s/^linux-image-\($v\.[0-9][^ ]*-amd64\)-unsigned .*/\1/p" | grep -v -- '-\(rt\|cloud\)-amd64$' |
        sort -V | tail -n1)
    [ -n "$found" ] || die "no $v kernel in $CACHE/debs or apt (IPVS_VM_KVER=$v)"
    echo "$found"
}

deb_of() {
    ls "$CACHE/debs/linux-image-$1-unsigned_"*.deb 2>/dev/null | head -n1
}

# Download the kernel package into $CACHE/debs (kept, so that the initramfs
# can be rebuilt offline).
fetch_kernel() {
    local kver=$1 pkg="linux-image-$1-unsigned"
    [ -n "$(deb_of "$kver")" ] && return 0
    mkdir -p "$CACHE/debs"
    # Without package lists (fresh machine) apt knows no candidate.
    if ! apt-cache show "$pkg" >/dev/null 2>&1; then
        DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    fi
    say "downloading $pkg"
    # apt-get download writes to the current dir. Run as root it warns that
    # the _apt user cannot write there; that is harmless.
    (cd "$CACHE/debs" && apt-get download -q "$pkg" 2>&1 |
        { grep -v 'Download is performed unsandboxed' >&2 || true; }) ||
        die "apt-get download $pkg failed"
    [ -n "$(deb_of "$kver")" ] || die "apt-get download $pkg left no .deb"
}

# Under TCG, the boot stub takes ~3 s to decompress the xz kernel. With the
# plain ELF inside (Debian builds with CONFIG_PVH, which adds the PVH entry
# note), qemu -kernel jumps straight into it. Without PVH or xz, boot the
# bzImage.
extract_vmlinux() {
    local bz=$1 config=$2 out=$3 off
    grep -q '^CONFIG_PVH=y' "$config" || return 1
    grep -q '^CONFIG_KERNEL_XZ=y' "$config" || return 1
    off=$(LC_ALL=C grep -obUaP '\xfd7zXZ\x00' "$bz" | head -n1 | cut -d: -f1) || return 1
    [ -n "$off" ] || return 1
    # xz complains about the trailing bytes after the stream; the output is whole.
    tail -c +$((off + 1)) "$bz" | xz -dc >"$out.new" 2>/dev/null || true
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
    local kver=$1 dir stamp want tree root moddir deb
    dir=$(kernel_dir "$kver")
    deb=$(deb_of "$kver")
    # Rebuild when this file, /init, busybox, the module lists or the
    # kernel change.
    want=$({ cat "${BASH_SOURCE[0]}" "$HERE/init" "$(command -v busybox)"
             echo "${LOAD_MODULES[*]} / ${EXTRA_MODULES[*]}"; } | sha256sum | cut -c1-16)-$(basename "$deb")
    stamp="$dir/initrd.stamp"
    if [ -f "$dir/initrd.gz" ] && [ -e "$dir/kernel.img" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
        return 0
    fi
    say "building initramfs for $kver"
    mkdir -p "$dir"
    rm -rf "$dir"/unpack.* "$dir"/initrd-root.*    # left by an interrupted build
    tree=$(mktemp -d "$dir/unpack.XXXXXX")
    dpkg-deb -x "$deb" "$tree"
    [ -f "$tree/boot/vmlinuz-$kver" ] || die "no boot/vmlinuz-$kver in $deb"
    moddir="$tree/lib/modules/$kver"
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

    # Modules the kernel has built in are neither copied nor loaded.
    local builtin load=() mods m compressed=
    builtin=" $(builtin_modules "$moddir" "${LOAD_MODULES[@]}" "${EXTRA_MODULES[@]}" | tr '\n' ' ') "
    for m in "${LOAD_MODULES[@]}" "${EXTRA_MODULES[@]}"; do
        [[ "$builtin" == *" $m "* ]] || load+=("$m")
    done
    printf '%s\n' "${LOAD_MODULES[@]}" | grep -vxF -f <(tr ' ' '\n' <<<"$builtin" | grep .) \
        >"$root/etc/vm-modules" || true
    mods=$(module_closure "$moddir" "${load[@]}") || die "modules missing from $deb"
    for m in $mods; do
        mkdir -p "$root/lib/modules/$kver/$(dirname "$m")"
        case "$m" in
            # Debian's 6.12 ships .ko.xz, which busybox modprobe cannot
            # load: unpack the ones we copy.
            *.ko.xz) xz -dc "$moddir/$m" >"$root/lib/modules/$kver/${m%.xz}"; compressed=1 ;;
            *) cp "$moddir/$m" "$root/lib/modules/$kver/$m" ;;
        esac
    done
    if [ -n "$compressed" ]; then
        # The package's modules.dep names the .ko.xz files: make the
        # initramfs's own from the modules it holds (with the lists depmod
        # reads besides them).
        cp "$moddir"/modules.builtin "$moddir"/modules.builtin.modinfo "$root/lib/modules/$kver/"
        sed 's/\.ko\.xz$/.ko/' "$moddir/modules.order" >"$root/lib/modules/$kver/modules.order"
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

    extract_vmlinux "$tree/boot/vmlinuz-$kver" "$tree/boot/config-$kver" "$dir/kernel.img" ||
        cp "$tree/boot/vmlinuz-$kver" "$dir/kernel.img"
    echo "$want" >"$stamp"
    rm -rf "$root" "$tree"
}
