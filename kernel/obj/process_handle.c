/* ProcessHandle: wait for a child's exit code, poll it, watch for the exit
 * with a notification, or terminate the child (needs CONTROL). The handle
 * outlives the process. */
#include "kinvoke.h"
#include "capos/idl/process.h"

/* Drops the watch without signalling it. */
static void watch_clear(process_handle_t *h) {
    if (h->watch)
        kobject_unref(&h->watch->ko);
    h->watch = NULL;
    h->watch_bits = 0;
}

void process_handle_destroy(process_handle_t *h) {
    watch_clear(h);
    kfree(h);
}

/* The exiting process's reference keeps the handle alive until here, so a
 * watch set through a since released handle still fires. */
void process_handle_exited(process_handle_t *h, int64_t code) {
    h->exited = true;
    h->code = code;
    h->proc = NULL;
    while (!list_empty(&h->waiters))
        sched_wake(CONTAINER_OF(h->waiters.next, proc_t, wait_link));
    if (h->watch)
        notification_signal_bits(h->watch, h->watch_bits);
    watch_clear(h);
}

static cap_err_t op_wait(void *ctx, int64_t *code) {
    kctx_t *k = ctx;
    process_handle_t *h = (process_handle_t *)k->hold.obj;
    kobject_ref(&h->ko);
    while (!h->exited) {
        sched_block(WAIT_PROC, &h->waiters);
        if (kernel.current->killed) {
            kobject_unref(&h->ko);
            proc_exit(EXIT_KILLED);
        }
    }
    *code = h->code;
    kobject_unref(&h->ko);
    return CAP_OK;
}

static cap_err_t op_poll(void *ctx, uint32_t *exited, int64_t *code) {
    kctx_t *k = ctx;
    process_handle_t *h = (process_handle_t *)k->hold.obj;
    *exited = h->exited;
    *code = h->exited ? h->code : 0;
    return CAP_OK;
}

static cap_err_t op_terminate(void *ctx) {
    kctx_t *k = ctx;
    process_handle_t *h = (process_handle_t *)k->hold.obj;
    if (!(k->hold.rights & CAP_RIGHT_CONTROL))
        return CAP_ERR_NO_RIGHTS;
    if (h->exited)
        return CAP_OK;
    if (h->proc == k->proc)
        proc_exit(EXIT_KILLED);
    proc_kill(h->proc);
    return CAP_OK;
}

/* Signal bits on the notification (WRITE needed) at exit, or at once when
 * the process has exited already. One watch per handle: a later one
 * replaces it. The handle keeps a reference to the notification until the
 * watch fires or is replaced, or the handle goes away. */
static cap_err_t op_watch(void *ctx, cap_t ncap, uint64_t bits) {
    kctx_t *k = ctx;
    process_handle_t *h = (process_handle_t *)k->hold.obj;
    cap_slot_t *s;
    cap_err_t e = cap_lookup_typed(k->proc->caps, ncap, CAP_TYPE_NOTIFICATION, CAP_RIGHT_WRITE, &s);
    if (e != CAP_OK)
        return e;
    if (bits == 0)
        return CAP_ERR_BAD_ARGS;
    notification_t *n = (notification_t *)s->hold.obj;
    watch_clear(h);
    if (h->exited) {
        notification_signal_bits(n, bits);
        return CAP_OK;
    }
    kobject_ref(&n->ko);
    h->watch = n;
    h->watch_bits = bits;
    return CAP_OK;
}

static const process_handle_server_ops_t ops = {
    .wait = op_wait,
    .terminate = op_terminate,
    .poll = op_poll,
    .watch = op_watch,
};

cap_err_t process_invoke(kctx_t *k, const ipc_msg_t *req, ipc_msg_t *rep) {
    return process_handle_dispatch(&ops, k, req, rep);
}
