/* Clock: monotonic nanoseconds since boot, sleeping, and the TSC rate. */
#include "kinvoke.h"
#include "capos/idl/clock.h"

kobject_t clock_object = {CAP_TYPE_CLOCK, 1, NULL};

static cap_err_t op_now(void *ctx, uint64_t *ns) {
    (void)ctx;
    *ns = clock_now_ns();
    return CAP_OK;
}

static cap_err_t op_sleep(void *ctx, uint64_t ns) {
    (void)ctx;
    uint64_t now = clock_now_ns();
    uint64_t until = ns > UINT64_MAX - now ? UINT64_MAX : now + ns;
    while (clock_now_ns() < until) {
        sched_sleep_until(until);
        if (kernel.current->killed)
            proc_exit(EXIT_KILLED);
    }
    return CAP_OK;
}

static cap_err_t op_tsc_hz(void *ctx, uint64_t *hz) {
    (void)ctx;
    *hz = kernel.tsc_hz;
    return CAP_OK;
}

static const clock_server_ops_t ops = {.now = op_now, .sleep = op_sleep, .tsc_hz = op_tsc_hz};

cap_err_t clock_invoke(kctx_t *k, const ipc_msg_t *req, ipc_msg_t *rep) {
    return clock_dispatch(&ops, k, req, rep);
}
