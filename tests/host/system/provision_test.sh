#!/usr/bin/env bash
# `./capos provision --operator-password-stdin` on the host: the record it
# writes has the documented form, verifies with tools/phc (and a wrong
# password does not), is accepted by mkmanifest, lives in a 0600 file,
# replaces only the operator record, and the password never appears in any
# output: piped, or typed on a terminal (no echo). Bad input changes nothing.
# `./capos provision --authorize-key FILE [--account NAME]`: one record per
# accepted public key, duplicates skipped, refusals change nothing, and
# mkmanifest takes the file.
#
#   provision_test.sh CAPOS PHC MKMANIFEST WORK_DIR
set -uo pipefail
capos=$1 phc=$2 mkmanifest=$3 work=$4
rm -rf "$work" && mkdir -p "$work/state"
export CAPOS_STATE_DIR=$work/state CAPOS_PHC=$phc
creds=$CAPOS_STATE_DIR/credentials
password="Tr0ub4dor-$$-$RANDOM"
passes=0 fails=0
check() { # check DESCRIPTION COMMAND...
    if "${@:2}"; then passes=$((passes + 1)); else
        echo "FAILED: $1" >&2
        fails=$((fails + 1))
    fi
}
not_in() { ! grep -qF -- "$password" "$@"; }
not_key_in() { ! grep -qF -- "$(sed -n 2p "$work/ed25519")" "$@"; }

# piped password, with a guest record already present that must survive
printf 'verifier v1 guest 2 7 0 %s\n' \
    "$(printf 'guest-pw\n' | "$phc" hash -t 1 -m 64)" >"$creds"
printf '%s\n' "$password" | "$capos" provision --operator-password-stdin >"$work/out" 2>&1
check "provision exits 0" test $? = 0
check "password not in the output" not_in "$work/out"
check "password not in the file" not_in "$creds"
check "file is mode 0600" test "$(stat -c %a "$creds")" = 600
check "guest record kept" grep -q '^verifier v1 guest 2 7 0 ' "$creds"
check "one operator record" test "$(grep -c '^verifier v1 operator ' "$creds")" = 1
line=$(grep '^verifier v1 operator ' "$creds")
check "record form" grep -qE '^verifier v1 operator 1 [1-9][0-9]* [1-9][0-9]{12} \$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$' <<<"$line"
phc_string=${line##* }
printf '%s\n' "$password" | "$phc" verify "$phc_string"
check "the password verifies" test $? = 0
printf '%s\n' "$password-" | "$phc" verify "$phc_string"
check "another password does not" test $? = 1
printf 'service a binary a\n' >"$work/m.system"
"$mkmanifest" -o "$work/m.img" -e a --credentials-in "$creds" --credentials-out "$work/m.creds" \
    "$work/m.system" >"$work/mm" 2>&1
check "mkmanifest takes the file" test $? = 0
check "mkmanifest output has no password" not_in "$work/mm" "$work/m.creds"

# provisioning again replaces the operator record
printf '%s\n' "$password" | "$capos" provision --operator-password-stdin >"$work/out2" 2>&1
check "second provision exits 0" test $? = 0
check "still one operator record" test "$(grep -c '^verifier v1 operator ' "$creds")" = 1
check "new record" test "$(grep '^verifier v1 operator ' "$creds")" != "$line"

# bad input: refused, file untouched, no temporary files left
cp "$creds" "$work/before"
printf '\n' | "$capos" provision --operator-password-stdin >"$work/out3" 2>&1
check "empty password refused" test $? != 0
check "file unchanged" cmp -s "$creds" "$work/before"
"$capos" provision </dev/null >"$work/out4" 2>&1
check "usage without the flag" test $? = 2
check "no stray files" test "$(ls "$CAPOS_STATE_DIR")" = credentials

# typed on a terminal: asked twice, never echoed
/usr/bin/python3 - "$capos" "$password" "$work/tty.out" <<'PY'
import os, pty, sys
capos, password, out_path = sys.argv[1], sys.argv[2].encode(), sys.argv[3]
def run(first, second):
    pid, fd = pty.fork()
    if pid == 0:
        os.execv(capos, [capos, "provision", "--operator-password-stdin"])
    out = b""
    def until(marker):
        nonlocal out
        while marker not in out:
            chunk = os.read(fd, 1024)
            if not chunk:
                raise SystemExit("pty closed before " + marker.decode())
            out += chunk
    until(b"password: ")
    os.write(fd, first + b"\n")
    until(b"again: ")
    os.write(fd, second + b"\n")
    while True:
        try:
            chunk = os.read(fd, 1024)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), out
ok_code, ok_out = run(password, password)
bad_code, bad_out = run(password, password + b"x")
with open(out_path, "wb") as f:
    f.write(ok_out + bad_out)
print(f"tty: ok={ok_code} mismatch={bad_code}")
sys.exit(0 if ok_code == 0 and bad_code == 1 else 1)
PY
check "terminal provisioning: ok, and mismatch refused" test $? = 0
check "terminal output has no password" not_in "$work/tty.out"
check "terminal output asked twice" grep -q "password again:" "$work/tty.out"

# authorized keys, in a state directory of their own
export CAPOS_STATE_DIR=$work/keystate
keys=$CAPOS_STATE_DIR/authorized_keys
for spec in ed25519:ed25519 ecdsa:"ecdsa -b 384" rsa2048:"rsa -b 2048" rsa1024:"rsa -b 1024"; do
    # shellcheck disable=SC2086
    ssh-keygen -q -N '' -t ${spec#*:} -C "someone@somewhere" -f "$work/${spec%%:*}" </dev/null
done
read -r ed_type ed_b64 _ <"$work/ed25519.pub"
"$capos" provision --authorize-key "$work/ed25519.pub" >"$work/k1" 2>&1
check "authorize-key exits 0" test $? = 0
check "the record, without the comment" test "$(cat "$keys")" = "authorized_key operator $ed_type $ed_b64"
check "the fingerprint is printed" grep -qF "$(ssh-keygen -lf "$work/ed25519.pub" | cut -d' ' -f2)" "$work/k1"
"$capos" provision --authorize-key "$work/ed25519.pub" --account operator >"$work/k2" 2>&1
check "the same key again exits 0" test $? = 0
check "and adds nothing" test "$(wc -l <"$keys")" = 1
"$capos" provision --account alice.b --authorize-key "$work/rsa2048.pub" >"$work/k3" 2>&1
check "an RSA-2048 key for another account" test $? = 0
"$capos" provision --authorize-key "$work/ecdsa.pub" --account alice.b >/dev/null 2>&1
check "an ECDSA key" test $? = 0
check "three records" test "$(grep -c '^authorized_key operator ssh-ed25519 \|^authorized_key alice.b ssh-rsa \|^authorized_key alice.b ecdsa-sha2-nistp384 ' "$keys")" = 3
cp "$keys" "$work/keys.before"
refuse() { # refuse DESCRIPTION ARGS...: exits non-zero, file unchanged
    "$capos" provision "${@:2}" >"$work/kr" 2>&1
    check "$1 refused" test $? != 0
    check "$1: file unchanged" cmp -s "$keys" "$work/keys.before"
}
refuse "RSA-1024" --authorize-key "$work/rsa1024.pub"
refuse "a private key" --authorize-key "$work/ed25519"
check "the private key is not echoed" not_key_in "$work/kr"
refuse "an upper-case account" --authorize-key "$work/ed25519.pub" --account Alice
refuse "a too long account" --authorize-key "$work/ed25519.pub" --account "$(printf 'a%.0s' {1..33})"
printf 'ssh-dss AAAAB3NzaC1kc3MAAACBAP\n' >"$work/dss.pub"
refuse "a DSA key" --authorize-key "$work/dss.pub"
printf 'ssh-rsa %s x\n' "$ed_b64" >"$work/mixed.pub"
refuse "a key of another type than named" --authorize-key "$work/mixed.pub"
cat "$work/ed25519.pub" "$work/ecdsa.pub" >"$work/two.pub"
refuse "two keys in one file" --authorize-key "$work/two.pub"
printf 'from="10.0.0.1" %s\n' "$(cat "$work/ed25519.pub")" >"$work/opts.pub"
refuse "a key with options" --authorize-key "$work/opts.pub"
refuse "a missing file" --authorize-key "$work/no-such.pub"
"$capos" provision --authorize-key >/dev/null 2>&1
check "--authorize-key without FILE is a usage error" test $? = 2
"$capos" provision --account alice >/dev/null 2>&1
check "--account alone is a usage error" test $? = 2
check "no stray files" test "$(ls "$CAPOS_STATE_DIR")" = authorized_keys
"$mkmanifest" -o "$work/k.img" -e a --authorized-keys-in "$keys" "$work/m.system" >"$work/km" 2>&1
check "mkmanifest takes the authorized keys" test $? = 0
"$mkmanifest" --dump "$work/k.img" >"$work/kdump" 2>&1
check "and puts them in the image" test "$(grep -c '^authorized_key ' "$work/kdump")" = 3

echo "$passes passed, $fails failed"
[ "$fails" = 0 ]
