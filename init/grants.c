/* One grant of a service, made exactly as the manifest declares it (see
 * README.md for the rights and scope each source kind gets). */
#include "capos/idl/ioports.h"
#include "capos/idl/irq.h"
#include "capos/idl/memory.h"
#include "capos/idl/pci.h"
#include "init.h"

/* A copy of src narrowed to the grant's rights (within what src has), scope,
 * disclosure and badge. */
static cap_err_t narrow(cap_t src, const sys_grant_t *g, uint32_t disclose, uint64_t badge,
                        cap_t *out) {
    cap_info_t info;
    cap_err_t e = cap_info(src, &info);
    if (e != CAP_OK)
        return e;
    uint32_t rights = sys_grant_rights(g) & info.rights;
    return cap_derive(src, rights, sys_grant_scope(g), disclose & info.disclose, badge, out);
}

/* narrow() of a fresh object, which is released afterwards either way. */
static cap_err_t narrow_fresh(cap_err_t made, cap_t fresh, const sys_grant_t *g, cap_t *out) {
    if (made != CAP_OK)
        return made;
    cap_err_t e = narrow(fresh, g, 0, 0, out);
    (void)cap_release(fresh);
    return e;
}

static cap_err_t file_grant(init_state_t *st, const sys_grant_t *g, cap_t *out) {
    int32_t index = init_entry_index(st, g->target);
    if (index < 0)
        return CAP_ERR_NOT_FOUND;
    return narrow(st->env->bootpackage, g, 0, (uint64_t)index + 1u, out);
}

/* The first device vendor:device on the bus that nobody opened yet: each
 * pci: grant (and each other driver) owns a device of its own. */
static cap_err_t pci_grant(const init_env_t *env, const sys_grant_t *g, cap_t *out) {
    cap_t bus = init_root(env, "pci");
    uint32_t count = 0;
    cap_err_t e = pci_bus_count(bus, &count);
    for (uint32_t i = 0; e == CAP_OK && i < count; i++) {
        uint32_t bdf, vendor, device, class_code, irq_line;
        cap_t fresh = CAP_NULL;
        e = pci_bus_info(bus, i, &bdf, &vendor, &device, &class_code, &irq_line);
        if (e != CAP_OK || vendor != g->a || device != g->b)
            continue;
        e = pci_bus_open(bus, i, &fresh);
        if (e == CAP_ERR_EXISTS) {
            e = CAP_OK; /* opened already: the next one */
            continue;
        }
        return narrow_fresh(e, fresh, g, out);
    }
    if (e == CAP_OK) {
        rt_printf("init: grant '%s': no PCI device %04x:%04x is left to open\n", g->name, g->a,
                  g->b);
        e = CAP_ERR_NOT_FOUND;
    }
    return e;
}

static cap_err_t export_grant(init_state_t *st, const sys_grant_t *g, cap_t *out) {
    int32_t provider = sys_find_service(&st->sys, g->target);
    if (provider < 0)
        return CAP_ERR_NOT_FOUND;
    int32_t e = sys_export_index(&st->sys.services[provider], g->export_name);
    if (e < 0)
        return CAP_ERR_NOT_FOUND;
    return narrow(st->export_masters[provider][e], g, DISCLOSE_ALL, g->has_badge ? g->badge : 1u,
                  out);
}

cap_err_t init_make_grant(init_state_t *st, uint32_t svc, const sys_grant_t *g, cap_t *out) {
    const init_env_t *env = st->env;
    cap_t fresh = CAP_NULL;
    cap_err_t made;
    switch (g->kind) {
    case SYS_SRC_ROOT:
        return narrow(init_root(env, g->target), g, 0, 0, out);
    case SYS_SRC_IOPORTS:
        made = io_ports_sub(init_root(env, "ioports"), g->a, g->b, &fresh);
        return narrow_fresh(made, fresh, g, out);
    case SYS_SRC_IRQ:
        made = irq_control_claim(init_root(env, "irq_control"), g->a, &fresh);
        return narrow_fresh(made, fresh, g, out);
    case SYS_SRC_MEMORY:
        made = memory_split(env->memory, g->a, &fresh);
        return narrow_fresh(made, fresh, g, out);
    case SYS_SRC_FILE:
        return file_grant(st, g, out);
    case SYS_SRC_EXPORT:
        return export_grant(st, g, out);
    case SYS_SRC_SHUTDOWN:
        /* badged with the holder's manifest index + 1: init names the caller */
        return narrow(st->control_master, g, DISCLOSE_ALL, svc + 1u, out);
    case SYS_SRC_STATUS:
        return narrow(st->control_master, g, DISCLOSE_ALL, INIT_STATUS_BADGE | (svc + 1u), out);
    case SYS_SRC_PCI:
        return pci_grant(env, g, out);
    }
    return CAP_ERR_BAD_ARGS;
}
