/*
 * Signals: capOS delivers none (no kill, no alarms, no faults turned into
 * signals: a faulting process is ended by the kernel). The mask and the
 * handlers are remembered so that programs which save and restore them see
 * what they set, and nothing is ever delivered.
 */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>

#include "handlers.h"

#define NSIG_LINUX 64

/* The kernel's struct sigaction on x86_64. */
typedef struct {
    uint64_t handler;
    uint64_t flags;
    uint64_t restorer;
    uint64_t mask;
} ksigaction_t;

static uint64_t blocked;
static ksigaction_t actions[NSIG_LINUX + 1];

long posix_sys_rt_sigprocmask(const long a[6]) {
    int how = (int)a[0];
    const uint64_t *set = (const uint64_t *)a[1];
    uint64_t *old = (uint64_t *)a[2];
    if ((size_t)a[3] != sizeof(uint64_t))
        return -EINVAL;
    uint64_t prev = blocked;
    if (set) {
        if (how == SIG_BLOCK)
            blocked |= *set;
        else if (how == SIG_UNBLOCK)
            blocked &= ~*set;
        else if (how == SIG_SETMASK)
            blocked = *set;
        else
            return -EINVAL;
    }
    if (old)
        *old = prev;
    return 0;
}

long posix_sys_rt_sigaction(const long a[6]) {
    int sig = (int)a[0];
    const ksigaction_t *act = (const ksigaction_t *)a[1];
    ksigaction_t *old = (ksigaction_t *)a[2];
    if (sig < 1 || sig > NSIG_LINUX || (size_t)a[3] != sizeof(uint64_t))
        return -EINVAL;
    if (act && (sig == SIGKILL || sig == SIGSTOP))
        return -EINVAL;
    ksigaction_t prev = actions[sig];
    if (act)
        actions[sig] = *act;
    if (old)
        memcpy(old, &prev, sizeof(prev));
    return 0;
}
