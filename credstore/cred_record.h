/*
 * A password verifier record: one account's Argon2id verifier and the opaque
 * ids it stands for. Versioned through its PHC string (algorithm, version,
 * parameters), so stronger settings can be introduced without invalidating
 * older records. Pure.
 */
#ifndef CREDSTORE_CRED_RECORD_H
#define CREDSTORE_CRED_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "phc_parse.h"

/* Account names: 1..CRED_ACCOUNT_MAX bytes of [a-z0-9._-]. */
#define CRED_ACCOUNT_MAX 32u

/* Credential ids at or above this are the RAM overlay's; manifest records
 * use ids below it. */
#define CRED_OVERLAY_ID_BASE (1ull << 63)

typedef struct {
    char account[CRED_ACCOUNT_MAX + 1]; /* NUL-terminated */
    uint32_t account_len;
    uint64_t principal_id;  /* opaque, never 0 */
    uint64_t credential_id; /* opaque, never 0 */
    uint64_t created_ms;
    phc_argon2id_t verifier;          /* algorithm, version, m/t/p, salt, hash */
    char encoded[PHC_STRING_MAX + 1]; /* the PHC string, NUL-terminated */
    bool is_volatile;                 /* lives only in the RAM overlay */
} cred_record_t;

/* True when the len bytes at s are a valid account name. */
bool cred_account_valid(const char *s, size_t len);

/* Fills r from its parts after checking each (account rule, non-zero ids,
 * the PHC rules of phc_parse.h); r is untouched unless the result is PHC_OK.
 * A bad account or a zero id reports PHC_ERR_SYNTAX. */
phc_err_t cred_record_make(cred_record_t *r, const char *account, size_t account_len,
                           uint64_t principal_id, uint64_t credential_id, uint64_t created_ms,
                           const char *encoded, size_t encoded_len);

#endif
