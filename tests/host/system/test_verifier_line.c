/* Password-verifier record syntax: the provisioned form parses into its
 * fields; every malformed field is named without its contents. */
#include <stdlib.h>

#include "capos/verifier_line.h"
#include "check.h"

#define SALT "c2FsdHNhbHRzYWx0"                       /* 12 bytes */
#define HASH "aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaA" /* 28 bytes */
#define PHC "$argon2id$v=19$m=19456,t=2,p=1$" SALT "$" HASH

static verifier_line_t v;

static verifier_err_t parse(const char *line) {
    return verifier_line_parse(line, strlen(line), &v);
}

static void test_valid(void) {
    const char *line = "verifier v1 operator 1 42 1700000000000 " PHC;
    CHECK_EQ(parse(line), VERIFIER_OK);
    CHECK(!strcmp(v.account, "operator"));
    CHECK(v.principal_id == 1 && v.credential_id == 42 && v.created_ms == 1700000000000ull);
    CHECK(v.m_kib == 19456 && v.t_cost == 2 && v.lanes == 1);
    CHECK(v.phc_len == strlen(PHC) && !memcmp(line + v.phc_off, PHC, v.phc_len));
    CHECK(v.salt_len == strlen(SALT) && !memcmp(line + v.salt_off, SALT, v.salt_len));
    CHECK(v.hash_len == strlen(HASH) && !memcmp(line + v.hash_off, HASH, v.hash_len));
    CHECK_EQ(parse("\tverifier  v1\tops-1 18446744073709551615 1 0 " PHC " "), VERIFIER_OK);
    CHECK_EQ(parse("verifier v1 a 1 9223372036854775807 0 $argon2id$v=19$m=65536,t=16,p=4$" SALT
                   "$" HASH),
             VERIFIER_OK);
}

static void test_invalid(void) {
    struct {
        const char *line;
        verifier_err_t err;
    } cases[] = {
        {"", VERIFIER_ERR_FIELDS},
        {"verifier v1 operator 1 42 1700000000000", VERIFIER_ERR_FIELDS},
        {"verifier v1 operator 1 42 1700000000000 " PHC " extra", VERIFIER_ERR_FIELDS},
        {"verifier v2 operator 1 42 0 " PHC, VERIFIER_ERR_FIELDS},
        {"password v1 operator 1 42 0 " PHC, VERIFIER_ERR_FIELDS},
        {"verifier v1 Operator 1 42 0 " PHC, VERIFIER_ERR_ACCOUNT},
        {"verifier v1 abcdefghijklmnopqrstuvwxyzabcdef 1 42 0 " PHC, VERIFIER_ERR_ACCOUNT},
        {"verifier v1 operator 0 42 0 " PHC, VERIFIER_ERR_NUMBER},
        {"verifier v1 operator 1 0 0 " PHC, VERIFIER_ERR_NUMBER},
        {"verifier v1 operator 1 42 -5 " PHC, VERIFIER_ERR_NUMBER},
        {"verifier v1 operator 18446744073709551616 42 0 " PHC, VERIFIER_ERR_NUMBER},
        {"verifier v1 operator 1 42 0 $argon2i$v=19$m=64,t=1,p=1$" SALT "$" HASH,
         VERIFIER_ERR_PHC_FORM},
        {"verifier v1 operator 1 42 0 $argon2id$v=16$m=64,t=1,p=1$" SALT "$" HASH,
         VERIFIER_ERR_PHC_FORM},
        {"verifier v1 operator 1 42 0 $argon2id$v=19$m=64,t=1,p=1$" SALT, VERIFIER_ERR_PHC_FORM},
        {"verifier v1 operator 1 42 0 $argon2id$v=19$m=64,t=1,p=1$" SALT "$" HASH "$x",
         VERIFIER_ERR_PHC_FORM},
        {"verifier v1 operator 1 42 0 $argon2id$v=19$m=0,t=1,p=1$" SALT "$" HASH,
         VERIFIER_ERR_PHC_FORM},
        {"verifier v1 operator 1 42 0 $argon2id$v=19$m=64,t=1,p=17$" SALT "$" HASH,
         VERIFIER_ERR_PHC_PARAMS},
        {"verifier v1 operator 1 42 0 $argon2id$v=19$m=65537,t=1,p=1$" SALT "$" HASH,
         VERIFIER_ERR_PHC_PARAMS},
        {"verifier v1 operator 1 42 0 $argon2id$v=19$m=64,t=17,p=1$" SALT "$" HASH,
         VERIFIER_ERR_PHC_PARAMS},
        {"verifier v1 operator 1 42 0 $argon2id$v=19$m=064,t=1,p=1$" SALT "$" HASH,
         VERIFIER_ERR_PHC_FORM},
        {"verifier v1 operator 1 42 0 $argon2id$v=19$m=100000,t=1,p=1$" SALT "$" HASH,
         VERIFIER_ERR_PHC_FORM},
        {"verifier v1 operator 01 42 0 " PHC, VERIFIER_ERR_NUMBER},
        {"verifier v1 operator 1 9223372036854775808 0 " PHC, VERIFIER_ERR_NUMBER},
        {"verifier v1 operator 1 42 0 $argon2id$v=19$m=64,t=1,p=1$" SALT SALT SALT "$" HASH,
         VERIFIER_ERR_PHC_SALT},
        {"verifier v1 operator 1 42 0 $argon2id$v=19$m=64,t=1,p=1$" SALT "$" HASH "AAAAAAAA",
         VERIFIER_ERR_PHC_HASH},
        {"verifier v1 operator 1 42 0 $argon2id$v=19$m=64,t=1,p=1$" SALT
         "$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaB",
         VERIFIER_ERR_PHC_HASH}, /* non-canonical: unused bits set */
        {"verifier v1 operator 1 42 0 $argon2id$v=19$m=4,t=1,p=1$" SALT "$" HASH,
         VERIFIER_ERR_PHC_PARAMS},
        {"verifier v1 operator 1 42 0 $argon2id$v=19$m=64,t=1,p=16$" SALT "$" HASH,
         VERIFIER_ERR_PHC_PARAMS},
        {"verifier v1 operator 1 42 0 $argon2id$v=19$m=64,t=1,p=1$c2FsdA$" HASH,
         VERIFIER_ERR_PHC_SALT},
        {"verifier v1 operator 1 42 0 $argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHR*YWx0$" HASH,
         VERIFIER_ERR_PHC_SALT},
        {"verifier v1 operator 1 42 0 $argon2id$v=19$m=64,t=1,p=1$" SALT "$aGFzaA",
         VERIFIER_ERR_PHC_HASH},
        {"verifier v1 operator 1 42 0 $argon2id$v=19$m=64,t=1,p=1$" SALT "$" HASH "=",
         VERIFIER_ERR_PHC_HASH},
        {"verifier v1 operator 1 42 0 $argon2id$v=19$m=64,t=1,p=1$" SALT "$aaa" HASH,
         VERIFIER_ERR_PHC_HASH},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        memset(&v, 0xa5, sizeof v);
        verifier_line_t before = v;
        verifier_err_t got = parse(cases[i].line);
        if (!CHECK(got == cases[i].err))
            fprintf(stderr, "    case %zu: got %d, expected %d\n", i, got, cases[i].err);
        CHECK_MEM(&v, &before, sizeof v); /* untouched on failure */
        /* messages never carry the record */
        CHECK(strstr(verifier_strerror(got), "operator") == NULL);
    }
}

int main(void) {
    test_valid();
    test_invalid();
    CHECK(!strcmp(verifier_strerror((verifier_err_t)99), "unknown verifier error"));
    return check_summary();
}
