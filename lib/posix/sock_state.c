/* Socket state and readiness (see sock_state.h). */
#define _GNU_SOURCE /* POLLRDHUP (glibc, on the host) */
#include <poll.h>
#include <string.h>
#include <sys/socket.h>

#include "sock_state.h"

#define READABLE (POLLIN | POLLRDNORM)
#define WRITABLE (POLLOUT | POLLWRNORM)

void sock_init(posix_sock_t *s, int type) {
    memset(s, 0, sizeof(*s));
    s->type = type;
    s->cap = CAP_NULL;
    s->authority = CAP_NULL;
    s->pend = CAP_NULL;
}

bool sock_rx_held(const posix_sock_t *s) {
    return s->rx_dgram || s->rx_len > 0;
}

static short stream_revents(const posix_sock_t *s) {
    short r = 0;
    switch (s->phase) {
    case SOCK_LISTENING:
        return s->pend != CAP_NULL ? READABLE : 0;
    case SOCK_CONNECTED:
        break;
    default:
        return WRITABLE | POLLHUP; /* as an unconnected Linux TCP socket */
    }
    bool rd_done = s->eof || s->rd_shut || s->reset;
    bool wr_done = s->wr_shut || s->reset;
    if (s->rx_len > 0 || rd_done)
        r |= READABLE;
    if (rd_done)
        r |= POLLRDHUP;
    if (wr_done || !s->wr_idle)
        r |= WRITABLE;
    if (rd_done && wr_done)
        r |= POLLHUP;
    return r;
}

static short dgram_revents(const posix_sock_t *s) {
    short r = WRITABLE;
    if (s->rx_dgram || s->rd_shut)
        r |= READABLE;
    if (s->rd_shut)
        r |= POLLRDHUP;
    if (s->rd_shut && s->wr_shut)
        r |= POLLHUP;
    return r;
}

short sock_revents(const posix_sock_t *s, short events) {
    short r = s->type == SOCK_STREAM ? stream_revents(s) : dgram_revents(s);
    if (s->error)
        r |= POLLERR;
    return (short)(r & (events | POLLERR | POLLHUP));
}

bool sock_should_fetch(const posix_sock_t *s) {
    if (s->cap == CAP_NULL || s->rd_idle || sock_rx_held(s) || s->rd_shut)
        return false;
    if (s->type == SOCK_DGRAM)
        return true;
    if (s->phase == SOCK_LISTENING)
        return s->pend == CAP_NULL;
    return s->phase == SOCK_CONNECTED && !s->eof && !s->reset;
}

void sock_signaled(posix_sock_t *s) {
    s->rd_idle = false;
    s->wr_idle = false;
}

uint32_t sock_rx_take(posix_sock_t *s, uint8_t *dst, uint32_t len, bool peek, uint32_t *whole) {
    uint32_t n = s->rx_len < len ? s->rx_len : len;
    memcpy(dst, s->rx + s->rx_off, n);
    if (whole)
        *whole = s->rx_len;
    if (peek)
        return n;
    if (s->rx_dgram) {
        s->rx_dgram = false;
        s->rx_off = s->rx_len = 0;
        return n;
    }
    s->rx_off += n;
    s->rx_len -= n;
    if (s->rx_len == 0)
        s->rx_off = 0;
    return n;
}

void sock_rx_fill(posix_sock_t *s, uint32_t n) {
    s->rx_off = 0;
    s->rx_len = n > SOCK_RX_MAX ? SOCK_RX_MAX : n;
}

void sock_rx_fill_dgram(posix_sock_t *s, uint32_t n, uint32_t addr, uint32_t port) {
    sock_rx_fill(s, n);
    s->rx_dgram = true;
    s->rx_addr = addr;
    s->rx_port = port;
}

void sock_set_reset(posix_sock_t *s, int err) {
    if (!s->reset)
        s->error = err;
    s->reset = true;
}

int sock_take_error(posix_sock_t *s) {
    int e = s->error;
    s->error = 0;
    return e;
}
