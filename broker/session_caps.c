/* Session holds: checking what a caller sent, liveness, forgetting entries. */
#include "audit_event.h"
#include "broker.h"
#include "capos/idl/session.h"

cap_err_t broker_session_info(cap_t session, bool need_bind, uint32_t *live, uint64_t *serial) {
    cap_info_t ci;
    uint64_t epoch = 0;
    if (cap_info(session, &ci) != CAP_OK || ci.type != CAP_TYPE_SESSION ||
        (need_bind && !(ci.rights & CAP_RIGHT_BIND)))
        return CAP_ERR_BAD_ARGS;
    /* A Session hold without CALL cannot be asked anything: not usable here. */
    return session_info(session, live, &epoch, serial) == CAP_OK ? CAP_OK : CAP_ERR_BAD_ARGS;
}

bool broker_entry_live(const session_entry_t *e) {
    uint32_t live = 0;
    uint64_t epoch = 0, serial = 0;
    /* An unanswerable session is treated as gone: fail closed. */
    return session_info(e->session, &live, &epoch, &serial) == CAP_OK && live == 1 &&
           serial == e->serial;
}

typedef struct {
    broker_t *b;
    const char *why;
} drop_ctx_t;

static void drop_entry(void *ctx, uint32_t slot, const session_entry_t *e) {
    const drop_ctx_t *d = ctx;
    (void)slot;
    (void)cap_release(e->session);
    if (e->launcher != CAP_NULL)
        (void)cap_release(e->launcher);
    broker_audit(d->b, AUDIT_KIND_SESSION_ENDED, AUDIT_RESULT_OK, e->serial, d->why);
}

static bool entry_live(void *ctx, const session_entry_t *e) {
    (void)ctx;
    return broker_entry_live(e);
}

void broker_forget(broker_t *b, uint32_t slot, const char *why) {
    drop_ctx_t d = {b, why};
    session_table_free(&b->table, slot, drop_entry, &d);
}

cap_err_t broker_reserve(broker_t *b, uint64_t serial, uint32_t *slot) {
    drop_ctx_t d = {b, "expired"};
    return session_table_reserve(&b->table, serial, entry_live, drop_entry, &d, slot);
}
