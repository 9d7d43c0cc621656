/* The registration table: reserve/insert/find, generations, a full table,
 * garbage collection of stale sessions through the callbacks. */
#include "check.h"
#include "session_table.h"

static session_table_t t;

/* The fake world: which serials are dead, what was dropped. */
static uint64_t dead[4];
static uint32_t ndead;
static uint64_t dropped[BROKER_MAX_SESSIONS];
static uint32_t ndropped;

static bool live(void *ctx, const session_entry_t *e) {
    CHECK(ctx == &t);
    for (uint32_t i = 0; i < ndead; i++)
        if (dead[i] == e->serial)
            return false;
    return true;
}

static void drop(void *ctx, uint32_t slot, const session_entry_t *e) {
    CHECK(ctx == &t);
    CHECK(e == &t.slots[slot]);
    CHECK(e->used);
    if (ndropped < BROKER_MAX_SESSIONS)
        dropped[ndropped++] = e->serial;
}

static void reset(void) {
    session_table_init(&t);
    ndead = ndropped = 0;
}

static int32_t admit(uint64_t serial) {
    uint32_t slot = 0;
    cap_err_t e = session_table_reserve(&t, serial, live, drop, &t, &slot);
    if (e != CAP_OK)
        return -(int32_t)e;
    session_entry_t entry = {.serial = serial, .session = (cap_t)(0x1000 + serial)};
    session_table_insert(&t, slot, &entry);
    return (int32_t)slot;
}

static void test_basics(void) {
    reset();
    CHECK_EQ(session_table_count(&t), 0);
    for (uint32_t i = 0; i < BROKER_MAX_SESSIONS; i++)
        CHECK_EQ(t.slots[i].gen, 1);
    CHECK_EQ(admit(10), 0);
    CHECK_EQ(admit(11), 1);
    CHECK_EQ(session_table_count(&t), 2);
    CHECK_EQ(session_table_find(&t, 10), 0);
    CHECK_EQ(session_table_find(&t, 11), 1);
    CHECK_EQ(session_table_find(&t, 12), -1);
    session_entry_t *e = session_table_lookup(&t, 0, 1);
    CHECK(e != NULL && e->serial == 10 && e->session == 0x100a && e->used && e->gen == 1);
    CHECK(session_table_lookup(&t, 0, 2) == NULL);
    CHECK(session_table_lookup(&t, 0, 0) == NULL);
    CHECK(session_table_lookup(&t, 2, 1) == NULL); /* free */
    CHECK(session_table_lookup(&t, BROKER_MAX_SESSIONS, 1) == NULL);
    CHECK(session_table_lookup(&t, 0xffff, 1) == NULL);
    /* The same session twice. */
    CHECK_EQ(admit(10), -(int32_t)CAP_ERR_EXISTS);
    CHECK_EQ(session_table_count(&t), 2);
}

/* Freeing bumps the generation: the old facets stop matching, even once
 * the slot holds another session. */
static void test_generation(void) {
    reset();
    CHECK_EQ(admit(10), 0);
    session_table_free(&t, 0, drop, &t);
    CHECK_EQ(ndropped, 1);
    CHECK_EQ(dropped[0], 10);
    CHECK_EQ(t.slots[0].gen, 2);
    CHECK(!t.slots[0].used);
    CHECK_EQ(t.slots[0].serial, 0);
    CHECK(session_table_lookup(&t, 0, 1) == NULL);
    CHECK_EQ(session_table_find(&t, 10), -1);
    CHECK_EQ(admit(20), 0);                        /* slot reused ... */
    CHECK(session_table_lookup(&t, 0, 1) == NULL); /* ... under generation 2 only */
    CHECK(session_table_lookup(&t, 0, 2) != NULL);
    CHECK_EQ(session_table_lookup(&t, 0, 2)->serial, 20);

    /* Freeing a free slot does nothing. */
    session_table_free(&t, 5, drop, &t);
    session_table_free(&t, BROKER_MAX_SESSIONS, drop, &t);
    CHECK_EQ(ndropped, 1);
    CHECK_EQ(t.slots[5].gen, 1);

    /* A NULL drop frees without a callback. */
    session_table_free(&t, 0, NULL, NULL);
    CHECK_EQ(t.slots[0].gen, 3);
    CHECK_EQ(ndropped, 1);

    /* Generations skip 0, the anonymous generation. */
    t.slots[7].gen = 0xffffffffu;
    session_entry_t e = {.serial = 77};
    session_table_insert(&t, 7, &e);
    CHECK_EQ(t.slots[7].gen, 0xffffffffu);
    session_table_free(&t, 7, NULL, NULL);
    CHECK_EQ(t.slots[7].gen, 1);
}

static void test_full_table(void) {
    reset();
    for (uint32_t i = 0; i < BROKER_MAX_SESSIONS; i++)
        CHECK_EQ(admit(100 + i), (int32_t)i);
    CHECK_EQ(session_table_count(&t), BROKER_MAX_SESSIONS);
    /* Full and every session live: no slot, nothing dropped. */
    CHECK_EQ(admit(999), -(int32_t)CAP_ERR_NO_SLOTS);
    CHECK_EQ(ndropped, 0);
    CHECK_EQ(session_table_count(&t), BROKER_MAX_SESSIONS);
    /* Two sessions expired: the next admission collects both. */
    dead[ndead++] = 105;
    dead[ndead++] = 140;
    CHECK_EQ(admit(999), 5);
    CHECK_EQ(ndropped, 2);
    CHECK_EQ(dropped[0], 105);
    CHECK_EQ(dropped[1], 140);
    CHECK_EQ(t.slots[5].gen, 2);
    CHECK_EQ(t.slots[40].gen, 2);
    CHECK(!t.slots[40].used);
    CHECK_EQ(session_table_count(&t), BROKER_MAX_SESSIONS - 1);
    CHECK_EQ(session_table_find(&t, 999), 5);
    CHECK_EQ(session_table_find(&t, 105), -1);
    /* With a free slot, nothing is collected even if sessions are dead. */
    dead[ndead++] = 106;
    CHECK_EQ(admit(1000), 40);
    CHECK_EQ(ndropped, 2);
    CHECK_EQ(session_table_find(&t, 106), 6);
    /* An existing serial is refused before any collection. */
    CHECK_EQ(admit(106), -(int32_t)CAP_ERR_EXISTS);
    CHECK_EQ(ndropped, 2);
}

static void test_gc(void) {
    reset();
    for (uint32_t i = 0; i < 10; i++)
        CHECK_EQ(admit(200 + i), (int32_t)i);
    CHECK_EQ(session_table_gc(&t, live, drop, &t), 0);
    dead[ndead++] = 203;
    dead[ndead++] = 209;
    CHECK_EQ(session_table_gc(&t, live, drop, &t), 2);
    CHECK_EQ(ndropped, 2);
    CHECK_EQ(session_table_count(&t), 8);
    CHECK_EQ(t.slots[3].gen, 2);
    CHECK_EQ(t.slots[9].gen, 2);
    CHECK_EQ(t.slots[4].gen, 1);
    CHECK_EQ(session_table_gc(&t, live, drop, &t), 0);
}

int main(void) {
    test_basics();
    test_generation();
    test_full_table();
    test_gc();
    return check_summary();
}
