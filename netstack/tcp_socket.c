/*
 * TCP connections. lwIP's callbacks fill each socket's receive ring and
 * complete its waiting calls; the TcpSocket ops read and write.
 *
 * Flow control: the ring is as large as the window, and the window is
 * reopened (tcp_recved) only by what a client reads. A client that stops
 * reading stops its peer, and no one else.
 */
#include "capos/rt.h"
#include "capos/idl/idl_runtime.h"
#include "capos/idl/net.h"
#include "lwip/tcp.h"
#include "netstack.h"

/* A write may take two segments (the tail of the last one, a new one). */
#define WRITE_SEGMENTS_MAX 2u

static uint32_t index_of(const tcp_sock_t *s) {
    return (uint32_t)(s - s->ns->tcp);
}

/* ---- moving data ---- */

void tcp_sock_consumed(tcp_sock_t *s, uint32_t n) {
    if (n > 0 && s->pcb != NULL)
        tcp_recved(s->pcb, (u16_t)n);
}

/* Up to max bytes from the ring, reopening the window by as much. CAP_OK
 * with none at the end of the stream; WOULD_BLOCK; BROKEN after a reset. */
static cap_err_t take(tcp_sock_t *s, uint8_t *dst, uint32_t max, uint32_t *len) {
    *len = byte_ring_read(&s->rx, dst, max);
    if (*len > 0) {
        tcp_sock_consumed(s, *len);
        return CAP_OK;
    }
    if (s->eof || s->rd_shut)
        return CAP_OK;
    return s->gone != CAP_OK ? s->gone : CAP_ERR_WOULD_BLOCK;
}

/* Queues a prefix of data for sending. WOULD_BLOCK without room (send
 * buffer, segment queue or lwIP's heap); BROKEN when it cannot send. */
cap_err_t tcp_sock_give(tcp_sock_t *s, const uint8_t *data, uint32_t len, uint32_t *written) {
    if (s->gone != CAP_OK || s->pcb == NULL || s->wr_shut)
        return CAP_ERR_BROKEN;
    uint32_t room = tcp_sndbuf(s->pcb);
    if (tcp_sndqueuelen(s->pcb) + WRITE_SEGMENTS_MAX > TCP_SND_QUEUELEN)
        room = 0;
    uint32_t n = len < room ? len : room;
    if (n == 0)
        return CAP_ERR_WOULD_BLOCK;
    err_t err = tcp_write(s->pcb, data, (u16_t)n, TCP_WRITE_FLAG_COPY);
    if (err == ERR_MEM) {
        s->ns->tx_memory_short = true;
        return CAP_ERR_WOULD_BLOCK;
    }
    if (err != ERR_OK)
        return CAP_ERR_BROKEN;
    (void)tcp_output(s->pcb); /* Nagle holds back a short tail while data is unacknowledged */
    *written = n;
    return CAP_OK;
}

static void complete_read(tcp_sock_t *s) {
    static ipc_msg_t rep;
    static uint8_t data[NET_IO_BYTES_MAX];
    uint32_t len = 0;
    if (s->read.reply == CAP_NULL)
        return;
    cap_err_t e = take(s, data, s->read.max_bytes, &len);
    if (e == CAP_ERR_WOULD_BLOCK)
        return;
    rep = (ipc_msg_t){0};
    if (e == CAP_OK) {
        capos_idl_writer_t wr;
        capos_idl_write_begin(&wr, &rep);
        capos_idl_put_bytes(&wr, data, len, NET_IO_BYTES_MAX);
        e = capos_idl_write_end(&wr);
    }
    capos_idl_reply(&rep, e);
    (void)net_send(s->read.reply, &rep);
    s->read.reply = CAP_NULL;
}

static void complete_write(tcp_sock_t *s) {
    static ipc_msg_t rep;
    uint32_t written = 0;
    if (s->write.reply == CAP_NULL || s->phase != TCP_OPEN)
        return;
    cap_err_t e = tcp_sock_give(s, s->write_data, s->write_len, &written);
    if (e == CAP_ERR_WOULD_BLOCK)
        return;
    rep = (ipc_msg_t){0};
    if (e == CAP_OK) {
        capos_idl_writer_t wr;
        capos_idl_write_begin(&wr, &rep);
        capos_idl_put_u32(&wr, written);
        e = capos_idl_write_end(&wr);
    }
    capos_idl_reply(&rep, e);
    (void)net_send(s->write.reply, &rep);
    s->write.reply = CAP_NULL;
}

/* Something changed: waiting calls may complete, a watcher may look. */
static void changed(tcp_sock_t *s) {
    if (s->phase == TCP_TERMINAL) {
        tcp_terminal_pump(s);
        return;
    }
    complete_read(s);
    complete_write(s);
    net_watch_fire(&s->watch);
}

void tcp_socks_retry_writes(netstack_t *ns) {
    for (uint32_t i = 0; i < NET_TCP_SOCKETS_MAX; i++)
        if (ns->tcp_slots[i].state == SLOT_USED && ns->tcp[i].phase >= TCP_OPEN)
            changed(&ns->tcp[i]);
}

static void detach(struct tcp_pcb *pcb) {
    tcp_arg(pcb, NULL);
    tcp_recv(pcb, NULL);
    tcp_sent(pcb, NULL);
    tcp_err(pcb, NULL);
}

/* Both directions are finished (the peer's FIN came, ours is queued):
 * lwIP keeps the pcb through TIME_WAIT by itself and frees it then without
 * a callback, so the socket lets go of it now. Unread data stays in the
 * ring for the client; the window is reopened first so that closing sends
 * a FIN, not a reset. Returns true when the pcb had to be aborted. */
static bool release_pcb(tcp_sock_t *s) {
    struct tcp_pcb *pcb = s->pcb;
    bool aborted = false;
    if (byte_ring_len(&s->rx) > 0)
        tcp_recved(pcb, (u16_t)byte_ring_len(&s->rx));
    detach(pcb);
    if (tcp_close(pcb) != ERR_OK) {
        tcp_abort(pcb);
        aborted = true;
    }
    s->pcb = NULL;
    return aborted;
}

/* ---- lwIP callbacks ---- */

static err_t on_recv(void *arg, struct tcp_pcb *pcb, struct pbuf *p, err_t err) {
    tcp_sock_t *s = arg;
    if (p == NULL) {
        s->eof = true;
        bool aborted = s->wr_shut && release_pcb(s);
        changed(s);
        return aborted ? ERR_ABRT : ERR_OK;
    }
    if (err != ERR_OK || s->rd_shut) {
        tcp_recved(pcb, p->tot_len); /* discarded, but the window stays open */
        pbuf_free(p);
        return ERR_OK;
    }
    if (byte_ring_space(&s->rx) < p->tot_len)
        return ERR_MEM; /* cannot happen while ring == window; lwIP would keep it */
    for (struct pbuf *q = p; q != NULL; q = q->next)
        (void)byte_ring_write(&s->rx, q->payload, q->len);
    pbuf_free(p);
    changed(s);
    return ERR_OK;
}

static err_t on_sent(void *arg, struct tcp_pcb *pcb, u16_t len) {
    tcp_sock_t *s = arg;
    netstack_t *ns = s->ns;
    (void)pcb;
    (void)len;
    changed(s);
    if (ns->tx_memory_short) { /* heap freed: writers of every socket may go on */
        ns->tx_memory_short = false;
        tcp_socks_retry_writes(ns);
    }
    return ERR_OK;
}

/* lwIP has freed the pcb: reset, abort, timeout, or (ERR_CLSD) the end of a
 * connection whose reading side was still open. */
static void on_err(void *arg, err_t err) {
    tcp_sock_t *s = arg;
    netstack_t *ns = s->ns;
    s->pcb = NULL;
    switch (s->phase) {
    case TCP_CONNECTING:
        tcp_connector_complete(s, err == ERR_ABRT ? CAP_ERR_TIMED_OUT : CAP_ERR_UNAVAILABLE);
        break;
    case TCP_QUEUED:
        tcp_listener_forget(ns, s->listener, index_of(s));
        tcp_sock_destroy(ns, index_of(s));
        break;
    case TCP_OPEN:
    case TCP_TERMINAL:
        s->gone = CAP_ERR_BROKEN;
        changed(s);
        break;
    }
}

/* ---- lifetime ---- */

void tcp_socks_init(netstack_t *ns) {
    slot_table_init(ns->tcp_slots, NET_TCP_SOCKETS_MAX);
    for (uint32_t i = 0; i < NET_TCP_SOCKETS_MAX; i++)
        ns->tcp[i] = (tcp_sock_t){.ns = ns};
}

bool tcp_sock_create(netstack_t *ns, struct tcp_pcb *pcb, tcp_phase_t phase, uint32_t *index) {
    uint8_t *ring = malloc(NET_TCP_WINDOW_BYTES);
    if (ring == NULL)
        return false;
    if (!slot_table_alloc(ns->tcp_slots, NET_TCP_SOCKETS_MAX, index)) {
        free(ring);
        return false;
    }
    tcp_sock_t *s = &ns->tcp[*index];
    *s = (tcp_sock_t){.ns = ns, .pcb = pcb, .phase = phase, .rx_buf = ring};
    byte_ring_init(&s->rx, ring, NET_TCP_WINDOW_BYTES);
    tcp_arg(pcb, s);
    tcp_recv(pcb, on_recv);
    tcp_sent(pcb, on_sent);
    tcp_err(pcb, on_err);
    ip_set_option(pcb, SOF_KEEPALIVE);
    return true;
}

void tcp_sock_established(tcp_sock_t *s) {
    s->peer_addr = net_ip_host(&s->pcb->remote_ip);
    s->peer_port = s->pcb->remote_port;
    s->local_addr = net_ip_host(&s->pcb->local_ip);
    s->local_port = s->pcb->local_port;
}

void tcp_sock_destroy(netstack_t *ns, uint32_t index) {
    tcp_sock_t *s = &ns->tcp[index];
    if (s->pcb != NULL) {
        detach(s->pcb);
        tcp_abort(s->pcb);
        s->pcb = NULL;
    }
    net_pending_fail(&s->read, CAP_ERR_CANCELLED);
    net_pending_fail(&s->write, CAP_ERR_CANCELLED);
    net_watch_clear(&s->watch);
    tcp_terminal_free(s);
    free(s->rx_buf);
    *s = (tcp_sock_t){.ns = ns};
    slot_table_free(ns->tcp_slots, NET_TCP_SOCKETS_MAX, index);
}

/* ---- TcpSocket ---- */

static tcp_sock_t *current(netstack_t *ns) {
    return &ns->tcp[ns->facet.index];
}

static cap_err_t read_common(netstack_t *ns, bool wait, uint32_t max_bytes, uint8_t *data,
                             uint32_t data_cap, uint32_t *data_len) {
    tcp_sock_t *s = current(ns);
    if (max_bytes == 0)
        return CAP_ERR_BAD_ARGS;
    if (s->read.reply != CAP_NULL)
        return CAP_ERR_QUEUE_FULL;
    uint32_t max = max_bytes < data_cap ? max_bytes : data_cap;
    cap_err_t e = take(s, data, max, data_len);
    if (e != CAP_ERR_WOULD_BLOCK)
        return e;
    if (wait)
        net_defer(ns, &s->read, max);
    else
        s->watch.armed = true;
    return wait ? CAP_OK : e;
}

static cap_err_t write_common(netstack_t *ns, bool wait, const uint8_t *data, uint32_t data_len,
                              uint32_t *written) {
    tcp_sock_t *s = current(ns);
    if (data_len == 0)
        return CAP_ERR_BAD_ARGS;
    if (s->write.reply != CAP_NULL)
        return CAP_ERR_QUEUE_FULL;
    cap_err_t e = tcp_sock_give(s, data, data_len, written);
    if (e != CAP_ERR_WOULD_BLOCK)
        return e;
    if (!wait) {
        s->watch.armed = true;
        return e;
    }
    memcpy(s->write_data, data, data_len);
    s->write_len = data_len;
    net_defer(ns, &s->write, 0);
    return CAP_OK;
}

static cap_err_t op_read(void *ctx, uint32_t max_bytes, uint8_t *data, uint32_t data_cap,
                         uint32_t *data_len) {
    return read_common(ctx, true, max_bytes, data, data_cap, data_len);
}

static cap_err_t op_try_read(void *ctx, uint32_t max_bytes, uint8_t *data, uint32_t data_cap,
                             uint32_t *data_len) {
    return read_common(ctx, false, max_bytes, data, data_cap, data_len);
}

static cap_err_t op_write(void *ctx, const uint8_t *data, uint32_t data_len, uint32_t *written) {
    return write_common(ctx, true, data, data_len, written);
}

static cap_err_t op_try_write(void *ctx, const uint8_t *data, uint32_t data_len,
                              uint32_t *written) {
    return write_common(ctx, false, data, data_len, written);
}

static cap_err_t op_shutdown(void *ctx, uint32_t how) {
    tcp_sock_t *s = current(ctx);
    if (how > 2)
        return CAP_ERR_BAD_ARGS;
    if (how != 1) { /* reading: what is buffered or comes later is dropped */
        s->rd_shut = true;
        if (s->pcb != NULL && byte_ring_len(&s->rx) > 0)
            tcp_recved(s->pcb, (u16_t)byte_ring_len(&s->rx));
        byte_ring_clear(&s->rx);
    }
    if (how != 0 && !s->wr_shut) {
        s->wr_shut = true;
        if (s->pcb != NULL && s->eof)
            (void)release_pcb(s); /* FIN; nothing more can come or go */
        else if (s->pcb != NULL)
            (void)tcp_shutdown(s->pcb, 0, 1);
        net_pending_fail(&s->write, CAP_ERR_BROKEN);
    }
    changed(s);
    return CAP_OK;
}

void tcp_sock_close(netstack_t *ns, uint32_t index) {
    tcp_sock_t *s = &ns->tcp[index];
    if (s->pcb != NULL) {
        /* FIN; lwIP resets instead when unread data is left in the window */
        detach(s->pcb);
        if (tcp_close(s->pcb) != ERR_OK)
            tcp_abort(s->pcb);
        s->pcb = NULL;
    }
    tcp_sock_destroy(ns, index);
}

static cap_err_t op_close(void *ctx) {
    netstack_t *ns = ctx;
    tcp_sock_close(ns, ns->facet.index);
    return CAP_OK;
}

static cap_err_t op_peer_address(void *ctx, uint32_t *addr, uint32_t *port) {
    tcp_sock_t *s = current(ctx);
    *addr = s->peer_addr;
    *port = s->peer_port;
    return CAP_OK;
}

static cap_err_t op_local_address(void *ctx, uint32_t *addr, uint32_t *port) {
    tcp_sock_t *s = current(ctx);
    *addr = s->local_addr;
    *port = s->local_port;
    return CAP_OK;
}

static cap_err_t op_watch(void *ctx, cap_t notification, uint64_t bits) {
    netstack_t *ns = ctx;
    return net_watch_set(ns, &current(ns)->watch, notification, bits);
}

static cap_err_t op_into_terminal_session(void *ctx, uint32_t protocol, cap_t *terminal,
                                          cap_t *control) {
    return tcp_terminal_open(ctx, protocol, terminal, control);
}

static const tcp_socket_server_ops_t ops = {
    .read = op_read,
    .write = op_write,
    .try_read = op_try_read,
    .try_write = op_try_write,
    .shutdown = op_shutdown,
    .close = op_close,
    .peer_address = op_peer_address,
    .local_address = op_local_address,
    .watch = op_watch,
    .into_terminal_session = op_into_terminal_session,
};

cap_err_t tcp_socket_serve(netstack_t *ns, const ipc_msg_t *req, ipc_msg_t *rep) {
    return tcp_socket_dispatch(&ops, ns, req, rep);
}
