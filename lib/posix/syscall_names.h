/*
 * Linux x86_64 system call names, for the one-time "unsupported" message
 * of __os_syscall. Pure: no capOS calls.
 */
#ifndef POSIX_SYSCALL_NAMES_H
#define POSIX_SYSCALL_NAMES_H

#define SYSCALL_NAMES_COUNT 447

/* The name of system call n, or NULL for a number Linux x86_64 does not use. */
const char *syscall_name(long n);

#endif
