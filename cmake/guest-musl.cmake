# Guest programs on musl: the third-party sysroot (third_party/build.sh), then
# lib/posix and the guest musl programs as a sub-build with
# cmake/guest-musl-toolchain.cmake (an ExternalProject, so it is configured
# only after the sysroot exists). Both are part of ALL.
#
# Defines:
#   CAPOS_CACHE_DIR             third-party cache ($CAPOS_CACHE, else <repo>/.cache)
#   CAPOS_POSIX_ARCHIVE         the runtime archive (libcapos_posix.a)
#   CAPOS_GUEST_MUSL_BIN_DIR    where the guest musl programs land
#   CAPOS_GUEST_MUSL_PROGRAMS   their names (files in CAPOS_GUEST_MUSL_BIN_DIR)
#   target third_party          runs third_party/build.sh when its inputs changed
#   target guest_musl           the sub-build (always re-run; a no-op when current)
include(ExternalProject)

if(DEFINED ENV{CAPOS_CACHE} AND NOT "$ENV{CAPOS_CACHE}" STREQUAL "")
    set(CAPOS_CACHE_DIR $ENV{CAPOS_CACHE})
else()
    set(CAPOS_CACHE_DIR ${CAPOS_ROOT}/.cache)
endif()

# The stamp lives in the sysroot, which a musl rebuild (or deleting the
# cache) removes: then build.sh runs again. Otherwise it runs when a recipe
# input changes; it is idempotent and skips every step that is current.
set(_capos_tp_stamp ${CAPOS_CACHE_DIR}/sysroot/.superbuild-stamp)
file(GLOB_RECURSE _capos_tp_inputs CONFIGURE_DEPENDS ${CAPOS_ROOT}/third_party/*)
add_custom_command(OUTPUT ${_capos_tp_stamp}
    COMMAND ${CMAKE_COMMAND} -E env CAPOS_CACHE=${CAPOS_CACHE_DIR}
            ${CAPOS_ROOT}/third_party/build.sh
    COMMAND ${CMAKE_COMMAND} -E touch ${_capos_tp_stamp}
    DEPENDS ${_capos_tp_inputs} ${CAPOS_ROOT}/cmake/guest-musl-toolchain.cmake
    COMMENT "third_party: fetching and building musl and the guest libraries (cached)"
    VERBATIM)
add_custom_target(third_party ALL DEPENDS ${_capos_tp_stamp})

set(_capos_gm_dir ${CMAKE_BINARY_DIR}/guest-musl)
set(CAPOS_POSIX_ARCHIVE ${_capos_gm_dir}/libcapos_posix.a)
set(CAPOS_GUEST_MUSL_BIN_DIR ${_capos_gm_dir}/bin)
set(CAPOS_GUEST_MUSL_PROGRAMS musl-basic musl-mbedtls musl-pwhash musl-cjson musl-files musl-sockets
    credstore sshd ssh-hostkey)
set(_capos_gm_outputs ${CAPOS_POSIX_ARCHIVE})
foreach(p IN LISTS CAPOS_GUEST_MUSL_PROGRAMS)
    list(APPEND _capos_gm_outputs ${CAPOS_GUEST_MUSL_BIN_DIR}/${p})
endforeach()

string(REPLACE ";" "|" _capos_gm_idl "${CAPOS_IDL_CLIENT_SOURCES}")
string(REPLACE ";" "|" _capos_gm_idl_server "${CAPOS_IDL_SERVER_SOURCES}")
ExternalProject_Add(guest_musl
    SOURCE_DIR ${CAPOS_ROOT}/lib/posix
    BINARY_DIR ${_capos_gm_dir}
    LIST_SEPARATOR |
    CMAKE_ARGS
        -DCMAKE_TOOLCHAIN_FILE=${CAPOS_ROOT}/cmake/guest-musl-toolchain.cmake
        -DCAPOS_CACHE=${CAPOS_CACHE_DIR}
        -DCAPOS_ROOT=${CAPOS_ROOT}
        -DCAPOS_IDL_GEN_DIR=${CAPOS_IDL_GEN_DIR}
        -DCAPOS_IDL_CLIENT_SOURCES=${_capos_gm_idl}
        -DCAPOS_IDL_SERVER_SOURCES=${_capos_gm_idl_server}
        -DCAPOS_GUEST_EXTRA_LIBS=${CAPOS_POSIX_ARCHIVE}
        -DCAPOS_GUEST_PROGRAM_DIRS=${CAPOS_ROOT}/tests/qemu/musl/progs|${CAPOS_ROOT}/credstore|${CAPOS_ROOT}/gateways/ssh
        -DCAPOS_GUEST_MUSL_BIN_DIR=${CAPOS_GUEST_MUSL_BIN_DIR}
    INSTALL_COMMAND ""
    BUILD_ALWAYS ON
    BUILD_BYPRODUCTS ${_capos_gm_outputs}
    DEPENDS third_party capos_idl)
