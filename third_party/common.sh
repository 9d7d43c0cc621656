# shellcheck shell=bash disable=SC2034
# Shared helpers for third_party/fetch.sh and third_party/build.sh (sourced).
# Every path is derived from this file's location or from CAPOS_CACHE; nothing
# here names a machine-specific directory.

set -euo pipefail

TP_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$TP_DIR/.." && pwd)
CAPOS_CACHE=${CAPOS_CACHE:-$REPO_ROOT/.cache}
mkdir -p "$CAPOS_CACHE"
CAPOS_CACHE=$(cd "$CAPOS_CACHE" && pwd)
export CAPOS_CACHE

DL_DIR=$CAPOS_CACHE/dl          # pristine Debian source package files
SRC_DIR=$CAPOS_CACHE/src        # extracted (and patched) source trees
BUILD_DIR=$CAPOS_CACHE/build    # out-of-tree build directories
SYSROOT=$CAPOS_CACHE/sysroot    # install prefix for musl and every library
STAMP_DIR=$CAPOS_CACHE/stamps   # one stamp per finished step, holding its input key
JOBS=${JOBS:-$(nproc)}

VERSIONS_FILE=$TP_DIR/versions.txt
PATCHES_FILE=$TP_DIR/debian-patches.txt

TP_PACKAGES=(musl mbedtls libssh libwebsockets lwip cjson libsodium)

log()  { printf '[third_party] %s\n' "$*" >&2; }
die()  { printf '[third_party] ERROR: %s\n' "$*" >&2; exit 1; }

# Fields of versions.txt without comments and blank lines.
_pins() { sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$VERSIONS_FILE"; }

# debver PKG -> pinned Debian version (all lines of a package must agree).
debver() {
    local v
    v=$(_pins | awk -v p="$1" '$1 == p { print $2 }' | sort -u)
    [ -n "$v" ] || die "no pin for package '$1' in versions.txt"
    [ "$(printf '%s\n' "$v" | wc -l)" -eq 1 ] || die "package '$1' has several Debian versions pinned"
    printf '%s\n' "$v"
}

# upver PKG -> upstream version: Debian version without the epoch, the
# revision and a +dfsg/+ds repack suffix (2.1.3+dfsg1-2 -> 2.1.3).
upver() {
    local v
    v=$(debver "$1")
    v=${v#*:}
    v=${v%-*}
    v=${v%%+dfsg*}
    v=${v%%+ds*}
    printf '%s\n' "$v"
}

# pinned_files PKG -> "file sha256" lines.
pinned_files() { _pins | awk -v p="$1" '$1 == p { print $3, $4 }'; }

# patch_policy PKG -> "all", "none" or a list of patch names.
patch_policy() {
    local line
    line=$(sed -e 's/#.*//' "$PATCHES_FILE" | awk -v p="$1" '$1 == p { $1 = ""; print }')
    line=$(echo $line)
    [ -n "$line" ] || die "no patch policy for '$1' in debian-patches.txt"
    printf '%s\n' "$line"
}

src_path() { printf '%s/%s-%s\n' "$SRC_DIR" "$1" "$(debver "$1")"; }

# Stamps: a step is done when its stamp holds the same key as now.
stamp_file() { printf '%s/%s\n' "$STAMP_DIR" "$1"; }
stamp_ok()   { [ -f "$(stamp_file "$1")" ] && [ "$(cat "$(stamp_file "$1")")" = "$2" ]; }
stamp_set()  { mkdir -p "$STAMP_DIR"; printf '%s\n' "$2" > "$(stamp_file "$1")"; }

# key_of WORDS/FILES... -> sha256 over the given strings and, for the ones
# that name existing files or directories, their contents.
key_of() {
    local a
    for a in "$@"; do
        if [ -d "$a" ]; then
            (cd "$a" && find . -type f | LC_ALL=C sort | xargs -r sha256sum)
        elif [ -f "$a" ]; then
            sha256sum < "$a"
        else
            printf '%s\n' "$a"
        fi
    done | sha256sum | cut -d' ' -f1
}

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
