/* Connection accounting of the gateway (contract in limits.h). */
#include "conn_limits.h"

#include <string.h>

limits_config_t limits_config_default(void) {
    limits_config_t cfg = {
        .max_conns = LIMITS_DEFAULT_MAX_CONNS,
        .max_unauth = LIMITS_DEFAULT_MAX_UNAUTH,
        .grace_ms = LIMITS_DEFAULT_GRACE_MS,
    };
    return cfg;
}

bool limits_init(limits_t *l, const limits_config_t *cfg, penalty_table_t *penalties) {
    if (cfg->max_conns == 0 || cfg->max_conns > LIMITS_SLOTS_MAX || cfg->max_unauth == 0 ||
        cfg->max_unauth > cfg->max_conns || cfg->grace_ms == 0)
        return false;
    memset(l, 0, sizeof(*l));
    l->cfg = *cfg;
    l->penalties = penalties;
    return true;
}

limits_verdict_t limits_accept(limits_t *l, penalty_source_t source, uint64_t now_ms,
                               uint32_t *slot, uint64_t *retry_after_ms) {
    if (penalty_check(l->penalties, source, now_ms, retry_after_ms))
        return LIMITS_REFUSED_PENALTY;
    if (l->conns >= l->cfg.max_conns)
        return LIMITS_REFUSED_FULL;
    if (l->unauth >= l->cfg.max_unauth)
        return LIMITS_REFUSED_STARTUPS;
    uint32_t i = 0;
    while (l->conn[i].used) /* a free slot exists: conns < max_conns <= LIMITS_SLOTS_MAX */
        i++;
    limits_conn_t *c = &l->conn[i];
    memset(c, 0, sizeof(*c));
    c->used = true;
    c->source = source;
    c->deadline_ms = now_ms > UINT64_MAX - l->cfg.grace_ms ? UINT64_MAX : now_ms + l->cfg.grace_ms;
    l->conns++;
    l->unauth++;
    *slot = i;
    return LIMITS_ACCEPTED;
}

/* The connection on slot if it exists and is still logging in. */
static limits_conn_t *unauth_conn(limits_t *l, uint32_t slot) {
    if (slot >= LIMITS_SLOTS_MAX || !l->conn[slot].used || l->conn[slot].authenticated)
        return NULL;
    return &l->conn[slot];
}

bool limits_auth_failed(limits_t *l, uint32_t slot, uint64_t now_ms) {
    limits_conn_t *c = unauth_conn(l, slot);
    if (c == NULL)
        return false;
    if (c->failures != UINT32_MAX)
        c->failures++;
    penalty_record(l->penalties, c->source, PENALTY_AUTH_FAILED, now_ms);
    return true;
}

bool limits_auth_succeeded(limits_t *l, uint32_t slot, uint64_t now_ms) {
    limits_conn_t *c = unauth_conn(l, slot);
    if (c == NULL || now_ms >= c->deadline_ms)
        return false;
    c->authenticated = true;
    l->unauth--;
    return true;
}

limits_end_t limits_close(limits_t *l, uint32_t slot, uint64_t now_ms) {
    if (slot >= LIMITS_SLOTS_MAX || !l->conn[slot].used)
        return LIMITS_END_BAD_SLOT;
    limits_conn_t *c = &l->conn[slot];
    limits_end_t end = LIMITS_END_AUTHENTICATED;
    if (!c->authenticated) {
        l->unauth--;
        if (now_ms >= c->deadline_ms) {
            end = LIMITS_END_GRACE_EXCEEDED;
            penalty_record(l->penalties, c->source, PENALTY_GRACE_EXCEEDED, now_ms);
        } else if (c->failures == 0) {
            end = LIMITS_END_NO_AUTH;
            penalty_record(l->penalties, c->source, PENALTY_NO_AUTH, now_ms);
        } else {
            end = LIMITS_END_AUTH_FAILED;
        }
    }
    memset(c, 0, sizeof(*c));
    l->conns--;
    return end;
}

bool limits_next_expired(const limits_t *l, uint64_t now_ms, uint32_t *slot) {
    for (uint32_t i = 0; i < LIMITS_SLOTS_MAX; i++) {
        const limits_conn_t *c = &l->conn[i];
        if (c->used && !c->authenticated && now_ms >= c->deadline_ms) {
            *slot = i;
            return true;
        }
    }
    return false;
}

uint64_t limits_next_deadline(const limits_t *l) {
    uint64_t next = UINT64_MAX;
    for (uint32_t i = 0; i < LIMITS_SLOTS_MAX; i++) {
        const limits_conn_t *c = &l->conn[i];
        if (c->used && !c->authenticated && c->deadline_ms < next)
            next = c->deadline_ms;
    }
    return next;
}
