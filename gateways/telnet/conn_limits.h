/*
 * Connection accounting of the gateway, in the manner of OpenSSH's
 * MaxStartups and LoginGraceTime, with the per-source penalties of
 * penalty.h. Pure: time comes in as a monotonic ms argument.
 *
 * The gateway calls, for each connection:
 *   limits_accept()          when the netstack hands over a new connection;
 *                            anything but LIMITS_ACCEPTED: close it at once
 *   limits_auth_failed()     after each failed login (penalised at once, so
 *                            the source's other connections see it)
 *   limits_auth_succeeded()  after SessionManager accepted a login; false
 *                            when the grace time had already run out (the
 *                            login is then not honoured: end that session
 *                            and close)
 *   limits_close()           when the connection ends, for whatever reason;
 *                            its result says how it ended, for the audit log
 * and, from its event loop, limits_next_deadline() for the wait timeout and
 * limits_next_expired() for connections to close because their grace time
 * is over.
 *
 * Accept order: a penalised source is refused first (so it learns nothing
 * about the gateway's load), then a full table, then too many connections
 * still logging in. Refusals cost no slot and add no penalty.
 *
 * Penalties on close: none once authenticated; PENALTY_GRACE_EXCEEDED when
 * the grace time ran out before a login; PENALTY_NO_AUTH when the client
 * left without a single login attempt; nothing more after failed attempts
 * (each was penalised when it failed).
 */
#ifndef CAPOS_TELNET_LIMITS_H
#define CAPOS_TELNET_LIMITS_H

#include <stdbool.h>
#include <stdint.h>

#include "penalty.h"

/* Connection slots: the hard ceiling of connections held at once. */
#define LIMITS_SLOTS_MAX 64u

#define LIMITS_DEFAULT_MAX_CONNS 64u   /* connections at once, logged in or not */
#define LIMITS_DEFAULT_MAX_UNAUTH 16u  /* of which still logging in */
#define LIMITS_DEFAULT_GRACE_MS 60000u /* time to log in */

typedef struct {
    uint32_t max_conns;  /* 1..LIMITS_SLOTS_MAX */
    uint32_t max_unauth; /* 1..max_conns */
    uint32_t grace_ms;   /* > 0 */
} limits_config_t;

typedef enum {
    LIMITS_ACCEPTED = 0,
    LIMITS_REFUSED_PENALTY = 1,  /* the source is penalised: *retry_after_ms */
    LIMITS_REFUSED_FULL = 2,     /* max_conns connections already */
    LIMITS_REFUSED_STARTUPS = 3, /* max_unauth connections already logging in */
} limits_verdict_t;

/* How a connection ended (limits_close). */
typedef enum {
    LIMITS_END_BAD_SLOT = 0,       /* no such connection: nothing changed */
    LIMITS_END_AUTHENTICATED = 1,  /* logged in: no penalty */
    LIMITS_END_NO_AUTH = 2,        /* left without trying: PENALTY_NO_AUTH */
    LIMITS_END_AUTH_FAILED = 3,    /* left after failed attempts only */
    LIMITS_END_GRACE_EXCEEDED = 4, /* the grace time ran out: PENALTY_GRACE_EXCEEDED */
} limits_end_t;

typedef struct {
    bool used;
    bool authenticated;
    penalty_source_t source;
    uint64_t deadline_ms; /* accept time + grace */
    uint32_t failures;    /* failed login attempts (saturating) */
} limits_conn_t;

typedef struct {
    limits_config_t cfg;
    penalty_table_t *penalties; /* the caller's table, shared by every connection */
    limits_conn_t conn[LIMITS_SLOTS_MAX];
    uint32_t conns;  /* slots in use */
    uint32_t unauth; /* of which not authenticated */
} limits_t;

/* The defaults (LIMITS_DEFAULT_*). */
limits_config_t limits_config_default(void);

/* No connections. False (l untouched) when cfg breaks its ranges. */
bool limits_init(limits_t *l, const limits_config_t *cfg, penalty_table_t *penalties);

/* A new connection from source: LIMITS_ACCEPTED with *slot, or the reason it
 * is refused (*retry_after_ms set for LIMITS_REFUSED_PENALTY). */
limits_verdict_t limits_accept(limits_t *l, penalty_source_t source, uint64_t now_ms,
                               uint32_t *slot, uint64_t *retry_after_ms);

/* A failed login on slot: counted and penalised. False for a bad slot or one
 * already authenticated (nothing changes). */
bool limits_auth_failed(limits_t *l, uint32_t slot, uint64_t now_ms);

/* A successful login on slot. False for a bad slot, one already
 * authenticated, or when now_ms is at or past its grace deadline. */
bool limits_auth_succeeded(limits_t *l, uint32_t slot, uint64_t now_ms);

/* The connection on slot ended: applies the closing penalty, frees the slot
 * and says how it ended. */
limits_end_t limits_close(limits_t *l, uint32_t slot, uint64_t now_ms);

/* A connection still logging in at or past its grace deadline, if any (the
 * lowest slot first): the gateway closes it and calls limits_close(). */
bool limits_next_expired(const limits_t *l, uint64_t now_ms, uint32_t *slot);

/* The earliest grace deadline of a connection still logging in; UINT64_MAX
 * when there is none. */
uint64_t limits_next_deadline(const limits_t *l);

#endif
