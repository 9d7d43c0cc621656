/*
 * Listening: TcpListenAuthority.listen makes a listener on the facet's
 * port; lwIP's accept callback takes each established connection into the
 * listener's own bounded queue until a client accepts it and gets the
 * socket's capability. Queued connections count against lwIP's listen
 * backlog, so while the queue is full new SYNs are dropped and the peers
 * retry, as with a full accept queue on Linux.
 */
#include "capos/rt.h"
#include "capos/idl/idl_runtime.h"
#include "capos/idl/memory.h"
#include "capos/idl/net.h"
#include "lwip/tcp.h"
#include "netstack.h"

static uint32_t index_of(const listener_t *l) {
    return (uint32_t)(l - l->ns->listeners);
}

/* The oldest queued connection, handed over as a capability. On failure
 * the connection is reset. */
static cap_err_t pop_connection(netstack_t *ns, listener_t *l, cap_t *cap, uint32_t *addr,
                                uint32_t *port, uint32_t *socket) {
    *socket = l->queue[0];
    l->queued--;
    memmove(l->queue, l->queue + 1, l->queued * sizeof(l->queue[0]));
    cap_err_t e = net_mint(ns, NET_FACET_TCP_SOCKET, *socket, cap);
    if (e != CAP_OK) {
        tcp_sock_destroy(ns, *socket);
        return e;
    }
    tcp_sock_t *s = &ns->tcp[*socket];
    s->phase = TCP_OPEN;
    if (s->pcb != NULL)
        tcp_backlog_accepted(s->pcb); /* the listener's backlog has room again */
    *addr = s->peer_addr;
    *port = s->peer_port;
    return CAP_OK;
}

/* Answers a waiting accept with the oldest queued connection. Returns the
 * socket it had to reset (nobody could take it), else UINT32_MAX. */
static uint32_t complete_accept(netstack_t *ns, listener_t *l) {
    static ipc_msg_t rep;
    uint32_t addr = 0, port = 0, socket = UINT32_MAX;
    cap_t cap = CAP_NULL;
    if (l->accept.reply == CAP_NULL || l->queued == 0)
        return UINT32_MAX;
    rep = (ipc_msg_t){0};
    cap_err_t e = pop_connection(ns, l, &cap, &addr, &port, &socket);
    if (e == CAP_OK) {
        capos_idl_writer_t wr;
        capos_idl_write_begin(&wr, &rep);
        capos_idl_put_cap(&wr, cap, IPC_CAP_MOVE);
        capos_idl_put_u32(&wr, addr);
        capos_idl_put_u32(&wr, port);
        e = capos_idl_write_end(&wr);
    }
    capos_idl_reply(&rep, e);
    cap_err_t sent = net_send(l->accept.reply, &rep);
    l->accept.reply = CAP_NULL;
    if (e == CAP_OK && sent != CAP_OK)
        tcp_sock_destroy(ns, socket); /* nobody got it */
    return e == CAP_OK && sent == CAP_OK ? UINT32_MAX : socket;
}

/* A connection reset for want of a socket or memory: the first one and
 * then every NO_ROOM_REPORT_EVERY-th reach the console, so a peer cannot
 * flood it. */
#define NO_ROOM_REPORT_EVERY 64u
static void report_no_room(netstack_t *ns, const listener_t *l) {
    uint32_t resets = ns->no_room_resets++;
    if (resets % NO_ROOM_REPORT_EVERY != 0)
        return;
    uint64_t limit = 0, used = 0;
    rt_ignore(memory_quota(ns->env.memory, &limit, &used));
    rt_printf("netstack: port %u: no room for a new connection (%u queued, memory %lu/%lu "
              "pages; %u resets so far)\n",
              l->port, l->queued, (unsigned long)used, (unsigned long)limit, resets + 1);
}

static err_t on_accept(void *arg, struct tcp_pcb *pcb, err_t err) {
    listener_t *l = arg;
    netstack_t *ns = l->ns;
    uint32_t socket;
    if (err != ERR_OK || pcb == NULL)
        return ERR_VAL;
    if (l->queued >= l->backlog || !tcp_sock_create(ns, pcb, TCP_QUEUED, &socket)) {
        report_no_room(ns, l);
        tcp_abort(pcb);
        return ERR_ABRT;
    }
    tcp_sock_established(&ns->tcp[socket]);
    ns->tcp[socket].listener = index_of(l);
    l->queue[l->queued++] = socket;
    /* Counted against the backlog until a client accepts it, so that lwIP
     * drops new SYNs (the peer retries) instead of this callback having to
     * reset connections a full queue cannot take. */
    tcp_backlog_delayed(pcb);
    if (complete_accept(ns, l) == socket)
        return ERR_ABRT; /* its pcb was aborted */
    net_watch_fire(&l->watch);
    return ERR_OK;
}

void tcp_listener_forget(netstack_t *ns, uint32_t listener, uint32_t socket) {
    listener_t *l = &ns->listeners[listener];
    for (uint32_t i = 0; i < l->queued; i++) {
        if (l->queue[i] == socket) {
            l->queued--;
            memmove(l->queue + i, l->queue + i + 1, (l->queued - i) * sizeof(l->queue[0]));
            return;
        }
    }
}

void tcp_listeners_init(netstack_t *ns) {
    slot_table_init(ns->listener_slots, NET_LISTENERS_MAX);
    for (uint32_t i = 0; i < NET_LISTENERS_MAX; i++)
        ns->listeners[i] = (listener_t){.ns = ns};
}

/* ---- TcpListenAuthority ---- */

/* A listening pcb on port, or the reason there is none. */
static cap_err_t open_pcb(uint16_t port, uint32_t backlog, struct tcp_pcb **out) {
    struct tcp_pcb *pcb = tcp_new();
    if (pcb == NULL)
        return CAP_ERR_NO_MEMORY;
    ip_set_option(pcb, SOF_REUSEADDR); /* connections still in TIME_WAIT do not block it */
    err_t err = tcp_bind(pcb, IP_ANY_TYPE, port);
    if (err == ERR_OK) {
        struct tcp_pcb *lpcb = tcp_listen_with_backlog_and_err(pcb, (u8_t)backlog, &err);
        if (lpcb != NULL) {
            *out = lpcb;
            return CAP_OK;
        }
    }
    (void)tcp_close(pcb);
    return err == ERR_USE ? CAP_ERR_EXISTS : CAP_ERR_NO_MEMORY;
}

static cap_err_t op_listen(void *ctx, uint32_t port, uint32_t backlog, cap_t *listener) {
    netstack_t *ns = ctx;
    uint32_t index;
    if (!net_may_listen(&ns->facet, port))
        return CAP_ERR_DENIED;
    if (backlog == 0)
        return CAP_ERR_BAD_ARGS;
    if (backlog > NET_BACKLOG_MAX)
        backlog = NET_BACKLOG_MAX;
    if (!slot_table_alloc(ns->listener_slots, NET_LISTENERS_MAX, &index))
        return CAP_ERR_NO_MEMORY;
    listener_t *l = &ns->listeners[index];
    *l = (listener_t){.ns = ns, .port = (uint16_t)port, .backlog = backlog};
    cap_err_t e = open_pcb((uint16_t)port, backlog, &l->pcb);
    if (e == CAP_OK)
        e = net_mint(ns, NET_FACET_LISTENER, index, listener);
    if (e != CAP_OK) {
        if (l->pcb != NULL)
            (void)tcp_close(l->pcb);
        *l = (listener_t){.ns = ns};
        slot_table_free(ns->listener_slots, NET_LISTENERS_MAX, index);
        return e;
    }
    tcp_arg(l->pcb, l);
    tcp_accept(l->pcb, on_accept);
    ns->minted = *listener;
    ns->minted_object = (net_facet_t){.kind = NET_FACET_LISTENER, .index = index};
    return CAP_OK;
}

static const tcp_listen_authority_server_ops_t authority_ops = {.listen = op_listen};

cap_err_t tcp_listen_serve(netstack_t *ns, const ipc_msg_t *req, ipc_msg_t *rep) {
    return tcp_listen_authority_dispatch(&authority_ops, ns, req, rep);
}

/* ---- TcpListener ---- */

static listener_t *current(netstack_t *ns) {
    return &ns->listeners[ns->facet.index];
}

static cap_err_t accept_common(netstack_t *ns, bool wait, cap_t *socket, uint32_t *peer_addr,
                               uint32_t *peer_port) {
    listener_t *l = current(ns);
    uint32_t index;
    if (l->accept.reply != CAP_NULL)
        return CAP_ERR_QUEUE_FULL;
    if (l->queued > 0) {
        cap_err_t e = pop_connection(ns, l, socket, peer_addr, peer_port, &index);
        if (e == CAP_OK) {
            ns->minted = *socket;
            ns->minted_object = (net_facet_t){.kind = NET_FACET_TCP_SOCKET, .index = index};
        }
        return e;
    }
    if (!wait) {
        l->watch.armed = true;
        return CAP_ERR_WOULD_BLOCK;
    }
    net_defer(ns, &l->accept, 0);
    return CAP_OK;
}

static cap_err_t op_accept(void *ctx, cap_t *socket, uint32_t *peer_addr, uint32_t *peer_port) {
    return accept_common(ctx, true, socket, peer_addr, peer_port);
}

static cap_err_t op_try_accept(void *ctx, cap_t *socket, uint32_t *peer_addr, uint32_t *peer_port) {
    return accept_common(ctx, false, socket, peer_addr, peer_port);
}

static cap_err_t op_watch(void *ctx, cap_t notification, uint64_t bits) {
    netstack_t *ns = ctx;
    return net_watch_set(ns, &current(ns)->watch, notification, bits);
}

static cap_err_t op_local_address(void *ctx, uint32_t *addr, uint32_t *port) {
    netstack_t *ns = ctx;
    *addr = net_ip_host(&ns->netif.ip_addr);
    *port = current(ns)->port;
    return CAP_OK;
}

void tcp_listener_destroy(netstack_t *ns, uint32_t index) {
    listener_t *l = &ns->listeners[index];
    tcp_arg(l->pcb, NULL);
    tcp_accept(l->pcb, NULL);
    (void)tcp_close(l->pcb); /* a listening pcb is freed at once */
    while (l->queued > 0)
        tcp_sock_destroy(ns, l->queue[--l->queued]);
    net_pending_fail(&l->accept, CAP_ERR_CANCELLED);
    net_watch_clear(&l->watch);
    *l = (listener_t){.ns = ns};
    slot_table_free(ns->listener_slots, NET_LISTENERS_MAX, index);
}

static cap_err_t op_close(void *ctx) {
    netstack_t *ns = ctx;
    tcp_listener_destroy(ns, ns->facet.index);
    return CAP_OK;
}

static const tcp_listener_server_ops_t listener_ops = {
    .accept = op_accept,
    .try_accept = op_try_accept,
    .watch = op_watch,
    .local_address = op_local_address,
    .close = op_close,
};

cap_err_t tcp_listener_serve(netstack_t *ns, const ipc_msg_t *req, ipc_msg_t *rep) {
    return tcp_listener_dispatch(&listener_ops, ns, req, rep);
}
