# lib/posix sources, shared by the guest build (lib/posix/CMakeLists.txt) and
# the host unit tests (tests/host/posix).
set(CAPOS_POSIX_DIR ${CMAKE_CURRENT_LIST_DIR})

# Pure modules: no capOS calls, unit-tested on the host.
set(CAPOS_POSIX_PURE_SOURCES)
foreach(f fd_table fd_stat fd_poll path pkg_grant errno_map syscall_names va_range sock_state
          sock_addr sock_grant sock_opt dns_stub)
    list(APPEND CAPOS_POSIX_PURE_SOURCES ${CAPOS_POSIX_DIR}/${f}.c)
endforeach()

# Glue: the system call handlers over capabilities (guest only).
set(CAPOS_POSIX_GLUE_SOURCES)
foreach(f os_syscall unimplemented caps fds console_out entropy_in clock_io pkgfile
          sys_memory sys_process sys_signal sys_time sys_random sys_file sys_io sys_poll
          sys_socket sock_net sock_io sock_wait dns_resolve mbedtls_poll)
    list(APPEND CAPOS_POSIX_GLUE_SOURCES ${CAPOS_POSIX_DIR}/${f}.c)
endforeach()
