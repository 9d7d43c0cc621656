/*
 * netecho: echoes every connection on port 23 (see netecho.h). One thread
 * serves all connections with the non-blocking calls and one notification:
 * each connection has a bit, try_read/try_write answer WOULD_BLOCK, and
 * the netstack then signals the bit once. A connection whose peer stops
 * reading fills its buffer and is no longer read from, which closes its
 * TCP window; the others go on.
 *
 * Started as "netecho-blocking" it is instead the plainest server there
 * is: on port 22, one connection at a time, blocking accept, read and write
 * (each of which the netstack answers later when it cannot at once).
 */
#include "capos/rt.h"
#include "capos/idl/memory.h"
#include "capos/idl/net.h"
#include "capos/idl/notification.h"
#include "netecho.h"

#define CONNS_MAX 8u
#define BUFFER_BYTES 32768u
#define CHUNK_BYTES 1020u /* TcpSocket read/write payload */
#define LISTENER_BIT 1ull

typedef struct {
    cap_t sock; /* CAP_NULL: slot free */
    uint32_t id;
    uint8_t buf[BUFFER_BYTES];
    uint32_t head, len; /* a ring of received bytes not yet written back */
    bool eof;
    uint64_t echoed;
} conn_t;

static conn_t conns[CONNS_MAX];

static uint64_t conn_bit(uint32_t i) {
    return 2ull << i;
}

static void finish(conn_t *c, const char *how, cap_err_t e) {
    rt_printf("netecho: connection %u %s after %lu bytes (%s)\n", c->id, how, c->echoed,
              rt_strerror(e));
    e = tcp_socket_close(c->sock);
    if (e != CAP_OK)
        rt_printf("netecho: CHECK FAILED: closing connection %u: %s\n", c->id, rt_strerror(e));
    c->sock = CAP_NULL;
}

/* Writes buffered bytes back; false when the connection ended. */
static bool drain(conn_t *c, bool *progress) {
    while (c->len > 0) {
        uint32_t chunk = c->len < BUFFER_BYTES - c->head ? c->len : BUFFER_BYTES - c->head;
        uint32_t written = 0;
        cap_err_t e = tcp_socket_try_write(c->sock, c->buf + c->head,
                                           chunk < CHUNK_BYTES ? chunk : CHUNK_BYTES, &written);
        if (e == CAP_ERR_WOULD_BLOCK)
            return true;
        if (e != CAP_OK) {
            finish(c, "failed writing", e);
            return false;
        }
        c->head = (c->head + written) % BUFFER_BYTES;
        c->len -= written;
        c->echoed += written;
        *progress = true;
    }
    return true;
}

/* Reads while the buffer has room; false when the connection ended. */
static bool fill(conn_t *c, bool *progress) {
    while (!c->eof && c->len < BUFFER_BYTES) {
        uint32_t tail = (c->head + c->len) % BUFFER_BYTES;
        uint32_t room =
            tail >= c->head && c->len < BUFFER_BYTES ? BUFFER_BYTES - tail : c->head - tail;
        uint32_t n = 0;
        cap_err_t e = tcp_socket_try_read(c->sock, room < CHUNK_BYTES ? room : CHUNK_BYTES,
                                          c->buf + tail, room, &n);
        if (e == CAP_ERR_WOULD_BLOCK)
            return true;
        if (e != CAP_OK) {
            finish(c, "failed reading", e);
            return false;
        }
        if (n == 0)
            c->eof = true;
        c->len += n;
        *progress = true;
    }
    return true;
}

static bool pump(conn_t *c) {
    bool progress = false;
    if (drain(c, &progress) && fill(c, &progress) && drain(c, &progress) && c->eof && c->len == 0) {
        finish(c, "closed", CAP_OK);
        progress = true;
    }
    return progress;
}

/* Takes waiting connections while there is a free slot. */
static bool accept_all(cap_t listener, cap_t events, uint32_t *next_id) {
    bool progress = false;
    for (uint32_t i = 0; i < CONNS_MAX; i++) {
        if (conns[i].sock != CAP_NULL)
            continue;
        uint32_t addr = 0, port = 0;
        cap_t sock = CAP_NULL;
        if (tcp_listener_try_accept(listener, &sock, &addr, &port) != CAP_OK)
            break;
        conns[i] = (conn_t){.sock = sock, .id = (*next_id)++};
        cap_err_t e = tcp_socket_watch(sock, events, conn_bit(i));
        rt_printf("netecho: connection %u from %u.%u.%u.%u:%u (watch %s)\n", conns[i].id,
                  addr >> 24, (addr >> 16) & 0xff, (addr >> 8) & 0xff, addr & 0xff, port,
                  rt_strerror(e));
        progress = true;
    }
    return progress;
}

static void serve(cap_t listener, cap_t events) {
    uint32_t next_id = 1;
    for (;;) {
        bool progress = accept_all(listener, events, &next_id);
        for (uint32_t i = 0; i < CONNS_MAX; i++)
            if (conns[i].sock != CAP_NULL)
                progress = pump(&conns[i]) || progress;
        uint64_t bits = 0;
        if (!progress && notification_wait(events, &bits) != CAP_OK)
            return;
    }
}

/* Writes all of data, however many calls it takes. */
static cap_err_t write_all(cap_t sock, const uint8_t *data, uint32_t len) {
    while (len > 0) {
        uint32_t written = 0;
        cap_err_t e = tcp_socket_write(sock, data, len, &written);
        if (e != CAP_OK)
            return e;
        data += written;
        len -= written;
    }
    return CAP_OK;
}

static int serve_blocking(cap_t net) {
    static uint8_t buf[CHUNK_BYTES];
    cap_t listener = CAP_NULL;
    cap_err_t e = tcp_listen_authority_listen(net, NETECHO_BLOCKING_PORT, 2, &listener);
    if (e != CAP_OK) {
        rt_printf("netecho-blocking: CHECK FAILED: listening: %s\n", rt_strerror(e));
        return 1;
    }
    rt_printf("netecho-blocking: ready on port %u\n", NETECHO_BLOCKING_PORT);
    for (uint32_t id = 1;; id++) {
        cap_t sock = CAP_NULL;
        uint32_t addr = 0, port = 0, n = 0;
        uint64_t echoed = 0;
        e = tcp_listener_accept(listener, &sock, &addr, &port);
        if (e != CAP_OK)
            break;
        while ((e = tcp_socket_read(sock, sizeof(buf), buf, sizeof(buf), &n)) == CAP_OK && n > 0 &&
               (e = write_all(sock, buf, n)) == CAP_OK)
            echoed += n;
        rt_printf("netecho-blocking: connection %u ended after %lu bytes (%s)\n", id, echoed,
                  rt_strerror(e));
        if (tcp_socket_close(sock) != CAP_OK)
            break;
    }
    rt_printf("netecho-blocking: CHECK FAILED: %s\n", rt_strerror(e));
    return 1;
}

int main(void) {
    if (!strcmp(rt_program(), "netecho-blocking"))
        return serve_blocking(rt_cap("net"));
    const netecho_env_t env = {
        .net = rt_cap("net"),
        .client = rt_cap("client"),
        .clock = rt_cap("clock"),
        .memory = rt_cap("memory"),
    };
    cap_t listener = CAP_NULL, events = CAP_NULL;
    cap_err_t e = tcp_listen_authority_listen(env.net, NETECHO_PORT, 8, &listener);
    if (e == CAP_OK)
        e = memory_create_notification(env.memory, CAP_SCOPE_SAME_SESSION, &events);
    if (e == CAP_OK)
        e = tcp_listener_watch(listener, events, LISTENER_BIT);
    if (e != CAP_OK) {
        rt_printf("netecho: CHECK FAILED: listening on port %u: %s\n", NETECHO_PORT,
                  rt_strerror(e));
        return 1;
    }
    if (netecho_checks(&env, listener) == 0)
        return 1;
    rt_printf("netecho: ready on port %u\n", NETECHO_PORT);
    serve(listener, events);
    rt_printf("netecho: CHECK FAILED: waiting for events\n");
    return 1;
}
