/*
 * One password-verifier record as text: the line format of the boot
 * package's "credentials" entry (written by `./capos provision`), and of the
 * manifest's "credential" directive after that word:
 *
 *   verifier v1 ACCOUNT PRINCIPAL_ID CREDENTIAL_ID CREATED_MS PHC
 *
 *   ACCOUNT        1..31 of [a-z0-9_-]
 *   PRINCIPAL_ID   decimal, 1..2^64-1
 *   CREDENTIAL_ID  decimal, 1..2^63-1 (the credential store numbers its
 *                  RAM overlay from 2^63 up)
 *   CREATED_MS     decimal milliseconds since the Unix epoch, 0..2^64-1
 *   PHC            $argon2id$v=19$m=M,t=T,p=P$SALT$HASH, at most 127 bytes
 *                  M (KiB) 8..65536 and >= 8*P, T 1..16, P 1..4,
 *                  SALT 8..32 bytes and HASH 16..32 bytes in unpadded,
 *                  canonical standard base64 (what libargon2 and libsodium
 *                  emit)
 *
 * Numbers are decimal digits without sign or leading zeros. These are the
 * credential store's own bounds (credstore/), so a record accepted here is
 * one the store will load.
 * Tokens are separated by spaces or tabs. Only a verifier is ever stored:
 * never a password. The record is sensitive all the same, so callers must
 * not print it (errors name the field, never its bytes).
 */
#ifndef CAPOS_VERIFIER_LINE_H
#define CAPOS_VERIFIER_LINE_H

#include <stddef.h>
#include <stdint.h>

#define VERIFIER_ACCOUNT_MAX 31u
#define VERIFIER_PHC_MAX 127u
#define VERIFIER_M_MAX_KIB 65536u
#define VERIFIER_T_MAX 16u
#define VERIFIER_P_MAX 4u
#define VERIFIER_SALT_MIN 8u
#define VERIFIER_SALT_MAX 32u
#define VERIFIER_HASH_MIN 16u
#define VERIFIER_HASH_MAX 32u

typedef struct {
    char account[VERIFIER_ACCOUNT_MAX + 1]; /* NUL-padded */
    uint64_t principal_id;
    uint64_t credential_id;
    uint64_t created_ms;
    uint32_t m_kib, t_cost, lanes;
    uint32_t phc_off, phc_len;   /* the whole PHC string, within the line */
    uint32_t salt_off, salt_len; /* base64 text, within the line */
    uint32_t hash_off, hash_len;
} verifier_line_t;

typedef enum {
    VERIFIER_OK = 0,
    VERIFIER_ERR_FIELDS, /* not exactly seven fields, or not "verifier v1" */
    VERIFIER_ERR_ACCOUNT,
    VERIFIER_ERR_NUMBER,     /* principal, credential id or time */
    VERIFIER_ERR_PHC_FORM,   /* not $argon2id$v=19$m=..,t=..,p=..$..$.. */
    VERIFIER_ERR_PHC_PARAMS, /* m/t/p out of range */
    VERIFIER_ERR_PHC_SALT,
    VERIFIER_ERR_PHC_HASH,
} verifier_err_t;

/* Parses the len bytes at line (no '\n'); never reads past len. *out is
 * written only on success. */
verifier_err_t verifier_line_parse(const char *line, size_t len, verifier_line_t *out);

/* Static, never NULL; names the faulty field, never its contents. */
const char *verifier_strerror(verifier_err_t err);

#endif
