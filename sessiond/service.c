/* SessionManager operations: credentials go to the credential store, the
 * session comes from the kernel's SessionMinter, the bundle policy is the
 * broker's; sessiond only connects them and records what happened. */
#include "capos/idl/broker.h"
#include "capos/idl/credstore.h"
#include "capos/idl/audit.h"
#include "capos/idl/session.h"
#include "audit_event.h"
#include "sessiond.h"

/* The caller's password sits in this service's receive buffer: wipe it once
 * it has been passed on. */
static void scrub(const void *p, size_t n) {
    volatile uint8_t *v = (volatile uint8_t *)(uintptr_t)p;
    while (n--)
        *v++ = 0;
}

static bool session_stale(void *ctx, cap_t hold) {
    (void)ctx;
    uint32_t live = 0;
    uint64_t epoch = 0, serial = 0;
    return session_info(hold, &live, &epoch, &serial) != CAP_OK || !live;
}

static void drop_session(void *ctx, const sessiond_entry_t *e) {
    const sessiond_t *sd = ctx;
    rt_ignore(authority_broker_retire(sd->broker, e->hold));
    (void)cap_release(e->hold);
    sessiond_audit(sd, AUDIT_KIND_SESSION_ENDED, AUDIT_RESULT_OK, e->serial, "expired");
}

/* A slot for a new session, sweeping out stale ones when the table is full. */
static int free_slot(sessiond_t *sd) {
    int slot = sessiond_table_free_slot(&sd->sessions);
    if (slot < 0 && sessiond_table_sweep(&sd->sessions, session_stale, drop_session, sd) > 0)
        slot = sessiond_table_free_slot(&sd->sessions);
    return slot;
}

typedef struct {
    uint32_t principal_class;
    const char *profile;
    const char *account;
    uint64_t principal_id;
    uint32_t strength;
    const char *how; /* audit detail */
} opening_t;

/* Mints the session, admits it to the broker, keeps the full hold and
 * returns a CALL-only one. */
static cap_err_t open_session(sessiond_t *sd, const opening_t *o, cap_t *out) {
    int profile = sessiond_profile_index(&sd->sys, o->profile);
    int slot = profile < 0 ? -1 : free_slot(sd);
    if (profile < 0 || slot < 0) {
        sessiond_audit(sd, AUDIT_KIND_SESSION_CREATED, AUDIT_RESULT_FAILED, 0,
                       profile < 0 ? "no_profile" : "table_full");
        return profile < 0 ? CAP_ERR_DENIED : CAP_ERR_NO_SLOTS;
    }
    cap_t full = CAP_NULL;
    cap_err_t e =
        session_minter_mint(sd->minter, o->principal_class, (uint32_t)profile, o->principal_id,
                            o->strength, sessiond_ttl_ns(&sd->sys.profiles[profile]), &full);
    if (e != CAP_OK) {
        sessiond_audit(sd, AUDIT_KIND_SESSION_CREATED,
                       e == CAP_ERR_NO_ENTROPY ? AUDIT_RESULT_UNAVAILABLE : AUDIT_RESULT_FAILED, 0,
                       e == CAP_ERR_NO_ENTROPY ? "no_entropy" : "mint_failed");
        return e;
    }
    uint32_t live = 0;
    uint64_t epoch = 0, serial = 0;
    e = session_info(full, &live, &epoch, &serial);
    if (e == CAP_OK)
        e = authority_broker_admit(sd->broker, full, o->profile, (uint32_t)strlen(o->profile),
                                   o->account, (uint32_t)strlen(o->account), o->principal_id,
                                   o->strength);
    if (e == CAP_OK)
        e = cap_derive(full, CAP_RIGHT_CALL | CAP_RIGHT_TRANSFER, CAP_SCOPE_SERVICE_REGRANT_ONLY, 0,
                       0, out);
    if (e != CAP_OK) {
        rt_ignore(authority_broker_retire(sd->broker, full));
        rt_ignore(session_revoke(full));
        (void)cap_release(full);
        sessiond_audit(sd, AUDIT_KIND_SESSION_CREATED, AUDIT_RESULT_FAILED, serial, "not_admitted");
        return CAP_ERR_UNAVAILABLE;
    }
    sd->sessions.e[slot] = (sessiond_entry_t){
        .used = true, .serial = serial, .hold = full, .principal = o->principal_class};
    sessiond_audit(sd, AUDIT_KIND_SESSION_CREATED, AUDIT_RESULT_OK, serial, o->how);
    return CAP_OK;
}

/* 0 = the operator seed has a verifier, 1 = setup required, 2 = unknown. */
static uint32_t seed_state(const sessiond_t *sd) {
    uint32_t present = 2;
    if (credential_store_has_verifier(sd->creds, SESSIOND_SEED_ACCOUNT,
                                      sizeof SESSIOND_SEED_ACCOUNT - 1, &present) != CAP_OK)
        return 2;
    return present == 1 ? 0 : present == 0 ? 1 : 2;
}

static cap_err_t op_login(void *ctx, const char *account, uint32_t account_len,
                          const uint8_t *password, uint32_t password_len, cap_t *session) {
    sessiond_t *sd = ctx;
    char name[SESSIOND_ACCOUNT_MAX + 1];
    cap_err_t e = CAP_OK;
    uint32_t result = SESSIOND_CRED_DENIED;
    uint64_t principal = 0;
    if (!sessiond_account_valid(account, account_len)) {
        sessiond_audit(sd, AUDIT_KIND_AUTH_FAILED, AUDIT_RESULT_DENIED, 0, "bad_account");
        e = CAP_ERR_DENIED;
    } else {
        memcpy(name, account, account_len);
        name[account_len] = '\0';
        uint32_t seed = strcmp(name, SESSIOND_SEED_ACCOUNT) ? 0 : seed_state(sd);
        if (seed == 1)
            sessiond_audit(sd, AUDIT_KIND_AUTH_FAILED, AUDIT_RESULT_DENIED, 0, "setup_required");
        if (seed != 0)
            e = seed == 1 ? CAP_ERR_NOT_FOUND : CAP_ERR_UNAVAILABLE;
        else if (credential_store_verify(sd->creds, account, account_len, password, password_len,
                                         &result, &principal) != CAP_OK)
            e = CAP_ERR_UNAVAILABLE;
        else
            e = sessiond_cred_status(result);
    }
    scrub(password, password_len);
    if (e != CAP_OK)
        return e;
    opening_t o = {PRINCIPAL_OPERATOR, SESSIOND_OPERATOR_PROFILE, name,
                   principal,          AUTH_STRENGTH_PASSWORD,    "password"};
    return open_session(sd, &o, session);
}

/* The SSH gateway has verified the client's signature; the key itself must
 * be one the manifest authorizes for the account. The audit records match
 * login's (auth_ok / auth_failed, then session_created), with "public_key"
 * for the method; the subject of auth_ok is the record's position. */
static cap_err_t op_login_key(void *ctx, const char *account, uint32_t account_len,
                              const uint8_t *key, uint32_t key_len, cap_t *session) {
    sessiond_t *sd = ctx;
    char name[SESSIOND_ACCOUNT_MAX + 1];
    if (!sessiond_account_valid(account, account_len)) {
        sessiond_audit(sd, AUDIT_KIND_AUTH_FAILED, AUDIT_RESULT_DENIED, 0, "bad_account");
        return CAP_ERR_DENIED;
    }
    uint32_t record = sessiond_key_authorized(&sd->sys, account, account_len, key, key_len);
    if (record == 0) {
        sessiond_audit(sd, AUDIT_KIND_AUTH_FAILED, AUDIT_RESULT_DENIED, 0, "public_key");
        return CAP_ERR_DENIED;
    }
    sessiond_audit(sd, AUDIT_KIND_AUTH_OK, AUDIT_RESULT_OK, record, "public_key");
    memcpy(name, account, account_len);
    name[account_len] = '\0';
    opening_t o = {PRINCIPAL_OPERATOR,        SESSIOND_OPERATOR_PROFILE, name,
                   SESSIOND_KEY_PRINCIPAL_ID, AUTH_STRENGTH_PUBLIC_KEY,  "public_key"};
    return open_session(sd, &o, session);
}

static cap_err_t op_guest(void *ctx, cap_t *session) {
    sessiond_t *sd = ctx;
    if (!sd->sys.guest) {
        sessiond_audit(sd, AUDIT_KIND_SESSION_CREATED, AUDIT_RESULT_DENIED, 0, "guest_disabled");
        return CAP_ERR_DENIED;
    }
    opening_t o = {PRINCIPAL_GUEST, SESSIOND_GUEST_PROFILE, "guest", 0, AUTH_STRENGTH_NONE,
                   "guest"};
    return open_session(sd, &o, session);
}

/* The first credential: an internal setup token issued and redeemed at
 * once (the token never leaves this service), then the new operator is
 * logged in. */
static cap_err_t op_setup(void *ctx, const uint8_t *password, uint32_t password_len,
                          uint32_t *is_volatile, cap_t *session) {
    sessiond_t *sd = ctx;
    static const char seed[] = SESSIOND_SEED_ACCOUNT;
    uint8_t token[32];
    uint32_t token_len = 0, result = SESSIOND_CRED_DENIED, state = seed_state(sd);
    uint64_t record = 0, credential = 0, principal = 0;
    cap_err_t e = CAP_OK;
    if (sd->creds_setup == CAP_NULL || state != 1 || password_len == 0) {
        sessiond_audit(sd, AUDIT_KIND_SETUP,
                       state == 2 ? AUDIT_RESULT_UNAVAILABLE : AUDIT_RESULT_DENIED, 0,
                       state == 0   ? "has_verifier"
                       : state == 2 ? "store_unavailable"
                                    : "refused");
        e = state == 2 ? CAP_ERR_UNAVAILABLE : CAP_ERR_DENIED;
    } else if ((e = credential_store_issue_setup_token(sd->creds_setup, seed, sizeof seed - 1,
                                                       SESSIOND_SETUP_TTL_MS, token, sizeof token,
                                                       &token_len, &record)) == CAP_OK) {
        e = credential_store_redeem_setup_token(sd->creds_setup, record, token, token_len, password,
                                                password_len, &result, &credential, &principal,
                                                is_volatile);
        if (e == CAP_OK)
            e = sessiond_cred_status(result);
    }
    scrub(token, sizeof token);
    scrub(password, password_len);
    if (e != CAP_OK)
        return e;
    opening_t o = {PRINCIPAL_OPERATOR, SESSIOND_OPERATOR_PROFILE, seed,
                   principal,          AUTH_STRENGTH_PASSWORD,    "setup"};
    return open_session(sd, &o, session);
}

static cap_err_t op_logout(void *ctx, cap_t session) {
    sessiond_t *sd = ctx;
    uint32_t live = 0;
    uint64_t epoch = 0, serial = 0;
    if (session_info(session, &live, &epoch, &serial) != CAP_OK)
        return CAP_ERR_BAD_ARGS;
    int i = sessiond_table_find(&sd->sessions, serial);
    if (i < 0)
        return CAP_ERR_NOT_FOUND;
    cap_t full = sd->sessions.e[i].hold;
    sd->sessions.e[i] = (sessiond_entry_t){0};
    rt_ignore(authority_broker_retire(sd->broker, full));
    rt_ignore(session_revoke(full));
    (void)cap_release(full);
    sessiond_audit(sd, AUDIT_KIND_LOGOUT, AUDIT_RESULT_OK, serial, "");
    sessiond_audit(sd, AUDIT_KIND_SESSION_ENDED, AUDIT_RESULT_OK, serial, "logout");
    return CAP_OK;
}

static cap_err_t op_setup_state(void *ctx, uint32_t *state) {
    *state = seed_state(ctx);
    return CAP_OK;
}

const session_manager_server_ops_t sessiond_ops = {
    .login = op_login,
    .guest = op_guest,
    .setup = op_setup,
    .logout = op_logout,
    .setup_state = op_setup_state,
    .login_key = op_login_key,
};

void sessiond_audit(const sessiond_t *sd, uint32_t kind, uint32_t result, uint64_t subject,
                    const char *detail) {
    if (sd->audit != CAP_NULL)
        rt_ignore(
            audit_log_record(sd->audit, kind, result, subject, detail, (uint32_t)strlen(detail)));
}
