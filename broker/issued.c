/* The facets of a bundle: each call is checked against its session (the
 * badge's generation must still be the slot's, the session still live) and
 * the profile, then served or forwarded to the capability init granted. */
#include "audit_event.h"
#include "audit_word.h"
#include "broker.h"
#include "capos/idl/audit.h"
#include "capos/idl/shutdown.h"
#include "capos/idl/spawner.h"
#include "capos/idl/system_status.h"
#include "facet_route.h"
#include "log_filter.h"

static uint64_t subject_of(const broker_call_t *call) {
    return call->entry != NULL ? call->entry->serial : 0;
}

static cap_err_t op_spawn(void *ctx, const char *binary, uint32_t binary_len, const uint8_t *names,
                          uint32_t names_len, const ipc_cap_t *grants, uint32_t ngrants,
                          cap_t *process) {
    broker_call_t *call = ctx;
    char word[AUDIT_DETAIL_MAX + 1];
    if (call->entry == NULL || !bundle_policy_binary_allowed(call->profile, binary, binary_len)) {
        broker_audit(call->b, AUDIT_KIND_SHELL_LAUNCH, AUDIT_RESULT_DENIED, subject_of(call),
                     "not_allowed");
        return CAP_ERR_DENIED;
    }
    audit_word_choose(binary, binary_len, "launch", word);
    if (call->entry->launcher == CAP_NULL) { /* admit binds one whenever the allowlist is set */
        broker_audit(call->b, AUDIT_KIND_SHELL_LAUNCH, AUDIT_RESULT_UNAVAILABLE, subject_of(call),
                     word);
        return CAP_ERR_UNAVAILABLE;
    }
    /* The grants move on to the child: the broker keeps no copy. */
    ipc_cap_t moved[IPC_MAX_CAPS];
    for (uint32_t i = 0; i < ngrants && i < IPC_MAX_CAPS; i++)
        moved[i] = (ipc_cap_t){.cap = grants[i].cap, .mode = IPC_CAP_MOVE};
    cap_err_t e = process_spawner_spawn(call->entry->launcher, binary, binary_len, names, names_len,
                                        moved, ngrants, process);
    broker_audit(call->b, AUDIT_KIND_SHELL_LAUNCH,
                 e == CAP_OK ? AUDIT_RESULT_OK : AUDIT_RESULT_FAILED, subject_of(call), word);
    if (e != CAP_OK)
        return e; /* nothing moved: the serve loop releases the grants */
    for (uint32_t i = 0; i < ngrants; i++)
        broker_keep(call, grants[i].cap);
    broker_made(call, *process);
    return CAP_OK;
}

static cap_err_t op_shutdown(void *ctx) {
    broker_call_t *call = ctx;
    broker_audit(call->b, AUDIT_KIND_SHUTDOWN, AUDIT_RESULT_OK, subject_of(call), "requested");
    /* init stops every service, this one included, before it answers. */
    cap_err_t e = shutdown_control_shutdown(call->b->shutdown);
    if (e != CAP_OK)
        broker_audit(call->b, AUDIT_KIND_SHUTDOWN, AUDIT_RESULT_FAILED, subject_of(call),
                     "forward_failed");
    return e;
}

static cap_err_t op_service(void *ctx, uint32_t index, uint32_t *total, char *name,
                            uint32_t name_cap, uint32_t *name_len, uint32_t *state,
                            int64_t *exit_code) {
    broker_call_t *call = ctx;
    return system_status_service(call->b->status, index, total, name, name_cap, name_len, state,
                                 exit_code);
}

static cap_err_t op_read(void *ctx, uint64_t cursor, uint64_t *next, uint64_t *dropped,
                         uint8_t *events, uint32_t events_cap, uint32_t *events_len) {
    broker_call_t *call = ctx;
    cap_err_t e =
        log_reader_read(call->b->logs, cursor, next, dropped, events, events_cap, events_len);
    if (e == CAP_OK && bundle_policy_logs_scope(call->profile) == SYS_LOGS_SESSION)
        *events_len = log_filter_subject(events, *events_len, subject_of(call), events);
    return e;
}

/* expires_ms stays 0: admit does not carry the expiry and the broker has no
 * Clock; live is 1 because the call was just checked against the session. */
static cap_err_t op_whoami(void *ctx, char *account, uint32_t account_cap, uint32_t *account_len,
                           char *profile, uint32_t profile_cap, uint32_t *profile_len,
                           uint32_t *principal_class, uint64_t *principal_id,
                           uint32_t *auth_strength, uint64_t *serial, uint64_t *expires_ms,
                           uint32_t *live) {
    broker_call_t *call = ctx;
    const session_entry_t *e = call->entry;
    const char *pname = e != NULL ? call->profile->name : BROKER_PROFILE_ANONYMOUS;
    uint32_t plen = (uint32_t)strlen(pname);
    uint32_t alen = e != NULL ? e->account_len : 0;
    if (plen > profile_cap || alen > account_cap)
        return CAP_ERR_BAD_ARGS;
    memcpy(profile, pname, plen);
    *profile_len = plen;
    if (alen != 0)
        memcpy(account, e->account, alen);
    *account_len = alen;
    *principal_class = e != NULL ? e->principal_class : PRINCIPAL_ANONYMOUS;
    *principal_id = e != NULL ? e->principal_id : 0;
    *auth_strength = e != NULL ? e->auth_strength : AUTH_STRENGTH_NONE;
    *serial = subject_of(call);
    *expires_ms = 0;
    *live = 1;
    return CAP_OK;
}

static const process_spawner_server_ops_t launcher_ops = {.spawn = op_spawn};
static const shutdown_control_server_ops_t shutdown_ops = {.shutdown = op_shutdown};
static const system_status_server_ops_t status_ops = {.service = op_service};
static const log_reader_server_ops_t logs_ops = {.read = op_read};
static const session_self_server_ops_t self_ops = {.whoami = op_whoami};

/* Finds the facet's session and profile; SESSION_STALE (forgetting a
 * session found dead) when the facet no longer belongs to a live one. */
static cap_err_t bind_facet(broker_call_t *call) {
    broker_t *b = call->b;
    if (call->facet.slot == FACET_SLOT_ANONYMOUS) {
        call->profile = b->anonymous >= 0 ? &b->sys.profiles[b->anonymous] : NULL;
        return CAP_OK;
    }
    call->entry = session_table_lookup(&b->table, call->facet.slot, call->facet.gen);
    if (call->entry == NULL)
        return CAP_ERR_SESSION_STALE;
    if (!broker_entry_live(call->entry)) {
        broker_forget(b, call->facet.slot, "stale");
        call->entry = NULL;
        return CAP_ERR_SESSION_STALE;
    }
    call->profile = &b->sys.profiles[call->entry->profile];
    return CAP_OK;
}

cap_err_t broker_issued_call(broker_call_t *call, const ipc_msg_t *req, ipc_msg_t *rep) {
    cap_err_t e = bind_facet(call);
    if (e == CAP_OK && !bundle_policy_allows(call->profile, &call->b->held, call->facet.kind))
        e = CAP_ERR_NO_RIGHTS; /* never issued so; refused again on every call */
    if (e == CAP_OK)
        e = facet_route_iface(call->facet.kind, req->label);
    if (e != CAP_OK)
        return e;
    switch (call->facet.kind) {
    case FACET_LAUNCHER:
        return process_spawner_dispatch(&launcher_ops, call, req, rep);
    case FACET_SHUTDOWN:
        return shutdown_control_dispatch(&shutdown_ops, call, req, rep);
    case FACET_STATUS:
        return system_status_dispatch(&status_ops, call, req, rep);
    case FACET_LOGS:
        return log_reader_dispatch(&logs_ops, call, req, rep);
    case FACET_SELF:
        return session_self_dispatch(&self_ops, call, req, rep);
    default:
        return CAP_ERR_NO_RIGHTS;
    }
}
