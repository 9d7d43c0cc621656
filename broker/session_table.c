/* The registration table (see session_table.h). */
#include "session_table.h"

void session_table_init(session_table_t *t) {
    for (uint32_t i = 0; i < BROKER_MAX_SESSIONS; i++)
        t->slots[i] = (session_entry_t){.gen = 1};
}

int32_t session_table_find(const session_table_t *t, uint64_t serial) {
    for (uint32_t i = 0; i < BROKER_MAX_SESSIONS; i++)
        if (t->slots[i].used && t->slots[i].serial == serial)
            return (int32_t)i;
    return -1;
}

session_entry_t *session_table_lookup(session_table_t *t, uint32_t slot, uint32_t gen) {
    if (slot >= BROKER_MAX_SESSIONS || !t->slots[slot].used || t->slots[slot].gen != gen)
        return NULL;
    return &t->slots[slot];
}

static int32_t first_free(const session_table_t *t) {
    for (uint32_t i = 0; i < BROKER_MAX_SESSIONS; i++)
        if (!t->slots[i].used)
            return (int32_t)i;
    return -1;
}

cap_err_t session_table_reserve(session_table_t *t, uint64_t serial, session_live_fn live,
                                session_drop_fn drop, void *ctx, uint32_t *slot) {
    if (session_table_find(t, serial) >= 0)
        return CAP_ERR_EXISTS;
    int32_t free_slot = first_free(t);
    if (free_slot < 0 && session_table_gc(t, live, drop, ctx) > 0)
        free_slot = first_free(t);
    if (free_slot < 0)
        return CAP_ERR_NO_SLOTS;
    *slot = (uint32_t)free_slot;
    return CAP_OK;
}

session_entry_t *session_table_insert(session_table_t *t, uint32_t slot, const session_entry_t *e) {
    session_entry_t *s = &t->slots[slot];
    uint32_t gen = s->gen;
    *s = *e;
    s->used = true;
    s->gen = gen;
    return s;
}

void session_table_free(session_table_t *t, uint32_t slot, session_drop_fn drop, void *ctx) {
    if (slot >= BROKER_MAX_SESSIONS || !t->slots[slot].used)
        return;
    session_entry_t *s = &t->slots[slot];
    if (drop != NULL)
        drop(ctx, slot, s);
    uint32_t gen = s->gen + 1 != 0 ? s->gen + 1 : 1; /* 0 is the anonymous generation */
    *s = (session_entry_t){.gen = gen};
}

uint32_t session_table_gc(session_table_t *t, session_live_fn live, session_drop_fn drop,
                          void *ctx) {
    uint32_t freed = 0;
    for (uint32_t i = 0; i < BROKER_MAX_SESSIONS; i++) {
        if (t->slots[i].used && !live(ctx, &t->slots[i])) {
            session_table_free(t, i, drop, ctx);
            freed++;
        }
    }
    return freed;
}

uint32_t session_table_count(const session_table_t *t) {
    uint32_t n = 0;
    for (uint32_t i = 0; i < BROKER_MAX_SESSIONS; i++)
        n += t->slots[i].used;
    return n;
}
