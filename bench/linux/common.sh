# Setup of the Debian Linux guest, shared by bench/linux/run.sh (IPC and
# boot baseline) and bench/net.sh (network baseline). Sourced, not run.
#
# The caller defines log() and die() and sets:
#   CACHE      absolute cache dir (${CAPOS_CACHE:-<repo>/.cache}/linux-guest)
#   HOST_PKGS  Debian packages the host needs (installed only if missing)
# Everything is idempotent and cached under $CACHE:
#   kernel/<pkg>_<ver>/boot/          the package's ./boot (vmlinuz, config)
#   kernel/<pkg>_<ver>/netmods/       virtio_pci, virtio_net and their
#                                     dependencies, numbered in load order
#   vmlinuz                           link to the image in use
#   <name>/ and <name>.cpio           initramfs staging tree and archive
# shellcheck shell=bash

LINUX_COMMON_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# Runs its arguments as root (directly, or via sudo).
as_root() {
	if [[ $(id -u) -eq 0 ]]; then "$@"
	elif command -v sudo >/dev/null; then sudo "$@"
	else die "need root (or sudo) for: $*"; fi
}

APT_UPDATED=0
apt_update_once() {
	((APT_UPDATED)) && return 0
	log "apt-get update"
	as_root apt-get update -qq >&2
	APT_UPDATED=1
}

# Post: every package in HOST_PKGS is installed.
ensure_host_packages() {
	local pkg missing=()
	for pkg in "${HOST_PKGS[@]}"; do
		[[ $(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null) == installed ]] ||
			missing+=("$pkg")
	done
	((${#missing[@]})) || return 0
	log "installing: ${missing[*]}"
	apt_update_once
	as_root env DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

# Prints "<package> <version>" of the kernel image linux-image-amd64 depends on.
resolve_kernel_pkg() {
	local pkg ver
	pkg=$(apt-cache depends linux-image-amd64 2>/dev/null |
		grep -o 'linux-image-6\.1\.0-[0-9]*-amd64' | head -n1 || true)
	if [[ -z $pkg ]]; then
		apt_update_once
		pkg=$(apt-cache depends linux-image-amd64 |
			grep -o 'linux-image-6\.1\.0-[0-9]*-amd64' | head -n1 || true)
	fi
	[[ -n $pkg ]] || die "linux-image-amd64 has no linux-image-6.1.0-*-amd64 dependency"
	ver=$(apt-cache policy "$pkg" | awk '/Candidate:/ {print $2; exit}')
	[[ -n $ver && $ver != "(none)" ]] || die "no candidate version for $pkg"
	printf '%s %s\n' "$pkg" "$ver"
}

# download_kernel_deb DIR: fetches package $KPKG version $KVER into DIR (a
# fresh directory) and prints the .deb's path.
download_kernel_deb() {
	local tmp=$1 deb
	# apt fetches as user _apt when it can write the target directory.
	if [[ $(id -u) -eq 0 ]] && id _apt >/dev/null 2>&1; then chown _apt "$tmp"; fi
	(cd "$tmp" && apt-get download -qq "$KPKG=$KVER" >&2)
	deb=$(compgen -G "$tmp/${KPKG}_*.deb" | head -n1) || die "download of $KPKG failed"
	[[ $(dpkg-deb -f "$deb" Version) == "$KVER" ]] || die "$deb is not version $KVER"
	printf '%s\n' "$deb"
}

# Post: $CACHE/vmlinuz -> kernel/<pkg>_<ver>/boot/vmlinuz-*; sets KPKG, KVER,
# KIMG. Only ./boot is unpacked (the ~400 MB of modules are not).
ensure_kernel() {
	read -r KPKG KVER < <(resolve_kernel_pkg)
	local dir=$CACHE/kernel/${KPKG}_$KVER img
	img=$(compgen -G "$dir/boot/vmlinuz-*" | head -n1 || true)
	if [[ -z $img ]]; then
		log "fetching $KPKG $KVER"
		local tmp deb
		tmp=$(mktemp -d "$CACHE/dl.XXXXXX")
		deb=$(download_kernel_deb "$tmp")
		rm -rf "$dir.part" && mkdir -p "$dir.part"
		dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$dir.part" ./boot
		mv "$dir.part" "$dir"
		rm -rf "$tmp"
		img=$(compgen -G "$dir/boot/vmlinuz-*" | head -n1) || die "no boot/vmlinuz-* in $KPKG"
	fi
	ln -sfn "${img#"$CACHE"/}" "$CACHE/vmlinuz"
	KIMG=${img##*/}
}

# After ensure_kernel. Post: NETMODS is kernel/<pkg>_<ver>/netmods (absolute)
# holding NN-<name>.ko for virtio_pci, virtio_net and every module they
# depend on, numbered in load order (bench/linux/kmods.py reads the package's
# .modinfo sections; the package ships no modules.dep). The package is
# downloaded again the first time (~70 MB) and streamed, never unpacked.
ensure_net_modules() {
	NETMODS=$CACHE/kernel/${KPKG}_$KVER/netmods
	[[ -f $NETMODS/.complete ]] && return 0
	log "fetching $KPKG $KVER for its virtio network modules"
	local tmp deb
	tmp=$(mktemp -d "$CACHE/dl.XXXXXX")
	deb=$(download_kernel_deb "$tmp")
	rm -rf "$NETMODS.part" && mkdir -p "$NETMODS.part"
	/usr/bin/python3 "$LINUX_COMMON_DIR/kmods.py" "$deb" "$NETMODS.part" \
		virtio_pci virtio_net >/dev/null
	touch "$NETMODS.part/.complete"
	rm -rf "$NETMODS" && mv "$NETMODS.part" "$NETMODS"
	rm -rf "$tmp"
}

# build_initramfs NAME INIT_SOURCE [MODULE_DIR]
# Post: $CACHE/NAME.cpio (newc, uncompressed) holds /init (INIT_SOURCE built
# static, with bench/guest on the include path), /dev, /proc and, given
# MODULE_DIR, its *.ko files in /lib/modules. Staging tree: $CACHE/NAME/.
build_initramfs() {
	local name=$1 src=$2 mods=${3:-} root=$CACHE/$1
	rm -rf "$root" && mkdir -p "$root/dev" "$root/proc"
	gcc -static -O2 -Wall -Wextra -I"$LINUX_COMMON_DIR/../guest" -o "$root/init" "$src"
	if [[ -n $mods ]]; then
		mkdir -p "$root/lib/modules"
		cp "$mods"/*.ko "$root/lib/modules/"
	fi
	(cd "$root" && find . -mindepth 1 | LC_ALL=C sort |
		cpio -o -H newc -R 0:0 --quiet) >"$CACHE/$name.cpio"
}

# qemu_argv_json DIR CAPOS-QEMU-ARG...: the qemu-system-x86_64 argv
# tools/capos-qemu execs (cwd DIR), as a JSON array: it runs once against a
# stand-in qemu that only prints its arguments.
qemu_argv_json() {
	local dir=$1 shim
	shift
	shim=$(mktemp -d)
	printf '#!/bin/sh\nprintf "%%s\\n" qemu-system-x86_64 "$@"\n' >"$shim/qemu-system-x86_64"
	chmod +x "$shim/qemu-system-x86_64"
	(cd "$dir" && PATH=$shim:$PATH "$REPO/tools/capos-qemu" "$@") | jq -R . | jq -s .
	rm -rf "$shim"
}

# rel PATH: the path as recorded: relative to the repo ($REPO) when inside
# it, <build>/... for an out-of-tree build directory ($BUILD); no machine
# paths.
rel() {
	local p=$1
	if [[ $p == "$REPO"/* ]]; then p=${p#"$REPO"/}
	elif [[ $p == "${BUILD:-/nonexistent}"/* ]]; then p="<build>/${p#"$BUILD"/}"; fi
	printf '%s' "$p"
}
# shell_join ARG...: one line a shell would split back into ARG...
shell_join() {
	local a out=()
	for a in "$@"; do
		if [[ $a =~ ^[A-Za-z0-9_./,+=:@%-]+$ ]]; then out+=("$a")
		elif [[ $a != *[\$\`\"\\!]* ]]; then out+=("\"$a\"")
		else out+=("'${a//\'/\'\\\'\'}'"); fi
	done
	printf '%s\n' "${out[*]}"
}
