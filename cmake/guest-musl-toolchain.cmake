# CMake toolchain for capOS guest programs: x86_64, static, non-PIE, against
# the musl sysroot that third_party/build.sh builds (musl with every system
# call routed to __os_syscall).
#
#   cmake -DCMAKE_TOOLCHAIN_FILE=<repo>/cmake/guest-musl-toolchain.cmake ...
#
# Variables:
#   CAPOS_CACHE                 cache dir (default: $ENV{CAPOS_CACHE}, else <repo>/.cache)
#   CAPOS_SYSROOT               default: ${CAPOS_CACHE}/sysroot
#   CAPOS_GUEST_EXTRA_LIBS      archives linked in one group with libc.a: the
#                               capOS runtime, i.e. lib/posix and lib/rt (which
#                               define __os_syscall and mbedtls_hardware_poll).
#                               Set by cmake/guest-musl.cmake to lib/posix's archive.
#   CAPOS_GUEST_PROBE_STUBS     ON only when building third-party libraries:
#                               executables (configure probes) link against
#                               stand-ins that return errors.  OFF: probes
#                               are compiled as static libraries instead.
#
# All compiler and linker flags live in third_party/musl-cc, which this file
# uses as the C compiler; the same driver serves autotools/Make builds.

set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR x86_64)

get_filename_component(_capos_root "${CMAKE_CURRENT_LIST_DIR}/.." ABSOLUTE)

if(NOT CAPOS_CACHE)
  if(DEFINED ENV{CAPOS_CACHE} AND NOT "$ENV{CAPOS_CACHE}" STREQUAL "")
    set(CAPOS_CACHE "$ENV{CAPOS_CACHE}")
  else()
    set(CAPOS_CACHE "${_capos_root}/.cache")
  endif()
endif()
if(NOT CAPOS_SYSROOT)
  set(CAPOS_SYSROOT "${CAPOS_CACHE}/sysroot")
endif()
set(CAPOS_GUEST_EXTRA_LIBS "${CAPOS_GUEST_EXTRA_LIBS}" CACHE STRING
    "capOS runtime archives (lib/posix, lib/rt) linked in one group with musl's libc.a")
option(CAPOS_GUEST_PROBE_STUBS "Link configure probes against stand-in __os_syscall/mbedtls_hardware_poll" OFF)

# try_compile() projects re-read this file; hand them the same settings.
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES
     CAPOS_CACHE CAPOS_SYSROOT CAPOS_GUEST_EXTRA_LIBS CAPOS_GUEST_PROBE_STUBS)

set(CMAKE_C_COMPILER "${_capos_root}/third_party/musl-cc")
set(CMAKE_ASM_COMPILER "${_capos_root}/third_party/musl-cc")

set(CMAKE_C_FLAGS_INIT "--capos-sysroot=${CAPOS_SYSROOT}")
set(CMAKE_ASM_FLAGS_INIT "--capos-sysroot=${CAPOS_SYSROOT}")

set(_capos_link "")
foreach(_lib IN LISTS CAPOS_GUEST_EXTRA_LIBS)
  string(APPEND _capos_link " --capos-extra-lib=${_lib}")
endforeach()
if(CAPOS_GUEST_PROBE_STUBS)
  string(APPEND _capos_link " --capos-probe-stubs")
else()
  # Without the runtime (or stand-ins) nothing can link yet.
  set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)
endif()
set(CMAKE_EXE_LINKER_FLAGS_INIT "${_capos_link}")

# Static, non-PIE only.
set(BUILD_SHARED_LIBS OFF CACHE BOOL "capOS guests link statically")
set(CMAKE_POSITION_INDEPENDENT_CODE OFF)

# Find headers, libraries and packages only in the sysroot; programs on the host.
set(CMAKE_FIND_ROOT_PATH "${CAPOS_SYSROOT}")
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# pkg-config: the sysroot's .pc files only.
set(ENV{PKG_CONFIG_LIBDIR} "${CAPOS_SYSROOT}/lib/pkgconfig:${CAPOS_SYSROOT}/share/pkgconfig")
set(ENV{PKG_CONFIG_PATH} "")
