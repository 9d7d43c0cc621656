/*
 * Setup tokens: a bounded table of single-use, expiring secrets, each bound
 * to a purpose and an account. Redeeming names the record id (opaque, never
 * reused) and presents the secret. The first redemption of a record
 * consumes it whether it succeeds or fails, so a replay or a second guess
 * always fails and a retry needs a newly issued token. Consumed and expired
 * records are scrubbed. Pure: the caller supplies the secret (from its
 * EntropySource), the time (from its Clock) and the constant-time
 * comparison.
 */
#ifndef CREDSTORE_TOKEN_TABLE_H
#define CREDSTORE_TOKEN_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cred_record.h"

#define TOKEN_SLOTS 8u
#define TOKEN_SECRET_BYTES 32u
#define TOKEN_TTL_MAX_MS (15u * 60u * 1000u)

typedef enum {
    TOKEN_PURPOSE_SETUP = 1, /* create the first verifier of an account */
} token_purpose_t;

typedef struct {
    bool live; /* false: free (never used, consumed or expired; scrubbed) */
    uint32_t purpose;
    uint64_t record;
    uint64_t created_ms;
    uint64_t expiry_ms; /* the token is refused from this time on */
    uint32_t account_len;
    char account[CRED_ACCOUNT_MAX];
    uint8_t secret[TOKEN_SECRET_BYTES];
} token_record_t;

/* Equality of n secret bytes in time that depends on n only. */
typedef bool (*token_equal_fn)(const uint8_t *a, const uint8_t *b, size_t n);

typedef struct {
    token_record_t slot[TOKEN_SLOTS];
    uint64_t next_record; /* record ids count up from 1 */
    token_equal_fn equal;
} token_table_t;

typedef enum {
    TOKEN_OK = 0,
    TOKEN_FULL,     /* issue: every slot holds a live record */
    TOKEN_BAD_ARGS, /* issue: ttl 0 or over TOKEN_TTL_MAX_MS, bad account */
    TOKEN_UNKNOWN,  /* redeem: no live record (never issued, consumed, expired) */
    TOKEN_EXPIRED,  /* redeem: the record's time was up (now consumed) */
    TOKEN_MISMATCH, /* redeem: wrong secret, length or purpose (now consumed) */
} token_err_t;

void token_table_init(token_table_t *t, token_equal_fn equal);

/* Scrubs every live record whose expiry is at or before now_ms. */
void token_table_expire(token_table_t *t, uint64_t now_ms);

/* Issues a record for purpose and account holding a copy of secret, valid
 * for ttl_ms from now_ms; its id in *record. Expired records are swept
 * first. */
token_err_t token_table_issue(token_table_t *t, uint32_t purpose, const char *account,
                              size_t account_len, const uint8_t secret[TOKEN_SECRET_BYTES],
                              uint64_t now_ms, uint32_t ttl_ms, uint64_t *record);

/* Redeems record for purpose with the secret_len bytes at secret: the
 * record, if live, is consumed and scrubbed before this returns, whatever
 * the outcome. On TOKEN_OK the account it was issued for is copied to
 * account (CRED_ACCOUNT_MAX bytes) and its length to *account_len. */
token_err_t token_table_redeem(token_table_t *t, uint64_t record, uint32_t purpose,
                               const uint8_t *secret, size_t secret_len, uint64_t now_ms,
                               char account[CRED_ACCOUNT_MAX], uint32_t *account_len);

/* Live records (for tests and diagnostics). */
unsigned token_table_live(const token_table_t *t);

#endif
