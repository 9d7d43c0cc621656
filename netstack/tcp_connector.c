/*
 * Outgoing connections: TcpConnector.connect makes a socket in the
 * CONNECTING phase and answers once lwIP reports the handshake's end.
 */
#include "capos/rt.h"
#include "capos/idl/idl_runtime.h"
#include "capos/idl/net.h"
#include "lwip/tcp.h"
#include "netstack.h"

/* Answers the waiting connect with the socket, or with status and ends
 * the socket. Returns true when the socket (and its pcb) is gone. */
static bool complete(tcp_sock_t *s, cap_err_t status) {
    static ipc_msg_t rep;
    netstack_t *ns = s->ns;
    uint32_t index = (uint32_t)(s - ns->tcp);
    cap_t cap = CAP_NULL;
    cap_err_t e = status;
    if (e == CAP_OK)
        e = net_mint(ns, NET_FACET_TCP_SOCKET, index, &cap);
    rep = (ipc_msg_t){0};
    if (e == CAP_OK) {
        capos_idl_writer_t wr;
        capos_idl_write_begin(&wr, &rep);
        capos_idl_put_cap(&wr, cap, IPC_CAP_MOVE);
        e = capos_idl_write_end(&wr);
    }
    capos_idl_reply(&rep, e);
    cap_err_t sent = net_send(s->write.reply, &rep);
    s->write.reply = CAP_NULL;
    if (e == CAP_OK && sent == CAP_OK) {
        s->phase = TCP_OPEN;
        return false;
    }
    tcp_sock_destroy(ns, index);
    return true;
}

void tcp_connector_complete(tcp_sock_t *s, cap_err_t status) {
    (void)complete(s, status);
}

static err_t on_connected(void *arg, struct tcp_pcb *pcb, err_t err) {
    tcp_sock_t *s = arg;
    (void)pcb;
    if (err != ERR_OK)
        return complete(s, CAP_ERR_UNAVAILABLE) ? ERR_ABRT : ERR_OK;
    tcp_sock_established(s);
    return complete(s, CAP_OK) ? ERR_ABRT : ERR_OK;
}

static cap_err_t op_connect(void *ctx, uint32_t addr, uint32_t port, cap_t *socket) {
    netstack_t *ns = ctx;
    uint32_t index;
    ip_addr_t ip;
    (void)socket; /* answered by complete() */
    if (addr == 0 || port == 0 || port > 0xffffu)
        return CAP_ERR_BAD_ARGS;
    struct tcp_pcb *pcb = tcp_new();
    if (pcb == NULL)
        return CAP_ERR_NO_MEMORY;
    if (!tcp_sock_create(ns, pcb, TCP_CONNECTING, &index)) {
        (void)tcp_close(pcb);
        return CAP_ERR_NO_MEMORY;
    }
    net_ip_set(&ip, addr);
    err_t err = tcp_connect(pcb, &ip, (u16_t)port, on_connected);
    if (err != ERR_OK) {
        tcp_sock_destroy(ns, index);
        return err == ERR_RTE ? CAP_ERR_UNAVAILABLE : CAP_ERR_NO_MEMORY;
    }
    net_defer(ns, &ns->tcp[index].write, 0);
    return CAP_OK;
}

static const tcp_connector_server_ops_t ops = {.connect = op_connect};

cap_err_t tcp_connector_serve(netstack_t *ns, const ipc_msg_t *req, ipc_msg_t *rep) {
    return tcp_connector_dispatch(&ops, ns, req, rep);
}
