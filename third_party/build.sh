#!/usr/bin/env bash
# Build every third-party library for capOS guests, static x86_64, against
# our musl (system calls routed to __os_syscall).
#
#   third_party/build.sh            fetch + build what is missing or stale
#   third_party/build.sh --check    build nothing: fail if a step is missing
#                                   or stale; re-run the audits and link test
#
# Layout under ${CAPOS_CACHE:-<repo>/.cache}:
#   dl/PKG_DEBVER/        pinned Debian source package files
#   src/PKG-DEBVER/       extracted + patched sources
#   build/PKG-VERSION/    out-of-tree build directories
#   sysroot/              musl + every library (include/, lib/)
#   logs/STEP.log         full output of each step
#   stamps/               input keys of finished steps (what makes re-runs no-ops)
#   third_party.env, third_party.cmake   paths for the rest of the build
#
# Each step is keyed on everything that decides its output (pins, Debian
# patches, our overlays/configs, the recipe function itself, the keys of the
# steps it depends on); a step whose key is unchanged is skipped.

source "$(dirname "${BASH_SOURCE[0]}")/fetch.sh"

CHECK=0
for arg in "$@"; do
    case $arg in
        --check) CHECK=1 ;;
        -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
        *) die "unknown argument: $arg" ;;
    esac
done

TOOLCHAIN=$REPO_ROOT/cmake/guest-musl-toolchain.cmake
MUSL_CC=$TP_DIR/musl-cc
LOG_DIR=$CAPOS_CACHE/logs
export CAPOS_CACHE
unset CAPOS_SYSROOT CAPOS_GUEST_EXTRA_LIBS CAPOS_GUEST_PROBE_STUBS

bdir() { printf '%s/%s-%s\n' "$BUILD_DIR" "$1" "$(upver "$1")"; }

cmake_generator() {
    if command -v ninja >/dev/null 2>&1; then echo Ninja; else echo "Unix Makefiles"; fi
}

# Common CMake arguments for a library built with the guest toolchain.
cmake_guest() {
    local src=$1 build=$2; shift 2
    rm -rf "$build"
    CFLAGS="${GUEST_CFLAGS:-}" cmake -S "$src" -B "$build" -G "$(cmake_generator)" \
        -DCMAKE_TOOLCHAIN_FILE="$TOOLCHAIN" \
        -DCAPOS_CACHE="$CAPOS_CACHE" \
        -DCAPOS_GUEST_PROBE_STUBS=ON \
        -DCMAKE_BUILD_TYPE=Release \
        -DCMAKE_INSTALL_PREFIX="$SYSROOT" \
        -DCMAKE_INSTALL_LIBDIR=lib \
        -DCMAKE_INSTALL_INCLUDEDIR=include \
        -DBUILD_SHARED_LIBS=OFF \
        "$@"
    cmake --build "$build" -j "$JOBS"
    cmake --install "$build"
}

# --- recipes ----------------------------------------------------------------

build_musl() {
    local src b
    src=$(src_path musl); b=$(bdir musl)
    # A new libc invalidates everything installed on top of it.
    rm -rf "$b" "$SYSROOT"
    mkdir -p "$b"
    (cd "$b" && "$src/configure" --prefix="$SYSROOT" --disable-shared --disable-wrapper \
        CC=gcc CFLAGS='-O2 -fno-pic -fno-pie')
    make -C "$b" -j "$JOBS"
    make -C "$b" install
    audit_syscalls "$SYSROOT/lib/libc.a" "$SYSROOT"/lib/crt*.o "$SYSROOT"/lib/*crt1.o
    [ "$(nm "$SYSROOT/lib/libc.a" 2>/dev/null | grep -c ' U __os_syscall$')" -gt 0 ] \
        || die "musl: libc.a does not reference __os_syscall; the syscall hook is not in effect"
}

build_stubs() {
    local b=$BUILD_DIR/probe-stubs
    rm -rf "$b"; mkdir -p "$b"
    "$MUSL_CC" -O2 -c -DSTUB_OS_SYSCALL "$TP_DIR/stubs/probe_stubs.c" -o "$b/os_syscall.o"
    "$MUSL_CC" -O2 -c -DSTUB_HARDWARE_POLL "$TP_DIR/stubs/probe_stubs.c" -o "$b/hardware_poll.o"
    rm -f "$SYSROOT/lib/libcapos_probe_stubs.a"
    ar rcs "$SYSROOT/lib/libcapos_probe_stubs.a" "$b/os_syscall.o" "$b/hardware_poll.o"
}

build_mbedtls() {
    cmake_guest "$(src_path mbedtls)" "$(bdir mbedtls)" \
        -DENABLE_PROGRAMS=OFF -DENABLE_TESTING=OFF -DGEN_FILES=OFF \
        -DUSE_STATIC_MBEDTLS_LIBRARY=ON -DUSE_SHARED_MBEDTLS_LIBRARY=OFF \
        -DMBEDTLS_FATAL_WARNINGS=OFF -DLINK_WITH_PTHREAD=OFF
}

build_libssh() {
    cmake_guest "$(src_path libssh)" "$(bdir libssh)" \
        -DCMAKE_DISABLE_FIND_PACKAGE_Threads=ON \
        -DWITH_SERVER=ON -DWITH_GSSAPI=OFF -DWITH_ZLIB=OFF -DWITH_PCAP=OFF \
        -DWITH_MBEDTLS=ON -DMBEDTLS_ROOT_DIR="$SYSROOT" \
        -DBUILD_SHARED_LIBS=OFF -DWITH_EXAMPLES=OFF -DUNIT_TESTING=OFF \
        -DCLIENT_TESTING=OFF -DSERVER_TESTING=OFF -DWITH_NACL=OFF \
        -DWITH_SYMBOL_VERSIONING=OFF
}

build_libwebsockets() {
    # linux/if_packet.h: musl has no kernel headers; see shims/.
    GUEST_CFLAGS="-I$TP_DIR/shims" cmake_guest "$(src_path libwebsockets)" "$(bdir libwebsockets)" \
        -DLWS_WITH_SSL=ON -DLWS_WITH_MBEDTLS=ON \
        -DLWS_MBEDTLS_INCLUDE_DIRS="$SYSROOT/include" \
        -DLWS_MBEDTLS_LIBRARIES="$SYSROOT/lib/libmbedtls.a;$SYSROOT/lib/libmbedx509.a;$SYSROOT/lib/libmbedcrypto.a" \
        -DLWS_WITH_STATIC=ON -DLWS_WITH_SHARED=OFF \
        -DLWS_WITHOUT_TESTAPPS=ON -DLWS_WITHOUT_TEST_SERVER=ON \
        -DLWS_WITHOUT_TEST_SERVER_EXTPOLL=ON -DLWS_WITHOUT_TEST_PING=ON \
        -DLWS_WITHOUT_TEST_CLIENT=ON -DLWS_WITH_MINIMAL_EXAMPLES=OFF \
        -DLWS_WITH_ZLIB=OFF -DLWS_IPV6=ON -DDISABLE_WERROR=ON \
        -DLWS_WITH_EXPORT_LWSTARGETS=OFF
}

build_lwip() {
    # Built later by the capOS netstack with its own lwipopts.h; only the
    # (patched) source tree is published, via third_party.{env,cmake}.
    [ -f "$(src_path lwip)/src/core/init.c" ] || die "lwip: source tree incomplete"
}

build_cjson() {
    cmake_guest "$(src_path cjson)" "$(bdir cjson)" \
        -DENABLE_CJSON_TEST=OFF -DENABLE_CJSON_UTILS=ON \
        -DBUILD_SHARED_AND_STATIC_LIBS=OFF -DENABLE_TARGET_EXPORT=OFF
}

build_libsodium() {
    local src b
    src=$(src_path libsodium); b=$(bdir libsodium)
    rm -rf "$b"; mkdir -p "$b"
    (cd "$b" && CAPOS_GUEST_PROBE_STUBS=1 "$src/configure" \
        --build=x86_64-pc-linux-gnu --host=x86_64-pc-linux-musl \
        --prefix="$SYSROOT" --libdir="$SYSROOT/lib" \
        --disable-shared --enable-static --disable-pie --with-pic=no \
        --without-pthreads \
        CC="$MUSL_CC" CFLAGS='-O2')
    CAPOS_GUEST_PROBE_STUBS=1 make -C "$b" -j "$JOBS"
    make -C "$b" install
}

# --- steps, dependencies, keys ----------------------------------------------

STEPS=(musl stubs mbedtls libssh libwebsockets lwip cjson libsodium)
declare -A DEPS=(
    [musl]=""
    [stubs]="musl"
    [mbedtls]="stubs"
    [libssh]="mbedtls"
    [libwebsockets]="mbedtls"
    [lwip]=""
    [cjson]="stubs"
    [libsodium]="stubs"
)
declare -A KEYS=()

step_key() {
    local s=$1 d parts=()
    if [ -n "${KEYS[$s]:-}" ]; then printf '%s\n' "${KEYS[$s]}"; return; fi
    parts+=("build-v1:$s" "$(declare -f "build_$s")")
    case $s in
        stubs) parts+=("$TP_DIR/stubs" "$MUSL_CC" "$TP_DIR/musl-cc.specs" "$TOOLCHAIN" "$(declare -f cmake_guest)") ;;
        *)     parts+=("$(prepare_key "$s")") ;;
    esac
    [ "$s" = musl ] && parts+=("$(declare -f audit_syscalls)")
    for d in ${DEPS[$s]}; do parts+=("$(step_key "$d")"); done
    KEYS[$s]=$(key_of "${parts[@]}")
    printf '%s\n' "${KEYS[$s]}"
}

# --- audits -----------------------------------------------------------------

# audit_syscalls FILE...: fail if any object contains a syscall/sysenter/int 0x80.
audit_syscalls() {
    local hits
    hits=$(objdump -d --no-show-raw-insn "$@" 2>/dev/null | awk '
        /^In archive/ { next }
        /file format/ { obj = $1; sub(/:$/, "", obj); next }
        /^[0-9a-f]+ <.*>:$/ { fn = $2; next }
        $2 == "syscall" || $2 == "sysenter" || ($2 == "int" && $3 == "$0x80") { print "  " obj " " fn ": " $0 }')
    if [ -n "$hits" ]; then
        printf '[third_party] system call instructions found:\n%s\n' "$hits" >&2
        die "syscall audit failed: every system call must go through __os_syscall"
    fi
    log "syscall audit: no syscall/sysenter/int \$0x80 in $# file(s)"
}

audit_sysroot() {
    local libs
    mapfile -t libs < <(find "$SYSROOT/lib" -maxdepth 1 \( -name '*.a' -o -name '*.o' \) ! -name 'libcapos_probe_stubs.a' | sort)
    audit_syscalls "${libs[@]}"
}

# The final check: a static program using libc, mbedTLS, libsodium, libssh,
# libwebsockets and cJSON links with no undefined symbol.  The program
# defines __os_syscall itself as a pass-through to Linux, so it also runs on
# this host; the only system call instructions in the result must be its own.
link_test() {
    local b=$BUILD_DIR/link-test out fns
    rm -rf "$b"; mkdir -p "$b"
    "$MUSL_CC" -O2 -Wall -Wextra -Werror -o "$b/link_test" "$TP_DIR/tests/link_test.c" \
        -lssh -lwebsockets -lmbedtls -lmbedx509 -lmbedcrypto -lcjson_utils -lcjson -lsodium \
        > "$b/link.log" 2>&1 || { cat "$b/link.log" >&2; die "link test: link failed"; }
    if readelf -l "$b/link_test" | grep -q 'INTERP\|DYNAMIC'; then
        die "link test: result is not a static executable"
    fi
    readelf -h "$b/link_test" | grep -q 'Type:[[:space:]]*EXEC' || die "link test: result is not a non-PIE executable"
    fns=$(objdump -d --no-show-raw-insn "$b/link_test" | awk '
        /^[0-9a-f]+ <.*>:$/ { fn = $2; next }
        $2 == "syscall" { print fn }' | sort -u | tr '\n' ' ')
    [ "$fns" = "<__os_syscall>: " ] || die "link test: syscall instructions outside the test's __os_syscall: $fns"
    out=$("$b/link_test" 2>&1) || { printf '%s\n' "$out" >&2; die "link test: program failed"; }
    printf '%s\n' "$out" | sed 's/^/  | /' >&2
    printf '%s\n' "$out" | grep -q '^link-test: ok$' || die "link test: unexpected output"
    log "link test: static link OK, ran OK"
}

# --- outputs for the rest of the build --------------------------------------

# Keep the old file (and its mtime) when nothing changed, so a warm run does
# not make CMake projects that include third_party.cmake reconfigure.
replace_if_changed() {
    if cmp -s "$1" "$2"; then rm -f "$1"; else mv "$1" "$2"; fi
}

write_outputs() {
    local env=$CAPOS_CACHE/third_party.env cm=$CAPOS_CACHE/third_party.cmake p var
    {
        echo "# Generated by third_party/build.sh; do not edit."
        echo "CAPOS_CACHE=$CAPOS_CACHE"
        echo "CAPOS_SYSROOT=$SYSROOT"
        echo "CAPOS_SYSROOT_INCLUDE=$SYSROOT/include"
        echo "CAPOS_SYSROOT_LIB=$SYSROOT/lib"
        echo "CAPOS_MUSL_CC=$MUSL_CC"
        echo "CAPOS_GUEST_TOOLCHAIN=$TOOLCHAIN"
        echo "CAPOS_LWIP_SRC=$(src_path lwip)/src"
        for p in "${TP_PACKAGES[@]}"; do
            var=$(echo "$p" | tr 'a-z' 'A-Z')
            echo "CAPOS_${var}_VERSION=$(debver "$p")"
            echo "CAPOS_${var}_SOURCE_DIR=$(src_path "$p")"
        done
    } > "$env.tmp"
    replace_if_changed "$env.tmp" "$env"
    {
        echo "# Generated by third_party/build.sh; do not edit."
        echo "set(CAPOS_SYSROOT \"$SYSROOT\")"
        echo "set(CAPOS_SYSROOT_INCLUDE_DIR \"$SYSROOT/include\")"
        echo "set(CAPOS_SYSROOT_LIB_DIR \"$SYSROOT/lib\")"
        echo "set(CAPOS_MUSL_CC \"$MUSL_CC\")"
        echo "set(CAPOS_GUEST_TOOLCHAIN \"$TOOLCHAIN\")"
        echo "set(CAPOS_LWIP_SOURCE_DIR \"$(src_path lwip)\")"
        echo "set(CAPOS_LWIP_SRC_DIR \"$(src_path lwip)/src\")"
        for p in "${TP_PACKAGES[@]}"; do
            var=$(echo "$p" | tr 'a-z' 'A-Z')
            echo "set(CAPOS_${var}_VERSION \"$(debver "$p")\")"
            echo "set(CAPOS_${var}_SOURCE_DIR \"$(src_path "$p")\")"
        done
        echo "set(CAPOS_LIBC \"$SYSROOT/lib/libc.a\")"
        echo "set(CAPOS_MBEDTLS_LIBRARIES \"$SYSROOT/lib/libmbedtls.a;$SYSROOT/lib/libmbedx509.a;$SYSROOT/lib/libmbedcrypto.a\")"
        echo "set(CAPOS_LIBSSH_LIBRARY \"$SYSROOT/lib/libssh.a\")"
        echo "set(CAPOS_LIBWEBSOCKETS_LIBRARY \"$SYSROOT/lib/libwebsockets.a\")"
        echo "set(CAPOS_CJSON_LIBRARIES \"$SYSROOT/lib/libcjson_utils.a;$SYSROOT/lib/libcjson.a\")"
        echo "set(CAPOS_LIBSODIUM_LIBRARY \"$SYSROOT/lib/libsodium.a\")"
    } > "$cm.tmp"
    replace_if_changed "$cm.tmp" "$cm"
    log "wrote $env and $cm"
}

# --- main -------------------------------------------------------------------

TIMES=()
timed() {
    local name=$1 t0; shift
    t0=$(now)
    "$@"
    TIMES+=("$(printf '%-16s %7ss' "$name" "$(elapsed "$t0")")")
}

do_fetch() {
    local p key
    if [ "$CHECK" -eq 1 ]; then
        for p in "${TP_PACKAGES[@]}"; do
            verify_pins "$p" || die "$p: downloads missing or not matching versions.txt"
            verify_dsc "$p" || die "$p: .dsc disagrees with versions.txt"
            key=$(prepare_key "$p")
            stamp_ok "src-$p" "$key" && [ -d "$(src_path "$p")" ] || die "$p: source tree missing or stale"
        done
        return 0
    fi
    ensure_tools
    for p in "${TP_PACKAGES[@]}"; do
        fetch_pkg "$p"
        prepare_pkg "$p"
    done
}

run_step() {
    local s=$1 key log rc
    key=$(step_key "$s")
    if stamp_ok "build-$s" "$key"; then
        log "$s: up to date"
        return 0
    fi
    [ "$CHECK" -eq 1 ] && die "$s: not built or stale (run third_party/build.sh)"
    mkdir -p "$LOG_DIR" "$BUILD_DIR"
    log=$LOG_DIR/$s.log
    log "$s: building (log: $log)"
    rm -f "$(stamp_file "build-$s")"
    # Not inside `if`: errexit must stay active in the subshell.
    set +e
    ( set -euo pipefail; "build_$s" ) > "$log" 2>&1
    rc=$?
    set -e
    if [ "$rc" -ne 0 ]; then
        tail -n 40 "$log" >&2
        die "$s: build failed (full log: $log)"
    fi
    grep '^\[third_party\]' "$log" >&2 || true
    stamp_set "build-$s" "$key"
}

main_build() {
    local t0 s
    t0=$(now)
    timed fetch do_fetch
    for s in "${STEPS[@]}"; do
        timed "$s" run_step "$s"
    done
    timed audit audit_sysroot
    write_outputs
    timed link-test link_test
    TIMES+=("$(printf '%-16s %7ss' total "$(elapsed "$t0")")")
    log "step times:"
    printf '    %s\n' "${TIMES[@]}" >&2
}

main_build
