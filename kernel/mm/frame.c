/* Physical frame allocator: a bitmap over the direct-mapped first 1 GiB,
 * built from the multiboot memory map. Frames are zeroed on allocation. */
#include "mm.h"
#include "../multiboot.h"

#define NFRAMES (PHYS_MAP_LIMIT / PAGE_SIZE)

static inline void bit_set(uint64_t f) {
    kernel.frame_bitmap[f / 64] |= 1ull << (f % 64);
}
static inline void bit_clear(uint64_t f) {
    kernel.frame_bitmap[f / 64] &= ~(1ull << (f % 64));
}
static inline bool bit_test(uint64_t f) {
    return kernel.frame_bitmap[f / 64] >> (f % 64) & 1;
}

static void mark_free(uint64_t start, uint64_t end) {
    start = (start + PAGE_SIZE - 1) / PAGE_SIZE;
    end = MIN(end, PHYS_MAP_LIMIT) / PAGE_SIZE;
    for (uint64_t f = start; f < end; f++) {
        if (bit_test(f)) {
            bit_clear(f);
            kernel.frames_free++;
            kernel.frames_total++;
        }
    }
}

void frame_reserve_range(uint64_t start, uint64_t end) {
    start /= PAGE_SIZE;
    end = MIN((end + PAGE_SIZE - 1), PHYS_MAP_LIMIT) / PAGE_SIZE;
    for (uint64_t f = start; f < end; f++) {
        if (!bit_test(f)) {
            bit_set(f);
            kernel.frames_free--;
        }
    }
}

void frame_init(uint64_t mbi_phys) {
    memset(kernel.frame_bitmap, 0xff, sizeof(kernel.frame_bitmap));
    const multiboot_info_t *mbi = P2V(mbi_phys);
    if (!(mbi->flags & MB_INFO_MMAP))
        panic("multiboot: no memory map");
    uint64_t p = mbi->mmap_addr, end = p + mbi->mmap_length;
    while (p + sizeof(multiboot_mmap_entry_t) <= end) {
        const multiboot_mmap_entry_t *e = P2V(p);
        if (e->type == 1)
            mark_free(e->addr, e->addr + e->len);
        p += e->size + 4;
    }
}

/* First fit for n contiguous frames in [from, NFRAMES); 0 when none. */
static uint64_t find_run(uint64_t from, uint64_t n) {
    uint64_t run = 0;
    for (uint64_t f = from ? from : 1; f < NFRAMES; f++) {
        if (f % 64 == 0 && kernel.frame_bitmap[f / 64] == ~0ull) {
            f += 63;
            run = 0;
            continue;
        }
        run = bit_test(f) ? 0 : run + 1;
        if (run == n)
            return f + 1 - n;
    }
    return 0;
}

uint64_t frame_alloc_contig(uint64_t n) {
    uint64_t first = find_run(kernel.frame_hint, n);
    if (!first && kernel.frame_hint > 1)
        first = find_run(1, n); /* wrap around once */
    if (!first)
        return 0;
    for (uint64_t i = first; i < first + n; i++)
        bit_set(i);
    kernel.frames_free -= n;
    kernel.frame_hint = first + n;
    memset(P2V(first * PAGE_SIZE), 0, n * PAGE_SIZE);
    return first * PAGE_SIZE;
}

uint64_t frame_alloc(void) {
    return frame_alloc_contig(1);
}

void frame_free_contig(uint64_t phys, uint64_t n) {
    for (uint64_t i = 0; i < n; i++) {
        uint64_t f = phys / PAGE_SIZE + i;
        if (!bit_test(f))
            panic("frame_free: double free of %lx", (unsigned long)(f * PAGE_SIZE));
        bit_clear(f);
    }
    kernel.frames_free += n;
}

void frame_free(uint64_t phys) {
    frame_free_contig(phys, 1);
}
