/* SessionManager policy: facets, account names, credential results,
 * profiles, authorized-key matching, and the live-session table. */
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
    /* login_key: the SSH gateway's facet bit only */
    CHECK_EQ(sessiond_facet_check(SESSIOND_FACET_KEY, SESSION_MANAGER_LOGIN_KEY), CAP_OK);
    CHECK_EQ(sessiond_facet_check(9, SESSION_MANAGER_LOGIN_KEY), CAP_OK);
    CHECK_EQ(sessiond_facet_check(7, SESSION_MANAGER_LOGIN_KEY), CAP_ERR_NO_RIGHTS);
    CHECK_EQ(sessiond_facet_check(SESSIOND_FACET_KEY, SESSION_MANAGER_LOGIN), CAP_ERR_NO_RIGHTS);
    CHECK_EQ(sessiond_facet_check(SESSIOND_FACET_KEY, SESSION_MANAGER_SETUP), CAP_ERR_NO_RIGHTS);
    CHECK_EQ(sessiond_facet_check(SESSIOND_FACET_KEY, SESSION_MANAGER_GUEST), CAP_ERR_NO_RIGHTS);
    CHECK_EQ(sessiond_facet_check(15, 6), CAP_ERR_BAD_METHOD);
    CHECK_EQ(sessiond_facet_check(15, 255), CAP_ERR_BAD_METHOD);
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

/* Two ssh-ed25519 public key blobs in OpenSSH's base64 (the first holds
 * RFC 8032's test 1 key, the second 32 arbitrary bytes). */
static const char key_a[] = "AAAAC3NzaC1lZDI1NTE5AAAAINdamAGCsQq31Uv+08lkBzoO4XLz2qYjJa8CGmj3B1Ea";
static const char key_b[] = "AAAAC3NzaC1lZDI1NTE5AAAAID1qEruLmBnxF8ZuB0UjV/R3pJNaS6mAVUOWgxrIvwz+";

static void add_key(system_t *sys, const char *account, const char *b64) {
    char line[256];
    snprintf(line, sizeof line, "%s ssh-ed25519 %s", account, b64);
    CHECK_EQ(sys_authorized_key_parse(line, strlen(line),
                                      &sys->authorized_keys[sys->nauthorized_keys], NULL),
             AUTHKEY_OK);
    sys->nauthorized_keys++;
}

static uint32_t authorized(const system_t *sys, const char *account, const char *b64, size_t trim) {
    uint8_t blob[SYS_KEY_BLOB_MAX + 8];
    size_t len = 0;
    CHECK(sys_base64_decode(b64, strlen(b64), blob, sizeof blob, &len));
    return sessiond_key_authorized(sys, account, strlen(account), blob, len - trim);
}

static void keys(void) {
    static system_t sys;
    memset(&sys, 0, sizeof sys);
    add_key(&sys, "operator", key_a);
    add_key(&sys, "alice", key_a);
    add_key(&sys, "alice", key_b);
    CHECK_EQ(authorized(&sys, "operator", key_a, 0), 1);
    CHECK_EQ(authorized(&sys, "alice", key_a, 0), 2);
    CHECK_EQ(authorized(&sys, "alice", key_b, 0), 3);
    /* a key of another account, a prefix of a key, an unknown account */
    CHECK_EQ(authorized(&sys, "operator", key_b, 0), 0);
    CHECK_EQ(authorized(&sys, "operator", key_a, 1), 0);
    CHECK_EQ(authorized(&sys, "bob", key_a, 0), 0);
    CHECK_EQ(authorized(&sys, "operato", key_a, 0), 0);
    CHECK_EQ(authorized(&sys, "Operator", key_a, 0), 0);
    /* the blob compared byte for byte: one bit off is no match */
    uint8_t blob[SYS_KEY_BLOB_MAX + 1];
    size_t len = 0;
    CHECK(sys_base64_decode(key_a, strlen(key_a), blob, sizeof blob, &len));
    blob[len - 1] ^= 1;
    CHECK_EQ(sessiond_key_authorized(&sys, "operator", 8, blob, len), 0);
    blob[len - 1] ^= 1;
    CHECK_EQ(sessiond_key_authorized(&sys, "operator", 8, blob, len), 1);
    /* account with a NUL inside or too long, empty or oversized blobs */
    CHECK_EQ(sessiond_key_authorized(&sys, "operator\0", 9, blob, len), 0);
    CHECK_EQ(sessiond_key_authorized(&sys, "", 0, blob, len), 0);
    CHECK_EQ(sessiond_key_authorized(&sys, "operator", 8, blob, 0), 0);
    memset(blob + len, 0, sizeof blob - len);
    CHECK_EQ(sessiond_key_authorized(&sys, "operator", 8, blob, SYS_KEY_BLOB_MAX + 1), 0);
    /* records past nauthorized_keys do not count */
    sys.nauthorized_keys = 1;
    CHECK_EQ(authorized(&sys, "alice", key_a, 0), 0);
    CHECK_EQ(authorized(&sys, "operator", key_a, 0), 1);
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
    keys();
    table();
    return check_summary();
}
