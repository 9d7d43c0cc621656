/*
 * capOS: replaces musl's __unmapself.s (munmap + exit via `syscall` on the
 * stack being unmapped).  musl's portable version switches to a small
 * static stack first and then makes both calls through __syscall, i.e.
 * through __os_syscall.  Unreachable while capOS has no threads.
 */
#include "../__unmapself.c"
