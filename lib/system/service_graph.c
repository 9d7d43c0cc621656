/* Service graph validation and start order (service_graph.h). */
#include "capos/service_graph.h"

#define MAX_DEPS (SYS_MAX_AFTER + SYS_MAX_GRANTS)

static bool str_eq(const char *a, const char *b) {
    while (*a && *a == *b)
        a++, b++;
    return *a == *b;
}

int32_t sys_find_service(const system_t *sys, const char *name) {
    for (uint32_t i = 0; i < sys->nservices && i < SYS_MAX_SERVICES; i++)
        if (str_eq(sys->services[i].name, name))
            return (int32_t)i;
    return -1;
}

int32_t sys_export_index(const sys_service_t *s, const char *name) {
    for (uint32_t i = 0; i < s->nexports && i < SYS_MAX_EXPORTS; i++)
        if (str_eq(s->exports[i], name))
            return (int32_t)i;
    return -1;
}

static sg_err_t fail(sg_result_t *out, sg_err_t err, sg_at_t at, uint32_t service, uint32_t item) {
    out->err = err;
    out->at = at;
    out->service = service;
    out->item = item;
    return err;
}

/* Service indices service s depends on; all names already resolved. */
static uint32_t deps_of(const system_t *sys, uint32_t s, int32_t deps[MAX_DEPS]) {
    const sys_service_t *svc = &sys->services[s];
    uint32_t n = 0;
    for (uint32_t i = 0; i < svc->nafter; i++)
        deps[n++] = sys_find_service(sys, svc->after[i]);
    for (uint32_t i = 0; i < svc->ngrants; i++)
        if (svc->grants[i].kind == SYS_SRC_EXPORT)
            deps[n++] = sys_find_service(sys, svc->grants[i].target);
    return n;
}

/* NOT_HELD, MISSING_DEPENDENCY or OK for one grant. */
static sg_err_t grant_held(const system_t *sys, const sg_env_t *env, const sys_grant_t *g) {
    int32_t provider;
    switch (g->kind) {
    case SYS_SRC_ROOT:
        return env->has_root(env->ctx, g->target) ? SG_OK : SG_ERR_NOT_HELD;
    case SYS_SRC_IOPORTS:
        return env->has_root(env->ctx, "ioports") ? SG_OK : SG_ERR_NOT_HELD;
    case SYS_SRC_IRQ:
        return env->has_root(env->ctx, "irq_control") ? SG_OK : SG_ERR_NOT_HELD;
    case SYS_SRC_MEMORY:
        return env->has_root(env->ctx, "memory") ? SG_OK : SG_ERR_NOT_HELD;
    case SYS_SRC_PCI:
        return env->has_root(env->ctx, "pci") ? SG_OK : SG_ERR_NOT_HELD;
    case SYS_SRC_FILE:
        return env->has_root(env->ctx, "bootpackage") && env->has_entry(env->ctx, g->target)
                   ? SG_OK
                   : SG_ERR_NOT_HELD;
    case SYS_SRC_EXPORT:
        provider = sys_find_service(sys, g->target);
        if (provider < 0)
            return SG_ERR_MISSING_DEPENDENCY;
        return sys_export_index(&sys->services[provider], g->export_name) < 0 ? SG_ERR_NOT_HELD
                                                                              : SG_OK;
    case SYS_SRC_SHUTDOWN:
    case SYS_SRC_STATUS:
        return SG_OK;
    }
    return SG_ERR_NOT_HELD;
}

/* The k-th CapSet name of service s: its grants, then its exports. */
static const char *capname(const sys_service_t *s, uint32_t k) {
    return k < s->ngrants ? s->grants[k].name : s->export_caps[k - s->ngrants];
}

/* Two exports with one name, or two CapSet names alike among the grants
 * and exports of one service. */
static sg_err_t capnames_unique(const sys_service_t *s, uint32_t idx, sg_result_t *out) {
    for (uint32_t i = 0; i < s->nexports; i++)
        for (uint32_t j = 0; j < i; j++)
            if (str_eq(s->exports[i], s->exports[j]))
                return fail(out, SG_ERR_DUPLICATE_CAPNAME, SG_AT_EXPORT, idx, i);
    for (uint32_t i = 0; i < s->ngrants + s->nexports; i++) {
        for (uint32_t j = 0; j < i; j++) {
            if (!str_eq(capname(s, i), capname(s, j)))
                continue;
            bool grant = i < s->ngrants;
            return fail(out, SG_ERR_DUPLICATE_CAPNAME, grant ? SG_AT_GRANT : SG_AT_EXPORT, idx,
                        grant ? i : i - s->ngrants);
        }
    }
    return SG_OK;
}

static bool same_pci_id(const sys_grant_t *a, const sys_grant_t *b) {
    return a->kind == SYS_SRC_PCI && b->kind == SYS_SRC_PCI && a->a == b->a && a->b == b->b;
}

/* Grants of g's device id up to and including g (services[svc].grants[item]),
 * in manifest order. */
static uint32_t pci_rank(const system_t *sys, uint32_t svc, uint32_t item) {
    const sys_grant_t *g = &sys->services[svc].grants[item];
    uint32_t n = 0;
    for (uint32_t s = 0; s <= svc; s++) {
        const sys_service_t *o = &sys->services[s];
        for (uint32_t i = 0; i < (s == svc ? item + 1 : o->ngrants); i++)
            n += same_pci_id(&o->grants[i], g);
    }
    return n;
}

/* A pci: grant beyond the devices of its id on the bus. */
static sg_err_t pci_available(const system_t *sys, const sg_env_t *env, uint32_t svc, uint32_t item,
                              sg_result_t *out) {
    const sys_grant_t *g = &sys->services[svc].grants[item];
    if (g->kind != SYS_SRC_PCI || !env->pci_devices)
        return SG_OK;
    uint32_t have = env->pci_devices(env->ctx, g->a, g->b);
    if (pci_rank(sys, svc, item) <= have)
        return SG_OK;
    out->other = have;
    return fail(out, SG_ERR_NO_DEVICE, SG_AT_GRANT, svc, item);
}

static sg_err_t check_service(const system_t *sys, const sg_env_t *env, uint32_t idx,
                              sg_result_t *out) {
    const sys_service_t *s = &sys->services[idx];
    if (!env->has_entry(env->ctx, s->binary))
        return fail(out, SG_ERR_UNKNOWN_BINARY, SG_AT_SERVICE, idx, 0);
    for (uint32_t i = 0; i < s->ngrants; i++) {
        sg_err_t err = grant_held(sys, env, &s->grants[i]);
        if (err != SG_OK)
            return fail(out, err, SG_AT_GRANT, idx, i);
        if (pci_available(sys, env, idx, i, out) != SG_OK)
            return out->err;
    }
    for (uint32_t i = 0; i < s->nafter; i++)
        if (sys_find_service(sys, s->after[i]) < 0)
            return fail(out, SG_ERR_MISSING_DEPENDENCY, SG_AT_AFTER, idx, i);
    if (capnames_unique(s, idx, out) != SG_OK)
        return out->err;
    if (s->ngrants + s->nexports > SYS_SPAWN_CAPS)
        return fail(out, SG_ERR_TOO_MANY_CAPS, SG_AT_SERVICE, idx, 0);
    return SG_OK;
}

static sg_err_t check_profiles(const system_t *sys, const sg_env_t *env, sg_result_t *out) {
    for (uint32_t i = 0; i < sys->nprofiles; i++) {
        const sys_profile_t *p = &sys->profiles[i];
        for (uint32_t j = 0; j < i; j++) {
            if (str_eq(p->name, sys->profiles[j].name)) {
                out->other = j;
                return fail(out, SG_ERR_DUPLICATE_NAME, SG_AT_PROFILE, i, 0);
            }
        }
        for (uint32_t k = 0; k < p->nlauncher; k++)
            if (!env->has_entry(env->ctx, p->launcher[k]))
                return fail(out, SG_ERR_UNKNOWN_BINARY, SG_AT_LAUNCHER, i, k);
    }
    return SG_OK;
}

/* Follows unplaced dependencies from the first unplaced service until one
 * repeats; records the loop in out->cycle. */
static sg_err_t find_cycle(const system_t *sys, const bool placed[], sg_result_t *out) {
    int32_t step_of[SYS_MAX_SERVICES], deps[MAX_DEPS];
    uint32_t path[SYS_MAX_SERVICES + 1], len = 0, u = 0;
    for (uint32_t i = 0; i < sys->nservices; i++)
        step_of[i] = -1;
    while (placed[u])
        u++;
    while (step_of[u] < 0) {
        step_of[u] = (int32_t)len;
        path[len++] = u;
        uint32_t n = deps_of(sys, u, deps), k = 0;
        while (k < n && placed[deps[k]])
            k++;
        u = (uint32_t)deps[k]; /* u is blocked, so some dependency is unplaced */
    }
    out->ncycle = 0;
    for (uint32_t i = (uint32_t)step_of[u]; i < len; i++)
        out->cycle[out->ncycle++] = path[i];
    out->cycle[out->ncycle++] = u;
    return fail(out, SG_ERR_CYCLE, SG_AT_SERVICE, out->cycle[0], 0);
}

/* Kahn's algorithm, lowest manifest index first among ready services. */
static sg_err_t order(const system_t *sys, sg_result_t *out) {
    bool placed[SYS_MAX_SERVICES] = {false};
    int32_t deps[MAX_DEPS];
    for (uint32_t step = 0; step < sys->nservices; step++) {
        uint32_t pick = 0;
        for (; pick < sys->nservices; pick++) {
            uint32_t n = deps_of(sys, pick, deps), k = 0;
            while (k < n && placed[deps[k]])
                k++;
            if (!placed[pick] && k == n)
                break;
        }
        if (pick == sys->nservices)
            return find_cycle(sys, placed, out);
        placed[pick] = true;
        out->order[out->norder++] = pick;
    }
    return SG_OK;
}

sg_err_t service_graph_check(const system_t *sys, const sg_env_t *env, sg_result_t *out) {
    __builtin_memset(out, 0, sizeof *out);
    if (sys->nservices == 0 || sys->nservices > SYS_MAX_SERVICES)
        return fail(out, SG_ERR_NO_SERVICES, SG_AT_NONE, 0, 0);
    for (uint32_t i = 0; i < sys->nservices; i++) {
        for (uint32_t j = 0; j < i; j++) {
            if (str_eq(sys->services[i].name, sys->services[j].name)) {
                out->other = j;
                return fail(out, SG_ERR_DUPLICATE_NAME, SG_AT_SERVICE, i, 0);
            }
        }
    }
    for (uint32_t i = 0; i < sys->nservices; i++)
        if (check_service(sys, env, i, out) != SG_OK)
            return out->err;
    if (check_profiles(sys, env, out) != SG_OK)
        return out->err;
    return order(sys, out);
}
