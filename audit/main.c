/*
 * audit: the AuditLog service (see README.md). Glue only: builds its
 * environment from the CapSet and serves the two facets of its endpoint
 * over the pure ring (audit_ring.c).
 */
#include "capos/rt.h"
#include "capos/idl/audit.h"
#include "capos/idl/clock.h"

#include "audit_facet.h"
#include "audit_ring.h"

typedef struct {
    cap_t server; /* receive cap of the endpoint; facets badged AUDIT_BADGE_* */
    cap_t clock;  /* time stamps */
    audit_ring_t ring;
} audit_env_t;

static uint64_t now_ms(const audit_env_t *env) {
    uint64_t ns = 0;
    return clock_now(env->clock, &ns) == CAP_OK ? ns / 1000000u : 0;
}

static cap_err_t op_record(void *ctx, uint32_t kind, uint32_t result, uint64_t subject,
                           const char *detail, uint32_t detail_len) {
    audit_env_t *env = ctx;
    return audit_ring_record(&env->ring, kind, result, subject, detail, detail_len, now_ms(env))
               ? CAP_OK
               : CAP_ERR_BAD_ARGS;
}

static cap_err_t op_read(void *ctx, uint64_t cursor, uint64_t *next, uint64_t *dropped,
                         uint8_t *events, uint32_t events_cap, uint32_t *events_len) {
    audit_env_t *env = ctx;
    return audit_ring_read(&env->ring, cursor, events, events_cap, events_len, next, dropped)
               ? CAP_OK
               : CAP_ERR_BAD_ARGS;
}

static const audit_log_server_ops_t writer_ops = {.record = op_record};
static const log_reader_server_ops_t reader_ops = {.read = op_read};

/* Neither interface takes capabilities: whatever a caller sent is released,
 * so callers cannot fill this service's table. */
static void release_received(const ipc_msg_t *req) {
    for (uint32_t i = 0; i < req->ncaps && i < IPC_MAX_CAPS; i++)
        (void)cap_release(req->caps[i].cap);
}

static cap_err_t dispatch(void *ctx, const ipc_recv_info_t *info, const ipc_msg_t *req,
                          ipc_msg_t *rep) {
    cap_err_t e = audit_facet_check(info->badge, req->label);
    if (e == CAP_OK && (req->label >> 16) == AUDIT_LOG_IFACE_ID)
        e = audit_log_dispatch(&writer_ops, ctx, req, rep);
    else if (e == CAP_OK)
        e = log_reader_dispatch(&reader_ops, ctx, req, rep);
    release_received(req);
    return e;
}

int main(void) {
    static audit_env_t env;
    env.server = rt_cap("server");
    env.clock = rt_cap("clock");
    if (env.server == CAP_NULL || env.clock == CAP_NULL) {
        rt_printf("audit: needs the caps 'server' and 'clock'; not serving\n");
        return 1;
    }
    audit_ring_init(&env.ring);
    rt_printf("audit: serving (ring of %u events)\n", AUDIT_RING_EVENTS);
    cap_err_t e = rt_serve(env.server, dispatch, &env);
    rt_printf("audit: receive failed: %s\n", rt_strerror(e));
    return 1;
}
