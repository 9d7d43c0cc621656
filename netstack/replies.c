/* Deferred replies, watches and minted capabilities (contracts in
 * netstack.h). */
#include "capos/rt.h"
#include "capos/idl/idl_runtime.h"
#include "capos/idl/notification.h"
#include "netstack.h"

void net_defer(netstack_t *ns, pending_t *p, uint32_t max_bytes) {
    p->reply = ns->call_reply;
    p->max_bytes = max_bytes;
    ns->deferred = true;
}

cap_err_t net_send(cap_t reply, ipc_msg_t *rep) {
    cap_err_t e = sys_reply(reply, rep);
    if (e == CAP_OK)
        return CAP_OK;
    /* The caller is gone or cannot take the caps: they stay ours. */
    (void)cap_release(reply);
    for (uint32_t i = 0; i < rep->ncaps && i < IPC_MAX_CAPS; i++)
        (void)cap_release(rep->caps[i].cap);
    return e;
}

void net_pending_fail(pending_t *p, cap_err_t status) {
    static ipc_msg_t rep;
    if (p->reply == CAP_NULL)
        return;
    rep = (ipc_msg_t){0};
    capos_idl_reply(&rep, status);
    (void)net_send(p->reply, &rep);
    p->reply = CAP_NULL;
}

static uint32_t object_generation(const netstack_t *ns, net_facet_kind_t kind, uint32_t index) {
    switch (kind) {
    case NET_FACET_LISTENER:
        return ns->listener_slots[index].generation;
    case NET_FACET_TCP_SOCKET:
    case NET_FACET_TERMINAL:
    case NET_FACET_TERM_CONTROL:
        return ns->tcp_slots[index].generation;
    default:
        return ns->udp_slots[index].generation;
    }
}

/* Callers may pass the cap on (a gateway hands a connection to a session)
 * and call it; nothing else. */
cap_err_t net_mint(netstack_t *ns, net_facet_kind_t kind, uint32_t index, cap_t *out) {
    uint64_t badge = net_badge_object(kind, index, object_generation(ns, kind, index));
    return cap_derive(ns->env.server, CAP_RIGHT_CALL | CAP_RIGHT_TRANSFER,
                      CAP_SCOPE_CROSS_SESSION_SHAREABLE, 0, badge, out);
}

cap_err_t net_watch_set(netstack_t *ns, watch_t *w, cap_t notification, uint64_t bits) {
    cap_info_t info;
    if (bits == 0)
        return CAP_ERR_BAD_ARGS;
    cap_err_t e = cap_info(notification, &info);
    if (e != CAP_OK)
        return e;
    if (info.type != CAP_TYPE_NOTIFICATION)
        return CAP_ERR_WRONG_TYPE;
    if (!(info.rights & CAP_RIGHT_WRITE))
        return CAP_ERR_NO_RIGHTS;
    net_watch_clear(w);
    *w = (watch_t){.notification = notification, .bits = bits, .armed = true};
    ns->kept_cap = notification;
    return CAP_OK;
}

void net_watch_fire(watch_t *w) {
    if (!w->armed || w->notification == CAP_NULL)
        return;
    w->armed = false;
    if (notification_signal(w->notification, w->bits) != CAP_OK)
        net_watch_clear(w); /* the client's notification is gone */
}

void net_watch_clear(watch_t *w) {
    if (w->notification != CAP_NULL)
        (void)cap_release(w->notification);
    *w = (watch_t){0};
}

uint32_t net_ip_host(const ip_addr_t *ip) {
    return lwip_ntohl(ip4_addr_get_u32(ip_2_ip4(ip)));
}

void net_ip_set(ip_addr_t *ip, uint32_t host_order) {
    ip4_addr_set_u32(ip_2_ip4(ip), lwip_htonl(host_order));
}
