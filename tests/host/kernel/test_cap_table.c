/* Host unit tests for the generation-tagged capability table
 * (kernel/cap/cap_table.c) with a counting test double for kernel objects. */
#include <stdlib.h>
#include "../pure/check.h"
#include "cap/cap_table.h"

struct kobject {
    int refs;
};

static int drops;

void cap_hold_acquire(const cap_hold_t *h) {
    h->obj->refs++;
}

void cap_hold_drop(const cap_hold_t *h) {
    h->obj->refs--;
    drops++;
}

static cap_hold_t hold_of(struct kobject *o, uint32_t rights, uint32_t scope) {
    return (cap_hold_t){.obj = o,
                        .type = CAP_TYPE_NOTIFICATION,
                        .rights = rights,
                        .scope = scope,
                        .disclose = DISCLOSE_ALL,
                        .badge = CAP_BADGE_NONE};
}

static cap_table_t *fresh(void) {
    cap_table_t *t = malloc(sizeof(*t));
    cap_table_init(t);
    return t;
}

static void test_lookup_forged(void) {
    cap_table_t *t = fresh();
    cap_slot_t *s;
    CHECK_EQ(cap_lookup(t, CAP_NULL, &s), CAP_ERR_INVALID_CAP);
    CHECK_EQ(cap_lookup(t, CAP_HANDLE(5, 1), &s), CAP_ERR_INVALID_CAP); /* never issued */
    CHECK_EQ(cap_lookup(t, CAP_HANDLE(CAP_TABLE_SLOTS, 1), &s), CAP_ERR_INVALID_CAP);
    CHECK_EQ(cap_lookup(t, CAP_HANDLE(CAP_SLOT_MASK, 9), &s), CAP_ERR_INVALID_CAP);
    CHECK_EQ(cap_lookup(t, CAP_HANDLE(1, 77), &s), CAP_ERR_INVALID_CAP); /* future generation */
    free(t);
}

static void test_stale_after_release_and_reuse(void) {
    cap_table_t *t = fresh();
    struct kobject a = {1}, b = {1};
    cap_hold_t ha = hold_of(&a, CAP_RIGHTS_ALL, 0), hb = hold_of(&b, CAP_RIGHTS_ALL, 0);
    cap_t h1, h2;
    cap_slot_t *s;
    CHECK_EQ(cap_insert(t, &ha, &h1), CAP_OK);
    CHECK_EQ(cap_release(t, h1), CAP_OK);
    CHECK_EQ(a.refs, 0);
    CHECK_EQ(cap_lookup(t, h1, &s), CAP_ERR_STALE_CAP);
    CHECK_EQ(cap_release(t, h1), CAP_ERR_STALE_CAP); /* no double drop */
    CHECK_EQ(a.refs, 0);
    CHECK_EQ(cap_insert(t, &hb, &h2), CAP_OK);
    CHECK_EQ(CAP_HANDLE_SLOT(h2), CAP_HANDLE_SLOT(h1)); /* slot reused ... */
    CHECK(h2 != h1);                                    /* ... under a new generation */
    CHECK_EQ(cap_lookup(t, h1, &s), CAP_ERR_STALE_CAP);
    CHECK_EQ(cap_lookup(t, h2, &s), CAP_OK);
    CHECK(s->hold.obj == &b);
    free(t);
}

static void test_lookup_typed(void) {
    cap_table_t *t = fresh();
    struct kobject a = {1};
    cap_hold_t ha = hold_of(&a, CAP_RIGHT_CALL | CAP_RIGHT_READ, 0);
    cap_t h;
    cap_slot_t *s;
    CHECK_EQ(cap_insert(t, &ha, &h), CAP_OK);
    CHECK_EQ(cap_lookup_typed(t, h, CAP_TYPE_NOTIFICATION, CAP_RIGHT_READ, &s), CAP_OK);
    CHECK_EQ(cap_lookup_typed(t, h, CAP_TYPE_ENDPOINT, 0, &s), CAP_ERR_WRONG_TYPE);
    CHECK_EQ(cap_lookup_typed(t, h, CAP_TYPE_NOTIFICATION, CAP_RIGHT_READ | CAP_RIGHT_WRITE, &s),
             CAP_ERR_NO_RIGHTS);
    CHECK_EQ(cap_lookup_typed(t, h + 1, CAP_TYPE_NOTIFICATION, 0, &s), CAP_ERR_INVALID_CAP);
    free(t);
}

static void test_generation_exhaustion_retires_slot(void) {
    cap_table_t *t = fresh();
    struct kobject a = {1};
    cap_hold_t ha = hold_of(&a, CAP_RIGHTS_ALL, 0);
    t->slots[1].gen = CAP_GEN_MAX;
    cap_t h;
    CHECK_EQ(cap_insert(t, &ha, &h), CAP_OK);
    CHECK_EQ(CAP_HANDLE_SLOT(h), 1);
    uint32_t before = cap_table_free_slots(t);
    CHECK_EQ(cap_release(t, h), CAP_OK);
    CHECK_EQ(cap_table_free_slots(t), before); /* retired, not freed */
    CHECK_EQ(cap_insert(t, &ha, &h), CAP_OK);
    CHECK(CAP_HANDLE_SLOT(h) != 1);
    free(t);
}

static void test_derive_only_narrows(void) {
    cap_table_t *t = fresh();
    struct kobject a = {1};
    cap_hold_t ha = hold_of(&a, CAP_RIGHT_CALL | CAP_RIGHT_DERIVE | CAP_RIGHT_TRANSFER,
                            CAP_SCOPE_SERVICE_REGRANT_ONLY);
    ha.disclose = DISCLOSE_PRINCIPAL_CLASS;
    cap_t h, d, d2;
    CHECK_EQ(cap_insert(t, &ha, &h), CAP_OK);
    CHECK_EQ(cap_derive(t, h, CAP_RIGHT_CALL | CAP_RIGHT_WRITE, 0, 0, 0, &d), CAP_ERR_NO_RIGHTS);
    CHECK_EQ(cap_derive(t, h, CAP_RIGHT_CALL, CAP_SCOPE_CROSS_SESSION_SHAREABLE, 0, 0, &d),
             CAP_ERR_NO_RIGHTS);
    CHECK_EQ(cap_derive(t, h, CAP_RIGHT_CALL, 0, DISCLOSE_PROFILE, 0, &d), CAP_ERR_NO_RIGHTS);
    CHECK_EQ(cap_derive(t, h, CAP_RIGHT_CALL, 7, 0, 0, &d), CAP_ERR_NO_RIGHTS); /* bad scope */
    int refs = a.refs;
    CHECK_EQ(cap_derive(t, h, CAP_RIGHT_CALL, CAP_SCOPE_SAME_SESSION, 0, 42, &d), CAP_OK);
    CHECK_EQ(a.refs, refs + 1);
    /* the narrowed copy has no DERIVE, and a badge cannot be changed */
    CHECK_EQ(cap_derive(t, d, CAP_RIGHT_CALL, 0, 0, 42, &d2), CAP_ERR_NO_RIGHTS);
    cap_slot_t *s;
    CHECK_EQ(cap_lookup(t, d, &s), CAP_OK);
    CHECK_EQ(s->hold.badge, 42);
    CHECK(!cap_narrows(&s->hold, CAP_RIGHT_CALL, 0, 0, 43));
    CHECK(cap_narrows(&s->hold, CAP_RIGHT_CALL, 0, 0, 42));
    free(t);
}

static void test_copy_vs_move_and_rollback(void) {
    cap_table_t *t = fresh();
    struct kobject a = {1};
    cap_hold_t ha = hold_of(&a, CAP_RIGHTS_ALL, 0);
    cap_t h;
    cap_slot_t *s;
    uint32_t slot;
    CHECK_EQ(cap_insert(t, &ha, &h), CAP_OK);
    /* move: reserve makes it unusable, rollback restores the very same handle */
    CHECK_EQ(cap_reserve(t, h, &slot), CAP_OK);
    CHECK_EQ(cap_lookup(t, h, &s), CAP_ERR_INVALID_CAP);
    uint32_t free_before = cap_table_free_slots(t);
    cap_t other;
    CHECK_EQ(cap_insert(t, &ha, &other), CAP_OK);
    CHECK(CAP_HANDLE_SLOT(other) != slot); /* reserved slot is not reused */
    t->slots[CAP_HANDLE_SLOT(other)] = (cap_slot_t){.gen = 1, .state = SLOT_FREE};
    t->free_count = free_before;
    cap_rollback_reserved(t, slot);
    CHECK_EQ(cap_lookup(t, h, &s), CAP_OK);
    CHECK_EQ(a.refs, 1);
    /* move commit: the slot empties without dropping (the ref travels) */
    CHECK_EQ(cap_reserve(t, h, &slot), CAP_OK);
    int drops_before = drops;
    cap_commit_reserved(t, slot);
    CHECK_EQ(drops, drops_before);
    CHECK_EQ(a.refs, 1);
    CHECK_EQ(cap_lookup(t, h, &s), CAP_ERR_STALE_CAP);
    free(t);
}

static void test_full_table_and_clear(void) {
    cap_table_t *t = fresh();
    struct kobject a = {0};
    cap_hold_t ha = hold_of(&a, CAP_RIGHTS_ALL, 0);
    cap_t h = 0, first = 0;
    uint32_t n = 0;
    while (cap_insert(t, &ha, &h) == CAP_OK) {
        a.refs++;
        if (!n++)
            first = h;
    }
    CHECK_EQ(n, CAP_TABLE_SLOTS - 1);
    CHECK_EQ(cap_table_free_slots(t), 0);
    cap_t d;
    CHECK_EQ(cap_derive(t, first, CAP_RIGHT_CALL, 0, 0, 0, &d), CAP_ERR_NO_SLOTS);
    CHECK_EQ(a.refs, (int)n); /* failed derive took no reference */
    uint32_t slot;
    CHECK_EQ(cap_reserve(t, first, &slot), CAP_OK);
    cap_table_clear(t); /* reserved holds are released too */
    CHECK_EQ(a.refs, 0);
    CHECK_EQ(cap_table_free_slots(t), CAP_TABLE_SLOTS - 1);
    free(t);
}

int main(void) {
    test_lookup_forged();
    test_stale_after_release_and_reuse();
    test_lookup_typed();
    test_generation_exhaustion_retires_slot();
    test_derive_only_narrows();
    test_copy_vs_move_and_rollback();
    test_full_table_and_clear();
    return check_summary();
}
