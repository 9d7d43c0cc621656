/* The credentials file parser and the record store with its RAM overlay. */
#include <stdlib.h>

#include "check.h"
#include "cred_manifest.h"

#define PHC_A                                                                                      \
    "$argon2id$v=19$m=19456,t=2,p=1$cqNi0QAIyiwVu44sCq56EA$XSlQt5tu1Bo6VKPtaw55JrNH9RTKS1qs3vgHk2" \
    "JTfIY"
#define PHC_B                                                                                      \
    "$argon2id$v=19$m=8,t=1,p=1$o9lGQPAmJXR0rrAKJGSdew$4yt1oH83NQIg4VzCh3wUE2950UULmVls0r6qQw3cUo" \
    "c"

static cred_store_t store;

/* Parses text from an exact-size heap copy (ASan catches any over-read). */
static cred_manifest_result_t parse_n(const char *text, size_t len) {
    char *copy = malloc(len ? len : 1);
    memcpy(copy, text, len);
    cred_manifest_result_t r = cred_manifest_parse(copy, len, &store);
    free(copy);
    return r;
}

static cred_manifest_result_t parse(const char *text) {
    return parse_n(text, strlen(text));
}

static void test_good_file(void) {
    cred_store_init(&store);
    cred_manifest_result_t r = parse("# bootstrap verifiers\n"
                                     "\n"
                                     "verifier v1 operator 1001 7 1700000000000 " PHC_A "\n"
                                     "   verifier   v1 guest.1 2002 8 0 " PHC_B);
    CHECK_EQ(r.err, CRED_MANIFEST_OK);
    CHECK_EQ(r.line, 0);
    CHECK_EQ(store.manifest_count, 2);
    const cred_record_t *op = cred_store_find(&store, "operator", 8);
    CHECK(op != NULL);
    if (op) {
        CHECK_EQ(op->principal_id, 1001);
        CHECK_EQ(op->credential_id, 7);
        CHECK_EQ(op->created_ms, 1700000000000ull);
        CHECK_EQ(op->verifier.m_kib, 19456);
        CHECK(!strcmp(op->encoded, PHC_A));
        CHECK(!op->is_volatile);
    }
    CHECK(cred_store_find(&store, "guest.1", 7) != NULL);
    CHECK(cred_store_find(&store, "guest", 5) == NULL);
    CHECK(cred_store_find(&store, "operatorx", 9) == NULL);
    CHECK_EQ(parse("").err, CRED_MANIFEST_OK);
    CHECK_EQ(store.manifest_count, 0);
}

typedef struct {
    const char *text;
    cred_manifest_err_t err;
    uint32_t line;
} bad_case_t;

static void test_refusals(void) {
    static const bad_case_t cases[] = {
        {"verifier v2 operator 1 1 0 " PHC_A, CRED_MANIFEST_ERR_UNKNOWN_VERSION, 1},
        {"verifier operator 1 1 0 " PHC_A, CRED_MANIFEST_ERR_UNKNOWN_VERSION, 1},
        {"password v1 operator 1 1 0 hunter2", CRED_MANIFEST_ERR_UNKNOWN_KIND, 1},
        {"verifier v1 operator 1 1 0", CRED_MANIFEST_ERR_SYNTAX, 1},
        {"verifier v1 operator 1 1 0 " PHC_A " extra", CRED_MANIFEST_ERR_SYNTAX, 1},
        {"verifier v1 Operator 1 1 0 " PHC_A, CRED_MANIFEST_ERR_BAD_ACCOUNT, 1},
        {"verifier v1 abcdefghijklmnopqrstuvwxyz0123456 1 1 0 " PHC_A,
         CRED_MANIFEST_ERR_BAD_ACCOUNT, 1},
        {"verifier v1 operator 0 1 0 " PHC_A, CRED_MANIFEST_ERR_BAD_NUMBER, 1},
        {"verifier v1 operator 1 0 0 " PHC_A, CRED_MANIFEST_ERR_BAD_NUMBER, 1},
        {"verifier v1 operator 1 9223372036854775808 0 " PHC_A, CRED_MANIFEST_ERR_BAD_NUMBER, 1},
        {"verifier v1 operator 1 1 18446744073709551616 " PHC_A, CRED_MANIFEST_ERR_BAD_NUMBER, 1},
        {"verifier v1 operator -1 1 0 " PHC_A, CRED_MANIFEST_ERR_BAD_NUMBER, 1},
        {"verifier v1 operator 1 1 0 $argon2i$v=19$m=8,t=1,p=1$AAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA",
         CRED_MANIFEST_ERR_BAD_VERIFIER, 1},
        {"verifier v1 operator 1 1 0 " PHC_A "\r", CRED_MANIFEST_ERR_BAD_VERIFIER, 1},
        {"verifier v1 a 1 1 0 " PHC_A "\nverifier v1 a 2 2 0 " PHC_B,
         CRED_MANIFEST_ERR_DUPLICATE_ACCOUNT, 2},
        {"verifier v1 a 1 5 0 " PHC_A "\n# x\nverifier v1 b 2 5 0 " PHC_B,
         CRED_MANIFEST_ERR_DUPLICATE_CREDENTIAL, 3},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        cred_store_init(&store);
        cred_manifest_result_t r = parse(cases[i].text);
        if (!CHECK(r.err == cases[i].err && r.line == cases[i].line))
            fprintf(stderr, "    case %zu: got %d line %u\n", i, r.err, r.line);
        CHECK_EQ(store.manifest_count, 0); /* all or nothing */
    }
    cred_store_init(&store);
    CHECK_EQ(parse("verifier v1 x 1 1 0 $argon2id$v=19$m=7,t=1,p=1$AAAAAAAAAAA$"
                   "AAAAAAAAAAAAAAAAAAAAAA")
                 .phc,
             PHC_ERR_PARAMS);
}

static void test_bounds(void) {
    char line[CRED_MANIFEST_LINE_MAX + 2];
    memset(line, ' ', sizeof line);
    line[0] = '#';
    /* a comment of exactly the maximum is fine, one byte more is not */
    CHECK_EQ(parse_n(line, CRED_MANIFEST_LINE_MAX).err, CRED_MANIFEST_OK);
    cred_manifest_result_t r = parse_n(line, CRED_MANIFEST_LINE_MAX + 1);
    CHECK_EQ(r.err, CRED_MANIFEST_ERR_LINE_TOO_LONG);
    CHECK_EQ(r.line, 1);
    CHECK_EQ(parse_n("# a\0b\n", 6).err, CRED_MANIFEST_ERR_NUL);
    static char text[CRED_MANIFEST_FILE_MAX + 1];
    memset(text, '\n', sizeof text);
    CHECK_EQ(parse_n(text, CRED_MANIFEST_FILE_MAX).err, CRED_MANIFEST_OK);
    CHECK_EQ(parse_n(text, CRED_MANIFEST_FILE_MAX + 1).err, CRED_MANIFEST_ERR_TOO_BIG);
    /* too many records */
    size_t off = 0;
    for (unsigned i = 0; i <= CRED_MANIFEST_MAX; i++)
        off += (size_t)snprintf(text + off, sizeof text - off, "verifier v1 u%u %u %u 0 %s\n", i,
                                i + 1, i + 1, PHC_B);
    r = parse_n(text, off);
    CHECK_EQ(r.err, CRED_MANIFEST_ERR_TOO_MANY);
    CHECK_EQ(r.line, CRED_MANIFEST_MAX + 1);
    CHECK_EQ(store.manifest_count, 0);
    for (int e = CRED_MANIFEST_OK; e <= CRED_MANIFEST_ERR_TOO_MANY; e++)
        CHECK(strcmp(cred_manifest_strerror((cred_manifest_err_t)e), "unknown error") != 0);
}

static void test_overlay(void) {
    cred_store_init(&store);
    CHECK_EQ(parse("verifier v1 operator 1001 7 0 " PHC_A).err, CRED_MANIFEST_OK);
    uint64_t id = 0;
    CHECK_EQ(cred_store_add_volatile(&store, "operator", 8, 5, 0, PHC_B, strlen(PHC_B), &id),
             CRED_STORE_EXISTS);
    CHECK_EQ(cred_store_add_volatile(&store, "bad name", 8, 5, 0, PHC_B, strlen(PHC_B), &id),
             CRED_STORE_BAD_RECORD);
    CHECK_EQ(cred_store_add_volatile(&store, "setup", 5, 5, 0, "$argon2id$", 10, &id),
             CRED_STORE_BAD_RECORD);
    CHECK_EQ(store.overlay_count, 0);
    for (unsigned i = 0; i < CRED_OVERLAY_MAX; i++) {
        char name[8];
        int n = snprintf(name, sizeof name, "new%u", i);
        CHECK_EQ(
            cred_store_add_volatile(&store, name, (size_t)n, 40 + i, 99, PHC_B, strlen(PHC_B), &id),
            CRED_STORE_OK);
        CHECK_EQ(id, CRED_OVERLAY_ID_BASE + i + 1);
    }
    CHECK(cred_store_overlay_full(&store));
    CHECK_EQ(cred_store_add_volatile(&store, "late", 4, 5, 0, PHC_B, strlen(PHC_B), &id),
             CRED_STORE_FULL);
    const cred_record_t *r = cred_store_find(&store, "new3", 4);
    CHECK(r && r->is_volatile && r->principal_id == 43 && r->created_ms == 99);
    CHECK(r && r->credential_id == CRED_OVERLAY_ID_BASE + 4);
    CHECK(!cred_store_find(&store, "operator", 8)->is_volatile);
}

int main(void) {
    test_good_file();
    test_refusals();
    test_bounds();
    test_overlay();
    return check_summary();
}
