/* Kernel heap: power-of-two size classes (32 B .. 2 KiB) carved from frames,
 * larger blocks as whole contiguous frames. Each block carries a 16-byte
 * header naming its class so kfree needs no size. */
#include "mm.h"

#define HDR 16u
#define MIN_SHIFT 5u
#define MAX_SHIFT 11u
#define BIG_CLASS 0xffu

typedef struct free_block {
    struct free_block *next;
} free_block_t;

typedef struct {
    uint32_t class_shift; /* or BIG_CLASS */
    uint32_t pages;       /* for big blocks */
    uint64_t magic;
} block_hdr_t;

#define HDR_MAGIC 0x6b68656170626c6bull

static free_block_t *free_lists[MAX_SHIFT + 1];

static unsigned class_for(size_t total) {
    unsigned s = MIN_SHIFT;
    while ((1ull << s) < total)
        s++;
    return s;
}

static bool refill(unsigned shift) {
    uint64_t phys = frame_alloc();
    if (!phys)
        return false;
    char *page = P2V(phys);
    for (size_t off = 0; off + (1ull << shift) <= PAGE_SIZE; off += 1ull << shift) {
        free_block_t *b = (free_block_t *)(page + off);
        b->next = free_lists[shift];
        free_lists[shift] = b;
    }
    return true;
}

void *kmalloc(size_t size) {
    size_t total = size + HDR;
    block_hdr_t *h;
    if (total > (1ull << MAX_SHIFT)) {
        uint64_t pages = (total + PAGE_SIZE - 1) / PAGE_SIZE;
        uint64_t phys = frame_alloc_contig(pages);
        if (!phys)
            return NULL;
        h = P2V(phys);
        h->class_shift = BIG_CLASS;
        h->pages = (uint32_t)pages;
    } else {
        unsigned s = class_for(total);
        if (!free_lists[s] && !refill(s))
            return NULL;
        h = (block_hdr_t *)free_lists[s];
        free_lists[s] = free_lists[s]->next;
        h->class_shift = s;
        h->pages = 0;
    }
    h->magic = HDR_MAGIC;
    return (char *)h + HDR;
}

void *kzalloc(size_t size) {
    void *p = kmalloc(size);
    if (p)
        memset(p, 0, size);
    return p;
}

void kfree(void *p) {
    if (!p)
        return;
    block_hdr_t *h = (block_hdr_t *)((char *)p - HDR);
    if (h->magic != HDR_MAGIC)
        panic("kfree: bad block %p", p);
    h->magic = 0;
    if (h->class_shift == BIG_CLASS) {
        frame_free_contig(V2P(h), h->pages);
        return;
    }
    unsigned s = h->class_shift;
    free_block_t *b = (free_block_t *)h;
    b->next = free_lists[s];
    free_lists[s] = b;
}
