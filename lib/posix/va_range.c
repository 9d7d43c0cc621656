/* First-fit range allocation with coalescing holes (see va_range.h). */
#include <string.h>

#include "va_range.h"

void va_range_init(va_range_t *r, uint64_t base, uint64_t limit) {
    memset(r, 0, sizeof(*r));
    r->base = base;
    r->limit = limit;
    r->top = base;
}

static void remove_hole(va_range_t *r, uint32_t i) {
    memmove(&r->holes[i], &r->holes[i + 1], (r->nholes - i - 1) * sizeof(va_span_t));
    r->nholes--;
}

uint64_t va_range_alloc(va_range_t *r, uint64_t bytes) {
    if (bytes == 0)
        return 0;
    for (uint32_t i = 0; i < r->nholes; i++) {
        va_span_t *h = &r->holes[i];
        if (h->end - h->start >= bytes) {
            uint64_t at = h->start;
            h->start += bytes;
            if (h->start == h->end)
                remove_hole(r, i);
            return at;
        }
    }
    if (bytes > r->limit - r->top)
        return 0;
    uint64_t at = r->top;
    r->top += bytes;
    return at;
}

/* Drops the smallest hole (its addresses are forgotten). */
static void drop_smallest(va_span_t *spans, uint32_t *n) {
    uint32_t min = 0;
    for (uint32_t i = 1; i < *n; i++)
        if (spans[i].end - spans[i].start < spans[min].end - spans[min].start)
            min = i;
    memmove(&spans[min], &spans[min + 1], (*n - min - 1) * sizeof(va_span_t));
    (*n)--;
}

/* Merges s into the sorted holes; spans that overlap or touch s join it. */
static uint32_t merge_hole(const va_range_t *r, va_span_t s, va_span_t *out) {
    uint32_t n = 0;
    bool placed = false;
    for (uint32_t i = 0; i < r->nholes; i++) {
        va_span_t h = r->holes[i];
        if (h.end < s.start) {
            out[n++] = h;
        } else if (h.start > s.end) {
            if (!placed) {
                out[n++] = s;
                placed = true;
            }
            out[n++] = h;
        } else {
            s.start = h.start < s.start ? h.start : s.start;
            s.end = h.end > s.end ? h.end : s.end;
        }
    }
    if (!placed)
        out[n++] = s;
    return n;
}

void va_range_free(va_range_t *r, uint64_t addr, uint64_t bytes) {
    uint64_t start = addr > r->base ? addr : r->base;
    uint64_t end = bytes > UINT64_MAX - addr ? UINT64_MAX : addr + bytes;
    end = end < r->top ? end : r->top;
    if (start >= end)
        return;
    va_span_t spans[VA_RANGE_HOLES + 1];
    uint32_t n = merge_hole(r, (va_span_t){start, end}, spans);
    if (spans[n - 1].end == r->top)
        r->top = spans[--n].start;
    if (n > VA_RANGE_HOLES)
        drop_smallest(spans, &n);
    memcpy(r->holes, spans, n * sizeof(va_span_t));
    r->nholes = n;
}

bool va_range_allocated(const va_range_t *r, uint64_t addr, uint64_t bytes) {
    if (bytes == 0 || bytes > UINT64_MAX - addr || addr < r->base || addr + bytes > r->top)
        return false;
    for (uint32_t i = 0; i < r->nholes; i++)
        if (r->holes[i].start < addr + bytes && addr < r->holes[i].end)
            return false;
    return true;
}

bool va_range_overlaps(const va_range_t *r, uint64_t addr, uint64_t bytes) {
    uint64_t end = bytes > UINT64_MAX - addr ? UINT64_MAX : addr + bytes;
    return bytes != 0 && addr < r->limit && end > r->base;
}
