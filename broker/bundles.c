/* The shell's facet: the bundle of an admitted session, and the anonymous
 * bundle. Every capability in a bundle is a fresh facet of the broker's own
 * endpoint; nothing init granted is handed out directly. */
#include "audit_event.h"
#include "audit_word.h"
#include "broker.h"

#define FACET_RIGHTS (CAP_RIGHT_CALL | CAP_RIGHT_TRANSFER)

/* Derives one facet per kind for (slot, gen) and writes the names blob. The
 * facets are recorded as made, so the serve loop releases them if the
 * reply does not carry them away. */
static cap_err_t issue(broker_call_t *call, const facet_kind_t *kinds, uint32_t n, uint32_t slot,
                       uint32_t gen, uint8_t *names, uint32_t names_cap, uint32_t *names_len,
                       cap_t *bundle, uint32_t bundle_cap, uint32_t *bundle_count) {
    if (n > bundle_cap || !bundle_policy_names(kinds, n, names, names_cap, names_len))
        return CAP_ERR_BAD_ARGS; /* cannot happen: five short names fit */
    for (uint32_t i = 0; i < n; i++) {
        uint64_t badge = facet_badge_encode(kinds[i], slot, gen);
        if (badge == 0)
            return CAP_ERR_BAD_ARGS;
        cap_err_t e = cap_derive(call->b->server, FACET_RIGHTS, CAP_SCOPE_CROSS_SESSION_SHAREABLE,
                                 0, badge, &bundle[i]);
        if (e != CAP_OK)
            return e;
        broker_made(call, bundle[i]);
    }
    *bundle_count = n;
    return CAP_OK;
}

static cap_err_t op_shell_bundle(void *ctx, cap_t session, char *profile, uint32_t profile_cap,
                                 uint32_t *profile_len, uint8_t *names, uint32_t names_cap,
                                 uint32_t *names_len, cap_t *bundle, uint32_t bundle_cap,
                                 uint32_t *bundle_count) {
    broker_call_t *call = ctx;
    broker_t *b = call->b;
    uint32_t live = 0;
    uint64_t serial = 0;
    if (broker_session_info(session, false, &live, &serial) != CAP_OK)
        return CAP_ERR_BAD_ARGS;
    int32_t slot = session_table_find(&b->table, serial);
    if (slot < 0 || live != 1) {
        if (slot >= 0)
            broker_forget(b, (uint32_t)slot, "stale");
        broker_audit(b, AUDIT_KIND_BROKER_DECISION, AUDIT_RESULT_DENIED, serial,
                     slot < 0 ? "unknown_session" : "stale");
        return CAP_ERR_SESSION_STALE;
    }
    const session_entry_t *e = &b->table.slots[slot];
    const sys_profile_t *p = &b->sys.profiles[e->profile];
    facet_kind_t kinds[FACET_BUNDLE_MAX];
    uint32_t n = bundle_policy_facets(p, &b->held, kinds);
    cap_err_t err = issue(call, kinds, n, (uint32_t)slot, e->gen, names, names_cap, names_len,
                          bundle, bundle_cap, bundle_count);
    uint32_t len = (uint32_t)strlen(p->name);
    if (err == CAP_OK && len > profile_cap)
        err = CAP_ERR_BAD_ARGS;
    char word[AUDIT_DETAIL_MAX + 1];
    audit_word_choose(p->name, len, "bundle", word);
    broker_audit(b, AUDIT_KIND_BROKER_DECISION,
                 err == CAP_OK ? AUDIT_RESULT_OK : AUDIT_RESULT_FAILED, serial, word);
    if (err != CAP_OK)
        return err;
    memcpy(profile, p->name, len);
    *profile_len = len;
    return CAP_OK;
}

static cap_err_t op_anonymous_bundle(void *ctx, uint8_t *names, uint32_t names_cap,
                                     uint32_t *names_len, cap_t *bundle, uint32_t bundle_cap,
                                     uint32_t *bundle_count) {
    broker_call_t *call = ctx;
    broker_t *b = call->b;
    const sys_profile_t *p = b->anonymous >= 0 ? &b->sys.profiles[b->anonymous] : NULL;
    facet_kind_t kinds[FACET_BUNDLE_MAX];
    uint32_t n = bundle_policy_facets(p, &b->held, kinds);
    cap_err_t e = issue(call, kinds, n, FACET_SLOT_ANONYMOUS, 0, names, names_cap, names_len,
                        bundle, bundle_cap, bundle_count);
    broker_audit(b, AUDIT_KIND_BROKER_DECISION, e == CAP_OK ? AUDIT_RESULT_OK : AUDIT_RESULT_FAILED,
                 0, BROKER_PROFILE_ANONYMOUS);
    return e;
}

const authority_broker_server_ops_t broker_shell_ops = {
    .shell_bundle = op_shell_bundle,
    .anonymous_bundle = op_anonymous_bundle,
};
