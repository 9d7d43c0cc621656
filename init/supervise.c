/* Supervision: init's only server loop. Every INIT_TICK_NS it takes any
 * queued ShutdownControl call (non-blocking receive) and polls the services
 * still running; no kernel object reports a child's exit, so polling is how
 * init notices a service that died. It returns when shutdown is requested
 * or when no service is left running. */
#include "capos/idl/clock.h"
#include "capos/idl/shutdown.h"
#include "init.h"

typedef struct {
    bool requested;
} control_t;

static cap_err_t op_shutdown(void *ctx) {
    ((control_t *)ctx)->requested = true;
    return CAP_OK;
}

static const shutdown_control_server_ops_t control_ops = {.shutdown = op_shutdown};

/* The service a shutdown facet was granted to (badge = index + 1). */
static const char *requester(const init_state_t *st, uint64_t badge) {
    if (badge >= 1 && badge <= st->sys.nservices)
        return st->sys.services[badge - 1].name;
    return "(unknown holder)";
}

/* Handles one received call; true (keeping the reply cap in *reply) when it
 * is a valid shutdown request, else answers it at once. ShutdownControl
 * takes no capabilities: any a caller sends along are dropped, so no holder
 * can fill init's capability table. */
static bool handle_call(init_state_t *st, const ipc_msg_t *req, const ipc_recv_info_t *info,
                        cap_t *reply) {
    static ipc_msg_t rep;
    control_t control = {false};
    rep = (ipc_msg_t){0};
    cap_err_t status = shutdown_control_dispatch(&control_ops, &control, req, &rep);
    for (uint32_t i = 0; i < req->ncaps && i < IPC_MAX_CAPS; i++)
        (void)cap_release(req->caps[i].cap);
    if (status == CAP_OK && control.requested) {
        rt_printf("init: shutdown requested by '%s'\n", requester(st, info->badge));
        *reply = info->reply;
        return true;
    }
    rep.label = status;
    if (sys_reply(info->reply, &rep) != CAP_OK)
        (void)cap_release(info->reply);
    return false;
}

void init_supervise(init_state_t *st, cap_t *reply) {
    static ipc_msg_t req;
    lifecycle_ops_t ops;
    init_lifecycle_ops(st, &ops);
    *reply = CAP_NULL;
    for (;;) {
        ipc_recv_info_t info;
        cap_err_t e = sys_recv(st->control, &req, &info, RECV_NONBLOCK);
        if (e == CAP_OK && info.reply != CAP_NULL && handle_call(st, &req, &info, reply))
            return;
        if (e == CAP_OK)
            continue;
        if (e != CAP_ERR_WOULD_BLOCK) {
            rt_printf("init: ShutdownControl receive failed: %s, shutting down\n", rt_strerror(e));
            return;
        }
        if (lifecycle_poll(&st->lc, &ops) == 0) {
            rt_printf("init: no service is running any more, shutting down\n");
            return;
        }
        if ((e = clock_sleep(st->env->clock, INIT_TICK_NS)) != CAP_OK) {
            rt_printf("init: clock sleep failed: %s, shutting down\n", rt_strerror(e));
            return;
        }
    }
}
