/*
 * SessionManager policy, pure (host-tested in tests/host/sessiond): which
 * facet may call what, how credential-store answers become typed errors,
 * what a well-formed account name is, and the table of live sessions that
 * sessiond keeps so it can end them.
 */
#ifndef SESSIOND_SESSION_POLICY_H
#define SESSIOND_SESSION_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "capos/abi.h"
#include "capos/system_manifest.h"

/* Facet bits in the endpoint badge. */
#define SESSIOND_FACET_LOGIN 1ull /* login, logout, setup_state */
#define SESSIOND_FACET_SETUP 2ull /* setup: the local console only */
#define SESSIOND_FACET_GUEST 4ull /* guest */
#define SESSIOND_FACET_KEY 8ull   /* login_key: the SSH gateway only */

/* The console's operator seed: the account `setup` creates and whose
 * missing verifier means "setup required". */
#define SESSIOND_SEED_ACCOUNT "operator"
#define SESSIOND_OPERATOR_PROFILE "operator"
#define SESSIOND_GUEST_PROFILE "guest"
#define SESSIOND_ACCOUNT_MAX 32u
#define SESSIOND_PASSWORD_MAX 128u
#define SESSIOND_SETUP_TTL_MS 30000u /* the internal setup token's lifetime */

/* CredentialStore.verify/redeem results (idl/credstore.idl). */
#define SESSIOND_CRED_SUCCESS 0u
#define SESSIOND_CRED_DENIED 1u
#define SESSIOND_CRED_UNAVAILABLE 2u

/* Key records carry no principal id: a session from login_key has this
 * one (none), whatever id a password verifier of the account has. */
#define SESSIOND_KEY_PRINCIPAL_ID 0ull

/* CAP_OK when a caller holding facet `badge` may call `method` of
 * SessionManager, else NO_RIGHTS. */
cap_err_t sessiond_facet_check(uint64_t badge, uint32_t method);

/* 1..SESSIOND_ACCOUNT_MAX of [a-z0-9._-], starting with a letter or digit. */
bool sessiond_account_valid(const char *account, size_t len);

/* The 1-based position of the system manifest's authorized_key record for
 * exactly this account and public key blob (byte for byte), or 0 when
 * there is none: an invalid account or a blob no record could hold (empty,
 * over SYS_KEY_BLOB_MAX bytes) is never authorized. */
uint32_t sessiond_key_authorized(const system_t *sys, const char *account, size_t account_len,
                                 const uint8_t *key, size_t key_len);

/* A credential-store result as the status login/setup return: DENIED or
 * UNAVAILABLE (never which part of the proof was wrong). */
cap_err_t sessiond_cred_status(uint32_t result);

/* Index of the profile named `name` in the manifest, or -1. */
int sessiond_profile_index(const system_t *sys, const char *name);
/* A profile's ttl_s as the nanoseconds SessionMinter.mint takes (0 = no
 * fixed expiry). */
uint64_t sessiond_ttl_ns(const sys_profile_t *p);

/* ---- the live-session table ------------------------------------------- */

#define SESSIOND_MAX_SESSIONS 64u

typedef struct {
    bool used;
    uint64_t serial;    /* Session.info serial */
    cap_t hold;         /* the full (CONTROL+BIND) Session hold */
    uint32_t principal; /* principal class */
} sessiond_entry_t;

typedef struct {
    sessiond_entry_t e[SESSIOND_MAX_SESSIONS];
} sessiond_table_t;

void sessiond_table_init(sessiond_table_t *t);
/* Index of a free slot, or -1 when full. */
int sessiond_table_free_slot(const sessiond_table_t *t);
/* Index of the entry with this serial, or -1. */
int sessiond_table_find(const sessiond_table_t *t, uint64_t serial);
/* Frees every entry for which is_stale(ctx, hold) says so, calling drop
 * first; returns how many were freed. */
uint32_t sessiond_table_sweep(sessiond_table_t *t, bool (*is_stale)(void *ctx, cap_t hold),
                              void (*drop)(void *ctx, const sessiond_entry_t *e), void *ctx);

#endif
