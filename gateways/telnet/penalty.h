/*
 * Per-source penalties, after the model of OpenSSH's PerSourcePenalties: a
 * source (an IPv4 address, or an IPv6 /64) accrues penalty time when its
 * connections fail to log in; once the accrued time reaches the threshold
 * the source is refused new connections until the penalty has run out.
 *
 * Time is passed in (a monotonic clock in ms); nothing here reads a clock.
 * Penalty decays one ms per ms: an entry stores when its penalty expires, so
 * the penalty left at `now` is expiry - now. Adding a penalty extends what is
 * left, capped at max_ms. A source becomes *active* (refused) when what is
 * left reaches threshold_ms and stays refused until it expires; below the
 * threshold it is admitted, so a user who mistypes once is never locked out.
 *
 * Bounded table of PENALTY_SOURCES_MAX entries. A source without an entry is
 * always admitted. When a new source must be recorded and no entry is free or
 * expired, the entry with the least penalty left is evicted (the one that
 * would have been forgiven soonest; ties: the lowest index) and counted in
 * `evictions`. The table never refuses a source just because it is full:
 * refusing unknown sources on overflow would let anyone with enough
 * addresses lock every other user out, and recording nothing on overflow
 * would let a fresh source brute-force freely while the table is full.
 */
#ifndef CAPOS_TELNET_PENALTY_H
#define CAPOS_TELNET_PENALTY_H

#include <stdbool.h>
#include <stdint.h>

#define PENALTY_SOURCES_MAX 256u

/* Defaults (ms), those of OpenSSH's PerSourcePenalties. */
#define PENALTY_DEFAULT_AUTH_FAILED_MS 5000u     /* one failed login */
#define PENALTY_DEFAULT_NO_AUTH_MS 1000u         /* closed without trying to log in */
#define PENALTY_DEFAULT_GRACE_EXCEEDED_MS 10000u /* did not log in within the grace time */
#define PENALTY_DEFAULT_THRESHOLD_MS 15000u      /* refused from this much on */
#define PENALTY_DEFAULT_MAX_MS 600000u           /* cap of what a source can accrue */

/* A source: 16 bytes. IPv4 a.b.c.d is ::ffff:a.b.c.d; IPv6 keeps its /64,
 * because one client usually controls a whole /64. */
typedef struct {
    uint8_t b[16];
} penalty_source_t;

typedef enum {
    PENALTY_AUTH_FAILED = 0,
    PENALTY_NO_AUTH = 1,
    PENALTY_GRACE_EXCEEDED = 2,
    PENALTY__END,
} penalty_reason_t;

typedef struct {
    uint32_t amount_ms[PENALTY__END]; /* added per event, by reason */
    uint32_t threshold_ms;            /* 1..max_ms */
    uint32_t max_ms;
} penalty_config_t;

typedef struct {
    penalty_source_t source;
    uint64_t expiry_ms; /* penalty left at now: expiry_ms - now (0 when past) */
    bool used;
    bool active; /* reached the threshold: refused until expiry */
} penalty_entry_t;

typedef struct {
    penalty_config_t cfg;
    penalty_entry_t entry[PENALTY_SOURCES_MAX];
    uint32_t evictions; /* saturating */
} penalty_table_t;

/* The default configuration (the PENALTY_DEFAULT_* values). */
penalty_config_t penalty_config_default(void);

/* An empty table. False (table untouched) when cfg is invalid: threshold 0,
 * threshold above max, or an amount above max. */
bool penalty_init(penalty_table_t *t, const penalty_config_t *cfg);

/* addr in host order (10.0.2.2 is 0x0a000202), as the netstack gives it. */
penalty_source_t penalty_source_ipv4(uint32_t addr);
/* addr in network order; only its first 8 bytes (the /64) are kept. */
penalty_source_t penalty_source_ipv6(const uint8_t addr[16]);

/* Adds the penalty for why to source (an invalid why adds nothing). */
void penalty_record(penalty_table_t *t, penalty_source_t source, penalty_reason_t why,
                    uint64_t now_ms);

/* Whether a new connection from source is refused at now_ms; if so
 * *retry_after_ms (when not NULL) is how long the refusal lasts. */
bool penalty_check(const penalty_table_t *t, penalty_source_t source, uint64_t now_ms,
                   uint64_t *retry_after_ms);

/* The penalty source has left at now_ms (0 without an entry). */
uint64_t penalty_left(const penalty_table_t *t, penalty_source_t source, uint64_t now_ms);

#endif
