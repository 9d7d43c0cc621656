/*
 * poll, ppoll, select and pselect6. Files, /dev/null, urandom and the
 * console are ready at once (fd_poll.h); sockets report their real state
 * (sock_net.h: poll may take data into a socket's holding area to learn
 * it). When nothing is ready and a socket is in the set, the call waits on
 * the notification the netstack's watches signal (Notification.wait_until
 * for a timeout) and looks again; without sockets nothing can become ready
 * later, so it sleeps out its timeout on the clock cap and reports 0 (an
 * infinite timeout sleeps forever, as it would on Linux). A descriptor
 * that is not open is POLLNVAL for poll and -EBADF for select.
 */
#include <errno.h>
#include <poll.h>
#include <sys/select.h>
#include <time.h>

#include "fd_poll.h"
#include "glue.h"
#include "handlers.h"
#include "posix_events.h"
#include "sock_net.h"

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

/* revents of fd: sockets through sock_net.h, the rest through fd_poll.h.
 * *socket is set when fd is a socket. */
static short fd_revents(int fd, short events, bool *socket) {
    fd_entry_t *e = fd_lookup(posix_fds(), fd);
    if (e && e->kind == FD_KIND_SOCKET) {
        *socket = true;
        return posix_sock_poll(fd, events);
    }
    return fd_poll_revents(e, events);
}

/* One look at a set: the count ready (or -errno); *sockets when the set
 * holds a socket, which may become ready later. */
typedef long scan_fn(void *set, bool *sockets);

/* Scans until something is ready or timeout_ns passes: the last scan's
 * result, 0 after the timeout, or -errno. */
static long wait_ready(scan_fn *scan, void *set, uint64_t timeout_ns) {
    uint64_t now = 0, deadline = FOREVER;
    if (timeout_ns != FOREVER && timeout_ns != 0) {
        int r = posix_clock_now(&now);
        if (r < 0)
            return r;
        deadline = now + timeout_ns < now ? FOREVER - 1 : now + timeout_ns;
    }
    for (;;) {
        bool sockets = false;
        posix_sock_take_signals();
        long ready = scan(set, &sockets);
        if (ready != 0 || timeout_ns == 0 || posix_events_pending())
            return ready;
        if (!sockets) {
            int r = wait_out(timeout_ns);
            return r < 0 ? r : 0;
        }
        if (deadline != FOREVER && (posix_clock_now(&now) < 0 || now >= deadline))
            return 0;
        int r = posix_sock_wait(deadline);
        if (r < 0)
            return r;
    }
}

typedef struct {
    struct pollfd *fds;
    unsigned long n;
} poll_set_t;

static long poll_scan(void *set, bool *sockets) {
    poll_set_t *p = set;
    long ready = 0;
    for (unsigned long i = 0; i < p->n; i++) {
        struct pollfd *f = &p->fds[i];
        f->revents = f->fd >= 0 ? fd_revents(f->fd, f->events, sockets) : 0;
        ready += f->revents != 0;
    }
    return ready;
}

static long poll_fds(struct pollfd *fds, unsigned long n, uint64_t timeout_ns) {
    if (n > POLL_MAX)
        return -EINVAL;
    poll_set_t set = {.fds = fds, .n = n};
    return wait_ready(poll_scan, &set, timeout_ns);
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

typedef struct {
    int n;
    fd_set *rd, *wr, *ex;  /* as given (any may be NULL) */
    fd_set out_rd, out_wr; /* the ready members of the last scan */
} select_set_t;

/* Readable: POLLIN, POLLHUP or POLLERR; writable: POLLOUT or POLLERR (as
 * Linux's select). */
static long select_scan(void *set, bool *sockets) {
    select_set_t *p = set;
    FD_ZERO(&p->out_rd);
    FD_ZERO(&p->out_wr);
    long ready = 0;
    for (int fd = 0; fd < p->n; fd++) {
        bool want_rd = p->rd && FD_ISSET(fd, p->rd), want_wr = p->wr && FD_ISSET(fd, p->wr);
        if (!want_rd && !want_wr && !(p->ex && FD_ISSET(fd, p->ex)))
            continue;
        short got = fd_revents(fd, (want_rd ? POLLIN : 0) | (want_wr ? POLLOUT : 0), sockets);
        if (got & POLLNVAL)
            return -EBADF;
        if (want_rd && (got & (POLLIN | POLLHUP | POLLERR))) {
            FD_SET(fd, &p->out_rd);
            ready++;
        }
        if (want_wr && (got & (POLLOUT | POLLERR))) {
            FD_SET(fd, &p->out_wr);
            ready++;
        }
    }
    return ready;
}

/* Rewrites the three sets (any may be NULL) to their ready members. */
static long select_fds(int n, fd_set *rd, fd_set *wr, fd_set *ex, uint64_t timeout_ns) {
    if (n < 0 || n > FD_SETSIZE)
        return -EINVAL;
    select_set_t set = {.n = n, .rd = rd, .wr = wr, .ex = ex};
    long ready = wait_ready(select_scan, &set, timeout_ns);
    if (ready < 0)
        return ready;
    if (ready == 0) {
        FD_ZERO(&set.out_rd);
        FD_ZERO(&set.out_wr);
    }
    for (int fd = 0; fd < n; fd++) {
        if (rd && !FD_ISSET(fd, &set.out_rd))
            FD_CLR(fd, rd);
        if (wr && !FD_ISSET(fd, &set.out_wr))
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
