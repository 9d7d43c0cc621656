/*
 * Socket readiness and waiting (see sock_net.h). Every netstack object a
 * socket holds watches one notification of the process, bit fd for
 * descriptor fd: after a try_ call answered WOULD_BLOCK (and once after
 * watch), the netstack signals the bit when the object may have become
 * ready. poll takes data into the socket's holding area to learn
 * readiness (sock_state.h), and waits on the notification, with
 * Notification.wait_until for a timeout. Bits are taken for every socket at
 * once, so a signal for a socket outside the current poll set is not lost:
 * it clears that socket's idle marks.
 */
#include <errno.h>

#include "capos/idl/memory.h"
#include "capos/idl/net.h"
#include "capos/idl/notification.h"
#include "capos/rt.h"
#include "errno_map.h"
#include "glue.h"
#include "posix_events.h"
#include "sock_net.h"

#define PROGRAM_BITS (~0ull << POSIX_EVENTS_PROGRAM_FIRST)

static uint64_t program_pending; /* program bits taken, not yet reported */

/* The process's socket notification, made on first use; CAP_NULL without a
 * memory cap (or when making it failed). */
cap_t posix_events_notification(void) {
    static cap_t n = CAP_NULL;
    static bool tried;
    if (!tried) {
        tried = true;
        cap_t memory = posix_cap("memory", CAP_TYPE_MEMORY);
        if (memory == CAP_NULL ||
            memory_create_notification(memory, CAP_SCOPE_SAME_SESSION, &n) != CAP_OK)
            n = CAP_NULL;
    }
    return n;
}

void posix_sock_watch(int fd, posix_sock_t *s) {
    cap_t n = posix_events_notification();
    if (n == CAP_NULL || s->cap == CAP_NULL)
        return;
    uint64_t bit = 1ull << fd;
    cap_err_t e;
    if (bit & PROGRAM_BITS) { /* the program's bit: this socket is polled */
        s->watched = false;
        return;
    }
    if (s->type == SOCK_DGRAM)
        e = udp_socket_watch(s->cap, n, bit);
    else if (s->phase == SOCK_CONNECTED)
        e = tcp_socket_watch(s->cap, n, bit);
    else
        e = tcp_listener_watch(s->cap, n, bit);
    s->watched = e == CAP_OK;
}

/* A try_ call's failure while fetching: idle on WOULD_BLOCK, a reset on
 * BROKEN, else a pending error (and idle, so poll does not spin on it). */
static void fetch_failed(posix_sock_t *s, cap_err_t e) {
    s->rd_idle = true;
    if (e == CAP_ERR_BROKEN && s->type == SOCK_STREAM)
        sock_set_reset(s, ECONNRESET);
    else if (e != CAP_ERR_WOULD_BLOCK)
        s->error = errno_from_sock(SOCK_OP_READ, e);
}

/* Takes one connection, chunk or datagram into s's holding area. */
static void fetch(posix_sock_t *s) {
    uint32_t n = 0;
    cap_err_t e;
    if (s->type == SOCK_DGRAM) {
        uint32_t addr = 0, port = 0;
        e = udp_socket_try_receive_from(s->cap, SOCK_UDP_MAX, &addr, &port, s->rx, sizeof(s->rx),
                                        &n);
        if (e == CAP_OK)
            sock_rx_fill_dgram(s, n, addr, port);
    } else if (s->phase == SOCK_LISTENING) {
        e = tcp_listener_try_accept(s->cap, &s->pend, &s->pend_addr, &s->pend_port);
    } else {
        e = tcp_socket_try_read(s->cap, SOCK_RX_MAX, s->rx, sizeof(s->rx), &n);
        if (e == CAP_OK && n == 0)
            s->eof = true;
        else if (e == CAP_OK)
            sock_rx_fill(s, n);
    }
    if (e != CAP_OK)
        fetch_failed(s, e);
}

short posix_sock_poll(int fd, short events_wanted) {
    posix_sock_t *s = posix_sock_at(fd);
    if (s->type == SOCK_DGRAM)
        posix_dns_deliver(fd, s);
    if (sock_should_fetch(s))
        fetch(s);
    return sock_revents(s, events_wanted);
}

uint64_t posix_events_take(void) {
    uint64_t bits = program_pending;
    program_pending = 0;
    return bits;
}

bool posix_events_pending(void) {
    return program_pending != 0;
}

/* Clears the idle marks of the open sockets whose bits are set; keeps the
 * program's bits for posix_events_take. */
static void apply(uint64_t bits) {
    program_pending |= bits & PROGRAM_BITS;
    bits &= ~PROGRAM_BITS;
    for (int fd = 0; fd < POSIX_FD_MAX && bits; fd++, bits >>= 1) {
        fd_entry_t *e = fd_lookup(posix_fds(), fd);
        if ((bits & 1) && e && e->kind == FD_KIND_SOCKET)
            sock_signaled(posix_sock_at(fd));
    }
}

void posix_sock_take_signals(void) {
    cap_t n = posix_events_notification();
    uint64_t bits = 0;
    if (n != CAP_NULL && notification_poll(n, &bits) == CAP_OK)
        apply(bits);
}

/* Whether some socket's object does not signal the notification. */
static bool any_unwatched(void) {
    for (int fd = 0; fd < POSIX_FD_MAX; fd++) {
        fd_entry_t *e = fd_lookup(posix_fds(), fd);
        posix_sock_t *s = posix_sock_at(fd);
        if (e && e->kind == FD_KIND_SOCKET && s->cap != CAP_NULL && !s->watched)
            return true;
    }
    return false;
}

/* Sleeps one slice (less when the deadline is nearer), then asks again. */
static int wait_slice(uint64_t deadline_ns) {
    uint64_t now = 0, ns = SOCK_WAIT_SLICE_NS;
    int err = posix_clock_now(&now);
    if (err)
        return err;
    if (deadline_ns != UINT64_MAX)
        ns = deadline_ns <= now ? 0 : deadline_ns - now < ns ? deadline_ns - now : ns;
    if (ns && (err = posix_sleep_ns(ns)) != 0)
        return err;
    apply(~PROGRAM_BITS);
    return 0;
}

int posix_sock_wait(uint64_t deadline_ns) {
    cap_t n = posix_events_notification();
    if (n == CAP_NULL || any_unwatched())
        return wait_slice(deadline_ns);
    uint64_t bits = 0;
    cap_err_t e = deadline_ns == UINT64_MAX ? notification_wait(n, &bits)
                                            : notification_wait_until(n, deadline_ns, &bits);
    if (e != CAP_OK)
        return -errno_from_cap(e);
    apply(bits);
    return 0;
}
