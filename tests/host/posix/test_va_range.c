/* Address-range bookkeeping of the mmap area (va_range.h). */
#include "check.h"
#include "va_range.h"

#define P 4096ull
#define BASE 0x500000000000ull

static void test_alloc_free_reuse(void) {
    static va_range_t r;
    va_range_init(&r, BASE, BASE + 100 * P);
    uint64_t a = va_range_alloc(&r, 10 * P), b = va_range_alloc(&r, 20 * P);
    uint64_t c = va_range_alloc(&r, 10 * P);
    CHECK(a == BASE && b == BASE + 10 * P && c == BASE + 30 * P);
    CHECK(va_range_allocated(&r, a, 40 * P));
    va_range_free(&r, b, 20 * P);
    CHECK(!va_range_allocated(&r, a, 40 * P));
    CHECK(va_range_allocated(&r, a, 10 * P));
    CHECK_EQ(r.nholes, 1);
    CHECK_EQ(va_range_alloc(&r, 5 * P), b); /* first fit reuses the hole */
    CHECK_EQ(va_range_alloc(&r, 20 * P), BASE + 40 * P);
    va_range_free(&r, c, 10 * P);
    va_range_free(&r, b, 5 * P); /* joins with the rest of the hole and with c */
    CHECK_EQ(r.nholes, 1);
    CHECK(r.holes[0].start == b && r.holes[0].end == BASE + 40 * P);
    va_range_free(&r, BASE + 40 * P, 20 * P); /* reaches top: top drops to a */
    CHECK_EQ(r.nholes, 0);
    CHECK_EQ(r.top, BASE + 10 * P);
    CHECK_EQ(va_range_alloc(&r, 91 * P), 0); /* beyond the limit */
    CHECK_EQ(va_range_alloc(&r, 90 * P), BASE + 10 * P);
    CHECK_EQ(va_range_alloc(&r, 0), 0);
}

static void test_hostile_frees(void) {
    static va_range_t r;
    va_range_init(&r, BASE, BASE + 1000 * P);
    CHECK_EQ(va_range_alloc(&r, 100 * P), BASE);
    va_range_free(&r, 0, 1ull << 63); /* covers everything: all free again */
    CHECK(r.top == BASE && r.nholes == 0);
    CHECK_EQ(va_range_alloc(&r, 100 * P), BASE);
    va_range_free(&r, BASE + 10 * P, UINT64_MAX); /* overflowing length */
    CHECK_EQ(r.top, BASE + 10 * P);
    va_range_free(&r, BASE + 2 * P, P);
    va_range_free(&r, BASE + 2 * P, P); /* twice */
    CHECK_EQ(r.nholes, 1);
    CHECK(!va_range_allocated(&r, BASE, 3 * P));
    CHECK(!va_range_allocated(&r, BASE + 9 * P, 2 * P)); /* past top */
    CHECK(!va_range_allocated(&r, UINT64_MAX - P, 2 * P));
    CHECK(va_range_overlaps(&r, BASE - P, 2 * P));
    CHECK(!va_range_overlaps(&r, BASE - P, P));
    CHECK(!va_range_overlaps(&r, BASE + 1000 * P, P));
    CHECK(va_range_overlaps(&r, 0, UINT64_MAX));
}

static void test_hole_table_full(void) {
    static va_range_t r;
    va_range_init(&r, BASE, BASE + 10000 * P);
    CHECK_EQ(va_range_alloc(&r, 1000 * P), BASE);
    for (uint64_t i = 0; i < VA_RANGE_HOLES + 10; i++) /* more holes than slots */
        va_range_free(&r, BASE + 2 * i * P, (i == 3 ? 3 : 1) * P);
    CHECK_EQ(r.nholes, VA_RANGE_HOLES);
    bool sorted = true;
    for (uint32_t i = 1; i < r.nholes; i++)
        sorted = sorted && r.holes[i - 1].end < r.holes[i].start;
    CHECK(sorted);
    CHECK_EQ(va_range_alloc(&r, 2 * P), BASE + 6 * P); /* the big hole survived */
    CHECK(va_range_allocated(&r, BASE + 999 * P, P));
}

int main(void) {
    test_alloc_free_reuse();
    test_hostile_frees();
    test_hole_table_full();
    return check_summary();
}
