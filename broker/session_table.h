/*
 * The broker's registration table: the sessions the session manager
 * admitted, at most BROKER_MAX_SESSIONS, each in a slot with a generation.
 * A slot's generation is bumped whenever its entry is freed (retire,
 * expiry, a stale session found on use), so every facet issued for the old
 * entry (its badge carries slot and generation) stops matching at once,
 * even after the slot is reused. Generations are never 0 (0 marks
 * anonymous facets, which belong to no slot).
 *
 * Pure: the capabilities an entry keeps are plain handles here; whoever
 * frees an entry releases them (the drop callback), and liveness is asked
 * through a callback (Session.info in the service, a fake in tests).
 */
#ifndef BROKER_SESSION_TABLE_H
#define BROKER_SESSION_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "capos/abi.h"

#define BROKER_MAX_SESSIONS 64u
#define BROKER_ACCOUNT_MAX 32u

typedef struct {
    bool used;
    uint32_t gen;     /* the slot's current generation, kept while free */
    uint64_t serial;  /* Session.info serial: never reused within a boot */
    uint32_t profile; /* index into the manifest's profiles */
    uint32_t principal_class;
    uint64_t principal_id;
    uint32_t auth_strength;
    uint32_t account_len;
    char account[BROKER_ACCOUNT_MAX]; /* data from the session manager */
    cap_t session;                    /* the admitted Session hold (with BIND) */
    cap_t launcher;                   /* launcher bound to the session, or CAP_NULL */
} session_entry_t;

typedef struct {
    session_entry_t slots[BROKER_MAX_SESSIONS];
} session_table_t;

/* Liveness of an entry's session (false: expired, revoked, unanswerable). */
typedef bool (*session_live_fn)(void *ctx, const session_entry_t *e);
/* Called with an entry about to be freed: release its capabilities. */
typedef void (*session_drop_fn)(void *ctx, uint32_t slot, const session_entry_t *e);

/* Every slot free, generation 1. */
void session_table_init(session_table_t *t);

/* The slot of the entry with this serial, or -1. */
int32_t session_table_find(const session_table_t *t, uint64_t serial);

/* The entry in slot whose generation is gen, or NULL (free, another
 * generation, slot out of range). */
session_entry_t *session_table_lookup(session_table_t *t, uint32_t slot, uint32_t gen);

/*
 * A free slot for a new entry with this serial, without taking it:
 * EXISTS when an entry has the serial; when every slot is used, first frees
 * the entries whose session is not live (drop, then free), and NO_SLOTS if
 * none was. Fill the slot with session_table_insert.
 */
cap_err_t session_table_reserve(session_table_t *t, uint64_t serial, session_live_fn live,
                                session_drop_fn drop, void *ctx, uint32_t *slot);

/* Stores e in the free slot (keeping the slot's generation) and returns the
 * stored entry. */
session_entry_t *session_table_insert(session_table_t *t, uint32_t slot, const session_entry_t *e);

/* Drops (if drop is not NULL) and frees the used entry in slot, bumping the
 * slot's generation. */
void session_table_free(session_table_t *t, uint32_t slot, session_drop_fn drop, void *ctx);

/* Drops and frees every entry whose session is not live; returns how many. */
uint32_t session_table_gc(session_table_t *t, session_live_fn live, session_drop_fn drop,
                          void *ctx);

/* Entries in use. */
uint32_t session_table_count(const session_table_t *t);

#endif
