/* The session manager's facet: admit and retire sessions. */
#include "audit_event.h"
#include "broker.h"
#include "capos/idl/spawner.h"

static cap_err_t refuse(const broker_t *b, cap_err_t e, uint64_t serial, const char *why) {
    /* Policy refusals are denied; everything else (bad input, a full
     * table, a failed bind) failed. */
    bool denied = e == CAP_ERR_DENIED || e == CAP_ERR_SESSION_STALE;
    uint32_t result = denied ? AUDIT_RESULT_DENIED : AUDIT_RESULT_FAILED;
    broker_audit(b, AUDIT_KIND_BROKER_DECISION, result, serial, why);
    return e;
}

static const char *reserve_word(cap_err_t e) {
    return e == CAP_ERR_EXISTS ? "exists" : e == CAP_ERR_NO_SLOTS ? "no_slots" : "reserve_failed";
}

/* The entry for an admitted session; the launcher is bound only when the
 * profile may launch anything, so other sessions never hold spawn
 * authority at all. */
static cap_err_t make_entry(broker_t *b, cap_t session, uint32_t profile, uint64_t serial,
                            session_entry_t *e) {
    const sys_profile_t *p = &b->sys.profiles[profile];
    e->serial = serial;
    e->profile = profile;
    e->principal_class = bundle_policy_principal_class(p);
    e->session = session;
    e->launcher = CAP_NULL;
    if (!bundle_policy_allows(p, &b->held, FACET_LAUNCHER))
        return CAP_OK;
    return process_spawner_bind_session(b->spawner, session, &e->launcher);
}

static cap_err_t op_admit(void *ctx, cap_t session, const char *profile, uint32_t profile_len,
                          const char *account, uint32_t account_len, uint64_t principal_id,
                          uint32_t auth_strength) {
    broker_call_t *call = ctx;
    broker_t *b = call->b;
    uint32_t live = 0, slot = 0;
    uint64_t serial = 0;
    if (broker_session_info(session, true, &live, &serial) != CAP_OK)
        return refuse(b, CAP_ERR_BAD_ARGS, 0, "bad_session");
    if (auth_strength > AUTH_STRENGTH_HARDWARE_KEY || account_len > BROKER_ACCOUNT_MAX)
        return refuse(b, CAP_ERR_BAD_ARGS, serial, "bad_args");
    int32_t idx = bundle_policy_find_profile(&b->sys, profile, profile_len);
    if (idx < 0)
        return refuse(b, CAP_ERR_DENIED, serial, "unknown_profile");
    if (live != 1)
        return refuse(b, CAP_ERR_SESSION_STALE, serial, "stale");
    cap_err_t e = broker_reserve(b, serial, &slot);
    if (e != CAP_OK)
        return refuse(b, e, serial, reserve_word(e));
    session_entry_t entry = {
        .principal_id = principal_id, .auth_strength = auth_strength, .account_len = account_len};
    if ((e = make_entry(b, session, (uint32_t)idx, serial, &entry)) != CAP_OK)
        return refuse(b, e, serial, "bind_failed");
    if (account_len != 0)
        memcpy(entry.account, account, account_len);
    session_table_insert(&b->table, slot, &entry);
    broker_keep(call, session);
    broker_audit(b, AUDIT_KIND_BROKER_DECISION, AUDIT_RESULT_OK, serial, "admit");
    return CAP_OK;
}

static cap_err_t op_retire(void *ctx, cap_t session) {
    broker_t *b = ((broker_call_t *)ctx)->b;
    uint32_t live = 0;
    uint64_t serial = 0;
    if (broker_session_info(session, false, &live, &serial) != CAP_OK)
        return CAP_ERR_BAD_ARGS;
    int32_t slot = session_table_find(&b->table, serial);
    if (slot < 0)
        return CAP_ERR_NOT_FOUND;
    broker_forget(b, (uint32_t)slot, "retired");
    return CAP_OK;
}

const authority_broker_server_ops_t broker_sessiond_ops = {
    .admit = op_admit,
    .retire = op_retire,
};
