# Makes the SSH host keys in STATE if missing (TOOL: tools/ssh-hostkeys) and
# writes DST = the ed25519 private key followed by the ECDSA one, only when
# that differs from DST, mode 0600. Run with cmake -P.
execute_process(COMMAND ${TOOL} ${STATE} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${TOOL} ${STATE} failed (${rc})")
endif()
file(READ ${STATE}/ssh_host_ed25519_key ed25519)
file(READ ${STATE}/ssh_host_ecdsa_key ecdsa)
set(new "${ed25519}${ecdsa}")
set(old "<missing>")
if(EXISTS ${DST})
    file(READ ${DST} old)
endif()
if(NOT old STREQUAL new)
    # private keys: the file is 0600 before any key byte is in it
    file(REMOVE ${DST}.tmp)
    file(TOUCH ${DST}.tmp)
    file(CHMOD ${DST}.tmp PERMISSIONS OWNER_READ OWNER_WRITE)
    file(APPEND ${DST}.tmp "${new}")
    file(RENAME ${DST}.tmp ${DST})
endif()
file(CHMOD ${DST} PERMISSIONS OWNER_READ OWNER_WRITE)
