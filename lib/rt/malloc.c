/* A small heap over the "memory" capability: power-of-two size classes
 * (16 B .. 64 KiB) carved from an arena that grows 256 KiB at a time, and
 * dedicated mappings for larger blocks, unmapped again on free. */
#include "capos/rt.h"
#include "capos/idl/memory.h"

#define PAGE 4096ull
#define HDR 16u
#define MIN_SHIFT 4u
#define MAX_SHIFT 16u
#define ARENA_BASE 0x0000100000000000ull
#define ARENA_GROW (64 * PAGE)
#define LARGE_BASE 0x0000200000000000ull
#define LARGE_MAGIC 0x4c41524745424c4bull

typedef struct block {
    struct block *next;
} block_t;

typedef struct {
    uint64_t shift_or_pages; /* small: class shift; large: mapped pages */
    uint64_t magic;          /* LARGE_MAGIC for large blocks */
} hdr_t;

static block_t *free_lists[MAX_SHIFT + 1];
static uint64_t arena_top = ARENA_BASE, arena_end = ARENA_BASE, large_top = LARGE_BASE;

static bool map_pages(uint64_t va, uint64_t pages) {
    cap_t mem = rt_cap("memory");
    return mem != CAP_NULL &&
           memory_map(mem, va, (uint32_t)pages, MAP_PROT_READ | MAP_PROT_WRITE) == CAP_OK;
}

static void *carve(unsigned shift) {
    uint64_t size = 1ull << shift;
    if (arena_top + size > arena_end) {
        uint64_t grow = size > ARENA_GROW ? size : ARENA_GROW;
        if (!map_pages(arena_end, grow / PAGE))
            return NULL;
        arena_end += grow;
    }
    void *p = (void *)arena_top;
    arena_top += size;
    return p;
}

static void *large_alloc(size_t size) {
    uint64_t pages = (size + HDR + PAGE - 1) / PAGE;
    uint64_t va = large_top;
    if (pages > (1u << 20) || !map_pages(va, pages))
        return NULL;
    large_top += (pages + 1) * PAGE; /* leave an unmapped guard page */
    hdr_t *h = (hdr_t *)va;
    h->shift_or_pages = pages;
    h->magic = LARGE_MAGIC;
    return (char *)h + HDR;
}

void *malloc(size_t size) {
    if (size > (1ull << MAX_SHIFT) - HDR)
        return large_alloc(size);
    unsigned s = MIN_SHIFT;
    while ((1ull << s) < size + HDR)
        s++;
    hdr_t *h = (hdr_t *)free_lists[s];
    if (h)
        free_lists[s] = free_lists[s]->next;
    else if (!(h = carve(s)))
        return NULL;
    h->shift_or_pages = s;
    h->magic = 0;
    return (char *)h + HDR;
}

void *calloc(size_t n, size_t size) {
    if (size && n > SIZE_MAX / size)
        return NULL;
    void *p = malloc(n * size);
    if (p)
        memset(p, 0, n * size);
    return p;
}

void free(void *p) {
    if (!p)
        return;
    hdr_t *h = (hdr_t *)((char *)p - HDR);
    if (h->magic == LARGE_MAGIC) {
        cap_t mem = rt_cap("memory");
        h->magic = 0;
        if (memory_unmap(mem, (uint64_t)h, (uint32_t)h->shift_or_pages) != CAP_OK)
            rt_printf("free: unmapping %p failed\n", (void *)h);
        return;
    }
    /* The class first: the link overwrites the header it is kept in. */
    uint64_t shift = h->shift_or_pages;
    if (shift < MIN_SHIFT || shift > MAX_SHIFT) {
        rt_printf("free: %p is not a heap block\n", p);
        return;
    }
    block_t *b = (block_t *)h;
    b->next = free_lists[shift];
    free_lists[shift] = b;
}
