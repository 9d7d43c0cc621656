/*
 * The credentials file of the boot package (granted as file:credentials):
 * bootstrap verifier records, never passwords. Text, one record per line:
 *
 *   verifier v1 <account> <principal_id> <credential_id> <created_ms> <phc>
 *
 *   - lines end at '\n' (the last may lack it) and hold at most
 *     CRED_MANIFEST_LINE_MAX bytes before it; NUL bytes are refused;
 *   - fields are separated by runs of spaces; a line whose first field starts
 *     with '#' is a comment, an empty or all-space line is blank;
 *   - the record version is "v1"; any other is refused;
 *   - account: cred_account_valid; ids and created_ms: decimal u64 without
 *     sign; principal_id and credential_id non-zero, credential_id below
 *     CRED_OVERLAY_ID_BASE; phc: the rules of phc_parse.h;
 *   - accounts and credential ids are unique; at most CRED_MANIFEST_MAX
 *     records; the file holds at most CRED_MANIFEST_FILE_MAX bytes.
 * Any violation refuses the whole file: the store then fails closed (it
 * does not fall back to "no verifiers", which would invite setup). Pure.
 */
#ifndef CREDSTORE_CRED_MANIFEST_H
#define CREDSTORE_CRED_MANIFEST_H

#include "cred_store.h"

#define CRED_MANIFEST_LINE_MAX 512u
#define CRED_MANIFEST_FILE_MAX 16384u

typedef enum {
    CRED_MANIFEST_OK = 0,
    CRED_MANIFEST_ERR_TOO_BIG,
    CRED_MANIFEST_ERR_LINE_TOO_LONG,
    CRED_MANIFEST_ERR_NUL,
    CRED_MANIFEST_ERR_UNKNOWN_KIND,    /* first field is not "verifier" */
    CRED_MANIFEST_ERR_UNKNOWN_VERSION, /* not "v1" */
    CRED_MANIFEST_ERR_SYNTAX,          /* wrong number of fields */
    CRED_MANIFEST_ERR_BAD_ACCOUNT,
    CRED_MANIFEST_ERR_BAD_NUMBER,
    CRED_MANIFEST_ERR_BAD_VERIFIER, /* the PHC string; details in *phc_err */
    CRED_MANIFEST_ERR_DUPLICATE_ACCOUNT,
    CRED_MANIFEST_ERR_DUPLICATE_CREDENTIAL,
    CRED_MANIFEST_ERR_TOO_MANY,
} cred_manifest_err_t;

typedef struct {
    cred_manifest_err_t err;
    uint32_t line; /* 1-based line of the fault; 0 on success or for TOO_BIG */
    phc_err_t phc; /* for CRED_MANIFEST_ERR_BAD_VERIFIER */
} cred_manifest_result_t;

/* Replaces the store's manifest records with those of the len bytes at text
 * (never read past len). On any error the store holds no manifest record. */
cred_manifest_result_t cred_manifest_parse(const char *text, size_t len, cred_store_t *s);

/* Static, never NULL. */
const char *cred_manifest_strerror(cred_manifest_err_t err);

#endif
