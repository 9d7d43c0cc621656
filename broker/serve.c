/* The receive loop: one call at a time, routed by badge (facet_route.c),
 * then every capability the call received and did not keep is released,
 * and every capability made for a reply that did not leave is released, so
 * no caller can fill the broker's capability table. */
#include "broker.h"
#include "facet_route.h"

void broker_keep(broker_call_t *call, cap_t cap) {
    if (call->nkept < IPC_MAX_CAPS)
        call->kept[call->nkept++] = cap;
}

void broker_made(broker_call_t *call, cap_t cap) {
    if (call->nmade < IPC_MAX_CAPS)
        call->made[call->nmade++] = cap;
}

static bool was_kept(const broker_call_t *call, cap_t cap) {
    for (uint32_t i = 0; i < call->nkept; i++)
        if (call->kept[i] == cap)
            return true;
    return false;
}

static void release_received(const broker_call_t *call, const ipc_msg_t *req) {
    for (uint32_t i = 0; i < req->ncaps && i < IPC_MAX_CAPS; i++)
        if (!was_kept(call, req->caps[i].cap))
            (void)cap_release(req->caps[i].cap);
}

static cap_err_t handle(broker_call_t *call, const ipc_recv_info_t *info, const ipc_msg_t *req,
                        ipc_msg_t *rep) {
    facet_route_t route = ROUTE_SHELL;
    cap_err_t e = facet_route(info->badge, req->label, &route, &call->facet);
    if (e != CAP_OK)
        return e;
    switch (route) {
    case ROUTE_SHELL:
        return authority_broker_dispatch(&broker_shell_ops, call, req, rep);
    case ROUTE_SESSIOND:
        return authority_broker_dispatch(&broker_sessiond_ops, call, req, rep);
    case ROUTE_ISSUED:
        return broker_issued_call(call, req, rep);
    }
    return CAP_ERR_NO_RIGHTS;
}

/* Sends rep. Caps in a reply that could not be delivered are still ours
 * (the kernel rolls the transfer back): release them, and tell a caller
 * that is still waiting why. */
static void send_reply(cap_t reply, ipc_msg_t *rep) {
    cap_err_t sent = sys_reply(reply, rep);
    if (sent == CAP_OK)
        return;
    for (uint32_t i = 0; i < rep->ncaps && i < IPC_MAX_CAPS; i++)
        (void)cap_release(rep->caps[i].cap);
    if (sent == CAP_ERR_BROKEN)
        return; /* the caller is gone; the kernel dropped the reply cap */
    *rep = (ipc_msg_t){.label = sent};
    if (sys_reply(reply, rep) != CAP_OK)
        (void)cap_release(reply);
}

int broker_serve(broker_t *b) {
    static ipc_msg_t req, rep;
    for (;;) {
        ipc_recv_info_t info;
        cap_err_t e = sys_recv(b->server, &req, &info, 0);
        if (e != CAP_OK) {
            rt_printf("broker: receive failed: %s\n", rt_strerror(e));
            return 1;
        }
        broker_call_t call = {.b = b};
        if (info.reply == CAP_NULL) { /* an event, not a call: nothing to answer */
            release_received(&call, &req);
            continue;
        }
        rep = (ipc_msg_t){0};
        cap_err_t status = handle(&call, &info, &req, &rep);
        rep.label = status;
        if (status != CAP_OK) {
            rep.len = 0;
            rep.ncaps = 0;
            for (uint32_t i = 0; i < call.nmade; i++)
                (void)cap_release(call.made[i]);
        }
        release_received(&call, &req);
        send_reply(info.reply, &rep);
    }
}
