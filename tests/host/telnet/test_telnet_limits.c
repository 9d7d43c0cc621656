/* Host tests of the gateway's connection accounting (gateways/telnet/limits.h). */
#include "check.h"
#include "conn_limits.h"

static penalty_table_t penalties;
static limits_t lim;

static penalty_source_t src(uint32_t addr) {
    return penalty_source_ipv4(addr);
}

static void fresh(void) {
    penalty_config_t pc = penalty_config_default();
    limits_config_t lc = limits_config_default();
    CHECK(penalty_init(&penalties, &pc));
    CHECK(limits_init(&lim, &lc, &penalties));
}

static limits_verdict_t accept_at(uint32_t addr, uint64_t now, uint32_t *slot) {
    uint64_t retry = 0;
    return limits_accept(&lim, src(addr), now, slot, &retry);
}

static void test_config(void) {
    limits_config_t lc = limits_config_default();
    CHECK_EQ(lc.max_conns, 64);
    CHECK_EQ(lc.max_unauth, 16);
    CHECK_EQ(lc.grace_ms, 60000);
    limits_config_t bad = lc;
    bad.max_conns = LIMITS_SLOTS_MAX + 1;
    CHECK(!limits_init(&lim, &bad, &penalties));
    bad = lc;
    bad.max_unauth = lc.max_conns + 1;
    CHECK(!limits_init(&lim, &bad, &penalties));
    bad = lc;
    bad.max_unauth = 0;
    CHECK(!limits_init(&lim, &bad, &penalties));
    bad = lc;
    bad.grace_ms = 0;
    CHECK(!limits_init(&lim, &bad, &penalties));
    bad = lc;
    bad.max_conns = 0;
    CHECK(!limits_init(&lim, &bad, &penalties));
}

static void test_max_unauthenticated(void) {
    uint32_t slot[LIMITS_SLOTS_MAX], extra = 99;
    fresh();
    for (uint32_t i = 0; i < LIMITS_DEFAULT_MAX_UNAUTH; i++) {
        CHECK_EQ(accept_at(10 + i, 0, &slot[i]), LIMITS_ACCEPTED);
        CHECK_EQ(slot[i], i);
    }
    CHECK_EQ(accept_at(50, 0, &extra), LIMITS_REFUSED_STARTUPS);
    CHECK_EQ(extra, 99); /* no slot handed out */
    CHECK_EQ(lim.unauth, LIMITS_DEFAULT_MAX_UNAUTH);
    /* one logs in: its place among those logging in is free again */
    CHECK(limits_auth_succeeded(&lim, slot[3], 1000));
    CHECK_EQ(accept_at(50, 1000, &extra), LIMITS_ACCEPTED);
    CHECK_EQ(extra, LIMITS_DEFAULT_MAX_UNAUTH);
    CHECK_EQ(accept_at(51, 1000, &extra), LIMITS_REFUSED_STARTUPS);
    /* one leaves: likewise */
    CHECK_EQ(limits_close(&lim, slot[0], 2000), LIMITS_END_NO_AUTH);
    CHECK_EQ(accept_at(51, 2000, &extra), LIMITS_ACCEPTED);
    CHECK_EQ(extra, 0); /* the lowest free slot */
    CHECK_EQ(lim.conns, LIMITS_DEFAULT_MAX_UNAUTH + 1);
}

static void test_max_connections(void) {
    uint32_t slot = 0;
    fresh();
    for (uint32_t i = 0; i < LIMITS_DEFAULT_MAX_CONNS; i++) {
        CHECK_EQ(accept_at(10 + i, 0, &slot), LIMITS_ACCEPTED);
        CHECK(limits_auth_succeeded(&lim, slot, 0));
    }
    CHECK_EQ(lim.unauth, 0);
    CHECK_EQ(accept_at(99, 0, &slot), LIMITS_REFUSED_FULL);
    CHECK_EQ(limits_close(&lim, 5, 100), LIMITS_END_AUTHENTICATED);
    CHECK_EQ(accept_at(99, 100, &slot), LIMITS_ACCEPTED);
    CHECK_EQ(slot, 5);
}

static void test_grace_time(void) {
    uint32_t a = 0, b = 0, s = 99;
    fresh();
    CHECK_EQ(limits_next_deadline(&lim), UINT64_MAX);
    CHECK_EQ(accept_at(1, 1000, &a), LIMITS_ACCEPTED);
    CHECK_EQ(accept_at(2, 5000, &b), LIMITS_ACCEPTED);
    CHECK_EQ(limits_next_deadline(&lim), 61000);
    CHECK(!limits_next_expired(&lim, 60999, &s));
    CHECK_EQ(s, 99);
    CHECK(limits_next_expired(&lim, 61000, &s));
    CHECK_EQ(s, a);
    /* a login that completes too late is not honoured */
    CHECK(!limits_auth_succeeded(&lim, a, 61000));
    CHECK_EQ(limits_close(&lim, a, 61000), LIMITS_END_GRACE_EXCEEDED);
    CHECK_EQ(penalty_left(&penalties, src(1), 61000), PENALTY_DEFAULT_GRACE_EXCEEDED_MS);
    CHECK_EQ(limits_next_deadline(&lim), 65000);
    /* b logs in in time: no deadline any more, never expires */
    CHECK(limits_auth_succeeded(&lim, b, 64999));
    CHECK_EQ(limits_next_deadline(&lim), UINT64_MAX);
    CHECK(!limits_next_expired(&lim, 1000000, &s));
    CHECK_EQ(limits_close(&lim, b, 1000000), LIMITS_END_AUTHENTICATED);
    CHECK_EQ(penalty_left(&penalties, src(2), 1000000), 0);
}

static void test_close_penalties(void) {
    uint32_t s = 0;
    fresh();
    CHECK_EQ(accept_at(1, 0, &s), LIMITS_ACCEPTED);
    CHECK_EQ(limits_close(&lim, s, 10), LIMITS_END_NO_AUTH);
    CHECK_EQ(penalty_left(&penalties, src(1), 10), PENALTY_DEFAULT_NO_AUTH_MS);

    CHECK_EQ(accept_at(2, 0, &s), LIMITS_ACCEPTED);
    CHECK(limits_auth_failed(&lim, s, 10));
    CHECK(limits_auth_failed(&lim, s, 10));
    CHECK_EQ(penalty_left(&penalties, src(2), 10), 2 * PENALTY_DEFAULT_AUTH_FAILED_MS);
    CHECK_EQ(limits_close(&lim, s, 10), LIMITS_END_AUTH_FAILED);
    CHECK_EQ(penalty_left(&penalties, src(2), 10), 2 * PENALTY_DEFAULT_AUTH_FAILED_MS);

    CHECK_EQ(accept_at(3, 0, &s), LIMITS_ACCEPTED);
    CHECK(limits_auth_failed(&lim, s, 10));
    CHECK(limits_auth_succeeded(&lim, s, 20));
    CHECK(!limits_auth_failed(&lim, s, 30)); /* already logged in */
    CHECK_EQ(limits_close(&lim, s, 30), LIMITS_END_AUTHENTICATED);
    CHECK_EQ(penalty_left(&penalties, src(3), 30), PENALTY_DEFAULT_AUTH_FAILED_MS - 20);
    CHECK_EQ(lim.conns, 0);
    CHECK_EQ(lim.unauth, 0);
}

static void test_penalised_source_refused(void) {
    uint32_t s = 0, other = 0;
    uint64_t retry = 0;
    fresh();
    CHECK_EQ(accept_at(0x0a000005, 0, &s), LIMITS_ACCEPTED);
    for (int i = 0; i < 3; i++)
        CHECK(limits_auth_failed(&lim, s, 2000));
    CHECK_EQ(limits_close(&lim, s, 2000), LIMITS_END_AUTH_FAILED);
    CHECK_EQ(limits_accept(&lim, src(0x0a000005), 3000, &s, &retry), LIMITS_REFUSED_PENALTY);
    CHECK_EQ(retry, 14000);
    CHECK_EQ(lim.conns, 0); /* a refusal costs no slot */
    CHECK_EQ(accept_at(0x0a000006, 3000, &other), LIMITS_ACCEPTED);
    CHECK_EQ(limits_accept(&lim, src(0x0a000005), 17000, &s, &retry), LIMITS_ACCEPTED);
}

static void test_penalty_checked_first(void) {
    uint32_t s = 0;
    uint64_t retry = 0;
    fresh();
    for (int i = 0; i < 3; i++)
        penalty_record(&penalties, src(77), PENALTY_AUTH_FAILED, 0);
    for (uint32_t i = 0; i < LIMITS_DEFAULT_MAX_UNAUTH; i++)
        CHECK_EQ(accept_at(10 + i, 0, &s), LIMITS_ACCEPTED);
    CHECK_EQ(limits_accept(&lim, src(77), 0, &s, &retry), LIMITS_REFUSED_PENALTY);
    CHECK_EQ(accept_at(78, 0, &s), LIMITS_REFUSED_STARTUPS);
}

static void test_bad_slots(void) {
    uint32_t s = 0;
    fresh();
    CHECK_EQ(limits_close(&lim, 0, 0), LIMITS_END_BAD_SLOT);
    CHECK_EQ(limits_close(&lim, LIMITS_SLOTS_MAX, 0), LIMITS_END_BAD_SLOT);
    CHECK_EQ(limits_close(&lim, UINT32_MAX, 0), LIMITS_END_BAD_SLOT);
    CHECK(!limits_auth_failed(&lim, 3, 0));
    CHECK(!limits_auth_succeeded(&lim, LIMITS_SLOTS_MAX, 0));
    CHECK_EQ(accept_at(1, 0, &s), LIMITS_ACCEPTED);
    CHECK(limits_auth_succeeded(&lim, s, 0));
    CHECK(!limits_auth_succeeded(&lim, s, 0)); /* not twice */
    CHECK_EQ(lim.unauth, 0);
    CHECK_EQ(limits_close(&lim, s, 0), LIMITS_END_AUTHENTICATED);
    CHECK_EQ(limits_close(&lim, s, 0), LIMITS_END_BAD_SLOT); /* not twice either */
    CHECK_EQ(lim.conns, 0);
    CHECK_EQ(penalty_left(&penalties, src(1), 0), 0);
}

int main(void) {
    test_config();
    test_max_unauthenticated();
    test_max_connections();
    test_grace_time();
    test_close_penalties();
    test_penalised_source_refused();
    test_penalty_checked_first();
    test_bad_slots();
    return check_summary();
}
