/* Setup tokens: single use, consumed on failure, expiry, table bounds, the
 * constant-time comparison. */
#include "check.h"
#include "ct.h"
#include "token_table.h"

static token_table_t table;
static unsigned compares;

/* The real comparison, counting calls (each redeem of a live record must
 * compare exactly once, whatever else is wrong). */
static bool counting_equal(const uint8_t *a, const uint8_t *b, size_t n) {
    compares++;
    return ct_equal(a, b, n);
}

static void secret_of(uint8_t s[TOKEN_SECRET_BYTES], uint8_t seed) {
    for (unsigned i = 0; i < TOKEN_SECRET_BYTES; i++)
        s[i] = (uint8_t)(seed * 31u + i);
}

static uint64_t issue(const char *account, uint8_t seed, uint64_t now, uint32_t ttl) {
    uint8_t s[TOKEN_SECRET_BYTES];
    secret_of(s, seed);
    uint64_t record = 0;
    CHECK_EQ(token_table_issue(&table, TOKEN_PURPOSE_SETUP, account, strlen(account), s, now, ttl,
                               &record),
             TOKEN_OK);
    return record;
}

static token_err_t redeem(uint64_t record, uint8_t seed, uint64_t now) {
    uint8_t s[TOKEN_SECRET_BYTES];
    secret_of(s, seed);
    char account[CRED_ACCOUNT_MAX];
    uint32_t len = 0;
    return token_table_redeem(&table, record, TOKEN_PURPOSE_SETUP, s, sizeof s, now, account, &len);
}

static bool all_zero(const void *p, size_t n) {
    const uint8_t *b = p;
    for (size_t i = 0; i < n; i++)
        if (b[i])
            return false;
    return true;
}

static void test_single_use(void) {
    token_table_init(&table, counting_equal);
    uint64_t r = issue("operator", 1, 1000, 60000);
    CHECK(r != 0);
    uint8_t s[TOKEN_SECRET_BYTES];
    secret_of(s, 1);
    char account[CRED_ACCOUNT_MAX];
    uint32_t len = 0;
    CHECK_EQ(token_table_redeem(&table, r, TOKEN_PURPOSE_SETUP, s, sizeof s, 2000, account, &len),
             TOKEN_OK);
    CHECK(len == 8 && !memcmp(account, "operator", 8));
    CHECK_EQ(redeem(r, 1, 2001), TOKEN_UNKNOWN); /* replay */
    CHECK_EQ(token_table_live(&table), 0);
    CHECK(all_zero(table.slot, sizeof table.slot)); /* scrubbed */
}

static void test_consumed_on_failure(void) {
    token_table_init(&table, counting_equal);
    uint64_t r = issue("operator", 1, 0, 60000);
    compares = 0;
    CHECK_EQ(redeem(r, 2, 10), TOKEN_MISMATCH); /* wrong secret */
    CHECK_EQ(compares, 1);
    CHECK_EQ(redeem(r, 1, 11), TOKEN_UNKNOWN); /* the right one no longer works */
    CHECK(all_zero(table.slot, sizeof table.slot));
    /* wrong length and wrong purpose consume too, after one comparison */
    r = issue("operator", 3, 0, 60000);
    uint8_t s[TOKEN_SECRET_BYTES];
    secret_of(s, 3);
    char account[CRED_ACCOUNT_MAX];
    uint32_t len = 0;
    compares = 0;
    CHECK_EQ(token_table_redeem(&table, r, TOKEN_PURPOSE_SETUP, s, 31, 5, account, &len),
             TOKEN_MISMATCH);
    CHECK_EQ(compares, 1);
    CHECK_EQ(redeem(r, 3, 6), TOKEN_UNKNOWN);
    r = issue("operator", 4, 0, 60000);
    secret_of(s, 4);
    CHECK_EQ(token_table_redeem(&table, r, 99, s, sizeof s, 5, account, &len), TOKEN_MISMATCH);
    CHECK_EQ(redeem(r, 4, 6), TOKEN_UNKNOWN);
    /* a redeem naming another record leaves this one alone */
    r = issue("operator", 5, 0, 60000);
    CHECK_EQ(redeem(r + 100, 5, 1), TOKEN_UNKNOWN);
    CHECK_EQ(redeem(0, 5, 1), TOKEN_UNKNOWN);
    CHECK_EQ(redeem(r, 5, 2), TOKEN_OK);
}

static void test_expiry(void) {
    token_table_init(&table, counting_equal);
    uint64_t r = issue("operator", 1, 1000, 500);
    CHECK_EQ(redeem(r, 1, 1499), TOKEN_OK); /* just in time */
    r = issue("operator", 1, 1000, 500);
    compares = 0;
    CHECK_EQ(redeem(r, 1, 1500), TOKEN_EXPIRED); /* at expiry: refused, consumed */
    CHECK_EQ(compares, 1);
    CHECK_EQ(redeem(r, 1, 1500), TOKEN_UNKNOWN);
    /* the sweep scrubs expired records and keeps live ones */
    uint64_t old = issue("a", 1, 0, 100);
    uint64_t young = issue("b", 2, 0, 1000);
    token_table_expire(&table, 100);
    CHECK_EQ(token_table_live(&table), 1);
    CHECK_EQ(redeem(old, 1, 100), TOKEN_UNKNOWN);
    CHECK_EQ(redeem(young, 2, 100), TOKEN_OK);
}

static void test_bounds(void) {
    token_table_init(&table, counting_equal);
    uint8_t s[TOKEN_SECRET_BYTES] = {0};
    uint64_t r = 0;
    CHECK_EQ(token_table_issue(&table, TOKEN_PURPOSE_SETUP, "op", 2, s, 0, 0, &r), TOKEN_BAD_ARGS);
    CHECK_EQ(
        token_table_issue(&table, TOKEN_PURPOSE_SETUP, "op", 2, s, 0, TOKEN_TTL_MAX_MS + 1, &r),
        TOKEN_BAD_ARGS);
    CHECK_EQ(token_table_issue(&table, TOKEN_PURPOSE_SETUP, "", 0, s, 0, 10, &r), TOKEN_BAD_ARGS);
    CHECK_EQ(token_table_issue(&table, TOKEN_PURPOSE_SETUP, "Op", 2, s, 0, 10, &r), TOKEN_BAD_ARGS);
    uint64_t ids[TOKEN_SLOTS];
    for (unsigned i = 0; i < TOKEN_SLOTS; i++)
        ids[i] = issue("op", (uint8_t)i, 0, 1000);
    CHECK_EQ(token_table_issue(&table, TOKEN_PURPOSE_SETUP, "op", 2, s, 10, 1000, &r), TOKEN_FULL);
    for (unsigned i = 1; i < TOKEN_SLOTS; i++)
        CHECK(ids[i] > ids[i - 1]); /* ids count up, never reused */
    /* once the others expire there is room again, with a fresh id */
    CHECK_EQ(token_table_issue(&table, TOKEN_PURPOSE_SETUP, "op", 2, s, 1000, 1000, &r), TOKEN_OK);
    CHECK(r > ids[TOKEN_SLOTS - 1]);
    CHECK_EQ(token_table_live(&table), 1);
}

static void test_ct_equal(void) {
    uint8_t a[64], b[64];
    for (unsigned i = 0; i < sizeof a; i++)
        a[i] = b[i] = (uint8_t)(i * 7u);
    CHECK(ct_equal(a, b, sizeof a));
    CHECK(ct_equal(a, b, 0));
    for (unsigned i = 0; i < sizeof a; i++) {
        for (unsigned bit = 0; bit < 8; bit++) {
            b[i] ^= (uint8_t)(1u << bit);
            if (!CHECK(!ct_equal(a, b, sizeof a)))
                fprintf(stderr, "    difference at byte %u bit %u missed\n", i, bit);
            b[i] ^= (uint8_t)(1u << bit);
        }
    }
    b[63] ^= 1;
    CHECK(ct_equal(a, b, 63)); /* only n bytes count */
}

int main(void) {
    test_single_use();
    test_consumed_on_failure();
    test_expiry();
    test_bounds();
    test_ct_equal();
    return check_summary();
}
