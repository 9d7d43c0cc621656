/*
 * The receive loop: one call at a time, checked against the caller's facet
 * (its badge), dispatched by the generated CredentialStore dispatcher, then
 * every trace of the call's secrets is scrubbed: the request (passwords,
 * token secrets), the reply (issued tokens) and the stack the handlers ran
 * on.
 */
#include <stdio.h>

#include <sodium.h>

#include "capos/rt.h"
#include "cred_facet.h"
#include "credstore.h"

#define STACK_SCRUB_BYTES 8192u

/* Overwrites the stack below the caller, where the handlers' locals were. */
static __attribute__((noinline)) void scrub_stack(void) {
    uint8_t area[STACK_SCRUB_BYTES];
    sodium_memzero(area, sizeof(area));
    __asm__ __volatile__("" : : "r"(area) : "memory");
}

/* No method takes capabilities: whatever a caller sent is released, so
 * callers cannot fill this service's table. */
static void release_received(const ipc_msg_t *req) {
    for (uint32_t i = 0; i < req->ncaps && i < IPC_MAX_CAPS; i++)
        (void)cap_release(req->caps[i].cap);
}

static void handle(credstore_t *cs, const ipc_recv_info_t *info, ipc_msg_t *req, ipc_msg_t *rep) {
    sodium_memzero(rep, sizeof(*rep));
    cap_err_t e = cred_facet_check(info->badge, req->label);
    if (e == CAP_OK)
        credential_store_dispatch(&credstore_ops, cs, req, rep);
    else
        rep->label = e;
    release_received(req);
    sodium_memzero(req, sizeof(*req));
}

int credstore_serve(credstore_t *cs) {
    static ipc_msg_t req, rep;
    for (;;) {
        ipc_recv_info_t info;
        cap_err_t e = sys_recv(cs->server, &req, &info, 0);
        if (e != CAP_OK) {
            printf("credstore: receive failed (error %d); stopping\n", (int)e);
            return 1;
        }
        if (info.reply == CAP_NULL) { /* an event, not a call: nothing to answer */
            release_received(&req);
            continue;
        }
        handle(cs, &info, &req, &rep);
        e = sys_reply(info.reply, &rep);
        if (e != CAP_OK && e != CAP_ERR_BROKEN)
            (void)cap_release(info.reply);
        sodium_memzero(&rep, sizeof(rep));
        scrub_stack();
    }
}
