/*
 * AuditLog events: what is recorded, the numbered codes writers use, the
 * rules a record must pass, and the packed form LogReader.read returns.
 * Pure (freestanding-safe): shared by the audit service, its readers (the
 * shell's `audit` command) and host tests.
 *
 * An event carries codes and opaque ids only. The detail is a short code word
 * ([a-z0-9_.:-], at most AUDIT_DETAIL_MAX bytes, may be empty; '.' and ':'
 * let gateways record a peer as 10.0.2.2:40022), so neither
 * free text nor secret material (passwords, hashes, salts, tokens: their
 * encodings are longer or use other characters) can be smuggled in.
 */
#ifndef AUDIT_EVENT_H
#define AUDIT_EVENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Facets of the AuditLog endpoint, told apart by badge. */
#define AUDIT_BADGE_WRITER 1ull /* AuditLog.record */
#define AUDIT_BADGE_READER 2ull /* LogReader.read */

/* Event kinds (AuditLog.record kind). 0 is never valid. */
typedef enum {
    AUDIT_KIND_SETUP = 1,              /* setup entry, setup-token issue/redeem */
    AUDIT_KIND_CREDENTIAL_CREATED = 2, /* a verifier was created */
    AUDIT_KIND_AUTH_FAILED = 3,        /* a proof was refused */
    AUDIT_KIND_AUTH_OK = 4,            /* a proof was accepted */
    AUDIT_KIND_SESSION_CREATED = 5,
    AUDIT_KIND_SESSION_ENDED = 6,
    AUDIT_KIND_BROKER_DECISION = 7,
    AUDIT_KIND_SHELL_LAUNCH = 8,
    AUDIT_KIND_LOGOUT = 9,
    AUDIT_KIND_SHUTDOWN = 10,
    AUDIT_KIND_CONNECTION = 11, /* a gateway accepted (ok) or refused (denied) a peer */
    AUDIT_KIND_DISCONNECT = 12, /* a gateway connection ended (ok: it had logged in) */
    AUDIT_KIND__END
} audit_kind_t;

/* Results (AuditLog.record result); the same numbers CredentialStore.verify
 * answers with. */
typedef enum {
    AUDIT_RESULT_OK = 0,
    AUDIT_RESULT_DENIED = 1,
    AUDIT_RESULT_UNAVAILABLE = 2, /* a dependency (entropy, the store) is missing */
    AUDIT_RESULT_FAILED = 3,      /* an error other than a policy refusal */
    AUDIT_RESULT__END
} audit_result_t;

#define AUDIT_DETAIL_MAX 24u

typedef struct {
    uint64_t seq;     /* 0, 1, 2, ... in recording order; never reused */
    uint64_t time_ms; /* monotonic time since boot */
    uint32_t kind;    /* audit_kind_t */
    uint32_t result;  /* audit_result_t */
    uint64_t subject; /* opaque id (credential, token record, session serial) */
    uint32_t detail_len;
    char detail[AUDIT_DETAIL_MAX]; /* not NUL-terminated */
} audit_event_t;

/* True for a kind in 1..AUDIT_KIND__END-1. */
bool audit_kind_valid(uint32_t kind);
/* True for a result below AUDIT_RESULT__END. */
bool audit_result_valid(uint32_t result);
/* True when the len bytes at detail are at most AUDIT_DETAIL_MAX of
 * [a-z0-9_.:-] (len 0 is valid: no detail). */
bool audit_detail_valid(const char *detail, uint32_t len);

/* Names for display ("setup", "denied"); "?" for an unknown code. */
const char *audit_kind_name(uint32_t kind);
const char *audit_result_name(uint32_t result);

/*
 * Packed form (little-endian, unpadded):
 *   u64 seq, u64 time_ms, u32 kind, u32 result, u64 subject,
 *   u8 detail_len, detail_len bytes of detail
 */
#define AUDIT_WIRE_FIXED 33u
#define AUDIT_WIRE_MAX (AUDIT_WIRE_FIXED + AUDIT_DETAIL_MAX)

/* Packed size of ev (its detail_len must be <= AUDIT_DETAIL_MAX). */
size_t audit_event_wire_size(const audit_event_t *ev);

/* Writes ev at *p if it fits before end and advances *p; false (nothing
 * written) when it does not fit. */
bool audit_event_pack(const audit_event_t *ev, uint8_t **p, uint8_t *end);

/* Reads one event from *p, never past end, and advances *p. False when fewer
 * bytes remain than the event needs, or its kind, result or detail break the
 * rules above (a reader trusts nothing it decodes). */
bool audit_event_unpack(const uint8_t **p, const uint8_t *end, audit_event_t *ev);

#endif
