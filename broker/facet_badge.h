/*
 * Badges of the broker's endpoint. init derives the two service facets
 * (BROKER_BADGE_SHELL, BROKER_BADGE_SESSIOND); every facet the broker hands
 * out in a bundle is its own derivation of the endpoint with a badge that
 * encodes what it is and which session it belongs to:
 *
 *   bits 56..63  FACET_BADGE_TAG (so an issued badge is never below 0x100)
 *   bits 48..55  kind (facet_kind_t)
 *   bits 16..47  generation of the session slot when the facet was issued
 *   bits  0..15  session slot (0..BROKER_MAX_SESSIONS-1), or
 *                FACET_SLOT_ANONYMOUS (generation 0) for anonymous facets
 *
 * Badges are set by the broker when it derives a hold and cannot be changed
 * by a holder, so decoding trusts the bits; it still rejects anything the
 * broker never issues (another tag, an unknown kind, a slot out of range, a
 * kind the anonymous profile may never hold). Pure.
 */
#ifndef BROKER_FACET_BADGE_H
#define BROKER_FACET_BADGE_H

#include <stdbool.h>
#include <stdint.h>

#define BROKER_BADGE_SHELL 1ull    /* shell_bundle, anonymous_bundle */
#define BROKER_BADGE_SESSIOND 2ull /* admit, retire */

#define FACET_BADGE_TAG 0xb7u
#define FACET_SLOT_ANONYMOUS 0xffffu

/* What an issued facet serves, in bundle order. */
typedef enum {
    FACET_LAUNCHER = 1, /* ProcessSpawner.spawn of allowlisted binaries */
    FACET_SHUTDOWN = 2, /* ShutdownControl, forwarded to init */
    FACET_STATUS = 3,   /* SystemStatus, forwarded to init */
    FACET_LOGS = 4,     /* LogReader, forwarded to audit (maybe filtered) */
    FACET_SELF = 5,     /* SessionSelf.whoami */
    FACET__END
} facet_kind_t;

#define FACET_BUNDLE_MAX 5u /* one of each kind */

typedef struct {
    facet_kind_t kind;
    uint32_t slot; /* session slot or FACET_SLOT_ANONYMOUS */
    uint32_t gen;  /* slot generation; 0 for anonymous facets */
} facet_badge_t;

/* True for FACET_LAUNCHER..FACET_SELF. */
bool facet_kind_valid(uint32_t kind);

/* The badge of a facet, or CAP_BADGE_NONE (0) for a combination decode
 * would reject (so a bad one is never handed out). */
uint64_t facet_badge_encode(facet_kind_t kind, uint32_t slot, uint32_t gen);

/* Splits an issued badge; false for anything facet_badge_encode does not
 * produce. */
bool facet_badge_decode(uint64_t badge, facet_badge_t *out);

#endif
