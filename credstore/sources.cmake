# credstore sources, shared by the guest build (credstore/CMakeLists.txt, in
# the guest musl sub-build) and the host unit tests (tests/host/credstore).
set(CAPOS_CREDSTORE_DIR ${CMAKE_CURRENT_LIST_DIR})

# Pure modules: no capOS calls, no libsodium; unit-tested on the host.
set(CAPOS_CREDSTORE_PURE_SOURCES)
foreach(f phc_parse phc_dummy cred_record cred_store cred_manifest token_table ct cred_facet)
    list(APPEND CAPOS_CREDSTORE_PURE_SOURCES ${CAPOS_CREDSTORE_DIR}/${f}.c)
endforeach()

# Glue: capabilities and libsodium (guest only).
set(CAPOS_CREDSTORE_GLUE_SOURCES)
foreach(f main env service audit_out serve)
    list(APPEND CAPOS_CREDSTORE_GLUE_SOURCES ${CAPOS_CREDSTORE_DIR}/${f}.c)
endforeach()
