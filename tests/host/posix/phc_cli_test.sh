#!/usr/bin/env bash
# shellcheck disable=SC2016  # PHC strings contain literal $ signs
# tools/phc on the host: a string it makes verifies, a wrong password does
# not (exit 1), a malformed string is an error (exit 2), and its strings have
# the argon2id PHC form with the requested parameters.
set -uo pipefail
phc=$1
fails=0 passes=0
check() { # check DESCRIPTION EXPECTED_STATUS ACTUAL_STATUS
    if [ "$2" = "$3" ]; then passes=$((passes + 1)); else
        echo "FAILED: $1 (exit $3, expected $2)" >&2
        fails=$((fails + 1))
    fi
}

s=$(printf 'correct horse\n' | "$phc" hash -t 1 -m 64)
check "hash" 0 $?
case "$s" in '$argon2id$v=19$m=64,t=1,p=1$'*) check "form" 0 0 ;; *) check "form: $s" 0 1 ;; esac
printf 'correct horse\n' | "$phc" verify "$s"
check "verify the same password" 0 $?
printf 'correct horse' | "$phc" verify "$s"
check "verify without the newline" 0 $?
printf 'correct horsf\n' | "$phc" verify "$s"
check "reject a wrong password" 1 $?
printf 'x\n' | "$phc" verify '$argon2id$v=19$m=64,t=1,p=1$bad' 2>/dev/null
check "malformed string" 2 $?
"$phc" hash -t 0 </dev/null 2>/dev/null
check "bad parameter" 2 $?
echo "$passes passed, $fails failed"
[ "$fails" = 0 ]
