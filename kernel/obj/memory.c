/* Memory: a page quota. Maps anonymous zeroed pages into the caller and pays
 * for the kernel objects the caller creates (one page each). split carves a
 * child quota out of this one, returned to it when the child is destroyed. */
#include "kinvoke.h"
#include "capos/idl/memory.h"

#define MAX_MAP_PAGES 65536u
#define OBJECT_CHARGE 1u
#define USER_MAP_LOW 0x100000ull

mem_pool_t *mem_pool_create(uint64_t limit, mem_pool_t *parent) {
    mem_pool_t *p = kzalloc(sizeof(*p));
    if (!p)
        return NULL;
    kobject_init(&p->ko, CAP_TYPE_MEMORY);
    p->limit = limit;
    p->parent = parent;
    if (parent) {
        p->parent_charge = limit;
        kobject_ref(&parent->ko);
    }
    return p;
}

void mem_pool_destroy(mem_pool_t *p) {
    if (p->parent) {
        mem_pool_credit(p->parent, p->parent_charge);
        kobject_unref(&p->parent->ko);
    }
    kfree(p);
}

bool mem_pool_charge(mem_pool_t *p, uint64_t pages) {
    if (pages > p->limit - p->used || pages > kernel.frames_free)
        return false;
    p->used += pages;
    return true;
}

void mem_pool_credit(mem_pool_t *p, uint64_t pages) {
    p->used -= MIN(pages, p->used);
}

static bool range_ok(uint64_t vaddr, uint32_t pages) {
    return !(vaddr & (PAGE_SIZE - 1)) && pages && pages <= MAX_MAP_PAGES && vaddr >= USER_MAP_LOW &&
           vaddr < USER_SPACE_END && (uint64_t)pages * PAGE_SIZE <= USER_SPACE_END - vaddr;
}

static cap_err_t op_map(void *ctx, uint64_t vaddr, uint32_t pages, uint32_t prot) {
    kctx_t *k = ctx;
    mem_pool_t *pool = (mem_pool_t *)k->hold.obj;
    if (!range_ok(vaddr, pages) || (prot & ~(MAP_PROT_READ | MAP_PROT_WRITE)))
        return CAP_ERR_BAD_ARGS;
    for (uint32_t i = 0; i < pages; i++)
        if (vm_lookup(&k->proc->vm, vaddr + i * PAGE_SIZE))
            return CAP_ERR_EXISTS;
    int kind = proc_charge_slot(k->proc, pool);
    if (kind < 0)
        return CAP_ERR_NO_MEMORY;
    if (!mem_pool_charge(pool, pages))
        return CAP_ERR_NO_MEMORY;
    for (uint32_t i = 0; i < pages; i++) {
        uint64_t phys = frame_alloc();
        cap_err_t e = phys ? vm_map_page(&k->proc->vm, vaddr + i * PAGE_SIZE, phys,
                                         vm_prot_flags(prot), (unsigned)kind)
                           : CAP_ERR_NO_MEMORY;
        if (e != CAP_OK) { /* give back this call's pages */
            if (phys)
                frame_free(phys);
            mem_pool_credit(pool, pages - i);
            for (uint32_t j = 0; j < i; j++) {
                uint64_t va = vaddr + j * PAGE_SIZE;
                frame_free(*vm_lookup(&k->proc->vm, va) & PTE_ADDR);
                vm_unmap_page(&k->proc->vm, va);
                mem_pool_credit(pool, 1);
            }
            return e;
        }
    }
    return CAP_OK;
}

static cap_err_t op_unmap(void *ctx, uint64_t vaddr, uint32_t pages) {
    kctx_t *k = ctx;
    if (!range_ok(vaddr, pages))
        return CAP_ERR_BAD_ARGS;
    for (uint32_t i = 0; i < pages; i++) {
        uint64_t va = vaddr + i * PAGE_SIZE;
        uint64_t *pte = vm_lookup(&k->proc->vm, va);
        if (!pte)
            continue;
        unsigned kind = (unsigned)((*pte & PTE_KIND_MASK) >> PTE_KIND_SHIFT);
        uint64_t phys = *pte & PTE_ADDR;
        vm_unmap_page(&k->proc->vm, va);
        if (kind == PTE_KIND_SHARED)
            continue;
        frame_free(phys);
        if (kind >= PTE_KIND_POOL0)
            mem_pool_credit(k->proc->charges[kind - PTE_KIND_POOL0], 1);
    }
    return CAP_OK;
}

static cap_err_t op_protect(void *ctx, uint64_t vaddr, uint32_t pages, uint32_t prot) {
    kctx_t *k = ctx;
    if (!range_ok(vaddr, pages) || (prot & ~(MAP_PROT_READ | MAP_PROT_WRITE)))
        return CAP_ERR_BAD_ARGS;
    for (uint32_t i = 0; i < pages; i++)
        if (!vm_lookup(&k->proc->vm, vaddr + i * PAGE_SIZE))
            return CAP_ERR_BAD_ADDRESS;
    for (uint32_t i = 0; i < pages; i++) {
        uint64_t va = vaddr + i * PAGE_SIZE;
        uint64_t *pte = vm_lookup(&k->proc->vm, va);
        *pte = (*pte & ~(PTE_W | PTE_NX)) | vm_prot_flags(prot);
        __asm__ volatile("invlpg (%0)" ::"r"(va) : "memory");
    }
    return CAP_OK;
}

/* The shared tail of every create_* method: bill the object to this quota
 * until it is destroyed, and hand the caller its creation hold. */
static cap_err_t give_object(kctx_t *k, kobject_t *o, uint32_t rights, uint32_t scope, cap_t *out) {
    o->charged = (mem_pool_t *)k->hold.obj;
    kobject_ref(k->hold.obj);
    return kctx_give(k, kobject_hold(o, rights, scope), out);
}

static cap_err_t charge_object(kctx_t *k, uint32_t scope) {
    if (scope > CAP_SCOPE_CROSS_SESSION_SHAREABLE)
        return CAP_ERR_BAD_ARGS;
    if (cap_table_free_slots(k->proc->caps) < 1)
        return CAP_ERR_NO_SLOTS;
    return mem_pool_charge((mem_pool_t *)k->hold.obj, OBJECT_CHARGE) ? CAP_OK : CAP_ERR_NO_MEMORY;
}

static cap_err_t op_create_endpoint(void *ctx, uint32_t scope, uint32_t queue_limit, cap_t *out) {
    kctx_t *k = ctx;
    cap_err_t e = charge_object(k, scope);
    endpoint_t *ep = NULL;
    if (e == CAP_OK && (e = endpoint_create(queue_limit, &ep)) != CAP_OK)
        mem_pool_credit((mem_pool_t *)k->hold.obj, OBJECT_CHARGE);
    if (e != CAP_OK)
        return e;
    return give_object(k, &ep->ko, CAP_RIGHTS_ALL & ~(CAP_RIGHT_CONTROL | CAP_RIGHT_BIND), scope,
                       out);
}

static cap_err_t op_create_notification(void *ctx, uint32_t scope, cap_t *out) {
    kctx_t *k = ctx;
    cap_err_t e = charge_object(k, scope);
    notification_t *n = NULL;
    if (e == CAP_OK && (e = notification_create(&n)) != CAP_OK)
        mem_pool_credit((mem_pool_t *)k->hold.obj, OBJECT_CHARGE);
    if (e != CAP_OK)
        return e;
    return give_object(k, &n->ko,
                       CAP_RIGHT_CALL | CAP_RIGHT_DERIVE | CAP_RIGHT_TRANSFER | CAP_RIGHT_READ |
                           CAP_RIGHT_WRITE,
                       scope, out);
}

static cap_err_t create_shm(kctx_t *k, uint32_t pages, uint32_t scope, bool dma, cap_t *out) {
    cap_err_t e = charge_object(k, scope);
    if (e != CAP_OK)
        return e;
    shm_t *s = NULL;
    if ((e = shm_create((mem_pool_t *)k->hold.obj, pages, dma, &s)) != CAP_OK) {
        mem_pool_credit((mem_pool_t *)k->hold.obj, OBJECT_CHARGE);
        return e;
    }
    return give_object(k, &s->ko,
                       CAP_RIGHT_CALL | CAP_RIGHT_DERIVE | CAP_RIGHT_TRANSFER | CAP_RIGHT_READ |
                           CAP_RIGHT_WRITE,
                       scope, out);
}

static cap_err_t op_create_shm(void *ctx, uint32_t pages, uint32_t scope, cap_t *out) {
    return create_shm(ctx, pages, scope, false, out);
}

static cap_err_t op_create_dma(void *ctx, uint32_t pages, uint32_t scope, cap_t *out) {
    return create_shm(ctx, pages, scope, true, out);
}

static cap_err_t op_quota(void *ctx, uint64_t *limit, uint64_t *used) {
    kctx_t *k = ctx;
    mem_pool_t *p = (mem_pool_t *)k->hold.obj;
    *limit = p->limit;
    *used = p->used;
    return CAP_OK;
}

static cap_err_t op_split(void *ctx, uint64_t pages, cap_t *out) {
    kctx_t *k = ctx;
    mem_pool_t *parent = (mem_pool_t *)k->hold.obj;
    if (cap_table_free_slots(k->proc->caps) < 1)
        return CAP_ERR_NO_SLOTS;
    if (pages == 0 || pages > parent->limit - parent->used)
        return CAP_ERR_NO_MEMORY;
    mem_pool_t *child = mem_pool_create(pages, parent);
    if (!child)
        return CAP_ERR_NO_MEMORY;
    parent->used += pages;
    return kctx_give(k, kobject_hold(&child->ko, k->hold.rights, k->hold.scope), out);
}

static const memory_server_ops_t ops = {
    .map = op_map,
    .unmap = op_unmap,
    .protect = op_protect,
    .create_endpoint = op_create_endpoint,
    .create_notification = op_create_notification,
    .create_shm = op_create_shm,
    .quota = op_quota,
    .split = op_split,
    .create_dma = op_create_dma,
};

cap_err_t memory_invoke(kctx_t *k, const ipc_msg_t *req, ipc_msg_t *rep) {
    return memory_dispatch(&ops, k, req, rep);
}
