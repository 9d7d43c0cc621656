/*
 * Generation-tagged slots: the identity of a netstack object (listener,
 * socket) is its index plus the generation the slot had when the object was
 * made. Freeing a slot bumps its generation, so capabilities of a closed
 * object stop matching (STALE_CAP) even after the slot is reused; a slot
 * whose generation is exhausted is retired instead of wrapping.
 */
#ifndef CAPOS_NETSTACK_SLOT_TABLE_H
#define CAPOS_NETSTACK_SLOT_TABLE_H

#include <stdbool.h>
#include <stdint.h>

#define SLOT_GENERATION_MAX 0xffffffu /* 24 bits in an object badge */

typedef enum { SLOT_FREE = 0, SLOT_USED = 1, SLOT_RETIRED = 2 } slot_state_t;

typedef struct {
    uint32_t generation; /* 1..SLOT_GENERATION_MAX */
    uint8_t state;       /* slot_state_t */
} slot_t;

/* All n slots free, generation 1. */
void slot_table_init(slot_t *slots, uint32_t n);
/* The lowest free slot, now used; false when none is free. */
bool slot_table_alloc(slot_t *slots, uint32_t n, uint32_t *index)
    __attribute__((warn_unused_result));
/* Frees a used slot (anything else is ignored) and bumps its generation. */
void slot_table_free(slot_t *slots, uint32_t n, uint32_t index);
/* True when index names a used slot of this generation. */
bool slot_table_live(const slot_t *slots, uint32_t n, uint32_t index, uint32_t generation);
uint32_t slot_table_used(const slot_t *slots, uint32_t n);

#endif
