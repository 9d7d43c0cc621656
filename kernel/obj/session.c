/* Sessions and the SessionMinter. A process's session is fixed at spawn; a
 * session goes stale when it expires or is revoked, and stale sessions fail
 * closed on endpoint calls and on process/session/spawn authority. */
#include "kinvoke.h"
#include "capos/idl/session.h"

kobject_t session_minter_object = {CAP_TYPE_SESSION_MINTER, 1, NULL};

static session_t *session_new(const session_subject_t *subject, uint64_t ttl_ns, bool need_id) {
    session_t *s = kzalloc(sizeof(*s));
    if (!s)
        return NULL;
    if (!entropy_hw_read((uint8_t *)&s->id, sizeof(s->id))) {
        if (need_id) {
            kfree(s);
            return NULL;
        }
        s->id = 0;
    }
    kobject_init(&s->ko, CAP_TYPE_SESSION);
    list_push_back(&kernel.sessions, &s->link);
    s->serial = ++kernel.next_session_serial;
    s->epoch = 1;
    s->subject = *subject;
    if (ttl_ns) {
        uint64_t now = clock_now_ns();
        s->expiry_ns = ttl_ns > UINT64_MAX - now ? UINT64_MAX : now + ttl_ns;
    }
    return s;
}

session_t *session_create(const session_subject_t *subject, uint64_t ttl_ns) {
    return session_new(subject, ttl_ns, true);
}

session_t *session_create_system(const session_subject_t *subject) {
    return session_new(subject, 0, false);
}

void session_destroy(session_t *s) {
    list_remove(&s->link);
    kfree(s);
}

bool session_is_stale(const session_t *s) {
    return s->revoked || (s->expiry_ns && clock_now_ns() >= s->expiry_ns);
}

uint32_t session_live_count(void) {
    uint32_t n = 0;
    for (list_node_t *l = kernel.sessions.next; l != &kernel.sessions; l = l->next)
        n += !session_is_stale(CONTAINER_OF(l, session_t, link));
    return n;
}

static cap_err_t op_mint(void *ctx, uint32_t principal_class, uint32_t profile,
                         uint64_t principal_id, uint32_t auth_strength, uint64_t ttl_ns,
                         cap_t *out) {
    kctx_t *k = ctx;
    if (principal_class > PRINCIPAL_OPERATOR)
        return CAP_ERR_BAD_ARGS;
    if (cap_table_free_slots(k->proc->caps) < 1)
        return CAP_ERR_NO_SLOTS;
    session_subject_t subj = {.principal_class = principal_class,
                              .profile = profile,
                              .principal_id = principal_id,
                              .auth_strength = auth_strength};
    session_t *s = session_create(&subj, ttl_ns);
    if (!s)
        return kernel.has_rdrand || kernel.has_rdseed ? CAP_ERR_NO_MEMORY : CAP_ERR_NO_ENTROPY;
    uint32_t rights =
        CAP_RIGHT_CALL | CAP_RIGHT_DERIVE | CAP_RIGHT_TRANSFER | CAP_RIGHT_CONTROL | CAP_RIGHT_BIND;
    return kctx_give(k, kobject_hold(&s->ko, rights, CAP_SCOPE_SERVICE_REGRANT_ONLY), out);
}

static cap_err_t op_revoke(void *ctx) {
    kctx_t *k = ctx;
    if (!(k->hold.rights & CAP_RIGHT_CONTROL))
        return CAP_ERR_NO_RIGHTS;
    ((session_t *)k->hold.obj)->revoked = true;
    return CAP_OK;
}

static cap_err_t op_renew(void *ctx, uint64_t ttl_ns) {
    kctx_t *k = ctx;
    session_t *s = (session_t *)k->hold.obj;
    if (!(k->hold.rights & CAP_RIGHT_CONTROL))
        return CAP_ERR_NO_RIGHTS;
    if (ttl_ns == 0)
        return CAP_ERR_BAD_ARGS;
    if (s->revoked)
        return CAP_ERR_SESSION_STALE;
    uint64_t now = clock_now_ns();
    s->expiry_ns = ttl_ns > UINT64_MAX - now ? UINT64_MAX : now + ttl_ns;
    s->epoch++;
    return CAP_OK;
}

static cap_err_t op_info(void *ctx, uint32_t *live, uint64_t *epoch, uint64_t *serial) {
    kctx_t *k = ctx;
    session_t *s = (session_t *)k->hold.obj;
    *live = !session_is_stale(s);
    *epoch = s->epoch;
    *serial = s->serial;
    return CAP_OK;
}

static const session_minter_server_ops_t minter_ops = {.mint = op_mint};
static const session_server_ops_t session_ops = {
    .revoke = op_revoke,
    .renew = op_renew,
    .info = op_info,
};

cap_err_t session_minter_invoke(kctx_t *k, const ipc_msg_t *req, ipc_msg_t *rep) {
    return session_minter_dispatch(&minter_ops, k, req, rep);
}

cap_err_t session_invoke(kctx_t *k, const ipc_msg_t *req, ipc_msg_t *rep) {
    return session_dispatch(&session_ops, k, req, rep);
}
