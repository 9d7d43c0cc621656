/* Physical frames, the kernel heap, address spaces and user-memory access. */
#ifndef KERNEL_MM_H
#define KERNEL_MM_H

#include "../kernel.h"

/* frames (mm/frame.c); all frames are below PHYS_MAP_LIMIT and zeroed */
void frame_init(uint64_t mbi_phys);
uint64_t frame_alloc(void); /* 0 when exhausted */
uint64_t frame_alloc_contig(uint64_t n);
void frame_free(uint64_t phys);
void frame_free_contig(uint64_t phys, uint64_t n);
void frame_reserve_range(uint64_t start, uint64_t end);

/* kernel heap (mm/kheap.c) */
void *kmalloc(size_t size) __attribute__((malloc));
void *kzalloc(size_t size) __attribute__((malloc));
void kfree(void *p);

/* address spaces (mm/vm.c) */
#define PTE_P (1ull << 0)
#define PTE_W (1ull << 1)
#define PTE_U (1ull << 2)
#define PTE_PS (1ull << 7)
#define PTE_NX (1ull << 63)
#define PTE_ADDR 0x000ffffffffff000ull
/* Software bits 9..11: who owns the frame behind a user PTE. */
#define PTE_KIND_SHIFT 9
#define PTE_KIND_MASK (7ull << PTE_KIND_SHIFT)
#define PTE_KIND_SHARED 0u /* frame owned elsewhere (shm): never freed here */
#define PTE_KIND_IMAGE 1u  /* ELF/stack/capset: owned, not charged to a pool */
#define PTE_KIND_POOL0 2u  /* owned, charged to the process's charge slot kind-2 */
#define VM_MAX_CHARGE_SLOTS 6u

typedef struct vm {
    uint64_t pml4_phys;
} vm_t;

bool vm_create(vm_t *vm) __attribute__((warn_unused_result));
void vm_activate(const vm_t *vm);
/* Map one user page; fails with CAP_ERR_EXISTS if mapped, NO_MEMORY for tables. */
cap_err_t vm_map_page(vm_t *vm, uint64_t va, uint64_t phys, uint64_t flags, unsigned kind)
    __attribute__((warn_unused_result));
/* Returns the leaf PTE pointer for a user va, or NULL. */
uint64_t *vm_lookup(vm_t *vm, uint64_t va);
void vm_unmap_page(vm_t *vm, uint64_t va);
/* Calls release(frame, kind) for every mapped user page, frees all tables. */
void vm_destroy(vm_t *vm, void (*release)(void *ctx, uint64_t phys, unsigned kind), void *ctx);
uint64_t vm_prot_flags(uint32_t prot);

/* user memory access (mm/usercopy.c): validated by walking the page tables */
cap_err_t copy_from_user(vm_t *vm, void *dst, uint64_t uaddr, size_t len)
    __attribute__((warn_unused_result));
cap_err_t copy_to_user(vm_t *vm, uint64_t uaddr, const void *src, size_t len)
    __attribute__((warn_unused_result));
bool user_range_ok(vm_t *vm, uint64_t uaddr, size_t len, bool write);

#endif
