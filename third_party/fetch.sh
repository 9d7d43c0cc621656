#!/usr/bin/env bash
# Fetch, verify and prepare the third-party sources from Debian source packages.
#
#   third_party/fetch.sh [PACKAGE...]      (default: every package in versions.txt)
#
# For each package: `apt-get source --download-only PKG=VERSION` into
# $CAPOS_CACHE/dl/PKG_VERSION, check every file against the sha256 pins in
# versions.txt (and the pins against the .dsc), then extract the upstream
# source with `dpkg-source -x --skip-patches`, apply the Debian patches chosen
# in debian-patches.txt and our own source changes (musl syscall hook, mbedTLS
# config, libsodium autoreconf) into $CAPOS_CACHE/src/PKG-VERSION.
# Everything is keyed on its inputs: a second run touches nothing.

source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

SUDO=
if [ "$(id -u)" -ne 0 ]; then
    SUDO=sudo
fi
APT_UPDATED=0

apt_update_once() {
    [ "$APT_UPDATED" -eq 1 ] && return 0
    log "apt-get update"
    $SUDO apt-get update -qq || die "apt-get update failed"
    APT_UPDATED=1
}

# --- host tools ------------------------------------------------------------

# command -> Debian package that provides it
TOOLS=(
    "dpkg-source:dpkg-dev" "autoreconf:autoconf" "automake:automake"
    "libtoolize:libtool" "cmake:cmake" "make:make" "gcc:gcc" "patch:patch"
    "python3:python3" "xz:xz-utils" "objdump:binutils" "nm:binutils"
    "sha256sum:coreutils" "perl:perl" "ninja:ninja-build" "readelf:binutils"
    "ar:binutils"
)

ensure_tools() {
    local t cmd pkg missing=()
    for t in "${TOOLS[@]}"; do
        cmd=${t%%:*}; pkg=${t#*:}
        command -v "$cmd" >/dev/null 2>&1 || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
    log "installing missing build tools: ${missing[*]}"
    if ! $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"; then
        apt_update_once
        $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" \
            || die "could not install: ${missing[*]}"
    fi
}

# --- deb-src ----------------------------------------------------------------

have_deb_src() {
    local f
    for f in /etc/apt/sources.list.d/*.sources; do
        [ -f "$f" ] && grep -Eq '^[[:space:]]*Types:.*[[:space:]]deb-src([[:space:]]|$)' "$f" && return 0
    done
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        [ -f "$f" ] && grep -Eq '^[[:space:]]*deb-src[[:space:]]' "$f" && return 0
    done
    return 1
}

ensure_deb_src() {
    have_deb_src && return 0
    local deb822=/etc/apt/sources.list.d/debian.sources
    if [ -f "$deb822" ] && grep -Eq '^Types:[[:space:]]*deb[[:space:]]*$' "$deb822"; then
        log "enabling deb-src in $deb822"
        $SUDO sed -i -E 's/^(Types:[[:space:]]*)deb[[:space:]]*$/\1deb deb-src/' "$deb822"
    elif [ -f /etc/apt/sources.list ] && grep -Eq '^[[:space:]]*deb[[:space:]]' /etc/apt/sources.list; then
        log "adding deb-src lines in /etc/apt/sources.list.d/capos-deb-src.list"
        grep -E '^[[:space:]]*deb[[:space:]]' /etc/apt/sources.list | sed -E 's/^[[:space:]]*deb[[:space:]]/deb-src /' \
            | $SUDO tee /etc/apt/sources.list.d/capos-deb-src.list >/dev/null
    else
        die "cannot find a Debian apt source to add deb-src to"
    fi
    have_deb_src || die "enabling deb-src failed"
    APT_UPDATED=0
    apt_update_once
}

# --- download + verify ------------------------------------------------------

dl_path() { printf '%s/%s_%s\n' "$DL_DIR" "$1" "$(debver "$1")"; }

# verify_pins PKG [quiet]: every pinned file present with the pinned sha256.
verify_pins() {
    local pkg=$1 quiet=${2:-} dir file sha got rc=0
    dir=$(dl_path "$pkg")
    while read -r file sha; do
        if [ ! -f "$dir/$file" ]; then
            [ -n "$quiet" ] || log "$pkg: missing $file"
            rc=1; continue
        fi
        got=$(sha256sum "$dir/$file" | cut -d' ' -f1)
        if [ "$got" != "$sha" ]; then
            [ -n "$quiet" ] && return 1
            printf '[third_party] SHA256 MISMATCH for %s\n  file:     %s\n  pinned:   %s\n  actual:   %s\n' \
                "$pkg" "$dir/$file" "$sha" "$got" >&2
            rc=1
        fi
    done < <(pinned_files "$pkg")
    return $rc
}

# verify_dsc PKG: the .dsc's Checksums-Sha256 and our pins name the same files
# with the same hashes.
verify_dsc() {
    local pkg=$1 dir dsc listed pinned
    dir=$(dl_path "$pkg")
    dsc=$(pinned_files "$pkg" | awk '$1 ~ /\.dsc$/ { print $1 }')
    [ -n "$dsc" ] || die "$pkg: no .dsc pinned in versions.txt"
    listed=$(awk '/^Checksums-Sha256:/ { on = 1; next } on && /^ / { print $3, $1; next } { on = 0 }' "$dir/$dsc" | sort)
    pinned=$(pinned_files "$pkg" | awk '$1 !~ /\.dsc$/ { print $1, $2 }' | sort)
    if [ "$listed" != "$pinned" ]; then
        printf '[third_party] %s: .dsc and versions.txt disagree\n--- .dsc lists:\n%s\n--- versions.txt pins:\n%s\n' \
            "$pkg" "$listed" "$pinned" >&2
        return 1
    fi
}

fetch_pkg() {
    local pkg=$1 ver dir sandbox=()
    ver=$(debver "$pkg")
    dir=$(dl_path "$pkg")
    if verify_pins "$pkg" quiet && verify_dsc "$pkg" 2>/dev/null; then
        return 0
    fi
    ensure_deb_src
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && sandbox=(-o APT::Sandbox::User=root)
    log "$pkg: apt-get source --download-only $pkg=$ver"
    if ! (cd "$dir" && apt-get "${sandbox[@]}" -qq source --download-only "$pkg=$ver" >/dev/null); then
        apt_update_once
        (cd "$dir" && apt-get "${sandbox[@]}" -qq source --download-only "$pkg=$ver" >/dev/null) \
            || die "$pkg: cannot download source package $pkg=$ver from the Debian archive"
    fi
    verify_pins "$pkg" || die "$pkg: downloaded files do not match the pins in versions.txt (see above); refusing to use them"
    verify_dsc "$pkg" || die "$pkg: the .dsc does not agree with versions.txt"
    log "$pkg: $ver verified"
}

# --- extract + patch --------------------------------------------------------

apply_debian_patches() {
    local pkg=$1 tree=$2 policy p list=()
    policy=$(patch_policy "$pkg")
    case $policy in
        none) return 0 ;;
        all)
            [ -f "$tree/debian/patches/series" ] || die "$pkg: policy 'all' but no debian/patches/series"
            mapfile -t list < <(sed -e 's/#.*//' -e 's/[[:space:]].*//' -e '/^$/d' "$tree/debian/patches/series") ;;
        *)  read -r -a list <<< "$policy" ;;
    esac
    for p in "${list[@]}"; do
        [ -f "$tree/debian/patches/$p" ] || die "$pkg: Debian patch '$p' not found"
        patch -d "$tree" -p1 --batch --forward --no-backup-if-mismatch --quiet -i "debian/patches/$p" \
            || die "$pkg: Debian patch '$p' does not apply"
    done
    log "$pkg: applied ${#list[@]} Debian patch(es)"
}

# Files of musl that issue `syscall` directly; replaced by third_party/musl-overlay/.
MUSL_REMOVE=(
    src/thread/x86_64/__set_thread_area.s
    src/thread/x86_64/__unmapself.s
    src/thread/x86_64/clone.s
    src/thread/x86_64/syscall_cp.s
    src/process/x86_64/vfork.s
    src/signal/x86_64/restore.s
)

local_changes_musl() {
    local tree=$1 f
    for f in "${MUSL_REMOVE[@]}"; do
        [ -f "$tree/$f" ] || die "musl: expected $f in the upstream tree"
        rm -f "$tree/$f"
    done
    cp -R "$TP_DIR/musl-overlay/." "$tree/"
    log "musl: syscall hook overlay applied (${#MUSL_REMOVE[@]} assembly files replaced)"
}

local_changes_mbedtls() {
    local tree=$1 op sym val
    while read -r op sym val; do
        case $op in
            set)   python3 "$tree/scripts/config.py" -f "$tree/include/mbedtls/config.h" set "$sym" ${val:+"$val"} ;;
            unset) python3 "$tree/scripts/config.py" -f "$tree/include/mbedtls/config.h" unset "$sym" ;;
            *) die "mbedtls: bad line in config.txt: $op $sym" ;;
        esac
    done < <(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$TP_DIR/mbedtls/config.txt")
    log "mbedtls: config.h edited from third_party/mbedtls/config.txt"
}

# Our own small libssh changes (third_party/libssh/*.patch, see the README).
local_changes_libssh() {
    local tree=$1 p n=0
    for p in "$TP_DIR"/libssh/*.patch; do
        patch -d "$tree" -p1 --batch --forward --no-backup-if-mismatch --quiet -i "$p" \
            || die "libssh: our patch $(basename "$p") does not apply"
        n=$((n + 1))
    done
    log "libssh: applied $n patch(es) of our own"
}

local_changes_libsodium() {
    local tree=$1
    # The Debian orig tarball is the git tag: no configure script.
    (cd "$tree" && autoreconf -fi >/dev/null 2>&1) || die "libsodium: autoreconf failed"
    log "libsodium: autoreconf done"
}

# Inputs that decide how a source tree looks.
prepare_key() {
    local pkg=$1 extra=()
    [ -d "$TP_DIR/$pkg" ] && extra+=("$TP_DIR/$pkg")
    key_of "prepare-v1" "$(pinned_files "$pkg")" "$(patch_policy "$pkg")" \
        "$(declare -f apply_debian_patches "local_changes_$pkg" 2>/dev/null || true)" \
        "${MUSL_REMOVE[*]}" "${extra[@]}"
}

prepare_pkg() {
    local pkg=$1 key tree tmp dsc
    key=$(prepare_key "$pkg")
    tree=$(src_path "$pkg")
    if stamp_ok "src-$pkg" "$key" && [ -d "$tree" ]; then
        return 0
    fi
    dsc=$(pinned_files "$pkg" | awk '$1 ~ /\.dsc$/ { print $1 }')
    mkdir -p "$SRC_DIR"
    tmp=$tree.tmp
    rm -rf "$tree" "$tmp"
    log "$pkg: extracting $(debver "$pkg") (upstream source, Debian patches skipped)"
    dpkg-source --skip-patches -x "$(dl_path "$pkg")/$dsc" "$tmp" >"$SRC_DIR/$pkg.extract.log" 2>&1 \
        || { cat "$SRC_DIR/$pkg.extract.log" >&2; die "$pkg: dpkg-source -x failed"; }
    apply_debian_patches "$pkg" "$tmp"
    if declare -F "local_changes_$pkg" >/dev/null; then
        "local_changes_$pkg" "$tmp"
    fi
    mv "$tmp" "$tree"
    stamp_set "src-$pkg" "$key"
}

main() {
    local pkgs=("$@") p t0
    [ ${#pkgs[@]} -gt 0 ] || pkgs=("${TP_PACKAGES[@]}")
    ensure_tools
    for p in "${pkgs[@]}"; do
        t0=$(now)
        fetch_pkg "$p"
        prepare_pkg "$p"
        log "$p: source ready in $(src_path "$p") ($(elapsed "$t0")s)"
    done
}

# Run main unless sourced by build.sh (which calls the functions itself).
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    main "$@"
fi
