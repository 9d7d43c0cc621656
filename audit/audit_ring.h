/*
 * The audit log's storage: a bounded ring of the last AUDIT_RING_EVENTS
 * events. Recording never allocates; when the ring is full the oldest event
 * is overwritten and counts as dropped, so a flood of records costs a fixed
 * amount of memory and is visible to readers. Pure.
 */
#ifndef AUDIT_RING_H
#define AUDIT_RING_H

#include "audit_event.h"

#define AUDIT_RING_EVENTS 256u

typedef struct {
    audit_event_t ev[AUDIT_RING_EVENTS]; /* event seq lives at ev[seq % AUDIT_RING_EVENTS] */
    uint64_t next_seq;                   /* seq the next recorded event gets */
} audit_ring_t;

void audit_ring_init(audit_ring_t *r);

/* Records one event stamped time_ms, if kind, result and detail follow the
 * rules of audit_event.h; false (nothing recorded) otherwise. */
bool audit_ring_record(audit_ring_t *r, uint32_t kind, uint32_t result, uint64_t subject,
                       const char *detail, uint32_t detail_len, uint64_t time_ms);

/* Seq of the oldest event still held (== next_seq when empty). */
uint64_t audit_ring_oldest(const audit_ring_t *r);

/* Events overwritten since start: every seq below audit_ring_oldest. */
uint64_t audit_ring_dropped(const audit_ring_t *r);

/*
 * Packs the held events with seq >= cursor, oldest first, into out (cap
 * bytes) as long as whole events fit. *len is the bytes written, *next the
 * cursor to ask with next time (after the last event packed), *dropped the
 * events with seq >= cursor that were overwritten before they could be
 * returned. False (outputs untouched) when cursor is beyond next_seq: no
 * such event was ever recorded. A cap of at least AUDIT_WIRE_MAX always
 * makes progress while events remain.
 */
bool audit_ring_read(const audit_ring_t *r, uint64_t cursor, uint8_t *out, uint32_t cap,
                     uint32_t *len, uint64_t *next, uint64_t *dropped);

#endif
