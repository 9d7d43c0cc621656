/* ProcessHandle: wait for a child's exit code, poll it, or terminate the
 * child (needs CONTROL). The handle outlives the process. */
#include "kinvoke.h"
#include "capos/idl/process.h"

void process_handle_destroy(process_handle_t *h) {
    kfree(h);
}

void process_handle_exited(process_handle_t *h, int64_t code) {
    h->exited = true;
    h->code = code;
    h->proc = NULL;
    while (!list_empty(&h->waiters))
        sched_wake(CONTAINER_OF(h->waiters.next, proc_t, wait_link));
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

static const process_handle_server_ops_t ops = {
    .wait = op_wait,
    .terminate = op_terminate,
    .poll = op_poll,
};

cap_err_t process_invoke(kctx_t *k, const ipc_msg_t *req, ipc_msg_t *rep) {
    return process_handle_dispatch(&ops, k, req, rep);
}
