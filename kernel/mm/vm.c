/* Per-process address spaces: 4-level page tables whose upper half is shared
 * with the kernel and whose lower half holds only user mappings. */
#include "mm.h"
#include "../arch/x86_64/cpu.h"

#define IDX(va, lvl) (((va) >> (12 + 9 * (lvl))) & 511)

bool vm_create(vm_t *vm) {
    uint64_t phys = frame_alloc();
    if (!phys)
        return false;
    uint64_t *pml4 = P2V(phys);
    const uint64_t *kpml4 = P2V(kernel.pml4_phys);
    for (int i = 256; i < 512; i++)
        pml4[i] = kpml4[i];
    vm->pml4_phys = phys;
    return true;
}

void vm_activate(const vm_t *vm) {
    write_cr3(vm ? vm->pml4_phys : kernel.pml4_phys);
}

/* Walk to the level-0 table for va, allocating tables when create is set. */
static uint64_t *walk(vm_t *vm, uint64_t va, bool create) {
    uint64_t *table = P2V(vm->pml4_phys);
    for (int lvl = 3; lvl > 0; lvl--) {
        uint64_t *e = &table[IDX(va, lvl)];
        if (!(*e & PTE_P)) {
            if (!create)
                return NULL;
            uint64_t t = frame_alloc();
            if (!t)
                return NULL;
            *e = t | PTE_P | PTE_W | PTE_U;
        }
        table = P2V(*e & PTE_ADDR);
    }
    return &table[IDX(va, 0)];
}

cap_err_t vm_map_page(vm_t *vm, uint64_t va, uint64_t phys, uint64_t flags, unsigned kind) {
    if (va >= USER_SPACE_END || (va & (PAGE_SIZE - 1)))
        return CAP_ERR_BAD_ARGS;
    uint64_t *pte = walk(vm, va, true);
    if (!pte)
        return CAP_ERR_NO_MEMORY;
    if (*pte & PTE_P)
        return CAP_ERR_EXISTS;
    *pte = phys | flags | PTE_P | PTE_U | ((uint64_t)kind << PTE_KIND_SHIFT);
    return CAP_OK;
}

uint64_t *vm_lookup(vm_t *vm, uint64_t va) {
    if (va >= USER_SPACE_END)
        return NULL;
    uint64_t *pte = walk(vm, va, false);
    return (pte && (*pte & PTE_P)) ? pte : NULL;
}

void vm_unmap_page(vm_t *vm, uint64_t va) {
    uint64_t *pte = vm_lookup(vm, va);
    if (pte) {
        *pte = 0;
        invlpg(va);
    }
}

uint64_t vm_prot_flags(uint32_t prot) {
    uint64_t f = 0;
    if (prot & MAP_PROT_WRITE)
        f |= PTE_W;
    if (!(prot & MAP_PROT_EXEC))
        f |= PTE_NX;
    return f;
}

static void destroy_level(uint64_t table_phys, int lvl, void (*release)(void *, uint64_t, unsigned),
                          void *ctx) {
    uint64_t *t = P2V(table_phys);
    for (int i = 0; i < 512; i++) {
        if (!(t[i] & PTE_P))
            continue;
        if (lvl == 0)
            release(ctx, t[i] & PTE_ADDR, (unsigned)((t[i] & PTE_KIND_MASK) >> PTE_KIND_SHIFT));
        else
            destroy_level(t[i] & PTE_ADDR, lvl - 1, release, ctx);
    }
    frame_free(table_phys);
}

void vm_destroy(vm_t *vm, void (*release)(void *, uint64_t, unsigned), void *ctx) {
    uint64_t *pml4 = P2V(vm->pml4_phys);
    for (int i = 0; i < 256; i++)
        if (pml4[i] & PTE_P)
            destroy_level(pml4[i] & PTE_ADDR, 2, release, ctx);
    frame_free(vm->pml4_phys);
    vm->pml4_phys = 0;
}
