/* Wiring of audit and credstore with exact grants (see rig.h). */
#include "rig.h"

#include "audit_event.h"
#include "capos/idl/bootpackage.h"
#include "capos/idl/memory.h"
#include "capos/idl/process.h"
#include "cred_facet.h"

#define CLIENT_RIGHTS (CAP_RIGHT_CALL | CAP_RIGHT_TRANSFER)
#define QUEUE_LIMIT 8u

cap_err_t rig_facet(cap_t ep, uint64_t badge, cap_t *out) {
    return cap_derive(ep, CLIENT_RIGHTS, CAP_SCOPE_SAME_SESSION, 0, badge, out);
}

/* A transferable copy of one of init's own caps, or CAP_NULL. */
static cap_t own_copy(const char *name) {
    cap_t c = CAP_NULL;
    if (cap_derive(rt_cap(name), CLIENT_RIGHTS, CAP_SCOPE_SAME_SESSION, 0, 0, &c) != CAP_OK)
        return CAP_NULL;
    return c;
}

/* A Memory sub-quota of pages, or CAP_NULL. */
static cap_t quota(uint64_t pages) {
    cap_t c = CAP_NULL;
    return memory_split(rt_cap("memory"), pages, &c) == CAP_OK ? c : CAP_NULL;
}

/* A BootPackage hold badged to the entry called name (a file: grant). */
static cap_err_t file_hold(const char *name, cap_t *out) {
    cap_t pkg = rt_cap("bootpackage");
    uint32_t count = 0;
    cap_err_t e = boot_package_count(pkg, &count);
    for (uint32_t i = 0; e == CAP_OK && i < count; i++) {
        char got[49];
        uint32_t len = 0;
        uint64_t size = 0;
        e = boot_package_entry(pkg, i, got, sizeof(got) - 1, &len, &size);
        got[e == CAP_OK ? len : 0] = '\0';
        if (e == CAP_OK && !strcmp(got, name))
            return cap_derive(pkg, CLIENT_RIGHTS, CAP_SCOPE_SAME_SESSION, 0, i + 1ull, out);
    }
    return e == CAP_OK ? CAP_ERR_NOT_FOUND : e;
}

static cap_t file_grant(const char *name) {
    cap_t c = CAP_NULL;
    return file_hold(name, &c) == CAP_OK ? c : CAP_NULL;
}

/* Spawns binary with grants[0..n); on failure releases what was made. */
static cap_err_t spawn(const char *binary, rt_grant_t *g, uint32_t n, cap_t *proc) {
    cap_err_t e = CAP_OK;
    for (uint32_t i = 0; i < n; i++)
        if (g[i].cap == CAP_NULL && e == CAP_OK) {
            rt_printf("rig: could not make the grant %s\n", g[i].name);
            e = CAP_ERR_NOT_FOUND;
        }
    if (e == CAP_OK)
        e = rt_spawn(rt_cap("spawner"), binary, g, n, proc);
    if (e != CAP_OK)
        for (uint32_t i = 0; i < n; i++)
            (void)cap_release(g[i].cap);
    rt_printf("rig: %s spawned with exactly:", binary);
    for (uint32_t i = 0; i < n; i++)
        rt_printf(" %s", g[i].name);
    rt_printf(" (%s)\n", rt_strerror(e));
    return e;
}

cap_err_t rig_start_audit(rig_t *r) {
    cap_t ep = CAP_NULL;
    cap_err_t e =
        memory_create_endpoint(rt_cap("memory"), CAP_SCOPE_SAME_SESSION, QUEUE_LIMIT, &ep);
    if (e == CAP_OK)
        e = rig_facet(ep, AUDIT_BADGE_WRITER, &r->audit_writer);
    if (e == CAP_OK)
        e = rig_facet(ep, AUDIT_BADGE_WRITER, &r->audit_grant);
    if (e == CAP_OK)
        e = rig_facet(ep, AUDIT_BADGE_READER, &r->audit_reader);
    if (e != CAP_OK)
        return e;
    rt_grant_t g[3] = {{"server", ep, IPC_CAP_MOVE},
                       {"clock", own_copy("clock"), IPC_CAP_MOVE},
                       {"memory", quota(RIG_AUDIT_PAGES), IPC_CAP_MOVE}};
    return spawn("audit", g, 3, &r->audit_proc);
}

cap_err_t rig_start_credstore(rig_t *r, rig_credstore_opts_t opts) {
    cap_t ep = CAP_NULL;
    cap_err_t e =
        memory_create_endpoint(rt_cap("memory"), CAP_SCOPE_SAME_SESSION, QUEUE_LIMIT, &ep);
    if (e == CAP_OK)
        e = rig_facet(ep, CRED_BADGE_VERIFIER, &r->verifier);
    if (e == CAP_OK)
        e = rig_facet(ep, CRED_BADGE_SETUP, &r->setup);
    if (e != CAP_OK)
        return e;
    rt_grant_t g[IPC_MAX_CAPS];
    uint32_t n = 0;
    g[n++] = (rt_grant_t){"server", ep, IPC_CAP_MOVE};
    g[n++] = (rt_grant_t){"clock", own_copy("clock"), IPC_CAP_MOVE};
    g[n++] = (rt_grant_t){"console", own_copy("console"), IPC_CAP_MOVE};
    g[n++] = (rt_grant_t){"audit", r->audit_grant, IPC_CAP_MOVE};
    r->audit_grant = CAP_NULL;
    g[n++] = (rt_grant_t){"memory", quota(RIG_CREDSTORE_PAGES), IPC_CAP_MOVE};
    if (opts.entropy)
        g[n++] = (rt_grant_t){"entropy", own_copy("entropy"), IPC_CAP_MOVE};
    if (opts.credentials)
        g[n++] = (rt_grant_t){"file:credentials", file_grant("credentials"), IPC_CAP_MOVE};
    return spawn("credstore", g, n, &r->cred_proc);
}

static void stop_one(const char *name, cap_t proc) {
    if (proc == CAP_NULL)
        return;
    int64_t code = 0;
    cap_err_t e = process_handle_terminate(proc);
    if (e == CAP_OK)
        e = process_handle_wait(proc, &code);
    rt_printf("rig: %s stopped: %s\n", name, rt_strerror(e));
}

void rig_stop(rig_t *r) {
    stop_one("credstore", r->cred_proc);
    stop_one("audit", r->audit_proc);
}
