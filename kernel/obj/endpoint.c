/* Endpoint objects. An endpoint is alive while some hold (in a table or in
 * flight) carries RECV; when the last one goes, every queued caller is failed
 * with BROKEN and later calls fail at once. */
#include "objects.h"
#include "../ipc/ipc.h"

#define ENDPOINT_DEFAULT_QUEUE 16u
#define ENDPOINT_MAX_QUEUE 256u /* a caller queues one call at a time: bounded by the processes */

cap_err_t endpoint_create(uint32_t queue_limit, endpoint_t **out) {
    if (queue_limit > ENDPOINT_MAX_QUEUE)
        return CAP_ERR_BAD_ARGS;
    endpoint_t *ep = kzalloc(sizeof(*ep));
    if (!ep)
        return CAP_ERR_NO_MEMORY;
    kobject_init(&ep->ko, CAP_TYPE_ENDPOINT);
    ep->scope_id = ++kernel.next_endpoint_scope;
    ep->queue_limit = queue_limit ? queue_limit : ENDPOINT_DEFAULT_QUEUE;
    ep->recv_holds = 1; /* the creation hold carries RECV */
    list_init(&ep->senders);
    list_init(&ep->receivers);
    kernel.live_endpoints++;
    *out = ep;
    return CAP_OK;
}

void endpoint_recv_holds_changed(endpoint_t *ep, int delta) {
    ep->recv_holds += delta;
    if (ep->recv_holds || ep->dead)
        return;
    ep->dead = true;
    while (!list_empty(&ep->senders))
        ipc_fail_sender(CONTAINER_OF(ep->senders.next, proc_t, wait_link), CAP_ERR_BROKEN);
}

void endpoint_destroy(endpoint_t *ep) {
    if (ep->bound) {
        ep->bound->bound = NULL;
        kobject_unref(&ep->bound->ko);
    }
    if (ep->watch)
        kobject_unref(&ep->watch->ko);
    kernel.live_endpoints--;
    kfree(ep);
}

void reply_destroy(reply_t *r) {
    proc_t *c = r->caller;
    if (c) { /* dropped unanswered: the caller must not hang */
        c->ipc.reply = NULL;
        c->ipc.result = CAP_ERR_BROKEN;
        sched_wake(c);
    }
    kfree(r);
}
