#!/usr/bin/env bash
# shellcheck disable=SC2016  # PHC strings contain literal $ signs
# PHC-string interop between the host (tools/phc on Debian's libargon2) and a
# guest (libsodium on lib/posix), both ways:
#
#   run_pwhash.sh KERNEL MKBOOTPKG PHC LAUNCHER GUEST WORK_DIR TIMEOUT_S
#
# 1. a fresh random test password, kept in a private file, never printed
# 2. the host makes an argon2id verifier for it
# 3. launcher + guest + password + verifier become a boot package
# 4. the guest accepts the host's verifier, rejects a wrong password and
#    prints a verifier of its own
# 5. the host accepts the guest's verifier and rejects a wrong password
# Passes when QEMU exits 0 in time, the guest reports PASS, no failure marker
# appears, the password does not appear in the transcript, and step 5 holds.
set -uo pipefail

kernel=$1 mkbootpkg=$2 phc=$3 launcher=$4 guest=$5 work_dir=$6 timeout_s=$7
here=$(cd "$(dirname "$0")" && pwd)
qemu="$here/../../../tools/capos-qemu"

mkdir -p "$work_dir"
work=$(mktemp -d "$work_dir/pwhash.XXXXXX")
trap 'rm -rf "$work"' EXIT
umask 077

problems=()
fail() { problems+=("$1"); }

od -An -N24 -tx1 /dev/urandom | tr -d ' \n' >"$work/password"
"$phc" hash -t 2 -m 8192 <"$work/password" >"$work/verifier" || fail "host: phc hash failed"
printf 'init launch-pwhash\ninit_memory_pages 12288\n' >"$work/manifest"
"$mkbootpkg" -o "$work/pwhash.pkg" --manifest "$work/manifest" launch-pwhash="$launcher" \
    musl-pwhash="$guest" password="$work/password" verifier="$work/verifier" >/dev/null ||
    fail "mkbootpkg failed"

timeout --kill-after=5 "$timeout_s" "$qemu" "$kernel" "$work/pwhash.pkg" </dev/null \
    >"$work/transcript" 2>&1
status=$?
tr -d '\r' <"$work/transcript" >"$work/clean"

[ "$status" = 0 ] || fail "QEMU exited with $status, expected 0 (124/137: timed out)"
for pat in "pwhash: PASS" "launch: musl-pwhash exited with 0" \
    "pwhash.host_verifier_accepts_password: ok" "pwhash.host_verifier_rejects_wrong_password: ok" \
    "kernel: last process exited, halting"; do
    grep -qF -- "$pat" "$work/clean" || fail "missing: $pat"
done
for marker in "CHECK FAILED" ": FAIL" "KERNEL PANIC" "killed:"; do
    grep -qF -- "$marker" "$work/clean" && fail "found failure marker: $marker"
done
grep -qF -f "$work/password" "$work/clean" && fail "the password appears in the transcript"

guest_verifier=$(sed -n 's/^pwhash\.guest_verifier: //p' "$work/clean" | head -n 1)
case "$guest_verifier" in
'$argon2id$v=19$m='*)
    "$phc" verify "$guest_verifier" <"$work/password" ||
        fail "host: the guest's verifier does not accept the password"
    printf 'not-the-password' | "$phc" verify "$guest_verifier"
    [ $? = 1 ] || fail "host: the guest's verifier does not reject a wrong password"
    ;;
*) fail "no argon2id verifier from the guest" ;;
esac

if [ ${#problems[@]} -gt 0 ]; then
    echo "scenario qemu_musl_pwhash_interop FAILED:"
    printf '  - %s\n' "${problems[@]}"
    echo "----- transcript (password redacted) -----"
    sed "s/$(cat "$work/password")/<password>/g" "$work/clean"
    echo "------------------------------------------"
    exit 1
fi
echo "scenario qemu_musl_pwhash_interop passed: host and guest accept each other's argon2id strings"
