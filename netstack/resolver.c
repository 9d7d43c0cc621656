/*
 * Resolver.resolve through lwIP's DNS client (random ids and source ports,
 * one query per name in flight). Address literals and cached names answer
 * at once; other calls wait in one of NET_RESOLVES_MAX slots.
 */
#include "capos/rt.h"
#include "capos/idl/idl_runtime.h"
#include "capos/idl/net.h"
#include "lwip/dns.h"
#include "netstack.h"

static void on_found(const char *name, const ip_addr_t *ip, void *arg) {
    static ipc_msg_t rep;
    resolve_t *r = arg;
    (void)name;
    if (r->call.reply == CAP_NULL)
        return;
    rep = (ipc_msg_t){0};
    cap_err_t e = CAP_ERR_NOT_FOUND;
    if (ip != NULL) {
        capos_idl_writer_t wr;
        capos_idl_write_begin(&wr, &rep);
        capos_idl_put_u32(&wr, net_ip_host(ip));
        e = capos_idl_write_end(&wr);
    }
    capos_idl_reply(&rep, e);
    (void)net_send(r->call.reply, &rep);
    r->call.reply = CAP_NULL;
}

void resolver_init(netstack_t *ns) {
    for (uint32_t i = 0; i < NET_RESOLVES_MAX; i++)
        ns->resolves[i] = (resolve_t){.ns = ns};
}

static resolve_t *free_slot(netstack_t *ns) {
    for (uint32_t i = 0; i < NET_RESOLVES_MAX; i++)
        if (ns->resolves[i].call.reply == CAP_NULL)
            return &ns->resolves[i];
    return NULL;
}

static cap_err_t op_resolve(void *ctx, const char *name, uint32_t name_len, uint32_t *addr) {
    netstack_t *ns = ctx;
    ip_addr_t ip;
    resolve_t *r = free_slot(ns);
    if (name_len == 0 || name_len >= sizeof(r->name))
        return CAP_ERR_BAD_ARGS;
    if (r == NULL)
        return CAP_ERR_UNAVAILABLE;
    memcpy(r->name, name, name_len);
    r->name[name_len] = '\0';
    if (ip4addr_aton(r->name, ip_2_ip4(&ip))) {
        *addr = net_ip_host(&ip);
        return CAP_OK;
    }
    if (ip_addr_isany(dns_getserver(0)))
        return CAP_ERR_UNAVAILABLE;
    /* Deferred before asking: lwIP may call on_found before returning. */
    net_defer(ns, &r->call, 0);
    err_t err = dns_gethostbyname(r->name, &ip, on_found, r);
    if (r->call.reply == CAP_NULL || err == ERR_INPROGRESS)
        return CAP_OK; /* answered already, or on_found will */
    r->call.reply = CAP_NULL;
    ns->deferred = false;
    switch (err) {
    case ERR_OK:
        *addr = net_ip_host(&ip);
        return CAP_OK;
    case ERR_ARG:
        return CAP_ERR_BAD_ARGS;
    default:
        return CAP_ERR_UNAVAILABLE;
    }
}

static const resolver_server_ops_t ops = {.resolve = op_resolve};

cap_err_t resolver_serve(netstack_t *ns, const ipc_msg_t *req, ipc_msg_t *rep) {
    return resolver_dispatch(&ops, ns, req, rep);
}
