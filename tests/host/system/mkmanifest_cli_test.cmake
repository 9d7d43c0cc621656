# Command-line behaviour of mkmanifest. Run with -P; needs MKMANIFEST (the
# tool) and WORK_DIR (scratch directory, recreated). Prints
# "N passed, M failed" and fails if any case failed.

file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})
set(salt "c2FsdHNhbHRzYWx0")
set(hash "aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaA")
set(rec_op "verifier v1 operator 1 42 1700000000000 $argon2id$v=19$m=19456,t=2,p=1$${salt}$${hash}")
set(rec_guest "verifier v1 guest 2 43 1700000000001 $argon2id$v=19$m=19456,t=2,p=1$${salt}$${hash}")
file(WRITE ${WORK_DIR}/ok.system
    "# two services\nservice echo binary echo grant console=root:console export echo\n"
    "service hello binary hello\n    grant echo=export:echo.echo/1 stop=shutdown\n"
    "profile operator launcher=hello shutdown=yes\nguest disabled\n")
file(WRITE ${WORK_DIR}/profile.system "service echo binary echo\nprofile p launcher=echo,sh\n")
file(WRITE ${WORK_DIR}/syntax.system "service a binary a\n  grant x=disk:1\n")
file(WRITE ${WORK_DIR}/graph.system "service a binary nosuch\n")
file(WRITE ${WORK_DIR}/creds.system "credential ${rec_op}\nservice a binary a\n")
file(WRITE ${WORK_DIR}/badcred.system "credential ${rec_op}X\nservice a binary a\n")
file(WRITE ${WORK_DIR}/state-ok "# provisioned\n\n${rec_guest}\n")
file(WRITE ${WORK_DIR}/state-dup "${rec_op}\n")
file(WRITE ${WORK_DIR}/state-bad "# provisioned\nverifier v1 guest 2 43 0 $argon2id$v=19$m=64,t=1,p=1$${salt}$!${hash}\n")
file(WRITE ${WORK_DIR}/garbage.img "CAPOSSY1 not really")
set(key "AAAAC3NzaC1lZDI1NTE5AAAAINdamAGCsQq31Uv+08lkBzoO4XLz2qYjJa8CGmj3B1Ea")
file(WRITE ${WORK_DIR}/keys.system "service a binary a\nauthorized_key operator ssh-ed25519 ${key}\n")
file(WRITE ${WORK_DIR}/state-keys "# provisioned\n\nauthorized_key alice ssh-ed25519 ${key}\n"
    "authorized_key operator ssh-ed25519 ${key}\n")
file(WRITE ${WORK_DIR}/state-keys-bad "authorized_key alice ssh-rsa ${key}\n")
file(WRITE ${WORK_DIR}/state-keys-other "authorized_key alice ssh-ed25519 ${key}\nguest enabled\n")
set(many "")
foreach(i RANGE 1 32)
    string(APPEND many "authorized_key a${i} ssh-ed25519 ${key}\n")
endforeach()
file(WRITE ${WORK_DIR}/state-keys-many "${many}")

set(passed 0)
set(failed 0)

# expect(<name> <want_rc> <regex on stdout+stderr> <args>...)
function(expect name want_rc regex)
    execute_process(COMMAND ${MKMANIFEST} ${ARGN}
        WORKING_DIRECTORY ${WORK_DIR}
        RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
    if(rc STREQUAL "${want_rc}" AND "${out}${err}" MATCHES "${regex}")
        math(EXPR passed "${passed} + 1")
    else()
        math(EXPR failed "${failed} + 1")
        message("FAILED ${name}: rc=${rc} (want ${want_rc})\n  stdout: ${out}\n  stderr: ${err}")
    endif()
    set(passed ${passed} PARENT_SCOPE)
    set(failed ${failed} PARENT_SCOPE)
    set(last_output "${out}${err}" PARENT_SCOPE)
endfunction()

# check(<name> <condition...>): one more pass or failure
macro(check name)
    if(${ARGN})
        math(EXPR passed "${passed} + 1")
    else()
        math(EXPR failed "${failed} + 1")
        message("FAILED ${name}")
    endif()
endmacro()

expect(build 0 "^$" -o ok.img -e echo -e hello ok.system)
expect(dump 0 "service hello binary hello\n    grant echo=export:echo.echo/1\n    grant stop=shutdown\nprofile operator launcher=hello shutdown=yes status=no logs=none ttl=0\nguest disabled\n"
    --dump ok.img)
expect(unknown_entry 1 "profile.system:2: profile 'p': launcher binary 'sh' is not in the boot package"
    -o x.img -e echo profile.system)
expect(syntax 1 "syntax.system:2: unknown or malformed grant source: 'x=disk:1'" -o x.img syntax.system)
expect(graph 1 "graph.system:1: service 'a': unknown binary 'nosuch' \\(not in the boot package\\)"
    -o x.img graph.system)
check(no_output_on_error NOT EXISTS ${WORK_DIR}/x.img)
expect(no_check 0 "^$" -o unchecked.img --no-check graph.system)
expect(no_check_still_parses 1 "unknown or malformed grant source" -o x.img --no-check syntax.system)

expect(creds 0 "^$" -o c.img -e a --credentials-out c.creds creds.system)
file(READ ${WORK_DIR}/c.creds got)
check(creds_content got STREQUAL "${rec_op}\n")
expect(creds_merge 0 "^$" -o c.img -e a --credentials-in state-ok --credentials-out m.creds
    creds.system)
file(READ ${WORK_DIR}/m.creds got)
check(creds_merged got STREQUAL "${rec_op}\n${rec_guest}\n")
expect(creds_missing_state 0 "^$" -o c.img -e a --credentials-in no-such-state
    --credentials-out n.creds creds.system)
file(READ ${WORK_DIR}/n.creds got)
check(creds_missing_state_content got STREQUAL "${rec_op}\n")
expect(creds_duplicate 1 "state-dup:1: second credential for account 'operator'"
    -o c.img -e a --credentials-in state-dup --credentials-out d.creds creds.system)
expect(creds_bad_state 1 "state-bad:2: malformed credential record: argon2id hash malformed"
    -o c.img -e a --credentials-in state-bad --credentials-out b.creds creds.system)
string(FIND "${last_output}" "${hash}" leaked)
check(creds_bad_state_not_echoed leaked EQUAL -1)
expect(creds_bad_manifest 1 "badcred.system:1: malformed credential record: argon2id hash malformed"
    -o c.img -e a --credentials-out b.creds badcred.system)
string(FIND "${last_output}" "${salt}" leaked)
check(creds_bad_manifest_not_echoed leaked EQUAL -1)
expect(creds_need_out 1 "creds.system:1: credential records need --credentials-out"
    -o c.img -e a creds.system)

expect(keys_merge 0 "^$" -o k.img -e a --authorized-keys-in state-keys keys.system)
expect(keys_dump 0 "authorized_key alice" --dump k.img)
check(keys_dump_content last_output STREQUAL
    "service a binary a\nauthorized_key operator ssh-ed25519 ${key}\nauthorized_key alice ssh-ed25519 ${key}\n")
expect(keys_missing_state 0 "^$" -o k.img -e a --authorized-keys-in no-such-state keys.system)
expect(keys_bad_state 1 "state-keys-bad:1: malformed authorized_key record: key blob is not of the type named: 'AAAAC3Nz"
    -o k.img -e a --authorized-keys-in state-keys-bad keys.system)
expect(keys_other_lines 1 "state-keys-other: only authorized_key lines belong here"
    -o k.img -e a --authorized-keys-in state-keys-other keys.system)
expect(keys_too_many 1 "state-keys-many: more than 32 authorized keys in all"
    -o k.img -e a --authorized-keys-in state-keys-many keys.system)

expect(dump_garbage 1 "garbage.img: size in the header does not match" --dump garbage.img)
expect(usage_no_args 2 "usage:")
expect(usage_no_output 2 "usage:" ok.system)
expect(usage_unknown_option 2 "usage:" --frobnicate ok.system)
expect(usage_creds_in_alone 2 "usage:" -o x.img --credentials-in state-ok ok.system)
expect(usage_dump_and_build 2 "usage:" --dump ok.img -o x.img)

message("${passed} passed, ${failed} failed")
if(failed GREATER 0)
    message(FATAL_ERROR "mkmanifest command-line tests failed")
endif()
