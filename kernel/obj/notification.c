/* Notification: a word of event bits. signal ORs bits in and wakes waiters;
 * wait blocks until bits are set and takes them all; wait_until does the
 * same with a deadline in clock_now_ns() time (0 bits when it passes). */
#include "objects.h"
#include "kinvoke.h"
#include "capos/idl/notification.h"

cap_err_t notification_create(notification_t **out) {
    notification_t *n = kzalloc(sizeof(*n));
    if (!n)
        return CAP_ERR_NO_MEMORY;
    kobject_init(&n->ko, CAP_TYPE_NOTIFICATION);
    list_init(&n->waiters);
    kernel.live_notifications++;
    *out = n;
    return CAP_OK;
}

void notification_destroy(notification_t *n) {
    kernel.live_notifications--;
    kfree(n);
}

/* Bits are taken by waiters first, else by a receiver on the bound endpoint. */
void notification_signal_bits(notification_t *n, uint64_t bits) {
    n->bits |= bits;
    while (n->bits && !list_empty(&n->waiters))
        sched_wake(CONTAINER_OF(n->waiters.next, proc_t, wait_link));
    if (n->bits && n->bound && !list_empty(&n->bound->receivers))
        sched_wake(CONTAINER_OF(n->bound->receivers.next, proc_t, wait_link));
}

static cap_err_t op_bind_endpoint(void *ctx, cap_t epcap) {
    kctx_t *k = ctx;
    notification_t *n = (notification_t *)k->hold.obj;
    cap_slot_t *s;
    if (!(k->hold.rights & CAP_RIGHT_READ))
        return CAP_ERR_NO_RIGHTS;
    cap_err_t e = cap_lookup_typed(k->proc->caps, epcap, CAP_TYPE_ENDPOINT, CAP_RIGHT_RECV, &s);
    if (e != CAP_OK)
        return e;
    endpoint_t *ep = (endpoint_t *)s->hold.obj;
    if (n->bound || ep->bound)
        return CAP_ERR_EXISTS;
    /* each keeps the other alive; endpoint_destroy cannot run while bound */
    n->bound = ep;
    ep->bound = n;
    kobject_ref(&n->ko);
    return CAP_OK;
}

/* Replaces the endpoint's watch: each call queued on it signals bits here
 * (bits 0 ends the watch). The endpoint keeps the notification alive. */
static cap_err_t op_watch_endpoint(void *ctx, cap_t epcap, uint64_t bits) {
    kctx_t *k = ctx;
    notification_t *n = (notification_t *)k->hold.obj;
    cap_slot_t *s;
    if (!(k->hold.rights & CAP_RIGHT_WRITE))
        return CAP_ERR_NO_RIGHTS;
    cap_err_t e = cap_lookup_typed(k->proc->caps, epcap, CAP_TYPE_ENDPOINT, CAP_RIGHT_RECV, &s);
    if (e != CAP_OK)
        return e;
    endpoint_t *ep = (endpoint_t *)s->hold.obj;
    if (ep->watch)
        kobject_unref(&ep->watch->ko);
    ep->watch = bits ? n : NULL;
    ep->watch_bits = bits;
    if (bits) {
        kobject_ref(&n->ko);
        if (ep->queued)
            notification_signal_bits(n, bits);
    }
    return CAP_OK;
}

static cap_err_t op_signal(void *ctx, uint64_t bits) {
    kctx_t *k = ctx;
    if (!(k->hold.rights & CAP_RIGHT_WRITE))
        return CAP_ERR_NO_RIGHTS;
    notification_signal_bits((notification_t *)k->hold.obj, bits);
    return CAP_OK;
}

static cap_err_t op_poll(void *ctx, uint64_t *bits) {
    kctx_t *k = ctx;
    if (!(k->hold.rights & CAP_RIGHT_READ))
        return CAP_ERR_NO_RIGHTS;
    notification_t *n = (notification_t *)k->hold.obj;
    *bits = n->bits;
    n->bits = 0;
    return CAP_OK;
}

#define NO_DEADLINE UINT64_MAX

/* Blocks until bits are pending or the deadline passes (NO_DEADLINE: never),
 * then takes whatever is pending: 0 only when the deadline came first. */
static cap_err_t take_bits(kctx_t *k, uint64_t deadline_ns, uint64_t *bits) {
    if (!(k->hold.rights & CAP_RIGHT_READ))
        return CAP_ERR_NO_RIGHTS;
    notification_t *n = (notification_t *)k->hold.obj;
    kobject_ref(&n->ko); /* the caller could drop its cap only by exiting */
    while (!n->bits && (deadline_ns == NO_DEADLINE || clock_now_ns() < deadline_ns)) {
        if (deadline_ns == NO_DEADLINE)
            sched_block(WAIT_NOTIFY, &n->waiters);
        else
            sched_block_until(WAIT_NOTIFY, &n->waiters, deadline_ns);
        if (kernel.current->killed) {
            kobject_unref(&n->ko);
            proc_exit(EXIT_KILLED);
        }
    }
    *bits = n->bits;
    n->bits = 0;
    kobject_unref(&n->ko);
    return CAP_OK;
}

static cap_err_t op_wait(void *ctx, uint64_t *bits) {
    return take_bits(ctx, NO_DEADLINE, bits);
}

/* A deadline of UINT64_MAX is as good as none. */
static cap_err_t op_wait_until(void *ctx, uint64_t deadline_ns, uint64_t *bits) {
    return take_bits(ctx, deadline_ns, bits);
}

static const notification_server_ops_t ops = {
    .signal = op_signal,
    .wait = op_wait,
    .poll = op_poll,
    .bind_endpoint = op_bind_endpoint,
    .wait_until = op_wait_until,
    .watch_endpoint = op_watch_endpoint,
};

cap_err_t notification_invoke(kctx_t *k, const ipc_msg_t *req, ipc_msg_t *rep) {
    return notification_dispatch(&ops, k, req, rep);
}
