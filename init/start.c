/* Starting the services: every endpoint first (ShutdownControl and one per
 * export), then each service in dependency order with exactly its grants
 * and its exports' receive sides, recorded in the lifecycle table. */
#include "capos/idl/memory.h"
#include "init.h"

#define MASTER_RIGHTS (CAP_RIGHT_CALL | CAP_RIGHT_DERIVE | CAP_RIGHT_TRANSFER | CAP_RIGHT_STALE_OK)

/* An endpoint and init's RECV-less copy of it for deriving client facets. */
static cap_err_t make_endpoint(cap_t memory, uint32_t queue, cap_t *ep, cap_t *master) {
    cap_err_t e = memory_create_endpoint(memory, CAP_SCOPE_CROSS_SESSION_SHAREABLE, queue, ep);
    if (e == CAP_OK)
        e = cap_derive(*ep, MASTER_RIGHTS, CAP_SCOPE_CROSS_SESSION_SHAREABLE, DISCLOSE_ALL, 0,
                       master);
    return e;
}

static bool make_endpoints(init_state_t *st) {
    cap_t memory = st->env->memory;
    cap_err_t e = make_endpoint(memory, INIT_CONTROL_QUEUE, &st->control, &st->control_master);
    for (uint32_t s = 0; e == CAP_OK && s < st->sys.nservices; s++)
        for (uint32_t x = 0; e == CAP_OK && x < st->sys.services[s].nexports; x++)
            e = make_endpoint(memory, INIT_EXPORT_QUEUE, &st->exports[s][x],
                              &st->export_masters[s][x]);
    if (e != CAP_OK)
        rt_printf("init: cannot create the service endpoints: %s\n", rt_strerror(e));
    return e == CAP_OK;
}

/* The grant list of service s: its grants, then the receive side of each
 * export under its CapSet name. Returns the count, or -1 after a message
 * (caps made so far released). */
static int build_grants(init_state_t *st, uint32_t s, rt_grant_t grants[SYS_SPAWN_CAPS]) {
    const sys_service_t *svc = &st->sys.services[s];
    uint32_t n = 0;
    for (; n < svc->ngrants; n++) {
        const sys_grant_t *g = &svc->grants[n];
        grants[n] = (rt_grant_t){g->name, CAP_NULL, IPC_CAP_MOVE};
        cap_err_t e = init_make_grant(st, s, g, &grants[n].cap);
        if (e != CAP_OK) {
            rt_printf("init: cannot make grant '%s' of '%s': %s\n", g->name, svc->name,
                      rt_strerror(e));
            while (n-- > 0)
                (void)cap_release(grants[n].cap);
            return -1;
        }
    }
    for (uint32_t x = 0; x < svc->nexports; x++, n++)
        grants[n] = (rt_grant_t){svc->export_caps[x], st->exports[s][x], IPC_CAP_MOVE};
    return (int)n;
}

/* "init: starting ..." as one console write, so no other process's output
 * lands inside it; printed before the spawn, so it precedes the service's
 * own output. */
static void announce(const sys_service_t *svc, const rt_grant_t *grants, uint32_t n) {
    static char line[512];
    int len = rt_snprintf(line, sizeof line,
                          "init: starting '%s' (binary %s) with exactly:", svc->name, svc->binary);
    for (uint32_t i = 0; i < n && len < (int)sizeof line; i++)
        len += rt_snprintf(line + len, sizeof line - (size_t)len, " %s", grants[i].name);
    rt_printf("%s%s\n", line, n ? "" : " nothing");
}

static bool start_one(init_state_t *st, uint32_t s) {
    const sys_service_t *svc = &st->sys.services[s];
    rt_grant_t grants[SYS_SPAWN_CAPS];
    int n = build_grants(st, s, grants);
    if (n < 0)
        return false;
    announce(svc, grants, (uint32_t)n);
    cap_t handle = CAP_NULL;
    cap_err_t e = rt_spawn(st->env->spawner, svc->binary, grants, (uint32_t)n, &handle);
    for (uint32_t i = 0; i < svc->ngrants; i++) /* on failure the moved caps came back */
        if (e != CAP_OK)
            (void)cap_release(grants[i].cap);
    if (e != CAP_OK) {
        rt_printf("init: cannot start '%s' (binary %s): %s\n", svc->name, svc->binary,
                  rt_strerror(e));
        return false;
    }
    for (uint32_t x = 0; x < svc->nexports; x++)
        st->exports[s][x] = CAP_NULL;                   /* moved to the provider */
    (void)lifecycle_add(&st->lc, svc->name, s, handle); /* names and count fit by the limits */
    return true;
}

void init_release_start_caps(init_state_t *st) {
    for (uint32_t s = 0; s < SYS_MAX_SERVICES; s++) {
        for (uint32_t x = 0; x < SYS_MAX_EXPORTS; x++) {
            if (st->exports[s][x])
                (void)cap_release(st->exports[s][x]);
            if (st->export_masters[s][x])
                (void)cap_release(st->export_masters[s][x]);
            st->exports[s][x] = st->export_masters[s][x] = CAP_NULL;
        }
    }
    if (st->control_master)
        (void)cap_release(st->control_master);
    st->control_master = CAP_NULL;
}

bool init_start_services(init_state_t *st) {
    if (!make_endpoints(st))
        return false;
    for (uint32_t i = 0; i < st->graph.norder; i++)
        if (!start_one(st, st->graph.order[i]))
            return false;
    init_release_start_caps(st);
    return true;
}
