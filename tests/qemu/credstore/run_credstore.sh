#!/usr/bin/env bash
# shellcheck disable=SC2016  # PHC strings contain literal $ signs
# One CredentialStore scenario with fresh test secrets:
#
#   run_credstore.sh NAME ROLE KERNEL MKBOOTPKG PHC CLIENT AUDIT CREDSTORE
#                    WORK_DIR TIMEOUT_S [--bad-credentials] -- PATTERN...
#
# 1. two fresh random test passwords (operator's, and one for setup), kept
#    in private files, never printed
# 2. the host makes the operator's argon2id verifier (tools/phc, the
#    store's default parameters) and writes the credentials file; with
#    --bad-credentials the file names the account twice
# 3. client (as init "cs-ROLE") + audit + credstore + the files become a
#    boot package, which boots in QEMU
# Passes when QEMU exits 0 in time, every PATTERN appears, no failure marker
# does, and no secret leaked into the transcript: neither password, the
# verifier, its salt or hash, nor anything shaped like a token or key (a run
# of 32+ hex digits or 22+ base64 characters, or non-printable bytes).
set -uo pipefail

name=$1 role=$2 kernel=$3 mkbootpkg=$4 phc=$5 client=$6 audit=$7 credstore=$8 work_dir=$9
timeout_s=${10}
shift 10
bad_credentials=0
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
    case "$1" in
    --bad-credentials) bad_credentials=1 ;;
    *) echo "run_credstore.sh: unknown option $1" >&2; exit 2 ;;
    esac
    shift
done
[ "${1:-}" = "--" ] && shift
here=$(cd "$(dirname "$0")" && pwd)
qemu="$here/../../../tools/capos-qemu"

mkdir -p "$work_dir"
work=$(mktemp -d "$work_dir/$name.XXXXXX")
trap 'rm -rf "$work"' EXIT
umask 077

problems=()
fail() { problems+=("$1"); }

for f in password newpass; do
    od -An -N24 -tx1 /dev/urandom | tr -d ' \n' >"$work/$f"
done
"$phc" hash -t 3 -m 65536 -p 1 <"$work/password" >"$work/verifier" || fail "host: phc hash failed"
verifier=$(cat "$work/verifier")
salt=$(printf '%s' "$verifier" | cut -d'$' -f5)
hash=$(printf '%s' "$verifier" | cut -d'$' -f6)
printf 'verifier v1 operator 1001 7 0 %s\n' "$verifier" >"$work/credentials"
[ "$bad_credentials" = 1 ] &&
    printf 'verifier v1 operator 1002 8 0 %s\n' "$verifier" >>"$work/credentials"
printf 'init cs-%s\ninit_memory_pages 24576\n' "$role" >"$work/manifest"
"$mkbootpkg" -o "$work/pkg" --manifest "$work/manifest" "cs-$role=$client" "audit=$audit" \
    "credstore=$credstore" credentials="$work/credentials" password="$work/password" \
    newpass="$work/newpass" >/dev/null || fail "mkbootpkg failed"

timeout --kill-after=5 "$timeout_s" "$qemu" "$kernel" "$work/pkg" </dev/null \
    >"$work/transcript" 2>&1
status=$?
tr -d '\r' <"$work/transcript" >"$work/clean"

[ "$status" = 0 ] || fail "QEMU exited with $status, expected 0 (124/137: timed out)"
for pat in "$@"; do
    grep -qF -- "$pat" "$work/clean" || fail "missing: $pat"
done
for marker in "CHECK FAILED" ": FAIL" "KERNEL PANIC" "killed:"; do
    grep -qF -- "$marker" "$work/clean" && fail "found failure marker: $marker"
done

# secrets: named ones, then anything shaped like one (never printed here)
for f in password newpass; do
    grep -qF -f "$work/$f" "$work/clean" && fail "the test $f appears in the transcript"
done
for s in "$verifier" "$salt" "$hash"; do
    grep -qF -- "$s" "$work/clean" && fail "the verifier (or its salt or hash) appears"
done
grep -qE '[0-9a-fA-F]{32,}' "$work/clean" && fail "a run of 32+ hex digits (a token?) appears"
grep -qE '[A-Za-z0-9+/]{22,}' "$work/clean" && fail "a run of 22+ base64 characters appears"
LC_ALL=C grep -q '[^[:print:][:space:]]' "$work/clean" && fail "non-printable bytes appear"

if [ ${#problems[@]} -gt 0 ]; then
    echo "scenario $name FAILED:"
    printf '  - %s\n' "${problems[@]}"
    echo "----- transcript (secrets redacted) -----"
    sed -e "s/$(cat "$work/password")/<password>/g" -e "s/$(cat "$work/newpass")/<newpass>/g" \
        -e "s|$salt|<salt>|g" -e "s|$hash|<hash>|g" "$work/clean" |
        sed -E -e 's/[0-9a-fA-F]{32,}/<hex run>/g' -e 's|[A-Za-z0-9+/]{22,}|<base64 run>|g' |
        LC_ALL=C tr -c '[:print:][:space:]' '?'
    echo "-----------------------------------------"
    exit 1
fi
grep -F "time_ms" "$work/clean" || true
echo "scenario $name passed (no secret in the transcript)"
