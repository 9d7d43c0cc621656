/* The PHC argon2id string parser: valid strings from libargon2 (tools/phc)
 * and libsodium, and every refusal. */
#include <stdlib.h>

#include "check.h"
#include "phc_dummy.h"
#include "phc_parse.h"

#define GOOD_19M                                                                                   \
    "$argon2id$v=19$m=19456,t=2,p=1$cqNi0QAIyiwVu44sCq56EA$XSlQt5tu1Bo6VKPtaw55JrNH9RTKS1qs3vgHk2" \
    "JTfIY"
#define GOOD_64M                                                                                   \
    "$argon2id$v=19$m=65536,t=3,p=4$8EkQnHtxmEliY5nN3l+r/w$DfHj/c1+YtOP14ZECNNtXdwvXvVYrlfNxq8GW5" \
    "tuX0U"

static phc_err_t parse(const char *s) {
    phc_argon2id_t r;
    return phc_parse_argon2id(s, strlen(s), &r);
}

static void test_good(void) {
    phc_argon2id_t r;
    CHECK_EQ(phc_parse_argon2id(GOOD_19M, strlen(GOOD_19M), &r), PHC_OK);
    CHECK_EQ(r.version, 19);
    CHECK_EQ(r.m_kib, 19456);
    CHECK_EQ(r.t_cost, 2);
    CHECK_EQ(r.lanes, 1);
    CHECK_EQ(r.salt_len, 16);
    CHECK_EQ(r.hash_len, 32);
    uint8_t salt0[3] = {0x72, 0xa3, 0x62}; /* "cqNi" */
    CHECK_MEM(r.salt, salt0, 3);
    CHECK_EQ(phc_parse_argon2id(GOOD_64M, strlen(GOOD_64M), &r), PHC_OK);
    CHECK_EQ(r.m_kib, 65536);
    CHECK_EQ(r.lanes, 4);
    CHECK_EQ(parse("$argon2id$v=19$m=8,t=1,p=1$o9lGQPAmJXR0rrAKJGSdew$"
                   "4yt1oH83NQIg4VzCh3wUE2950UULmVls0r6qQw3cUoc"),
             PHC_OK);
}

static void test_syntax_and_algorithm(void) {
    CHECK_EQ(parse(""), PHC_ERR_SYNTAX);
    CHECK_EQ(parse("argon2id$v=19$m=8,t=1,p=1$AAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA"), PHC_ERR_SYNTAX);
    CHECK_EQ(parse("$argon2i$v=19$m=8,t=1,p=1$AAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA"),
             PHC_ERR_ALGORITHM);
    CHECK_EQ(parse("$argon2d$v=19$m=8,t=1,p=1$AAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA"),
             PHC_ERR_ALGORITHM);
    CHECK_EQ(parse("$scrypt$ln=16,r=8,p=1$AAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA"), PHC_ERR_ALGORITHM);
    CHECK_EQ(parse(GOOD_19M "$"), PHC_ERR_SYNTAX); /* bytes after the hash */
    CHECK_EQ(parse(GOOD_19M " "), PHC_ERR_HASH);
    /* hash missing */
    CHECK_EQ(parse("$argon2id$v=19$m=8,t=1,p=1$AAAAAAAAAAA"), PHC_ERR_SYNTAX);
}

static void test_version(void) {
    CHECK_EQ(parse("$argon2id$m=8,t=1,p=1$AAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA"), PHC_ERR_VERSION);
    CHECK_EQ(parse("$argon2id$v=16$m=8,t=1,p=1$AAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA"),
             PHC_ERR_VERSION);
    CHECK_EQ(parse("$argon2id$v=019$m=8,t=1,p=1$AAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA"),
             PHC_ERR_VERSION);
    CHECK_EQ(parse("$argon2id$v=99999999999$m=8,t=1,p=1$AAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA"),
             PHC_ERR_VERSION);
}

static void test_params(void) {
    const char *bad[] = {
        "$argon2id$v=19$t=1,m=8,p=1$AAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA",     /* order */
        "$argon2id$v=19$m=8,t=1$AAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA",         /* p missing */
        "$argon2id$v=19$m=7,t=1,p=1$AAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA",     /* m too small */
        "$argon2id$v=19$m=65537,t=1,p=1$AAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA", /* m too big */
        "$argon2id$v=19$m=16,t=1,p=4$AAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA",    /* m < 8p */
        "$argon2id$v=19$m=8,t=0,p=1$AAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA",     /* t 0 */
        "$argon2id$v=19$m=8,t=17,p=1$AAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA",    /* t too big */
        "$argon2id$v=19$m=64,t=1,p=5$AAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA",    /* p too big */
        "$argon2id$v=19$m=08,t=1,p=1$AAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA",    /* leading zero */
        "$argon2id$v=19$m=+8,t=1,p=1$AAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA",    /* sign */
        "$argon2id$v=19$m=,t=1,p=1$AAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA",      /* empty */
        "$argon2id$v=19$m=99999999999999999999,t=1,p=1$AAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA",
        "$argon2id$v=19$m=8,t=1,p=1,keyid=x$AAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA", /* extra */
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        if (!CHECK(parse(bad[i]) == PHC_ERR_PARAMS || parse(bad[i]) == PHC_ERR_SYNTAX))
            fprintf(stderr, "    accepted or wrong error: %s\n", bad[i]);
    CHECK_EQ(parse(bad[2]), PHC_ERR_PARAMS);
    CHECK_EQ(parse(bad[11]), PHC_ERR_PARAMS);
}

static void test_salt_and_hash(void) {
    /* salt: 7 bytes (too short), bad char, padding, non-canonical bits, 1 mod 4 */
    CHECK_EQ(parse("$argon2id$v=19$m=8,t=1,p=1$AAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA"), PHC_ERR_SALT);
    CHECK_EQ(parse("$argon2id$v=19$m=8,t=1,p=1$AAAAA-AAAAA$AAAAAAAAAAAAAAAAAAAAAA"), PHC_ERR_SALT);
    CHECK_EQ(parse("$argon2id$v=19$m=8,t=1,p=1$AAAAAAAAAAA=$AAAAAAAAAAAAAAAAAAAAAA"), PHC_ERR_SALT);
    CHECK_EQ(parse("$argon2id$v=19$m=8,t=1,p=1$AAAAAAAAAAB$AAAAAAAAAAAAAAAAAAAAAA"), PHC_ERR_SALT);
    CHECK_EQ(parse("$argon2id$v=19$m=8,t=1,p=1$AAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA"),
             PHC_ERR_SALT);
    CHECK_EQ(parse("$argon2id$v=19$m=8,t=1,p=1$$AAAAAAAAAAAAAAAAAAAAAA"), PHC_ERR_SALT);
    /* salt of 33 bytes (44 chars) is over the bound */
    CHECK_EQ(parse("$argon2id$v=19$m=8,t=1,p=1$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA$"
                   "AAAAAAAAAAAAAAAAAAAAAA"),
             PHC_ERR_SALT);
    /* hash: 15 bytes (20 chars) too short, bad char, 33 bytes too long */
    CHECK_EQ(parse("$argon2id$v=19$m=8,t=1,p=1$AAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAA"), PHC_ERR_HASH);
    CHECK_EQ(parse("$argon2id$v=19$m=8,t=1,p=1$AAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAA*A"), PHC_ERR_HASH);
    CHECK_EQ(parse("$argon2id$v=19$m=8,t=1,p=1$AAAAAAAAAAA$"
                   "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"),
             PHC_ERR_HASH);
}

static void test_length_bound(void) {
    char big[200];
    memset(big, 'A', sizeof big);
    memcpy(big, "$argon2id$v=19$m=8,t=1,p=1$", 27);
    CHECK_EQ(phc_parse_argon2id(big, PHC_STRING_MAX + 1, NULL), PHC_ERR_TOO_LONG);
    /* a string cut short is never read past its length, and refused unless
     * the cut leaves a shorter but still valid hash (PHC strings do not
     * record the hash length; such a verifier just never matches) */
    const size_t full = strlen(GOOD_19M), hash_chars = 43, min_chars = 22;
    for (size_t n = 0; n < full; n++) {
        char *copy = malloc(n ? n : 1); /* exact size: ASan catches over-reads */
        memcpy(copy, GOOD_19M, n);
        phc_argon2id_t r;
        phc_err_t e = phc_parse_argon2id(copy, n, &r);
        bool may_parse = n >= full - hash_chars + min_chars && (n - (full - hash_chars)) % 4 != 1;
        if (!CHECK(may_parse ? (e != PHC_OK || r.hash_len < 32) : e != PHC_OK))
            fprintf(stderr, "    prefix of %zu bytes: %s\n", n, phc_strerror(e));
        free(copy);
    }
    CHECK(strcmp(phc_strerror(PHC_ERR_SALT), "unknown error") != 0);
}

static void test_dummy(void) {
    char out[PHC_STRING_MAX + 1];
    phc_argon2id_t r;
    CHECK(phc_dummy_verifier(65536, 3, 1, out, sizeof out));
    CHECK_EQ(phc_parse_argon2id(out, strlen(out), &r), PHC_OK);
    CHECK(r.m_kib == 65536 && r.t_cost == 3 && r.lanes == 1);
    CHECK(phc_dummy_verifier(PHC_M_MAX_KIB, PHC_T_MAX, PHC_P_MAX, out, sizeof out));
    CHECK_EQ(phc_parse_argon2id(out, strlen(out), &r), PHC_OK);
    CHECK(r.m_kib == PHC_M_MAX_KIB && r.t_cost == PHC_T_MAX && r.lanes == PHC_P_MAX);
    CHECK_EQ(r.salt_len, 16);
    CHECK_EQ(r.hash_len, 32);
    CHECK(!phc_dummy_verifier(8, 1, 1, out, 20)); /* does not fit */
}

int main(void) {
    test_dummy();
    test_good();
    test_syntax_and_algorithm();
    test_version();
    test_params();
    test_salt_and_hash();
    test_length_bound();
    return check_summary();
}
