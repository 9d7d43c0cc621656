/*
 * The netstack's loop. One receive waits for both the NIC's interrupt (a
 * notification bound to the endpoint) and client calls. Every turn first
 * feeds received frames to lwIP (a bounded batch, so calls are never
 * starved), runs loopback traffic and lwIP's timers, then takes one call;
 * a turn with work left polls instead of blocking. The NIC is told about
 * sent frames in batches, when the loop runs out of work (wait_idle).
 *
 * A call is checked against its badge (net_badge.h) before any op runs;
 * an op that cannot finish keeps the Reply capability (net_defer) and the
 * loop does not answer it. Caps a call brings are released afterwards
 * unless the op kept one, so callers cannot fill the table.
 */
#include "capos/rt.h"
#include "capos/idl/idl_runtime.h"
#include "capos/idl/irq.h"
#include "capos/idl/memory.h"
#include "capos/idl/net.h"
#include "capos/idl/notification.h"
#include "capos/idl/terminal.h"
#include "lwip/init.h"
#include "lwip/timeouts.h"
#include "lwip_port.h"
#include "netif/ethernet.h"
#include "netstack.h"
#include "nic_netif.h"

/* ---- NetTimer ---- */

static cap_err_t op_tick(void *ctx, uint64_t *sleep_ns) {
    netstack_t *ns = ctx;
    uint32_t ms = sys_timeouts_sleeptime();
    uint32_t config_ms = addr_config_sleep_ms(ns);
    if (config_ms < ms)
        ms = config_ms;
    uint64_t v = (uint64_t)ms * 1000000ull;
    *sleep_ns = v < NET_TICK_MIN_NS ? NET_TICK_MIN_NS : v > NET_TICK_MAX_NS ? NET_TICK_MAX_NS : v;
    return CAP_OK;
}

static const net_timer_server_ops_t timer_ops = {.tick = op_tick};

/* ---- one call ---- */

static cap_err_t route(netstack_t *ns, uint32_t iface, const ipc_msg_t *req, ipc_msg_t *rep) {
    switch (iface) {
    case TCP_LISTEN_AUTHORITY_IFACE_ID:
        return tcp_listen_serve(ns, req, rep);
    case TCP_LISTENER_IFACE_ID:
        return tcp_listener_serve(ns, req, rep);
    case TCP_SOCKET_IFACE_ID:
        return tcp_socket_serve(ns, req, rep);
    case TCP_CONNECTOR_IFACE_ID:
        return tcp_connector_serve(ns, req, rep);
    case UDP_AUTHORITY_IFACE_ID:
        return udp_authority_serve(ns, req, rep);
    case UDP_SOCKET_IFACE_ID:
        return udp_socket_serve(ns, req, rep);
    case RESOLVER_IFACE_ID:
        return resolver_serve(ns, req, rep);
    case NET_TIMER_IFACE_ID:
        return net_timer_dispatch(&timer_ops, ns, req, rep);
    case NET_INFO_IFACE_ID:
        return addr_config_dispatch(ns, req, rep);
    case TERMINAL_SESSION_IFACE_ID:
        return tcp_terminal_session_serve(ns, req, rep);
    case TERMINAL_CONTROL_IFACE_ID:
        return tcp_terminal_control_serve(ns, req, rep);
    default:
        return capos_idl_reply(rep, CAP_ERR_BAD_METHOD);
    }
}

/* Does the object a badge names still exist? (Sockets are named only once
 * handed out.) */
static bool object_live(const netstack_t *ns, const net_facet_t *f) {
    switch (f->kind) {
    case NET_FACET_LISTENER:
        return slot_table_live(ns->listener_slots, NET_LISTENERS_MAX, f->index, f->generation);
    case NET_FACET_TCP_SOCKET:
        return slot_table_live(ns->tcp_slots, NET_TCP_SOCKETS_MAX, f->index, f->generation) &&
               ns->tcp[f->index].phase == TCP_OPEN;
    case NET_FACET_TERMINAL:
    case NET_FACET_TERM_CONTROL:
        return slot_table_live(ns->tcp_slots, NET_TCP_SOCKETS_MAX, f->index, f->generation) &&
               ns->tcp[f->index].phase == TCP_TERMINAL;
    case NET_FACET_UDP_SOCKET:
        return slot_table_live(ns->udp_slots, NET_UDP_SOCKETS_MAX, f->index, f->generation);
    default:
        return true;
    }
}

/* The object minted for a reply that could not be delivered: nobody holds
 * it, so it goes. */
static void forget_minted(netstack_t *ns) {
    const net_facet_t *f = &ns->minted_object;
    if (f->kind == NET_FACET_LISTENER)
        tcp_listener_destroy(ns, f->index);
    else if (f->kind == NET_FACET_TCP_SOCKET || f->kind == NET_FACET_TERMINAL)
        tcp_sock_destroy(ns, f->index);
    else if (f->kind == NET_FACET_UDP_SOCKET)
        udp_sock_destroy(ns, f->index);
}

static void release_received(const ipc_msg_t *req, cap_t kept) {
    for (uint32_t i = 0; i < req->ncaps && i < IPC_MAX_CAPS; i++)
        if (req->caps[i].cap != kept)
            (void)cap_release(req->caps[i].cap);
}

static void handle_call(netstack_t *ns, const ipc_msg_t *req, const ipc_recv_info_t *info) {
    static ipc_msg_t rep;
    ns->facet = net_badge_decode(info->badge);
    ns->call_reply = info->reply;
    ns->deferred = false;
    ns->kept_cap = CAP_NULL;
    ns->minted = CAP_NULL;
    rep = (ipc_msg_t){0};
    uint32_t iface = IPC_LABEL_IFACE(req->label);
    cap_err_t e = net_facet_check(&ns->facet, iface);
    if (e == CAP_OK && !object_live(ns, &ns->facet))
        e = CAP_ERR_STALE_CAP;
    if (e == CAP_OK)
        (void)route(ns, iface, req, &rep);
    else
        capos_idl_reply(&rep, e);
    release_received(req, ns->kept_cap);
    if (ns->deferred)
        return;
    if (net_send(info->reply, &rep) != CAP_OK && ns->minted != CAP_NULL)
        forget_minted(ns);
}

/* ---- the loop ---- */

static void kick(netstack_t *ns) {
    cap_err_t e = nic_kick(&ns->nic);
    if (e != CAP_OK)
        rt_printf("netstack: notifying the NIC failed: %s\n", rt_strerror(e));
    ns->tx_waiting_since_us = 0;
}

/* Frames wait for the loop to go idle, but not longer than
 * NET_TX_KICK_DELAY_US: a client that never stops calling (polling with
 * try_ calls) must not hold them back. */
static void kick_if_waited(netstack_t *ns) {
    if (!nic_tx_unannounced(&ns->nic)) {
        ns->tx_waiting_since_us = 0;
        return;
    }
    uint64_t now = lwip_port_now_us() + 1; /* 0 means "nothing waits" */
    if (ns->tx_waiting_since_us == 0)
        ns->tx_waiting_since_us = now;
    else if (now - ns->tx_waiting_since_us >= NET_TX_KICK_DELAY_US)
        kick(ns);
}

/* Frames in, loopback, timers, configuration. True when work is left for
 * the next turn. The receive interrupt stays off while the loop is busy. */
static bool turn(netstack_t *ns) {
    nic_rx_quiet(&ns->nic);
    bool more = nic_netif_input(&ns->netif);
    netif_poll_all();
    sys_check_timeouts();
    addr_config_poll(ns);
    kick_if_waited(ns);
    return more || ns->netif.loop_first != NULL;
}

/* Nothing to do: first let the clients just answered run (they often call
 * again at once, and their frames then go out with these in one kick),
 * then announce the frames, turn the receive interrupt back on and wait.
 * WOULD_BLOCK when frames arrived meanwhile. */
static cap_err_t wait_idle(netstack_t *ns, ipc_msg_t *req, ipc_recv_info_t *info) {
    if (nic_tx_unannounced(&ns->nic)) {
        sys_yield();
        cap_err_t e = sys_recv(ns->env.server, req, info, RECV_NONBLOCK);
        if (e != CAP_ERR_WOULD_BLOCK)
            return e;
    }
    kick(ns);
    if (!nic_rx_arm(&ns->nic))
        return CAP_ERR_WOULD_BLOCK;
    return sys_recv(ns->env.server, req, info, 0);
}

/* The NIC interrupted: reading its status lowers the line, then the line
 * may fire again. The frames are taken by the next turn. */
static void interrupt(netstack_t *ns) {
    uint32_t isr = 0;
    if (nic_interrupt_status(&ns->nic, &isr) != CAP_OK || irq_ack(ns->irq) != CAP_OK)
        rt_printf("netstack: acknowledging the NIC's interrupt failed\n");
}

cap_err_t netstack_serve(netstack_t *ns) {
    static ipc_msg_t req;
    for (;;) {
        bool more = turn(ns);
        ipc_recv_info_t info;
        cap_err_t e = sys_recv(ns->env.server, &req, &info, RECV_NONBLOCK);
        if (e == CAP_ERR_WOULD_BLOCK && !more)
            e = wait_idle(ns, &req, &info);
        if (e == CAP_ERR_WOULD_BLOCK)
            continue;
        if (e != CAP_OK)
            return e;
        if (req.label == IPC_LABEL_NOTIFY) {
            interrupt(ns);
            continue;
        }
        handle_call(ns, &req, &info);
    }
}

/* ---- start-up ---- */

/* The NIC's interrupt (nic_open claimed it from its PciDevice) signals the
 * notification bound to the endpoint. */
static cap_err_t bind_interrupt(netstack_t *ns) {
    ns->irq = ns->nic.irq;
    cap_err_t e = memory_create_notification(ns->env.memory, CAP_SCOPE_SAME_SESSION, &ns->events);
    if (e == CAP_OK)
        e = notification_bind_endpoint(ns->events, ns->env.server);
    if (e == CAP_OK)
        e = irq_bind(ns->irq, ns->events, NET_IRQ_BIT);
    return e;
}

static void init_lwip(netstack_t *ns) {
    lwip_init();
    tcp_socks_init(ns);
    tcp_listeners_init(ns);
    udp_socks_init(ns);
    resolver_init(ns);
    netif_add(&ns->netif, IP4_ADDR_ANY4, IP4_ADDR_ANY4, IP4_ADDR_ANY4, &ns->nic, nic_netif_init,
              netif_input);
    netif_set_default(&ns->netif);
    netif_set_up(&ns->netif);
}

cap_err_t netstack_start(netstack_t *ns, const net_env_t *env) {
    ns->env = *env;
    if (env->server == CAP_NULL || env->memory == CAP_NULL || env->clock == CAP_NULL ||
        env->entropy == CAP_NULL || env->pci == CAP_NULL)
        return CAP_ERR_NOT_FOUND;
    cap_err_t e = lwip_port_init(env->clock, env->entropy);
    if (e == CAP_OK)
        e = nic_open(&ns->nic, env->pci, env->memory);
    if (e == CAP_OK)
        e = bind_interrupt(ns);
    if (e != CAP_OK)
        return e;
    init_lwip(ns);
    const uint8_t *m = ns->nic.mac;
    rt_printf("netstack: virtio-net %02x:%02x:%02x:%02x:%02x:%02x on irq %u, queues %u/%u\n", m[0],
              m[1], m[2], m[3], m[4], m[5], ns->nic.irq_line, ns->nic.rx.size, ns->nic.tx.size);
    addr_config_start(ns);
    return CAP_OK;
}
