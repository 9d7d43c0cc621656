/* What an endpoint server learns about a caller: an opaque service-scoped
 * session reference (HMAC under the boot secret), the session epoch and
 * freshness, and only those subject fields the caller asked to disclose AND
 * its hold's disclosure scope allows. */
#include "ipc.h"
#include "capos/caller_ref.h"

void caller_info_fill(const proc_t *caller, endpoint_t *ep, uint32_t requested,
                      uint32_t hold_disclose, ipc_caller_t *out) {
    const session_t *s = caller->session;
    *out = (ipc_caller_t){0};
    if (!ep->ref_cached || ep->ref_session_id != s->id) {
        caller_ref_derive(kernel.boot_secret, ep->scope_id, s->id, &ep->ref_lo, &ep->ref_hi);
        ep->ref_session_id = s->id;
        ep->ref_cached = true;
    }
    out->ref_lo = ep->ref_lo;
    out->ref_hi = ep->ref_hi;
    out->epoch = s->epoch;
    out->flags = session_is_stale(s) ? CALLER_STALE : CALLER_LIVE;
    uint32_t allowed = requested & hold_disclose & DISCLOSE_ALL;
    out->disclosed = allowed;
    if (allowed & DISCLOSE_PRINCIPAL_CLASS)
        out->principal_class = s->subject.principal_class;
    if (allowed & DISCLOSE_PRINCIPAL_ID)
        out->principal_id = s->subject.principal_id;
    if (allowed & DISCLOSE_PROFILE)
        out->profile = s->subject.profile;
    if (allowed & DISCLOSE_AUTH_STRENGTH)
        out->auth_strength = s->subject.auth_strength;
}
