/*
 * Per-process capability table of generation-tagged slots (pure logic; unit
 * tested on the host).
 *
 * Ownership: a LIVE or RESERVED slot owns one counted reference to its object
 * (taken with cap_hold_acquire, given back with cap_hold_drop; the embedding
 * environment implements both). A RESERVED slot belongs to a capability being
 * moved by an in-flight transfer: unusable, not reusable, until the transfer
 * commits (slot freed, the reference travels on) or rolls back (LIVE again).
 */
#ifndef KERNEL_CAP_TABLE_H
#define KERNEL_CAP_TABLE_H

#include <stdbool.h>
#include <stdint.h>
#include "capos/abi.h"

#define WUR __attribute__((warn_unused_result))

struct kobject;

/* Everything a hold carries besides the slot bookkeeping. */
typedef struct cap_hold {
    struct kobject *obj;
    uint32_t type; /* cap_type_t */
    uint32_t rights;
    uint32_t scope;    /* cap_scope_t */
    uint32_t disclose; /* DISCLOSE_* fields a server may learn through this hold */
    uint64_t badge;
} cap_hold_t;

typedef enum { SLOT_FREE = 0, SLOT_LIVE = 1, SLOT_RESERVED = 2, SLOT_RETIRED = 3 } slot_state_t;

typedef struct cap_slot {
    cap_hold_t hold;
    uint32_t gen;
    uint32_t state; /* slot_state_t */
} cap_slot_t;

typedef struct cap_table {
    cap_slot_t slots[CAP_TABLE_SLOTS];
    uint32_t free_count;
} cap_table_t;

/* Provided by the environment (kernel objects, or a host test double). */
void cap_hold_acquire(const cap_hold_t *hold);
void cap_hold_drop(const cap_hold_t *hold);

void cap_table_init(cap_table_t *t);
/* Resolve a handle to a LIVE slot. INVALID_CAP: bad index, free or reserved
 * slot; STALE_CAP: the slot has been released since the handle was issued. */
cap_err_t cap_lookup(cap_table_t *t, cap_t h, cap_slot_t **out) WUR;
/* cap_lookup, then WRONG_TYPE unless the hold is of `type`, NO_RIGHTS unless
 * it carries every bit of `rights`. */
cap_err_t cap_lookup_typed(cap_table_t *t, cap_t h, uint32_t type, uint32_t rights,
                           cap_slot_t **out) WUR;
/* Take ownership of one reference the caller holds; returns the new handle. */
cap_err_t cap_insert(cap_table_t *t, const cap_hold_t *hold, cap_t *out) WUR;
/* Drop the slot's reference and retire its handle. */
cap_err_t cap_release(cap_table_t *t, cap_t h) WUR;
/* New slot holding a narrower copy: rights/disclose subsets, scope no wider,
 * badge settable only while unbadged. Needs CAP_RIGHT_DERIVE. */
cap_err_t cap_derive(cap_table_t *t, cap_t h, uint32_t rights, uint32_t scope, uint32_t disclose,
                     uint64_t badge, cap_t *out) WUR;
uint32_t cap_table_free_slots(const cap_table_t *t);
/* Release every slot (process exit). */
void cap_table_clear(cap_table_t *t);

/* Move protocol: reserve -> (commit | rollback). */
cap_err_t cap_reserve(cap_table_t *t, cap_t h, uint32_t *slot_out) WUR;
void cap_commit_reserved(cap_table_t *t, uint32_t slot); /* reference leaves */
void cap_rollback_reserved(cap_table_t *t, uint32_t slot);

/* Derivation rule, exposed for tests: may `want` be derived from `have`? */
bool cap_narrows(const cap_hold_t *have, uint32_t rights, uint32_t scope, uint32_t disclose,
                 uint64_t badge);

#endif
