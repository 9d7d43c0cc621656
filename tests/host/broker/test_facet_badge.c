/* Issued-facet badges: exact layout, round trips, forged badges refused. */
#include "check.h"
#include "facet_badge.h"
#include "session_table.h"

static void test_layout(void) {
    CHECK(facet_badge_encode(FACET_SELF, 3, 7) == 0xb705000000070003ull);
    CHECK(facet_badge_encode(FACET_LAUNCHER, 0, 1) == 0xb701000000010000ull);
    CHECK(facet_badge_encode(FACET_STATUS, FACET_SLOT_ANONYMOUS, 0) == 0xb70300000000ffffull);
    CHECK(facet_badge_encode(FACET_LOGS, 63, 0xffffffffu) == 0xb704ffffffff003full);
}

static void test_round_trip(void) {
    static const uint32_t slots[] = {0, 1, 31, BROKER_MAX_SESSIONS - 1};
    static const uint32_t gens[] = {1, 2, 0x10000, 0xffffffffu};
    for (uint32_t k = FACET_LAUNCHER; k < FACET__END; k++) {
        for (uint32_t s = 0; s < 4; s++) {
            for (uint32_t g = 0; g < 4; g++) {
                uint64_t badge = facet_badge_encode((facet_kind_t)k, slots[s], gens[g]);
                facet_badge_t fb = {0};
                CHECK(badge >= 0x100);
                CHECK(facet_badge_decode(badge, &fb));
                CHECK_EQ(fb.kind, k);
                CHECK_EQ(fb.slot, slots[s]);
                CHECK_EQ(fb.gen, gens[g]);
            }
        }
    }
    facet_badge_t fb = {0};
    CHECK(facet_badge_decode(facet_badge_encode(FACET_SELF, FACET_SLOT_ANONYMOUS, 0), &fb));
    CHECK_EQ(fb.kind, FACET_SELF);
    CHECK_EQ(fb.slot, FACET_SLOT_ANONYMOUS);
    CHECK_EQ(fb.gen, 0);
}

/* Combinations the broker never issues are not encoded at all. */
static void test_encode_refuses(void) {
    CHECK(facet_badge_encode((facet_kind_t)0, 0, 1) == 0);
    CHECK(facet_badge_encode(FACET__END, 0, 1) == 0);
    CHECK(facet_badge_encode(FACET_SELF, BROKER_MAX_SESSIONS, 1) == 0);
    CHECK(facet_badge_encode(FACET_SELF, 0, 0) == 0);
    CHECK(facet_badge_encode(FACET_LAUNCHER, FACET_SLOT_ANONYMOUS, 0) == 0);
    CHECK(facet_badge_encode(FACET_SHUTDOWN, FACET_SLOT_ANONYMOUS, 0) == 0);
    CHECK(facet_badge_encode(FACET_LOGS, FACET_SLOT_ANONYMOUS, 0) == 0);
    CHECK(facet_badge_encode(FACET_STATUS, FACET_SLOT_ANONYMOUS, 1) == 0);
}

static bool decodes(uint64_t badge) {
    facet_badge_t fb = {.kind = FACET_SELF, .slot = 99, .gen = 99};
    bool ok = facet_badge_decode(badge, &fb);
    if (!ok) /* a refused decode leaves *out alone */
        CHECK(fb.slot == 99 && fb.gen == 99);
    return ok;
}

static void test_forged(void) {
    uint64_t good = facet_badge_encode(FACET_SHUTDOWN, 5, 9);
    CHECK(decodes(good));
    CHECK(!decodes(0));
    CHECK(!decodes(1)); /* the init-granted facets are not issued ones */
    CHECK(!decodes(2));
    CHECK(!decodes(0xff));
    CHECK(!decodes(0x100));
    CHECK(!decodes(good ^ (1ull << 56)));                         /* tag */
    CHECK(!decodes(good & ~(0xffull << 56)));                     /* no tag */
    CHECK(!decodes((good & ~(0xffull << 48)) | (0ull << 48)));    /* kind 0 */
    CHECK(!decodes((good & ~(0xffull << 48)) | (6ull << 48)));    /* kind past the end */
    CHECK(!decodes((good & ~(0xffull << 48)) | (0xffull << 48))); /* kind 255 */
    CHECK(!decodes((good & ~0xffffull) | BROKER_MAX_SESSIONS));   /* slot 64 */
    CHECK(!decodes((good & ~0xffffull) | 0xfffeu));               /* slot 0xfffe */
    CHECK(!decodes(good & ~(0xffffffffull << 16)));               /* generation 0 */
    /* Anonymous slot: only status and self, only generation 0. */
    uint64_t anon_self = facet_badge_encode(FACET_SELF, FACET_SLOT_ANONYMOUS, 0);
    CHECK(decodes(anon_self));
    CHECK(!decodes((anon_self & ~(0xffull << 48)) | ((uint64_t)FACET_LAUNCHER << 48)));
    CHECK(!decodes((anon_self & ~(0xffull << 48)) | ((uint64_t)FACET_SHUTDOWN << 48)));
    CHECK(!decodes((anon_self & ~(0xffull << 48)) | ((uint64_t)FACET_LOGS << 48)));
    CHECK(!decodes(anon_self | (1ull << 16)));
}

int main(void) {
    test_layout();
    test_round_trip();
    test_encode_refuses();
    test_forged();
    CHECK(!facet_kind_valid(0));
    CHECK(facet_kind_valid(FACET_LAUNCHER));
    CHECK(facet_kind_valid(FACET_SELF));
    CHECK(!facet_kind_valid(FACET__END));
    return check_summary();
}
