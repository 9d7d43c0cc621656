/* Host tests of per-source penalties (gateways/telnet/penalty.h). */
#include "check.h"
#include "penalty.h"

static penalty_table_t table;

static penalty_source_t v4(uint32_t addr) {
    return penalty_source_ipv4(addr);
}

static void fail(uint32_t addr, int times, uint64_t now) {
    for (int i = 0; i < times; i++)
        penalty_record(&table, v4(addr), PENALTY_AUTH_FAILED, now);
}

static bool refused(uint32_t addr, uint64_t now, uint64_t *retry) {
    *retry = 0;
    return penalty_check(&table, v4(addr), now, retry);
}

static void fresh(void) {
    penalty_config_t cfg = penalty_config_default();
    CHECK(penalty_init(&table, &cfg));
}

static void test_config(void) {
    penalty_config_t cfg = penalty_config_default();
    CHECK_EQ(cfg.amount_ms[PENALTY_AUTH_FAILED], 5000);
    CHECK_EQ(cfg.amount_ms[PENALTY_NO_AUTH], 1000);
    CHECK_EQ(cfg.amount_ms[PENALTY_GRACE_EXCEEDED], 10000);
    CHECK_EQ(cfg.threshold_ms, 15000);
    CHECK_EQ(cfg.max_ms, 600000);
    penalty_config_t bad = cfg;
    bad.threshold_ms = 0;
    CHECK(!penalty_init(&table, &bad));
    bad = cfg;
    bad.threshold_ms = cfg.max_ms + 1;
    CHECK(!penalty_init(&table, &bad));
    bad = cfg;
    bad.amount_ms[PENALTY_NO_AUTH] = cfg.max_ms + 1;
    CHECK(!penalty_init(&table, &bad));
    CHECK(penalty_init(&table, &cfg));
}

static void test_sources(void) {
    penalty_source_t s = v4(0x0a000202); /* 10.0.2.2 */
    static const uint8_t want[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 10, 0, 2, 2};
    CHECK_MEM(s.b, want, 16);
    uint8_t a[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 2, 1, 2, 3, 4, 5, 6, 7, 8};
    uint8_t b[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 2, 9, 9, 9, 9, 9, 9, 9, 9};
    uint8_t c[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 3, 1, 2, 3, 4, 5, 6, 7, 8};
    penalty_source_t sa = penalty_source_ipv6(a), sb = penalty_source_ipv6(b);
    penalty_source_t sc = penalty_source_ipv6(c);
    CHECK_MEM(sa.b, sb.b, 16); /* same /64 */
    CHECK(memcmp(sa.b, sc.b, 16) != 0);

    fresh();
    for (int i = 0; i < 3; i++)
        penalty_record(&table, sa, PENALTY_AUTH_FAILED, 0);
    CHECK(penalty_check(&table, sb, 0, NULL)); /* another host of the same /64 */
    CHECK(!penalty_check(&table, sc, 0, NULL));
    CHECK(!penalty_check(&table, s, 0, NULL));
}

static void test_burst_triggers_refusal(void) {
    uint64_t retry = 0;
    fresh();
    fail(0x0a000001, 2, 1000);
    CHECK(!refused(0x0a000001, 1000, &retry)); /* 10 s: below the threshold */
    CHECK_EQ(retry, 0);
    CHECK_EQ(penalty_left(&table, v4(0x0a000001), 1000), 10000);
    fail(0x0a000001, 1, 1000);
    CHECK(refused(0x0a000001, 1000, &retry));
    CHECK_EQ(retry, 15000);
    /* other sources are unaffected */
    CHECK(!refused(0x0a000002, 1000, &retry));
    CHECK(!refused(0x01020304, 1000, &retry));
    CHECK_EQ(penalty_left(&table, v4(0x0a000002), 1000), 0);
}

static void test_decay(void) {
    uint64_t retry = 0;
    fresh();
    fail(7, 2, 0);
    fail(7, 1, 3000); /* 10 s - 3 s + 5 s = 12 s: not yet */
    CHECK_EQ(penalty_left(&table, v4(7), 3000), 12000);
    CHECK(!refused(7, 3000, &retry));
    CHECK_EQ(penalty_left(&table, v4(7), 9000), 6000);
    fail(7, 2, 9000); /* 6 + 10 = 16 s: refused */
    CHECK(refused(7, 9000, &retry));
    CHECK_EQ(retry, 16000);
    /* once refused, refused until the penalty has run out, even below the
     * threshold */
    CHECK(refused(7, 20000, &retry));
    CHECK_EQ(retry, 5000);
    CHECK(refused(7, 24999, &retry));
    CHECK_EQ(retry, 1);
    CHECK(!refused(7, 25000, &retry));
    CHECK_EQ(penalty_left(&table, v4(7), 25000), 0);
    /* after that, a failure starts afresh (below the threshold) */
    fail(7, 1, 30000);
    CHECK(!refused(7, 30000, &retry));
    CHECK_EQ(penalty_left(&table, v4(7), 30000), 5000);
}

static void test_cap(void) {
    uint64_t retry = 0;
    fresh();
    fail(9, 1000, 50);
    CHECK_EQ(penalty_left(&table, v4(9), 50), PENALTY_DEFAULT_MAX_MS);
    CHECK(refused(9, 50, &retry));
    CHECK_EQ(retry, PENALTY_DEFAULT_MAX_MS);
    CHECK(!refused(9, 50 + PENALTY_DEFAULT_MAX_MS, &retry));
}

static void test_reasons(void) {
    fresh();
    penalty_record(&table, v4(1), PENALTY_NO_AUTH, 0);
    CHECK_EQ(penalty_left(&table, v4(1), 0), 1000);
    penalty_record(&table, v4(2), PENALTY_GRACE_EXCEEDED, 0);
    CHECK_EQ(penalty_left(&table, v4(2), 0), 10000);
    penalty_record(&table, v4(3), PENALTY__END, 0);
    penalty_record(&table, v4(3), (penalty_reason_t)77, 0);
    CHECK_EQ(penalty_left(&table, v4(3), 0), 0);
    /* two grace overruns reach the threshold */
    penalty_record(&table, v4(2), PENALTY_GRACE_EXCEEDED, 0);
    CHECK(penalty_check(&table, v4(2), 0, NULL));
    CHECK(!penalty_check(&table, v4(1), 0, NULL));
}

static void test_eviction_least_left(void) {
    uint64_t retry = 0;
    fresh();
    /* source i failed at time i: at 1000, source 0 has the least left */
    for (uint32_t i = 0; i < PENALTY_SOURCES_MAX; i++)
        fail(100 + i, 1, i);
    CHECK_EQ(table.evictions, 0);
    fail(5000, 1, 1000);
    CHECK_EQ(table.evictions, 1);
    CHECK_EQ(penalty_left(&table, v4(100), 1000), 0); /* evicted */
    CHECK_EQ(penalty_left(&table, v4(101), 1000), 5000 - 1000 + 1);
    CHECK_EQ(penalty_left(&table, v4(5000), 1000), 5000);
    CHECK(!refused(100, 1000, &retry));

    /* a full table of active penalties: unknown sources are still admitted,
     * and a failing one takes the place of the least penalised */
    fresh();
    for (uint32_t i = 0; i < PENALTY_SOURCES_MAX; i++)
        fail(100 + i, 3 + (i == 17 ? 0 : 1), 0); /* 20 s each, source 117 15 s */
    for (uint32_t i = 0; i < PENALTY_SOURCES_MAX; i++)
        CHECK(refused(100 + i, 0, &retry));
    CHECK(!refused(9999, 0, &retry));
    fail(9999, 1, 0);
    CHECK_EQ(table.evictions, 1);
    CHECK(!refused(117, 0, &retry));
    CHECK(refused(116, 0, &retry));
    CHECK(refused(118, 0, &retry));
    CHECK_EQ(penalty_left(&table, v4(9999), 0), 5000);
    fail(9999, 2, 0);
    CHECK(refused(9999, 0, &retry));
}

static void test_expired_entries_reused(void) {
    fresh();
    for (uint32_t i = 0; i < PENALTY_SOURCES_MAX; i++)
        fail(100 + i, 1, 0);
    for (uint32_t i = 0; i < PENALTY_SOURCES_MAX; i++)
        fail(1000 + i, 1, 5000); /* all the old ones have run out */
    CHECK_EQ(table.evictions, 0);
    CHECK_EQ(penalty_left(&table, v4(1000), 5000), 5000);
    CHECK_EQ(penalty_left(&table, v4(1000 + PENALTY_SOURCES_MAX - 1), 5000), 5000);
    CHECK_EQ(penalty_left(&table, v4(100), 5000), 0);
}

static void test_time_near_the_end_does_not_wrap(void) {
    fresh();
    fail(1, 1, UINT64_MAX - 100); /* the expiry saturates instead of wrapping */
    CHECK_EQ(penalty_left(&table, v4(1), UINT64_MAX - 100), 100);
    CHECK_EQ(penalty_left(&table, v4(1), UINT64_MAX), 0);
}

int main(void) {
    test_config();
    test_sources();
    test_burst_triggers_refusal();
    test_decay();
    test_cap();
    test_reasons();
    test_eviction_least_left();
    test_expired_entries_reused();
    test_time_near_the_end_does_not_wrap();
    return check_summary();
}
