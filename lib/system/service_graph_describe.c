/* Human-readable service graph errors (service_graph.h), shared by init's
 * refusal message and the host compiler's. */
#include <stdarg.h>

#include "capos/format.h"
#include "capos/service_graph.h"

static int say(char *buf, size_t size, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = fmt_vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

/* Why init cannot make grant g. */
static int not_held(char *buf, size_t size, const sys_service_t *s, const sys_grant_t *g) {
    const char *svc = s->name, *child = g->name;
    switch (g->kind) {
    case SYS_SRC_ROOT:
        return say(buf, size, "service '%s': grant '%s': init holds no capability 'root:%s'", svc,
                   child, g->target);
    case SYS_SRC_FILE:
        return say(buf, size, "service '%s': grant '%s': file '%s' is not in the boot package", svc,
                   child, g->target);
    case SYS_SRC_EXPORT:
        return say(buf, size, "service '%s': grant '%s': service '%s' exports no '%s'", svc, child,
                   g->target, g->export_name);
    default:
        return say(buf, size, "service '%s': grant '%s': init holds no %s capability", svc, child,
                   g->kind == SYS_SRC_IOPORTS ? "ioports"
                   : g->kind == SYS_SRC_IRQ   ? "irq_control"
                   : g->kind == SYS_SRC_PCI   ? "pci"
                                              : "memory");
    }
}

static int no_device(char *buf, size_t size, const sys_service_t *s, const sg_result_t *r) {
    const sys_grant_t *g = &s->grants[r->item];
    if (r->other == 0)
        return say(buf, size, "service '%s': grant '%s': there is no PCI device %04x:%04x", s->name,
                   g->name, g->a, g->b);
    return say(buf, size,
               "service '%s': grant '%s': no PCI device %04x:%04x is left (the bus has %u, "
               "all granted before this one)",
               s->name, g->name, g->a, g->b, r->other);
}

static int missing_dependency(char *buf, size_t size, const sys_service_t *s,
                              const sg_result_t *r) {
    if (r->at == SG_AT_AFTER)
        return say(buf, size, "service '%s': depends on '%s', which is not a service", s->name,
                   s->after[r->item]);
    const sys_grant_t *g = &s->grants[r->item];
    return say(buf, size,
               "service '%s': grant '%s' needs export:%s.%s, but there is no service '%s'", s->name,
               g->name, g->target, g->export_name, g->target);
}

static int cycle(char *buf, size_t size, const system_t *sys, const sg_result_t *r) {
    int n = say(buf, size, "dependency cycle: ");
    for (uint32_t i = 0; i < r->ncycle; i++) {
        size_t used = (size_t)n < size ? (size_t)n : size;
        n += say(buf + used, size - used, i ? " -> %s" : "%s", sys->services[r->cycle[i]].name);
    }
    size_t used = (size_t)n < size ? (size_t)n : size;
    return n + say(buf + used, size - used, " (each needs the next)");
}

static int profile_error(char *buf, size_t size, const system_t *sys, const sg_result_t *r) {
    const sys_profile_t *p = &sys->profiles[r->service];
    if (r->err == SG_ERR_DUPLICATE_NAME)
        return say(buf, size, "profile '%s': duplicate profile name (first on line %u)", p->name,
                   sys->profiles[r->other].line);
    return say(buf, size, "profile '%s': launcher binary '%s' is not in the boot package", p->name,
               p->launcher[r->item]);
}

static int service_error(char *buf, size_t size, const system_t *sys, const sg_result_t *r) {
    const sys_service_t *s = &sys->services[r->service];
    switch (r->err) {
    case SG_ERR_DUPLICATE_NAME:
        return say(buf, size, "service '%s': duplicate service name (first on line %u)", s->name,
                   sys->services[r->other].line);
    case SG_ERR_UNKNOWN_BINARY:
        return say(buf, size, "service '%s': unknown binary '%s' (not in the boot package)",
                   s->name, s->binary);
    case SG_ERR_MISSING_DEPENDENCY:
        return missing_dependency(buf, size, s, r);
    case SG_ERR_NOT_HELD:
        return not_held(buf, size, s, &s->grants[r->item]);
    case SG_ERR_NO_DEVICE:
        return no_device(buf, size, s, r);
    case SG_ERR_DUPLICATE_CAPNAME:
        if (r->at == SG_AT_EXPORT && sys_export_index(s, s->exports[r->item]) != (int32_t)r->item)
            return say(buf, size, "service '%s': export '%s' declared twice", s->name,
                       s->exports[r->item]);
        return say(buf, size, "service '%s': CapSet name '%s' given twice", s->name,
                   r->at == SG_AT_EXPORT ? s->export_caps[r->item] : s->grants[r->item].name);
    case SG_ERR_TOO_MANY_CAPS:
        return say(buf, size,
                   "service '%s': needs %u capabilities (%u grants + %u exports), but one "
                   "spawn carries at most %u",
                   s->name, s->ngrants + s->nexports, s->ngrants, s->nexports, SYS_SPAWN_CAPS);
    default:
        return say(buf, size, "service '%s': invalid", s->name);
    }
}

int service_graph_describe(const system_t *sys, const sg_result_t *r, char *buf, size_t size) {
    switch (r->err) {
    case SG_OK:
        return say(buf, size, "ok");
    case SG_ERR_NO_SERVICES:
        return say(buf, size, "the manifest declares no services");
    case SG_ERR_CYCLE:
        return cycle(buf, size, sys, r);
    default:
        if (r->at == SG_AT_PROFILE || r->at == SG_AT_LAUNCHER)
            return profile_error(buf, size, sys, r);
        return service_error(buf, size, sys, r);
    }
}

uint32_t service_graph_line(const system_t *sys, const sg_result_t *r) {
    if (r->err == SG_OK || r->err == SG_ERR_NO_SERVICES)
        return 0;
    if (r->at == SG_AT_PROFILE || r->at == SG_AT_LAUNCHER)
        return sys->profiles[r->service].line;
    return sys->services[r->service].line;
}
