#!/usr/bin/env bash
# Host builds of mbedTLS and libssh for the libFuzzer harness
# tests/fuzz/fuzz_sshd.c: the same pinned, patched Debian sources and the
# same mbedTLS configuration as the guest builds (build.sh), compiled for the
# host with clang and -fsanitize=fuzzer-no-link,address,undefined.
#
#   third_party/build-host-fuzz.sh            build what is missing or stale
#   third_party/build-host-fuzz.sh --check    build nothing; fail if stale
#
# Layout under ${CAPOS_CACHE:-<repo>/.cache}:
#   build/host-fuzz-mbedtls-VER/, build/host-fuzz-libssh-VER/   build trees
#   host-fuzz/             install prefix (include/, lib/) for the harness
#   logs/host-fuzz-STEP.log, stamps/build-host-fuzz-STEP      as in build.sh
#
# Each step is keyed on its source tree's inputs (pins, patches, our mbedTLS
# config), its recipe, the compiler's version and the flags; an unchanged
# key skips the step. CC overrides the compiler (default: clang).

source "$(dirname "${BASH_SOURCE[0]}")/fetch.sh"

CHECK=0
for arg in "$@"; do
    case $arg in
        --check) CHECK=1 ;;
        -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
        *) die "unknown argument: $arg" ;;
    esac
done

HOST_CC=${CC:-clang}
command -v "$HOST_CC" >/dev/null 2>&1 \
    || die "host-fuzz: $HOST_CC not found (Debian: apt-get install -y clang libclang-rt-14-dev)"
HOST_PREFIX=$CAPOS_CACHE/host-fuzz
LOG_DIR=$CAPOS_CACHE/logs
# Instrumented for libFuzzer's coverage feedback (except the arithmetic
# listed in host-fuzz-coverage-ignore.txt) and checked by ASan/UBSan; the
# harness links libFuzzer itself. Every UBSan report is fatal, as in the
# harness.
COVERAGE_IGNORE=$TP_DIR/host-fuzz-coverage-ignore.txt
SAN_FLAGS="-O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all"
HOST_FUZZ_CFLAGS="$SAN_FLAGS -fsanitize-coverage-ignorelist=$COVERAGE_IGNORE"
# Configure-time probe programs are run: their leaks are not ours to fix.
export ASAN_OPTIONS=detect_leaks=0

host_bdir() { printf '%s/host-fuzz-%s-%s\n' "$BUILD_DIR" "$1" "$(upver "$1")"; }

cmake_generator() {
    if command -v ninja >/dev/null 2>&1; then echo Ninja; else echo "Unix Makefiles"; fi
}

# Common CMake arguments for a host library: static, instrumented, installed
# into HOST_PREFIX. CMAKE_BUILD_TYPE=None: only HOST_FUZZ_CFLAGS.
cmake_host() {
    local src=$1 build=$2; shift 2
    rm -rf "$build"
    CC=$HOST_CC cmake -S "$src" -B "$build" -G "$(cmake_generator)" \
        -DCMAKE_BUILD_TYPE=None \
        -DCMAKE_C_FLAGS="$HOST_FUZZ_CFLAGS" \
        -DCMAKE_INSTALL_PREFIX="$HOST_PREFIX" \
        -DCMAKE_INSTALL_LIBDIR=lib \
        -DCMAKE_INSTALL_INCLUDEDIR=include \
        -DBUILD_SHARED_LIBS=OFF \
        "$@"
    cmake --build "$build" -j "$JOBS"
    cmake --install "$build"
}

# --- recipes ----------------------------------------------------------------

# The source tree's include/mbedtls/config.h already carries
# third_party/mbedtls/config.txt (fetch.sh), so the host library has the
# guest's configuration: MBEDTLS_ENTROPY_HARDWARE_ALT means the harness
# provides mbedtls_hardware_poll.
build_host_mbedtls() {
    # The base of the prefix: a new mbedTLS invalidates what is on top of it.
    rm -rf "$HOST_PREFIX"
    cmake_host "$(src_path mbedtls)" "$(host_bdir mbedtls)" \
        -DENABLE_PROGRAMS=OFF -DENABLE_TESTING=OFF -DGEN_FILES=OFF \
        -DUSE_STATIC_MBEDTLS_LIBRARY=ON -DUSE_SHARED_MBEDTLS_LIBRARY=OFF \
        -DMBEDTLS_FATAL_WARNINGS=OFF -DLINK_WITH_PTHREAD=OFF
}

# The guest's options (build.sh) plus WITH_INSECURE_NONE, which lets the
# harness negotiate the "none" cipher and MAC in one of its modes, so that
# inputs written in advance can reach authentication and the channel. The
# gateway's algorithm lists never name "none".
build_host_libssh() {
    cmake_host "$(src_path libssh)" "$(host_bdir libssh)" \
        -DCMAKE_DISABLE_FIND_PACKAGE_Threads=ON \
        -DWITH_SERVER=ON -DWITH_GSSAPI=OFF -DWITH_ZLIB=OFF -DWITH_PCAP=OFF \
        -DWITH_MBEDTLS=ON -DMBEDTLS_ROOT_DIR="$HOST_PREFIX" \
        -DMBEDTLS_INCLUDE_DIR="$HOST_PREFIX/include" \
        -DMBEDTLS_SSL_LIBRARY="$HOST_PREFIX/lib/libmbedtls.a" \
        -DMBEDTLS_CRYPTO_LIBRARY="$HOST_PREFIX/lib/libmbedcrypto.a" \
        -DMBEDTLS_X509_LIBRARY="$HOST_PREFIX/lib/libmbedx509.a" \
        -DBUILD_SHARED_LIBS=OFF -DWITH_EXAMPLES=OFF -DUNIT_TESTING=OFF \
        -DCLIENT_TESTING=OFF -DSERVER_TESTING=OFF -DWITH_NACL=OFF \
        -DWITH_SYMBOL_VERSIONING=OFF -DWITH_INSECURE_NONE=ON
    [ -f "$HOST_PREFIX/lib/libssh.a" ] || die "libssh: no static libssh.a installed"
}

# --- steps, keys ------------------------------------------------------------

STEPS=(mbedtls libssh)
declare -A DEPS=([mbedtls]="" [libssh]="mbedtls")
declare -A KEYS=()

step_key() {
    local s=$1 d parts=()
    if [ -n "${KEYS[$s]:-}" ]; then printf '%s\n' "${KEYS[$s]}"; return; fi
    parts+=("host-fuzz-v1:$s" "$(declare -f "build_host_$s" cmake_host)" "$(prepare_key "$s")"
        "$SAN_FLAGS" "$COVERAGE_IGNORE" "$("$HOST_CC" --version 2>&1)")
    for d in ${DEPS[$s]}; do parts+=("$(step_key "$d")"); done
    KEYS[$s]=$(key_of "${parts[@]}")
    printf '%s\n' "${KEYS[$s]}"
}

run_step() {
    local s=$1 key log rc t0
    key=$(step_key "$s")
    if stamp_ok "build-host-fuzz-$s" "$key" && [ -d "$HOST_PREFIX" ]; then
        log "host-fuzz $s: up to date"
        return 0
    fi
    [ "$CHECK" -eq 1 ] && die "host-fuzz $s: not built or stale (run third_party/build-host-fuzz.sh)"
    mkdir -p "$LOG_DIR" "$BUILD_DIR"
    log=$LOG_DIR/host-fuzz-$s.log
    log "host-fuzz $s: building (log: $log)"
    rm -f "$(stamp_file "build-host-fuzz-$s")"
    t0=$(now)
    # Not inside `if`: errexit must stay active in the subshell.
    set +e
    ( set -euo pipefail; "build_host_$s" ) > "$log" 2>&1
    rc=$?
    set -e
    if [ "$rc" -ne 0 ]; then
        tail -n 40 "$log" >&2
        die "host-fuzz $s: build failed (full log: $log)"
    fi
    stamp_set "build-host-fuzz-$s" "$key"
    log "host-fuzz $s: built in $(elapsed "$t0")s"
}

# The sources: the same as build.sh's (a no-op when they are current).
prepare_sources() {
    local p
    for p in mbedtls libssh; do
        if [ "$CHECK" -eq 1 ]; then
            stamp_ok "src-$p" "$(prepare_key "$p")" && [ -d "$(src_path "$p")" ] \
                || die "$p: source tree missing or stale"
            continue
        fi
        fetch_pkg "$p"
        prepare_pkg "$p"
    done
}

[ "$CHECK" -eq 1 ] || ensure_tools
prepare_sources
for s in "${STEPS[@]}"; do
    run_step "$s"
done
