# Copies SRC to DST when they differ; without SRC, DST becomes empty. DST
# keeps mode 0600 (verifier records; authorized keys are public, but the
# same rule does no harm). Run with cmake -P.
if(EXISTS ${SRC})
    file(COPY_FILE ${SRC} ${DST} ONLY_IF_DIFFERENT)
else()
    set(old "<missing>")
    if(EXISTS ${DST})
        file(READ ${DST} old)
    endif()
    if(NOT old STREQUAL "")
        file(WRITE ${DST} "")
    endif()
endif()
file(CHMOD ${DST} PERMISSIONS OWNER_READ OWNER_WRITE)
