/*
 * The process itself: exit, the thread pointer, identity. A capOS process
 * has one thread and no numeric identity the kernel would honour, so getpid
 * and the thread id are a constant 1.
 *
 * arch_prctl(ARCH_SET_FS) is musl's __set_thread_area, called by __init_tls
 * before TLS exists: nothing on this path may touch %fs or errno.
 */
#include <errno.h>
#include <stdint.h>

#include "capos/rt.h"
#include "errno_map.h"
#include "handlers.h"

#define ARCH_SET_FS 0x1002
#define ARCH_GET_FS 0x1003
#define POSIX_PID 1

static uint64_t fs_base;

/* exit and exit_group alike: there is one thread. The code goes to whoever
 * waits on the ProcessHandle, as an int (not truncated to 8 bits). */
long posix_sys_exit(const long a[6]) {
    sys_exit((int)a[0]);
}

long posix_sys_arch_prctl(const long a[6]) {
    switch ((int)a[0]) {
    case ARCH_SET_FS: {
        cap_err_t e = sys_set_tls((uint64_t)a[1]);
        if (e != CAP_OK)
            return -errno_from_cap(e);
        fs_base = (uint64_t)a[1];
        return 0;
    }
    case ARCH_GET_FS:
        *(uint64_t *)a[1] = fs_base;
        return 0;
    default:
        return -EINVAL;
    }
}

/* The caller's thread id; the address is not used (no threads to join). */
long posix_sys_set_tid_address(const long a[6]) {
    (void)a;
    return POSIX_PID;
}

long posix_sys_getpid(const long a[6]) {
    (void)a;
    return POSIX_PID;
}

long posix_sys_sched_yield(const long a[6]) {
    (void)a;
    sys_yield();
    return 0;
}
