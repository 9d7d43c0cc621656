/*
 * The CredentialStore methods (see README.md for the policy). Secrets that
 * pass through here (passwords, token secrets, new verifier strings) are
 * scrubbed with sodium_memzero once used; serve.c scrubs the messages.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "audit_event.h"
#include "capos/idl/clock.h"
#include "capos/idl/entropy.h"
#include "credstore.h"

static cap_err_t now_ms(const credstore_t *cs, uint64_t *ms) {
    uint64_t ns = 0;
    cap_err_t e = clock_now(cs->clock, &ns);
    *ms = ns / 1000000u;
    return e;
}

/* Fills n bytes from the EntropySource; NO_ENTROPY when it cannot. */
static cap_err_t entropy_fill(const credstore_t *cs, uint8_t *out, uint32_t n) {
    uint32_t len = 0;
    cap_err_t e = entropy_source_read(cs->entropy, n, out, n, &len);
    if (e != CAP_OK || len != n) {
        sodium_memzero(out, n);
        return CAP_ERR_NO_ENTROPY;
    }
    return CAP_OK;
}

/* 1 when password matches encoded, 0 when it does not, -1 when Argon2id
 * could not run (e.g. no memory): libsodium sets errno to EINVAL only for a
 * mismatch. */
static int argon2_check(const char *encoded, const uint8_t *password, uint32_t len) {
    errno = 0;
    if (crypto_pwhash_str_verify(encoded, (const char *)password, len) == 0)
        return 1;
    return errno == EINVAL ? 0 : -1;
}

static cap_err_t op_verify(void *ctx, const char *account, uint32_t account_len,
                           const uint8_t *password, uint32_t password_len, uint32_t *result,
                           uint64_t *principal_id) {
    credstore_t *cs = ctx;
    if (!cs->store_ok || !cs->entropy_ok) {
        *result = CRED_RESULT_UNAVAILABLE;
        credstore_audit(cs, AUDIT_KIND_AUTH_FAILED, AUDIT_RESULT_UNAVAILABLE, 0,
                        cs->store_ok ? "no_entropy" : "store_unavailable");
        return CAP_OK;
    }
    const cred_record_t *rec = cred_account_valid(account, account_len)
                                   ? cred_store_find(&cs->store, account, account_len)
                                   : NULL;
    /* an unknown account costs one Argon2id verify too */
    int match = argon2_check(rec ? rec->encoded : cs->dummy, password, password_len);
    if (match < 0) {
        *result = CRED_RESULT_UNAVAILABLE;
        credstore_audit(cs, AUDIT_KIND_AUTH_FAILED, AUDIT_RESULT_UNAVAILABLE, 0, "argon2_failed");
    } else if (match == 1 && rec) {
        *result = CRED_RESULT_SUCCESS;
        *principal_id = rec->principal_id;
        credstore_audit(cs, AUDIT_KIND_AUTH_OK, AUDIT_RESULT_OK, rec->credential_id,
                        rec->is_volatile ? "volatile" : "");
    } else {
        *result = CRED_RESULT_DENIED;
        credstore_audit(cs, AUDIT_KIND_AUTH_FAILED, AUDIT_RESULT_DENIED, 0, "");
    }
    return CAP_OK;
}

static cap_err_t op_has_verifier(void *ctx, const char *account, uint32_t account_len,
                                 uint32_t *present) {
    credstore_t *cs = ctx;
    if (!cs->store_ok) {
        *present = CRED_RESULT_UNAVAILABLE;
        return CAP_OK;
    }
    if (!cred_account_valid(account, account_len))
        return CAP_ERR_BAD_ARGS;
    *present = cred_store_find(&cs->store, account, account_len) != NULL;
    return CAP_OK;
}

/* Whether a setup token may be issued for account; audits refusals. */
static cap_err_t setup_allowed(const credstore_t *cs, const char *account, uint32_t account_len) {
    if (!cs->entropy_ok) {
        credstore_audit(cs, AUDIT_KIND_SETUP, AUDIT_RESULT_UNAVAILABLE, 0, "no_entropy");
        return CAP_ERR_NO_ENTROPY;
    }
    if (!cs->store_ok) {
        credstore_audit(cs, AUDIT_KIND_SETUP, AUDIT_RESULT_UNAVAILABLE, 0, "store_unavailable");
        return CAP_ERR_DENIED;
    }
    if (!cred_account_valid(account, account_len))
        return CAP_ERR_BAD_ARGS;
    if (cred_store_find(&cs->store, account, account_len)) {
        credstore_audit(cs, AUDIT_KIND_SETUP, AUDIT_RESULT_DENIED, 0, "has_verifier");
        return CAP_ERR_DENIED;
    }
    if (cred_store_overlay_full(&cs->store)) {
        credstore_audit(cs, AUDIT_KIND_SETUP, AUDIT_RESULT_FAILED, 0, "overlay_full");
        return CAP_ERR_NO_MEMORY;
    }
    return CAP_OK;
}

static cap_err_t issue_result(const credstore_t *cs, token_err_t te, uint64_t record) {
    switch (te) {
    case TOKEN_OK:
        credstore_audit(cs, AUDIT_KIND_SETUP, AUDIT_RESULT_OK, record, "token_issued");
        return CAP_OK;
    case TOKEN_FULL:
        credstore_audit(cs, AUDIT_KIND_SETUP, AUDIT_RESULT_FAILED, 0, "token_table_full");
        return CAP_ERR_NO_MEMORY;
    default:
        return CAP_ERR_BAD_ARGS;
    }
}

static cap_err_t op_issue(void *ctx, const char *account, uint32_t account_len, uint32_t ttl_ms,
                          uint8_t *token, uint32_t token_cap, uint32_t *token_len,
                          uint64_t *record) {
    credstore_t *cs = ctx;
    uint8_t secret[TOKEN_SECRET_BYTES];
    uint64_t now = 0;
    cap_err_t e = setup_allowed(cs, account, account_len);
    if (e == CAP_OK && token_cap < TOKEN_SECRET_BYTES)
        e = CAP_ERR_BAD_ARGS;
    if (e == CAP_OK)
        e = now_ms(cs, &now);
    if (e == CAP_OK && (e = entropy_fill(cs, secret, sizeof(secret))) != CAP_OK)
        credstore_audit(cs, AUDIT_KIND_SETUP, AUDIT_RESULT_UNAVAILABLE, 0, "no_entropy");
    if (e != CAP_OK)
        return e;
    token_err_t te = token_table_issue(&cs->tokens, TOKEN_PURPOSE_SETUP, account, account_len,
                                       secret, now, ttl_ms, record);
    if (te == TOKEN_OK) {
        memcpy(token, secret, TOKEN_SECRET_BYTES);
        *token_len = TOKEN_SECRET_BYTES;
    }
    sodium_memzero(secret, sizeof(secret));
    return issue_result(cs, te, *record);
}

/* Audit detail for a refused redemption. */
static const char *redeem_refusal(token_err_t te) {
    switch (te) {
    case TOKEN_EXPIRED:
        return "token_expired";
    case TOKEN_MISMATCH:
        return "token_mismatch";
    default:
        return "token_unknown";
    }
}

/* A random, non-zero principal id for a new account. */
static cap_err_t new_principal(const credstore_t *cs, uint64_t *id) {
    uint8_t b[8];
    cap_err_t e = entropy_fill(cs, b, sizeof(b));
    *id = 0;
    for (unsigned i = 0; e == CAP_OK && i < sizeof(b); i++)
        *id = (*id << 8) | b[i];
    if (*id == 0)
        *id = 1;
    return e;
}

/* Hashes password with the default parameters and adds the volatile
 * record; the CRED_RESULT_*. */
static uint32_t create_volatile(credstore_t *cs, const char *account, uint32_t account_len,
                                const uint8_t *password, uint32_t password_len, uint64_t now,
                                uint64_t *credential, uint64_t *principal_out) {
    static char encoded[crypto_pwhash_STRBYTES];
    uint64_t principal = 0;
    const char *fault = NULL;
    if (cred_store_find(&cs->store, account, account_len))
        fault = "has_verifier"; /* another token for it was redeemed first */
    else if (cred_store_overlay_full(&cs->store))
        fault = "overlay_full";
    else if (new_principal(cs, &principal) != CAP_OK)
        fault = "no_entropy";
    else if (crypto_pwhash_str(encoded, (const char *)password, password_len, CREDSTORE_OPSLIMIT,
                               CREDSTORE_MEMLIMIT) != 0)
        fault = "hash_failed";
    else if (cred_store_add_volatile(&cs->store, account, account_len, principal, now, encoded,
                                     strlen(encoded), credential) != CRED_STORE_OK)
        fault = "store_failed";
    sodium_memzero(encoded, sizeof(encoded));
    bool denied = fault && !strcmp(fault, "has_verifier");
    credstore_audit(cs, AUDIT_KIND_CREDENTIAL_CREATED,
                    fault ? (denied ? AUDIT_RESULT_DENIED : AUDIT_RESULT_FAILED) : AUDIT_RESULT_OK,
                    fault ? 0 : *credential, fault ? fault : "volatile");
    *principal_out = fault ? 0 : principal;
    if (!fault)
        printf("credstore: created a volatile verifier (credential %#llx): it lives in RAM "
               "only and is lost at reboot\n",
               (unsigned long long)*credential);
    return !fault ? CRED_RESULT_SUCCESS : denied ? CRED_RESULT_DENIED : CRED_RESULT_UNAVAILABLE;
}

static cap_err_t op_redeem(void *ctx, uint64_t record, const uint8_t *token, uint32_t token_len,
                           const uint8_t *password, uint32_t password_len, uint32_t *result,
                           uint64_t *credential, uint64_t *principal_id, uint32_t *is_volatile) {
    credstore_t *cs = ctx;
    uint64_t now = 0;
    char account[CRED_ACCOUNT_MAX];
    uint32_t account_len = 0;
    if (!cs->entropy_ok) {
        credstore_audit(cs, AUDIT_KIND_SETUP, AUDIT_RESULT_UNAVAILABLE, record, "no_entropy");
        return CAP_ERR_NO_ENTROPY;
    }
    cap_err_t e = now_ms(cs, &now);
    if (e != CAP_OK)
        return e;
    /* consumes the record whatever the outcome */
    token_err_t te = token_table_redeem(&cs->tokens, record, TOKEN_PURPOSE_SETUP, token, token_len,
                                        now, account, &account_len);
    if (te != TOKEN_OK || !cs->store_ok || password_len == 0) {
        const char *why = te != TOKEN_OK  ? redeem_refusal(te)
                          : !cs->store_ok ? "store_unavailable"
                                          : "empty_password";
        credstore_audit(cs, AUDIT_KIND_SETUP, AUDIT_RESULT_DENIED, record, why);
        *result = cs->store_ok ? CRED_RESULT_DENIED : CRED_RESULT_UNAVAILABLE;
        return CAP_OK;
    }
    credstore_audit(cs, AUDIT_KIND_SETUP, AUDIT_RESULT_OK, record, "token_redeemed");
    *result = create_volatile(cs, account, account_len, password, password_len, now, credential,
                              principal_id);
    *is_volatile = *result == CRED_RESULT_SUCCESS;
    sodium_memzero(account, sizeof(account));
    return CAP_OK;
}

const credential_store_server_ops_t credstore_ops = {
    .verify = op_verify,
    .has_verifier = op_has_verifier,
    .issue_setup_token = op_issue,
    .redeem_setup_token = op_redeem,
};
