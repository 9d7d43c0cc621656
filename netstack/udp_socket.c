/*
 * UDP sockets: UdpAuthority.open makes one (remembering the facet's
 * authority, which decides the ports it may bind); lwIP's receive callback
 * queues datagrams (bounded, the rest dropped) for receive_from.
 */
#include "capos/rt.h"
#include "capos/idl/idl_runtime.h"
#include "capos/idl/net.h"
#include "lwip/pbuf.h"
#include "lwip/udp.h"
#include "netstack.h"

static void complete_receive(udp_sock_t *u) {
    static ipc_msg_t rep;
    static uint8_t data[NET_DATAGRAM_BYTES_MAX];
    uint32_t addr = 0, len = 0;
    uint16_t port = 0;
    if (u->receive.reply == CAP_NULL ||
        !dgram_queue_pop(&u->queue, &addr, &port, data, u->receive.max_bytes, &len))
        return;
    rep = (ipc_msg_t){0};
    capos_idl_writer_t wr;
    capos_idl_write_begin(&wr, &rep);
    capos_idl_put_u32(&wr, addr);
    capos_idl_put_u32(&wr, port);
    capos_idl_put_bytes(&wr, data, len, NET_DATAGRAM_BYTES_MAX);
    capos_idl_reply(&rep, capos_idl_write_end(&wr));
    (void)net_send(u->receive.reply, &rep);
    u->receive.reply = CAP_NULL;
}

static void on_receive(void *arg, struct udp_pcb *pcb, struct pbuf *p, const ip_addr_t *addr,
                       u16_t port) {
    static uint8_t data[NET_DATAGRAM_BYTES_MAX];
    udp_sock_t *u = arg;
    (void)pcb;
    uint16_t len = pbuf_copy_partial(p, data, sizeof(data), 0);
    (void)dgram_queue_push(&u->queue, net_ip_host(addr), port, data, len);
    pbuf_free(p);
    complete_receive(u);
    net_watch_fire(&u->watch);
}

void udp_socks_init(netstack_t *ns) {
    slot_table_init(ns->udp_slots, NET_UDP_SOCKETS_MAX);
    for (uint32_t i = 0; i < NET_UDP_SOCKETS_MAX; i++)
        ns->udp[i] = (udp_sock_t){.ns = ns};
}

/* ---- UdpAuthority ---- */

static cap_err_t op_open(void *ctx, cap_t *socket) {
    netstack_t *ns = ctx;
    uint32_t index;
    if (!slot_table_alloc(ns->udp_slots, NET_UDP_SOCKETS_MAX, &index))
        return CAP_ERR_NO_MEMORY;
    udp_sock_t *u = &ns->udp[index];
    *u = (udp_sock_t){.ns = ns, .authority = ns->facet.authority};
    dgram_queue_init(&u->queue);
    u->pcb = udp_new();
    cap_err_t e =
        u->pcb != NULL ? net_mint(ns, NET_FACET_UDP_SOCKET, index, socket) : CAP_ERR_NO_MEMORY;
    if (e != CAP_OK) {
        if (u->pcb != NULL)
            udp_remove(u->pcb);
        *u = (udp_sock_t){.ns = ns};
        slot_table_free(ns->udp_slots, NET_UDP_SOCKETS_MAX, index);
        return e;
    }
    udp_recv(u->pcb, on_receive, u);
    ns->minted = *socket;
    ns->minted_object = (net_facet_t){.kind = NET_FACET_UDP_SOCKET, .index = index};
    return CAP_OK;
}

static const udp_authority_server_ops_t authority_ops = {.open = op_open};

cap_err_t udp_authority_serve(netstack_t *ns, const ipc_msg_t *req, ipc_msg_t *rep) {
    return udp_authority_dispatch(&authority_ops, ns, req, rep);
}

/* ---- UdpSocket ---- */

static udp_sock_t *current(netstack_t *ns) {
    return &ns->udp[ns->facet.index];
}

static cap_err_t bind_port(udp_sock_t *u, uint32_t port) {
    if (u->bound)
        return CAP_ERR_EXISTS;
    err_t err = udp_bind(u->pcb, IP_ANY_TYPE, (u16_t)port);
    if (err != ERR_OK)
        return err == ERR_USE ? CAP_ERR_EXISTS : CAP_ERR_NO_MEMORY;
    u->bound = true;
    return CAP_OK;
}

static cap_err_t op_bind(void *ctx, uint32_t port) {
    udp_sock_t *u = current(ctx);
    if (!net_may_bind_udp(u->authority, port))
        return CAP_ERR_DENIED;
    return bind_port(u, port);
}

static cap_err_t op_send_to(void *ctx, uint32_t addr, uint32_t port, const uint8_t *data,
                            uint32_t data_len) {
    udp_sock_t *u = current(ctx);
    ip_addr_t ip;
    if (port == 0 || port > 0xffffu)
        return CAP_ERR_BAD_ARGS;
    if (!u->bound) {
        cap_err_t e = bind_port(u, 0);
        if (e != CAP_OK)
            return e;
    }
    struct pbuf *p = pbuf_alloc(PBUF_TRANSPORT, (u16_t)data_len, PBUF_RAM);
    if (p == NULL)
        return CAP_ERR_NO_MEMORY;
    (void)pbuf_take(p, data, (u16_t)data_len);
    net_ip_set(&ip, addr);
    err_t err = udp_sendto(u->pcb, p, &ip, (u16_t)port);
    pbuf_free(p);
    switch (err) {
    case ERR_OK:
        return CAP_OK;
    case ERR_RTE:
        return CAP_ERR_UNAVAILABLE;
    case ERR_MEM:
    case ERR_BUF:
        return CAP_ERR_NO_MEMORY;
    default:
        return CAP_ERR_BAD_ARGS;
    }
}

static cap_err_t receive_common(netstack_t *ns, bool wait, uint32_t max_bytes, uint32_t *addr,
                                uint32_t *port, uint8_t *data, uint32_t data_cap,
                                uint32_t *data_len) {
    udp_sock_t *u = current(ns);
    uint16_t p = 0;
    if (max_bytes == 0)
        return CAP_ERR_BAD_ARGS;
    if (u->receive.reply != CAP_NULL)
        return CAP_ERR_QUEUE_FULL;
    uint32_t max = max_bytes < data_cap ? max_bytes : data_cap;
    if (dgram_queue_pop(&u->queue, addr, &p, data, max, data_len)) {
        *port = p;
        return CAP_OK;
    }
    if (!wait) {
        u->watch.armed = true;
        return CAP_ERR_WOULD_BLOCK;
    }
    net_defer(ns, &u->receive, max);
    return CAP_OK;
}

static cap_err_t op_receive_from(void *ctx, uint32_t max_bytes, uint32_t *addr, uint32_t *port,
                                 uint8_t *data, uint32_t data_cap, uint32_t *data_len) {
    return receive_common(ctx, true, max_bytes, addr, port, data, data_cap, data_len);
}

static cap_err_t op_try_receive_from(void *ctx, uint32_t max_bytes, uint32_t *addr, uint32_t *port,
                                     uint8_t *data, uint32_t data_cap, uint32_t *data_len) {
    return receive_common(ctx, false, max_bytes, addr, port, data, data_cap, data_len);
}

static cap_err_t op_watch(void *ctx, cap_t notification, uint64_t bits) {
    netstack_t *ns = ctx;
    return net_watch_set(ns, &current(ns)->watch, notification, bits);
}

static cap_err_t op_local_address(void *ctx, uint32_t *addr, uint32_t *port) {
    netstack_t *ns = ctx;
    udp_sock_t *u = current(ns);
    *addr = net_ip_host(&ns->netif.ip_addr);
    *port = u->bound ? u->pcb->local_port : 0;
    return CAP_OK;
}

void udp_sock_destroy(netstack_t *ns, uint32_t index) {
    udp_sock_t *u = &ns->udp[index];
    udp_remove(u->pcb);
    net_pending_fail(&u->receive, CAP_ERR_CANCELLED);
    net_watch_clear(&u->watch);
    *u = (udp_sock_t){.ns = ns};
    slot_table_free(ns->udp_slots, NET_UDP_SOCKETS_MAX, index);
}

static cap_err_t op_close(void *ctx) {
    netstack_t *ns = ctx;
    udp_sock_destroy(ns, ns->facet.index);
    return CAP_OK;
}

static const udp_socket_server_ops_t socket_ops = {
    .bind = op_bind,
    .send_to = op_send_to,
    .receive_from = op_receive_from,
    .try_receive_from = op_try_receive_from,
    .watch = op_watch,
    .local_address = op_local_address,
    .close = op_close,
};

cap_err_t udp_socket_serve(netstack_t *ns, const ipc_msg_t *req, ipc_msg_t *rep) {
    return udp_socket_dispatch(&socket_ops, ns, req, rep);
}
