/*
 * The system call handlers __os_syscall dispatches to (os_syscall.c). Each
 * takes the six argument registers in Linux x86_64 order and returns what
 * the syscall instruction would: a value, or -errno. Guest only.
 */
#ifndef POSIX_HANDLERS_H
#define POSIX_HANDLERS_H

typedef long posix_sysfn_t(const long a[6]);

/* sys_memory.c */
posix_sysfn_t posix_sys_brk, posix_sys_mmap, posix_sys_munmap, posix_sys_mprotect,
    posix_sys_madvise, posix_sys_mremap, posix_sys_mlock;

/* sys_process.c */
posix_sysfn_t posix_sys_exit, posix_sys_arch_prctl, posix_sys_set_tid_address, posix_sys_getpid,
    posix_sys_sched_yield;

/* sys_signal.c */
posix_sysfn_t posix_sys_rt_sigprocmask, posix_sys_rt_sigaction;

/* sys_time.c */
posix_sysfn_t posix_sys_clock_gettime, posix_sys_clock_getres, posix_sys_gettimeofday,
    posix_sys_nanosleep, posix_sys_clock_nanosleep;

/* sys_random.c */
posix_sysfn_t posix_sys_getrandom;

/* sys_file.c */
posix_sysfn_t posix_sys_open, posix_sys_openat, posix_sys_close, posix_sys_stat, posix_sys_fstat,
    posix_sys_newfstatat;

/* sys_io.c */
posix_sysfn_t posix_sys_read, posix_sys_readv, posix_sys_pread64, posix_sys_write, posix_sys_writev,
    posix_sys_lseek, posix_sys_fcntl, posix_sys_ioctl;

/* sys_poll.c */
posix_sysfn_t posix_sys_poll, posix_sys_ppoll, posix_sys_select, posix_sys_pselect6;

/* sys_socket.c */
posix_sysfn_t posix_sys_socket, posix_sys_socketpair, posix_sys_bind, posix_sys_listen,
    posix_sys_accept, posix_sys_accept4, posix_sys_connect, posix_sys_sendto, posix_sys_recvfrom,
    posix_sys_sendmsg, posix_sys_recvmsg, posix_sys_shutdown, posix_sys_getsockname,
    posix_sys_getpeername, posix_sys_setsockopt, posix_sys_getsockopt, posix_sys_on_socket;

#endif
