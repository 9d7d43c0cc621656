/*
 * Address-space bookkeeping for one region (the mmap area): which byte
 * ranges are handed out. Pure: no capOS calls; the glue maps and unmaps the
 * pages. Everything at or above `top` is free; below it, free spans ("holes")
 * are kept sorted, disjoint and never adjacent. Allocation is first fit in
 * the holes, else from `top`. Addresses and sizes are multiples of the page
 * size, chosen by the caller.
 */
#ifndef POSIX_VA_RANGE_H
#define POSIX_VA_RANGE_H

#include <stdbool.h>
#include <stdint.h>

#define VA_RANGE_HOLES 64

typedef struct {
    uint64_t start, end; /* [start, end) */
} va_span_t;

typedef struct {
    uint64_t base, limit; /* the region [base, limit) */
    uint64_t top;
    uint32_t nholes;
    va_span_t holes[VA_RANGE_HOLES];
} va_range_t;

void va_range_init(va_range_t *r, uint64_t base, uint64_t limit);

/* Start of a free range of `bytes` (> 0), now allocated; 0 when none. */
uint64_t va_range_alloc(va_range_t *r, uint64_t bytes);

/* Marks [addr, addr + bytes) free, clipped to the allocated part of the
 * region; parts already free are fine. When more holes exist than the table
 * holds, the smallest is forgotten: its addresses are never reused, nothing
 * else is affected. */
void va_range_free(va_range_t *r, uint64_t addr, uint64_t bytes);

/* True iff every byte of [addr, addr + bytes) is allocated. */
bool va_range_allocated(const va_range_t *r, uint64_t addr, uint64_t bytes);

/* True iff [addr, addr + bytes) meets the region at all. */
bool va_range_overlaps(const va_range_t *r, uint64_t addr, uint64_t bytes);

#endif
