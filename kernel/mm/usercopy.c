/* Copying between the kernel and a process's memory. Every byte is checked
 * against the page tables (present, user, writable when writing) so a bad
 * pointer is a typed error, never a kernel fault. */
#include "mm.h"

bool user_range_ok(vm_t *vm, uint64_t uaddr, size_t len, bool write) {
    if (len == 0)
        return true;
    if (uaddr >= USER_SPACE_END || len > USER_SPACE_END - uaddr)
        return false;
    uint64_t end = uaddr + len;
    for (uint64_t va = uaddr & ~(PAGE_SIZE - 1); va < end; va += PAGE_SIZE) {
        uint64_t *pte = vm_lookup(vm, va);
        if (!pte || !(*pte & PTE_U) || (write && !(*pte & PTE_W)))
            return false;
    }
    return true;
}

/* Copy page by page through the direct map: works whatever cr3 holds. */
static void copy_pages(vm_t *vm, uint64_t uaddr, void *kbuf, size_t len, bool to_user) {
    char *k = kbuf;
    while (len) {
        uint64_t off = uaddr & (PAGE_SIZE - 1);
        size_t n = MIN(len, PAGE_SIZE - off);
        char *u = (char *)P2V((*vm_lookup(vm, uaddr) & PTE_ADDR) + off);
        if (to_user)
            memcpy(u, k, n);
        else
            memcpy(k, u, n);
        uaddr += n;
        k += n;
        len -= n;
    }
}

cap_err_t copy_from_user(vm_t *vm, void *dst, uint64_t uaddr, size_t len) {
    if (!user_range_ok(vm, uaddr, len, false))
        return CAP_ERR_BAD_ADDRESS;
    copy_pages(vm, uaddr, dst, len, false);
    return CAP_OK;
}

cap_err_t copy_to_user(vm_t *vm, uint64_t uaddr, const void *src, size_t len) {
    if (!user_range_ok(vm, uaddr, len, true))
        return CAP_ERR_BAD_ADDRESS;
    copy_pages(vm, uaddr, (void *)src, len, true);
    return CAP_OK;
}
