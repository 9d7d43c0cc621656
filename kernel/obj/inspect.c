/* SystemInspect: read-only counts of live kernel objects (processes, live
 * sessions, endpoints, notifications) and free frames, for inspection, leak
 * tests and memory measurements. It
 * names no object and discloses nothing else. */
#include "kinvoke.h"
#include "capos/idl/inspect.h"

kobject_t inspect_object = {CAP_TYPE_INSPECT, 1, NULL};

static cap_err_t op_counts(void *ctx, uint32_t *processes, uint32_t *sessions, uint32_t *endpoints,
                           uint32_t *notifications) {
    (void)ctx;
    *processes = kernel.live_procs;
    *sessions = session_live_count();
    *endpoints = kernel.live_endpoints;
    *notifications = kernel.live_notifications;
    return CAP_OK;
}

static cap_err_t op_memory(void *ctx, uint64_t *free_frames) {
    (void)ctx;
    *free_frames = kernel.frames_free;
    return CAP_OK;
}

static const system_inspect_server_ops_t ops = {.counts = op_counts, .memory = op_memory};

cap_err_t inspect_invoke(kctx_t *k, const ipc_msg_t *req, ipc_msg_t *rep) {
    return system_inspect_dispatch(&ops, k, req, rep);
}
