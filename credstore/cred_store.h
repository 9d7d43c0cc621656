/*
 * The verifier records CredentialStore holds: those of the boot-package
 * manifest (read-only after start-up) and a bounded RAM overlay for records
 * created by setup, which are volatile (lost at reboot) and marked so. An
 * account has at most one record across both. Pure.
 */
#ifndef CREDSTORE_CRED_STORE_H
#define CREDSTORE_CRED_STORE_H

#include "cred_record.h"

#define CRED_MANIFEST_MAX 16u
#define CRED_OVERLAY_MAX 8u

typedef struct {
    cred_record_t manifest[CRED_MANIFEST_MAX];
    uint32_t manifest_count;
    cred_record_t overlay[CRED_OVERLAY_MAX];
    uint32_t overlay_count;
} cred_store_t;

typedef enum {
    CRED_STORE_OK = 0,
    CRED_STORE_EXISTS,     /* the account already has a record */
    CRED_STORE_FULL,       /* the overlay holds CRED_OVERLAY_MAX records */
    CRED_STORE_BAD_RECORD, /* the parts break cred_record_make's rules */
} cred_store_err_t;

void cred_store_init(cred_store_t *s);

/* The record of the len-byte account, or NULL. */
const cred_record_t *cred_store_find(const cred_store_t *s, const char *account, size_t len);

bool cred_store_overlay_full(const cred_store_t *s);

/* Adds a volatile record to the overlay; its credential id (from
 * CRED_OVERLAY_ID_BASE up, never reused) in *credential_id. */
cred_store_err_t cred_store_add_volatile(cred_store_t *s, const char *account, size_t account_len,
                                         uint64_t principal_id, uint64_t created_ms,
                                         const char *encoded, size_t encoded_len,
                                         uint64_t *credential_id);

#endif
