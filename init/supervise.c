/* Supervision: init's only server loop. Every INIT_TICK_NS it takes any
 * queued ShutdownControl or SystemStatus call (non-blocking receive; the two
 * interfaces are facets of one endpoint told apart by badge) and polls the services
 * still running; no kernel object reports a child's exit, so polling is how
 * init notices a service that died. It returns when shutdown is requested
 * or when no service is left running. */
#include "capos/idl/clock.h"
#include "capos/idl/shutdown.h"
#include "capos/idl/system_status.h"
#include "init.h"

typedef struct {
    const init_state_t *st;
    bool requested;
} control_t;

static cap_err_t op_shutdown(void *ctx) {
    ((control_t *)ctx)->requested = true;
    return CAP_OK;
}

static cap_err_t op_service(void *ctx, uint32_t index, uint32_t *total, char *name,
                            uint32_t name_cap, uint32_t *name_len, uint32_t *state,
                            int64_t *exit_code) {
    const lifecycle_t *lc = &((control_t *)ctx)->st->lc;
    *total = lc->count;
    if (index >= lc->count)
        return CAP_ERR_NOT_FOUND;
    const lc_entry_t *e = &lc->entries[index];
    uint32_t n = (uint32_t)strlen(e->name);
    if (n > name_cap)
        n = name_cap;
    memcpy(name, e->name, n);
    *name_len = n;
    *state = (uint32_t)e->state;
    *exit_code = e->state == LC_EXITED || e->state == LC_STOPPED ? e->code : 0;
    return CAP_OK;
}

static const shutdown_control_server_ops_t control_ops = {.shutdown = op_shutdown};
static const system_status_server_ops_t status_ops = {.service = op_service};

/* The service a facet was granted to (badge = index + 1, plus
 * INIT_STATUS_BADGE for SystemStatus facets). */
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
    control_t control = {st, false};
    rep = (ipc_msg_t){0};
    bool status_facet = (info->badge & INIT_STATUS_BADGE) != 0;
    uint32_t iface = IPC_LABEL_IFACE(req->label);
    cap_err_t status;
    if (status_facet != (iface == SYSTEM_STATUS_IFACE_ID))
        status = CAP_ERR_NO_RIGHTS; /* a status facet cannot shut down, nor the reverse */
    else if (status_facet)
        status = system_status_dispatch(&status_ops, &control, req, &rep);
    else
        status = shutdown_control_dispatch(&control_ops, &control, req, &rep);
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
