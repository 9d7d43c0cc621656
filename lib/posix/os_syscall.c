/*
 * __os_syscall: where musl (built with third_party/musl-overlay) sends every
 * system call. A table indexed by the Linux x86_64 number, bounds-checked;
 * a number without a handler is -ENOSYS, named once on the console.
 */
#include <sys/syscall.h>

#include "glue.h"
#include "handlers.h"

#define TABLE_SIZE 448

static posix_sysfn_t *const table[TABLE_SIZE] = {
    /* memory */
    [SYS_brk] = posix_sys_brk,
    [SYS_mmap] = posix_sys_mmap,
    [SYS_munmap] = posix_sys_munmap,
    [SYS_mprotect] = posix_sys_mprotect,
    [SYS_madvise] = posix_sys_madvise,
    [SYS_mremap] = posix_sys_mremap,
    [SYS_mlock] = posix_sys_mlock,
    [SYS_munlock] = posix_sys_mlock,
    [SYS_mlockall] = posix_sys_mlock,
    [SYS_munlockall] = posix_sys_mlock,
    [SYS_mlock2] = posix_sys_mlock,
    /* process */
    [SYS_exit] = posix_sys_exit,
    [SYS_exit_group] = posix_sys_exit,
    [SYS_arch_prctl] = posix_sys_arch_prctl,
    [SYS_set_tid_address] = posix_sys_set_tid_address,
    [SYS_getpid] = posix_sys_getpid,
    [SYS_gettid] = posix_sys_getpid,
    [SYS_sched_yield] = posix_sys_sched_yield,
    [SYS_rt_sigprocmask] = posix_sys_rt_sigprocmask,
    [SYS_rt_sigaction] = posix_sys_rt_sigaction,
    /* time and randomness */
    [SYS_clock_gettime] = posix_sys_clock_gettime,
    [SYS_clock_getres] = posix_sys_clock_getres,
    [SYS_gettimeofday] = posix_sys_gettimeofday,
    [SYS_nanosleep] = posix_sys_nanosleep,
    [SYS_clock_nanosleep] = posix_sys_clock_nanosleep,
    [SYS_getrandom] = posix_sys_getrandom,
    /* files */
    [SYS_open] = posix_sys_open,
    [SYS_openat] = posix_sys_openat,
    [SYS_close] = posix_sys_close,
    [SYS_stat] = posix_sys_stat,
    [SYS_lstat] = posix_sys_stat,
    [SYS_fstat] = posix_sys_fstat,
    [SYS_newfstatat] = posix_sys_newfstatat,
    [SYS_read] = posix_sys_read,
    [SYS_readv] = posix_sys_readv,
    [SYS_pread64] = posix_sys_pread64,
    [SYS_write] = posix_sys_write,
    [SYS_writev] = posix_sys_writev,
    [SYS_lseek] = posix_sys_lseek,
    [SYS_fcntl] = posix_sys_fcntl,
    [SYS_ioctl] = posix_sys_ioctl,
    [SYS_poll] = posix_sys_poll,
    [SYS_ppoll] = posix_sys_ppoll,
    [SYS_select] = posix_sys_select,
    [SYS_pselect6] = posix_sys_pselect6,
    /* sockets */
    [SYS_socket] = posix_sys_socket,
    [SYS_socketpair] = posix_sys_socketpair,
    [SYS_bind] = posix_sys_bind,
    [SYS_listen] = posix_sys_listen,
    [SYS_accept] = posix_sys_accept,
    [SYS_accept4] = posix_sys_accept4,
    [SYS_connect] = posix_sys_connect,
    [SYS_sendto] = posix_sys_sendto,
    [SYS_recvfrom] = posix_sys_recvfrom,
    [SYS_sendmsg] = posix_sys_sendmsg,
    [SYS_recvmsg] = posix_sys_recvmsg,
    [SYS_sendmmsg] = posix_sys_on_socket,
    [SYS_recvmmsg] = posix_sys_on_socket,
    [SYS_shutdown] = posix_sys_shutdown,
    [SYS_getsockopt] = posix_sys_getsockopt,
    [SYS_setsockopt] = posix_sys_setsockopt,
    [SYS_getsockname] = posix_sys_getsockname,
    [SYS_getpeername] = posix_sys_getpeername,
};

long __os_syscall(long n, long a1, long a2, long a3, long a4, long a5, long a6) {
    if (n < 0 || n >= TABLE_SIZE || !table[n])
        return posix_unimplemented(n);
    const long args[6] = {a1, a2, a3, a4, a5, a6};
    return table[n](args);
}
