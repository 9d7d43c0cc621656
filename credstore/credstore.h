/*
 * CredentialStore's state and its parts (see README.md). Guest only: these
 * use capabilities and libsodium; the pure modules they build on are
 * host-tested.
 */
#ifndef CREDSTORE_CREDSTORE_H
#define CREDSTORE_CREDSTORE_H

#include <stdbool.h>
#include <stdint.h>

#include "capos/abi.h"
#include "capos/idl/credstore.h"
#include "cred_store.h"
#include "token_table.h"

/*
 * Argon2id parameters of the verifiers this store creates: RFC 9106's second
 * recommended option (m = 64 MiB, t = 3) with the single lane libsodium
 * computes (p = 1); above OWASP's minimum (m = 19 MiB, t = 2). About 1.9 s
 * per verify in the guest under TCG (README.md). The process needs a Memory
 * quota of CREDSTORE_MIN_PAGES for one Argon2id run plus its heap.
 */
#define CREDSTORE_OPSLIMIT 3u
#define CREDSTORE_MEMLIMIT (64u << 20)
#define CREDSTORE_MIN_PAGES 20480u /* 80 MiB */

/* CredentialStore.verify/redeem_setup_token results, and has_verifier's
 * "present" when the store is unavailable. */
#define CRED_RESULT_SUCCESS 0u
#define CRED_RESULT_DENIED 1u
#define CRED_RESULT_UNAVAILABLE 2u

typedef struct {
    cap_t server;    /* receive cap; facets badged CRED_BADGE_* */
    cap_t entropy;   /* EntropySource: token secrets, principal ids, salts */
    cap_t clock;     /* token expiry, record times */
    cap_t audit;     /* AuditLog writer facet, or CAP_NULL */
    bool entropy_ok; /* entropy answers and libsodium is initialised */
    bool store_ok;   /* the credentials file was accepted (or is absent) */
    cred_store_t store;
    token_table_t tokens;
    /* what unknown accounts are checked against: the parameters of the
     * first manifest record, else the defaults (phc_dummy.h) */
    char dummy[PHC_STRING_MAX + 1];
} credstore_t;

/* env.c: fills cs from the CapSet, loads the credentials file and probes
 * the entropy source, printing what it found (never a secret). False when
 * the caps the service cannot run without (server, clock) are missing. */
bool credstore_env_init(credstore_t *cs);

/* service.c: the CredentialStore methods over cs (the ctx). */
extern const credential_store_server_ops_t credstore_ops;

/* audit_out.c: records one event through cs->audit; best effort (a failure
 * is reported on the console, the operation goes on). detail follows
 * audit_event.h's rules. */
void credstore_audit(const credstore_t *cs, uint32_t kind, uint32_t result, uint64_t subject,
                     const char *detail);

/* serve.c: the receive loop; returns only when receiving fails. */
int credstore_serve(credstore_t *cs);

#endif
