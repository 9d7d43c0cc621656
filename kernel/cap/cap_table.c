/* Generation-tagged capability slots. See cap_table.h for the contract. */
#include "cap_table.h"

void cap_table_init(cap_table_t *t) {
    for (uint32_t i = 0; i < CAP_TABLE_SLOTS; i++) {
        t->slots[i].state = SLOT_FREE;
        t->slots[i].gen = 1;
        t->slots[i].hold = (cap_hold_t){0};
    }
    t->slots[0].state = SLOT_RETIRED; /* handle 0 is CAP_NULL */
    t->free_count = CAP_TABLE_SLOTS - 1;
}

cap_err_t cap_lookup(cap_table_t *t, cap_t h, cap_slot_t **out) {
    uint32_t idx = CAP_HANDLE_SLOT(h);
    if (idx == 0 || idx >= CAP_TABLE_SLOTS)
        return CAP_ERR_INVALID_CAP;
    cap_slot_t *s = &t->slots[idx];
    if (s->gen != CAP_HANDLE_GEN(h))
        return s->gen > CAP_HANDLE_GEN(h) ? CAP_ERR_STALE_CAP : CAP_ERR_INVALID_CAP;
    if (s->state != SLOT_LIVE)
        return CAP_ERR_INVALID_CAP;
    *out = s;
    return CAP_OK;
}

cap_err_t cap_lookup_typed(cap_table_t *t, cap_t h, uint32_t type, uint32_t rights,
                           cap_slot_t **out) {
    cap_err_t e = cap_lookup(t, h, out);
    if (e != CAP_OK)
        return e;
    if ((*out)->hold.type != type)
        return CAP_ERR_WRONG_TYPE;
    return ((*out)->hold.rights & rights) == rights ? CAP_OK : CAP_ERR_NO_RIGHTS;
}

cap_err_t cap_insert(cap_table_t *t, const cap_hold_t *hold, cap_t *out) {
    for (uint32_t i = 1; i < CAP_TABLE_SLOTS; i++) {
        cap_slot_t *s = &t->slots[i];
        if (s->state != SLOT_FREE)
            continue;
        s->state = SLOT_LIVE;
        s->hold = *hold;
        t->free_count--;
        *out = CAP_HANDLE(i, s->gen);
        return CAP_OK;
    }
    return CAP_ERR_NO_SLOTS;
}

/* Free a slot whose reference has already been dealt with; bump its
 * generation so old handles go stale. A slot whose generation is exhausted is
 * retired for good rather than allowed to wrap. */
static void slot_vacate(cap_table_t *t, cap_slot_t *s) {
    s->hold = (cap_hold_t){0};
    if (s->gen >= CAP_GEN_MAX) {
        s->state = SLOT_RETIRED;
        return;
    }
    s->gen++;
    s->state = SLOT_FREE;
    t->free_count++;
}

cap_err_t cap_release(cap_table_t *t, cap_t h) {
    cap_slot_t *s;
    cap_err_t e = cap_lookup(t, h, &s);
    if (e != CAP_OK)
        return e;
    cap_hold_t hold = s->hold;
    slot_vacate(t, s);
    cap_hold_drop(&hold); /* after vacating: drop may re-enter the table */
    return CAP_OK;
}

bool cap_narrows(const cap_hold_t *have, uint32_t rights, uint32_t scope, uint32_t disclose,
                 uint64_t badge) {
    if (rights & ~have->rights)
        return false;
    if (scope > have->scope || scope > CAP_SCOPE_CROSS_SESSION_SHAREABLE)
        return false;
    if (disclose & ~have->disclose)
        return false;
    if (have->badge != CAP_BADGE_NONE && badge != have->badge)
        return false;
    return true;
}

cap_err_t cap_derive(cap_table_t *t, cap_t h, uint32_t rights, uint32_t scope, uint32_t disclose,
                     uint64_t badge, cap_t *out) {
    cap_slot_t *s;
    cap_err_t e = cap_lookup(t, h, &s);
    if (e != CAP_OK)
        return e;
    if (!(s->hold.rights & CAP_RIGHT_DERIVE))
        return CAP_ERR_NO_RIGHTS;
    if (!cap_narrows(&s->hold, rights, scope, disclose, badge))
        return CAP_ERR_NO_RIGHTS;
    cap_hold_t nh = s->hold;
    nh.rights = rights;
    nh.scope = scope;
    nh.disclose = disclose;
    nh.badge = badge;
    if (t->free_count == 0)
        return CAP_ERR_NO_SLOTS;
    cap_hold_acquire(&nh);
    e = cap_insert(t, &nh, out);
    if (e != CAP_OK)
        cap_hold_drop(&nh);
    return e;
}

uint32_t cap_table_free_slots(const cap_table_t *t) {
    return t->free_count;
}

void cap_table_clear(cap_table_t *t) {
    for (uint32_t i = 1; i < CAP_TABLE_SLOTS; i++) {
        cap_slot_t *s = &t->slots[i];
        if (s->state == SLOT_RESERVED)
            s->state = SLOT_LIVE; /* in-flight moves are rolled back first */
        if (s->state != SLOT_LIVE)
            continue;
        cap_hold_t hold = s->hold;
        slot_vacate(t, s);
        cap_hold_drop(&hold);
    }
}

cap_err_t cap_reserve(cap_table_t *t, cap_t h, uint32_t *slot_out) {
    cap_slot_t *s;
    cap_err_t e = cap_lookup(t, h, &s);
    if (e != CAP_OK)
        return e;
    s->state = SLOT_RESERVED;
    *slot_out = CAP_HANDLE_SLOT(h);
    return CAP_OK;
}

void cap_commit_reserved(cap_table_t *t, uint32_t slot) {
    cap_slot_t *s = &t->slots[slot];
    if (s->state == SLOT_RESERVED)
        slot_vacate(t, s);
}

void cap_rollback_reserved(cap_table_t *t, uint32_t slot) {
    cap_slot_t *s = &t->slots[slot];
    if (s->state == SLOT_RESERVED)
        s->state = SLOT_LIVE;
}
