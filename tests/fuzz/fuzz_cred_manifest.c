/*
 * libFuzzer harness for CredentialStore's credentials-file parser
 * (credstore/cred_manifest.c, with the PHC parser beneath it). Input: the
 * file's bytes, parsed from an exact-size copy so ASan sees any over-read.
 * Properties: a refused file leaves no record (all or nothing); every
 * accepted record satisfies the rules again (account, ids, PHC string) and
 * accounts and credential ids are unique.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cred_manifest.h"

#define REQUIRE(cond)                                                                              \
    do {                                                                                           \
        if (!(cond))                                                                               \
            __builtin_trap();                                                                      \
    } while (0)

static cred_store_t store;

static void check_record(uint32_t i) {
    const cred_record_t *r = &store.manifest[i];
    phc_argon2id_t v;
    REQUIRE(cred_account_valid(r->account, r->account_len));
    REQUIRE(r->principal_id != 0 && r->credential_id != 0);
    REQUIRE(r->credential_id < CRED_OVERLAY_ID_BASE);
    REQUIRE(phc_parse_argon2id(r->encoded, strlen(r->encoded), &v) == PHC_OK);
    REQUIRE(cred_store_find(&store, r->account, r->account_len) == r);
    for (uint32_t j = 0; j < i; j++)
        REQUIRE(store.manifest[j].credential_id != r->credential_id);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char *copy = malloc(size ? size : 1);
    REQUIRE(copy != NULL);
    memcpy(copy, data, size);
    cred_store_init(&store);
    cred_manifest_result_t r = cred_manifest_parse(copy, size, &store);
    if (r.err != CRED_MANIFEST_OK)
        REQUIRE(store.manifest_count == 0);
    REQUIRE(store.manifest_count <= CRED_MANIFEST_MAX);
    for (uint32_t i = 0; i < store.manifest_count; i++)
        check_record(i);
    free(copy);
    return 0;
}
