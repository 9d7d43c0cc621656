/* ProcessSpawner: start a boot-package binary with exactly the granted caps.
 * A plain spawner gives the child the caller's session; a launcher (made by
 * bind_session from a Session hold with BIND) fixes the child's session and
 * may regrant service_regrant_only holds into it. */
#include "kinvoke.h"
#include "../ipc/ipc.h"
#include "capos/idl/spawner.h"

spawner_t root_spawner = {{CAP_TYPE_SPAWNER, 1, NULL}, NULL};

void spawner_destroy(spawner_t *s) {
    if (s->bound)
        kobject_unref(&s->bound->ko);
    kfree(s);
}

/* names: one NUL-terminated CapSet name per grant, nothing else, no repeats. */
static cap_err_t parse_names(const uint8_t *names, uint32_t len, uint32_t count,
                             capset_entry_t *entries) {
    uint32_t pos = 0;
    for (uint32_t i = 0; i < count; i++) {
        uint32_t start = pos;
        while (pos < len && names[pos])
            pos++;
        uint32_t n = pos - start;
        if (pos >= len || n == 0 || n >= CAPSET_NAME_MAX)
            return CAP_ERR_BAD_ARGS;
        memset(entries[i].name, 0, CAPSET_NAME_MAX);
        memcpy(entries[i].name, names + start, n);
        for (uint32_t j = 0; j < i; j++)
            if (!memcmp(entries[j].name, entries[i].name, CAPSET_NAME_MAX))
                return CAP_ERR_BAD_ARGS;
        pos++;
    }
    return pos == len ? CAP_OK : CAP_ERR_BAD_ARGS;
}

static cap_err_t new_child(const char *binary, uint32_t binary_len, session_t *session,
                           proc_t **out) {
    bootpkg_entry_t be;
    if (bootpkg_find(&kernel.bootpkg, binary, binary_len, &be) != BOOTPKG_OK)
        return CAP_ERR_NOT_FOUND;
    proc_t *c = proc_create(binary, binary_len, session);
    if (!c)
        return CAP_ERR_NO_MEMORY;
    cap_err_t e = proc_load_image(c, be.data, be.size);
    if (e == CAP_OK && !(c->handle = kzalloc(sizeof(*c->handle))))
        e = CAP_ERR_NO_MEMORY;
    if (e != CAP_OK) {
        proc_discard(c);
        return e;
    }
    kobject_init(&c->handle->ko, CAP_TYPE_PROCESS);
    c->handle->proc = c;
    list_init(&c->handle->waiters);
    *out = c;
    return CAP_OK;
}

static void discard_child(proc_t *c) {
    kfree(c->handle);
    c->handle = NULL;
    proc_discard(c);
}

static cap_err_t op_spawn(void *ctx, const char *binary, uint32_t binary_len, const uint8_t *names,
                          uint32_t names_len, const ipc_cap_t *grants, uint32_t ngrants,
                          cap_t *process) {
    kctx_t *k = ctx;
    spawner_t *sp = (spawner_t *)k->hold.obj;
    capset_entry_t entries[IPC_MAX_CAPS];
    cap_err_t e = parse_names(names, names_len, ngrants, entries);
    if (e != CAP_OK)
        return e;
    session_t *session = sp->bound ? sp->bound : k->proc->session;
    if (session_is_stale(session))
        return CAP_ERR_SESSION_STALE;
    if (cap_table_free_slots(k->proc->caps) < 1)
        return CAP_ERR_NO_SLOTS;
    proc_t *c;
    if ((e = new_child(binary, binary_len, session, &c)) != CAP_OK)
        return e;
    xfer_t x;
    if ((e = xfer_prepare(k->proc, grants, ngrants, &x)) != CAP_OK) {
        discard_child(c);
        return e;
    }
    xfer_path_t path = sp->bound ? XFER_SPAWN_LAUNCHER : XFER_SPAWN;
    if ((e = xfer_check(k->proc, c, &x, path, 0)) == CAP_OK)
        e = proc_map_capset(c);
    if (e != CAP_OK) {
        xfer_rollback(k->proc, &x);
        discard_child(c);
        return e;
    }
    ipc_cap_t installed[IPC_MAX_CAPS];
    for (uint32_t i = 0; i < ngrants; i++)
        entries[i].type = x.holds[i].type;
    xfer_commit(k->proc, c, &x, installed);
    for (uint32_t i = 0; i < ngrants; i++)
        entries[i].cap = installed[i].cap;
    proc_fill_capset(c, entries, ngrants);
    kobject_ref(&c->handle->ko);
    cap_hold_t h =
        kobject_hold(&c->handle->ko, CAP_RIGHTS_ALL & ~CAP_RIGHT_RECV, CAP_SCOPE_SAME_SESSION);
    MUST_SUCCEED(cap_insert(k->proc->caps, &h, process)); /* slot checked above */
    proc_start(c);
    return CAP_OK;
}

static cap_err_t op_bind_session(void *ctx, cap_t session_cap, cap_t *launcher) {
    kctx_t *k = ctx;
    spawner_t *sp = (spawner_t *)k->hold.obj;
    cap_slot_t *s;
    cap_err_t e =
        cap_lookup_typed(k->proc->caps, session_cap, CAP_TYPE_SESSION, CAP_RIGHT_BIND, &s);
    if (e != CAP_OK)
        return e;
    if (!(k->hold.rights & CAP_RIGHT_DERIVE))
        return CAP_ERR_NO_RIGHTS;
    if (sp->bound)
        return CAP_ERR_NOT_SUPPORTED; /* a launcher cannot be rebound */
    session_t *session = (session_t *)s->hold.obj;
    if (session_is_stale(session))
        return CAP_ERR_SESSION_STALE;
    spawner_t *l = kzalloc(sizeof(*l));
    if (!l)
        return CAP_ERR_NO_MEMORY;
    kobject_init(&l->ko, CAP_TYPE_SPAWNER);
    l->bound = session;
    kobject_ref(&session->ko);
    return kctx_give(
        k,
        kobject_hold(&l->ko, CAP_RIGHT_CALL | CAP_RIGHT_TRANSFER, CAP_SCOPE_SERVICE_REGRANT_ONLY),
        launcher);
}

static const process_spawner_server_ops_t ops = {
    .spawn = op_spawn,
    .bind_session = op_bind_session,
};

cap_err_t spawner_invoke(kctx_t *k, const ipc_msg_t *req, ipc_msg_t *rep) {
    return process_spawner_dispatch(&ops, k, req, rep);
}
