/*
 * poll, ppoll, select and pselect6 (readiness from fd_poll.h). Nothing a
 * capOS process can open ever becomes ready later, so a call that finds
 * nothing ready sleeps out its timeout on the clock cap and reports 0 (an
 * infinite timeout sleeps forever, as it would on Linux). A descriptor that
 * is not open is POLLNVAL for poll and -EBADF for select.
 */
#include <errno.h>
#include <poll.h>
#include <sys/select.h>
#include <time.h>

#include "fd_poll.h"
#include "glue.h"
#include "handlers.h"

#define POLL_MAX 1024 /* nfds limit, as Linux's default RLIMIT_NOFILE */
#define FOREVER UINT64_MAX

/* s seconds plus sub nanoseconds, saturating at FOREVER. */
static uint64_t to_ns(uint64_t s, uint64_t sub) {
    return s >= (FOREVER - sub) / 1000000000ull ? FOREVER : s * 1000000000ull + sub;
}

/* Sleeps ns (FOREVER: never returns unless the clock fails): 0 or -errno. */
static int wait_out(uint64_t ns) {
    if (ns != FOREVER)
        return ns ? posix_sleep_ns(ns) : 0;
    for (;;) {
        int r = posix_sleep_ns(3600ull * 1000000000ull);
        if (r < 0)
            return r;
    }
}

/* A timeout as nanoseconds: NULL is FOREVER, a bad one -EINVAL. */
static int timespec_timeout(const struct timespec *ts, uint64_t *ns) {
    if (!ts) {
        *ns = FOREVER;
        return 0;
    }
    if (ts->tv_sec < 0 || ts->tv_nsec < 0 || ts->tv_nsec >= 1000000000L)
        return -EINVAL;
    *ns = to_ns((uint64_t)ts->tv_sec, (uint64_t)ts->tv_nsec);
    return 0;
}

static long poll_fds(struct pollfd *fds, unsigned long n, uint64_t timeout_ns) {
    if (n > POLL_MAX)
        return -EINVAL;
    long ready = 0;
    for (unsigned long i = 0; i < n; i++) {
        fds[i].revents = 0;
        if (fds[i].fd >= 0)
            fds[i].revents = fd_poll_revents(fd_lookup(posix_fds(), fds[i].fd), fds[i].events);
        ready += fds[i].revents != 0;
    }
    if (ready)
        return ready;
    int r = wait_out(timeout_ns);
    return r < 0 ? r : 0;
}

long posix_sys_poll(const long a[6]) {
    int ms = (int)a[2];
    uint64_t ns = ms < 0 ? FOREVER : (uint64_t)ms * 1000000ull;
    return poll_fds((struct pollfd *)a[0], (unsigned long)a[1], ns);
}

/* The signal mask argument is ignored: no signal is ever delivered. */
long posix_sys_ppoll(const long a[6]) {
    uint64_t ns;
    int r = timespec_timeout((const struct timespec *)a[2], &ns);
    return r < 0 ? r : poll_fds((struct pollfd *)a[0], (unsigned long)a[1], ns);
}

/* Rewrites the three sets (any may be NULL) to their ready members. */
static long select_fds(int n, fd_set *rd, fd_set *wr, fd_set *ex, uint64_t timeout_ns) {
    if (n < 0 || n > FD_SETSIZE)
        return -EINVAL;
    fd_set out_rd, out_wr;
    FD_ZERO(&out_rd);
    FD_ZERO(&out_wr);
    long ready = 0;
    for (int fd = 0; fd < n; fd++) {
        short want = (rd && FD_ISSET(fd, rd) ? POLLIN : 0) | (wr && FD_ISSET(fd, wr) ? POLLOUT : 0);
        if (!want && !(ex && FD_ISSET(fd, ex)))
            continue;
        short got = fd_poll_revents(fd_lookup(posix_fds(), fd), want);
        if (got & POLLNVAL)
            return -EBADF;
        if (got & POLLIN) {
            FD_SET(fd, &out_rd);
            ready++;
        }
        if (got & POLLOUT) {
            FD_SET(fd, &out_wr);
            ready++;
        }
    }
    if (!ready) {
        int r = wait_out(timeout_ns);
        if (r < 0)
            return r;
    }
    for (int fd = 0; fd < n; fd++) {
        if (rd && !FD_ISSET(fd, &out_rd))
            FD_CLR(fd, rd);
        if (wr && !FD_ISSET(fd, &out_wr))
            FD_CLR(fd, wr);
        if (ex)
            FD_CLR(fd, ex);
    }
    return ready;
}

long posix_sys_select(const long a[6]) {
    const struct timeval *tv = (const struct timeval *)a[4];
    uint64_t ns = FOREVER;
    if (tv) {
        if (tv->tv_sec < 0 || tv->tv_usec < 0 || tv->tv_usec >= 1000000)
            return -EINVAL;
        ns = to_ns((uint64_t)tv->tv_sec, (uint64_t)tv->tv_usec * 1000ull);
    }
    return select_fds((int)a[0], (fd_set *)a[1], (fd_set *)a[2], (fd_set *)a[3], ns);
}

long posix_sys_pselect6(const long a[6]) {
    uint64_t ns;
    int r = timespec_timeout((const struct timespec *)a[4], &ns);
    return r < 0 ? r : select_fds((int)a[0], (fd_set *)a[1], (fd_set *)a[2], (fd_set *)a[3], ns);
}
