/* SessionManager policy: facets, account names, credential results,
 * profiles, and the live-session table. */
#include "capos/idl/session_manager.h"
#include "check.h"
#include "session_policy.h"

static void facets(void) {
    CHECK_EQ(sessiond_facet_check(SESSIOND_FACET_LOGIN, SESSION_MANAGER_LOGIN), CAP_OK);
    CHECK_EQ(sessiond_facet_check(SESSIOND_FACET_LOGIN, SESSION_MANAGER_LOGOUT), CAP_OK);
    CHECK_EQ(sessiond_facet_check(SESSIOND_FACET_LOGIN, SESSION_MANAGER_SETUP_STATE), CAP_OK);
    /* a remote gateway's facet (login only) can neither set up nor go guest */
    CHECK_EQ(sessiond_facet_check(SESSIOND_FACET_LOGIN, SESSION_MANAGER_SETUP), CAP_ERR_NO_RIGHTS);
    CHECK_EQ(sessiond_facet_check(SESSIOND_FACET_LOGIN, SESSION_MANAGER_GUEST), CAP_ERR_NO_RIGHTS);
    CHECK_EQ(sessiond_facet_check(SESSIOND_FACET_SETUP, SESSION_MANAGER_LOGIN), CAP_ERR_NO_RIGHTS);
    CHECK_EQ(sessiond_facet_check(SESSIOND_FACET_SETUP, SESSION_MANAGER_SETUP), CAP_OK);
    CHECK_EQ(sessiond_facet_check(SESSIOND_FACET_GUEST, SESSION_MANAGER_GUEST), CAP_OK);
    CHECK_EQ(sessiond_facet_check(7, SESSION_MANAGER_GUEST), CAP_OK);
    CHECK_EQ(sessiond_facet_check(0, SESSION_MANAGER_LOGIN), CAP_ERR_NO_RIGHTS);
    CHECK_EQ(sessiond_facet_check(7, 5), CAP_ERR_BAD_METHOD);
    CHECK_EQ(sessiond_facet_check(7, 255), CAP_ERR_BAD_METHOD);
}

static bool acct(const char *s) {
    return sessiond_account_valid(s, strlen(s));
}

static void accounts(void) {
    CHECK(acct("operator"));
    CHECK(acct("a"));
    CHECK(acct("alice.b-c_d9"));
    CHECK(acct("01234567890123456789012345678901"));   /* 32 */
    CHECK(!acct("012345678901234567890123456789012")); /* 33 */
    CHECK(!acct(""));
    CHECK(!acct("Operator")); /* lower case only */
    CHECK(!acct(".hidden"));
    CHECK(!acct("-x"));
    CHECK(!acct("a b"));
    CHECK(!acct("a/b"));
    CHECK(!acct("\xc3\xa9"));
    CHECK(!sessiond_account_valid("ab\0c", 4));
}

static void results(void) {
    CHECK_EQ(sessiond_cred_status(SESSIOND_CRED_SUCCESS), CAP_OK);
    CHECK_EQ(sessiond_cred_status(SESSIOND_CRED_DENIED), CAP_ERR_DENIED);
    CHECK_EQ(sessiond_cred_status(SESSIOND_CRED_UNAVAILABLE), CAP_ERR_UNAVAILABLE);
    CHECK_EQ(sessiond_cred_status(99), CAP_ERR_UNAVAILABLE); /* unknown: fail closed */
}

static void profiles(void) {
    static system_t sys;
    memset(&sys, 0, sizeof sys);
    sys.nprofiles = 2;
    memcpy(sys.profiles[0].name, "operator", 9);
    memcpy(sys.profiles[1].name, "guest", 6);
    sys.profiles[1].ttl_s = 900;
    CHECK_EQ(sessiond_profile_index(&sys, "operator"), 0);
    CHECK_EQ(sessiond_profile_index(&sys, "guest"), 1);
    CHECK_EQ(sessiond_profile_index(&sys, "Guest"), -1);
    CHECK_EQ(sessiond_profile_index(&sys, "oper"), -1);
    CHECK_EQ(sessiond_ttl_ns(&sys.profiles[0]), 0);
    CHECK_EQ(sessiond_ttl_ns(&sys.profiles[1]), 900000000000ull);
    sys.profiles[1].ttl_s = SYS_TTL_MAX_S;
    CHECK_EQ(sessiond_ttl_ns(&sys.profiles[1]), 31536000000000000ull);
}

static bool stale_if_odd(void *ctx, cap_t hold) {
    (void)ctx;
    return hold & 1u;
}

static void count_drop(void *ctx, const sessiond_entry_t *e) {
    CHECK(e->used);
    (*(uint32_t *)ctx)++;
}

static void table(void) {
    static sessiond_table_t t;
    sessiond_table_init(&t);
    for (uint32_t i = 0; i < SESSIOND_MAX_SESSIONS; i++) {
        int slot = sessiond_table_free_slot(&t);
        CHECK_EQ(slot, (int)i);
        t.e[slot] = (sessiond_entry_t){.used = true, .serial = 100 + i, .hold = i};
    }
    CHECK_EQ(sessiond_table_free_slot(&t), -1);
    CHECK_EQ(sessiond_table_find(&t, 100), 0);
    CHECK_EQ(sessiond_table_find(&t, 163), 63);
    CHECK_EQ(sessiond_table_find(&t, 164), -1);
    uint32_t dropped = 0;
    CHECK_EQ(sessiond_table_sweep(&t, stale_if_odd, count_drop, &dropped), 32);
    CHECK_EQ(dropped, 32);
    CHECK_EQ(sessiond_table_find(&t, 101), -1); /* hold 1: stale, gone */
    CHECK_EQ(sessiond_table_find(&t, 102), 2);  /* hold 2: live, kept */
    CHECK_EQ(sessiond_table_free_slot(&t), 1);
    dropped = 0;
    CHECK_EQ(sessiond_table_sweep(&t, stale_if_odd, count_drop, &dropped), 0);
    CHECK_EQ(dropped, 0);
}

int main(void) {
    facets();
    accounts();
    results();
    profiles();
    table();
    return check_summary();
}
