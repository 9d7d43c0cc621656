/* Per-source penalties (contract in penalty.h). */
#include "penalty.h"

#include <string.h>

penalty_config_t penalty_config_default(void) {
    penalty_config_t cfg = {
        .amount_ms =
            {
                [PENALTY_AUTH_FAILED] = PENALTY_DEFAULT_AUTH_FAILED_MS,
                [PENALTY_NO_AUTH] = PENALTY_DEFAULT_NO_AUTH_MS,
                [PENALTY_GRACE_EXCEEDED] = PENALTY_DEFAULT_GRACE_EXCEEDED_MS,
            },
        .threshold_ms = PENALTY_DEFAULT_THRESHOLD_MS,
        .max_ms = PENALTY_DEFAULT_MAX_MS,
    };
    return cfg;
}

bool penalty_init(penalty_table_t *t, const penalty_config_t *cfg) {
    if (cfg->threshold_ms == 0 || cfg->threshold_ms > cfg->max_ms)
        return false;
    for (uint32_t i = 0; i < PENALTY__END; i++)
        if (cfg->amount_ms[i] > cfg->max_ms)
            return false;
    memset(t, 0, sizeof(*t));
    t->cfg = *cfg;
    return true;
}

penalty_source_t penalty_source_ipv4(uint32_t addr) {
    penalty_source_t s = {{0}};
    s.b[10] = 0xff;
    s.b[11] = 0xff;
    s.b[12] = (uint8_t)(addr >> 24);
    s.b[13] = (uint8_t)(addr >> 16);
    s.b[14] = (uint8_t)(addr >> 8);
    s.b[15] = (uint8_t)addr;
    return s;
}

penalty_source_t penalty_source_ipv6(const uint8_t addr[16]) {
    penalty_source_t s = {{0}};
    memcpy(s.b, addr, 8);
    return s;
}

static uint64_t left(const penalty_entry_t *e, uint64_t now_ms) {
    return e->used && e->expiry_ms > now_ms ? e->expiry_ms - now_ms : 0;
}

/* The index of source's entry, PENALTY_SOURCES_MAX when it has none. */
static uint32_t find(const penalty_table_t *t, penalty_source_t source) {
    for (uint32_t i = 0; i < PENALTY_SOURCES_MAX; i++)
        if (t->entry[i].used && memcmp(t->entry[i].source.b, source.b, sizeof(source.b)) == 0)
            return i;
    return PENALTY_SOURCES_MAX;
}

/* The entry for a source not in the table: a free or expired one if there
 * is one, else the one with the least penalty left (evicted). */
static penalty_entry_t *claim(penalty_table_t *t, uint64_t now_ms) {
    penalty_entry_t *best = &t->entry[0];
    for (uint32_t i = 0; i < PENALTY_SOURCES_MAX; i++) {
        penalty_entry_t *e = &t->entry[i];
        if (left(e, now_ms) == 0)
            return e;
        if (left(e, now_ms) < left(best, now_ms))
            best = e;
    }
    if (t->evictions != UINT32_MAX)
        t->evictions++;
    return best;
}

void penalty_record(penalty_table_t *t, penalty_source_t source, penalty_reason_t why,
                    uint64_t now_ms) {
    if ((uint32_t)why >= PENALTY__END)
        return;
    uint32_t i = find(t, source);
    penalty_entry_t *e = i < PENALTY_SOURCES_MAX ? &t->entry[i] : claim(t, now_ms);
    if (i == PENALTY_SOURCES_MAX || left(e, now_ms) == 0) {
        /* a fresh start: a new source, or an old penalty that has run out */
        e->source = source;
        e->used = true;
        e->active = false;
        e->expiry_ms = now_ms;
    }
    uint64_t rest = left(e, now_ms) + t->cfg.amount_ms[why];
    if (rest > t->cfg.max_ms)
        rest = t->cfg.max_ms;
    e->expiry_ms = now_ms > UINT64_MAX - rest ? UINT64_MAX : now_ms + rest;
    if (rest >= t->cfg.threshold_ms)
        e->active = true;
}

bool penalty_check(const penalty_table_t *t, penalty_source_t source, uint64_t now_ms,
                   uint64_t *retry_after_ms) {
    uint32_t i = find(t, source);
    if (i == PENALTY_SOURCES_MAX || !t->entry[i].active)
        return false;
    uint64_t rest = left(&t->entry[i], now_ms);
    if (rest > 0 && retry_after_ms != NULL)
        *retry_after_ms = rest;
    return rest > 0;
}

uint64_t penalty_left(const penalty_table_t *t, penalty_source_t source, uint64_t now_ms) {
    uint32_t i = find(t, source);
    return i < PENALTY_SOURCES_MAX ? left(&t->entry[i], now_ms) : 0;
}
