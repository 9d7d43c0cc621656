/* Generation-tagged slots: reuse bumps the generation, old names go stale,
 * an exhausted slot retires. */
#include "check.h"
#include "slot_table.h"

static void allocates_lowest_free(void) {
    slot_t s[3];
    uint32_t a, b, c, d;
    slot_table_init(s, 3);
    CHECK(slot_table_alloc(s, 3, &a) && a == 0);
    CHECK(slot_table_alloc(s, 3, &b) && b == 1);
    CHECK(slot_table_alloc(s, 3, &c) && c == 2);
    CHECK(!slot_table_alloc(s, 3, &d));
    CHECK_EQ(slot_table_used(s, 3), 3);
    slot_table_free(s, 3, 1);
    CHECK(slot_table_alloc(s, 3, &d) && d == 1);
}

static void old_names_go_stale(void) {
    slot_t s[2];
    uint32_t i, j;
    slot_table_init(s, 2);
    CHECK(slot_table_alloc(s, 2, &i));
    uint32_t gen = s[i].generation;
    CHECK(slot_table_live(s, 2, i, gen));
    slot_table_free(s, 2, i);
    CHECK(!slot_table_live(s, 2, i, gen));
    CHECK(slot_table_alloc(s, 2, &j) && j == i);
    CHECK(!slot_table_live(s, 2, i, gen));
    CHECK(slot_table_live(s, 2, i, gen + 1));
    CHECK(!slot_table_live(s, 2, 5, gen + 1)); /* out of range */
    slot_table_free(s, 2, 7);                  /* ignored */
    slot_table_free(s, 2, 1);                  /* a free slot: ignored */
    CHECK_EQ(s[1].generation, 1);
}

static void exhausted_slots_retire(void) {
    slot_t s[1];
    uint32_t i;
    slot_table_init(s, 1);
    s[0].generation = SLOT_GENERATION_MAX;
    CHECK(slot_table_alloc(s, 1, &i));
    slot_table_free(s, 1, i);
    CHECK_EQ(s[0].state, SLOT_RETIRED);
    CHECK(!slot_table_alloc(s, 1, &i));
    CHECK(!slot_table_live(s, 1, 0, SLOT_GENERATION_MAX));
}

int main(void) {
    allocates_lowest_free();
    old_names_go_stale();
    exhausted_slots_retire();
    return check_summary();
}
