/* SharedMemory: frames owned by the object, mappable by every holder (READ
 * to map, WRITE to map writable). Mappings keep the object alive. */
#include "kinvoke.h"
#include "capos/idl/shm.h"

#define SHM_MAX_PAGES 4096u
#define DMA_MAX_PAGES 256u

/* Back the object with frames: any frames, or one physically contiguous run
 * for DMA. */
static bool fill_frames(shm_t *s) {
    if (!s->dma) {
        for (uint32_t i = 0; i < s->pages; i++)
            if (!(s->frames[i] = frame_alloc()))
                return false;
        return true;
    }
    uint64_t base = frame_alloc_contig(s->pages);
    for (uint32_t i = 0; base && i < s->pages; i++)
        s->frames[i] = base + i * PAGE_SIZE;
    return base != 0;
}

cap_err_t shm_create(mem_pool_t *pool, uint32_t pages, bool dma, shm_t **out) {
    if (pages == 0 || pages > (dma ? DMA_MAX_PAGES : SHM_MAX_PAGES))
        return CAP_ERR_BAD_ARGS;
    if (!mem_pool_charge(pool, pages))
        return CAP_ERR_NO_MEMORY;
    shm_t *s = kzalloc(sizeof(*s));
    uint64_t *frames = kzalloc(pages * sizeof(uint64_t));
    if (!s || !frames) {
        kfree(s);
        kfree(frames);
        mem_pool_credit(pool, pages);
        return CAP_ERR_NO_MEMORY;
    }
    kobject_init(&s->ko, CAP_TYPE_SHM);
    s->pages = pages;
    s->frames = frames;
    s->pool = pool;
    s->dma = dma;
    kobject_ref(&pool->ko);
    if (!fill_frames(s)) {
        shm_destroy(s);
        return CAP_ERR_NO_MEMORY;
    }
    *out = s;
    return CAP_OK;
}

void shm_destroy(shm_t *s) {
    for (uint32_t i = 0; i < s->pages; i++)
        if (s->frames[i])
            frame_free(s->frames[i]);
    mem_pool_credit(s->pool, s->pages);
    kobject_unref(&s->pool->ko);
    kfree(s->frames);
    kfree(s);
}

static cap_err_t op_map(void *ctx, uint64_t vaddr, uint32_t prot) {
    kctx_t *k = ctx;
    shm_t *s = (shm_t *)k->hold.obj;
    proc_t *p = k->proc;
    if (!(k->hold.rights & CAP_RIGHT_READ))
        return CAP_ERR_NO_RIGHTS;
    if ((prot & MAP_PROT_WRITE) && !(k->hold.rights & CAP_RIGHT_WRITE))
        return CAP_ERR_NO_RIGHTS;
    if ((prot & ~(MAP_PROT_READ | MAP_PROT_WRITE)) || (vaddr & (PAGE_SIZE - 1)) ||
        vaddr < 0x100000 || vaddr >= USER_SPACE_END ||
        (uint64_t)s->pages * PAGE_SIZE > USER_SPACE_END - vaddr)
        return CAP_ERR_BAD_ARGS;
    unsigned slot = 0;
    while (slot < PROC_MAX_SHM_MAPS && p->shm_maps[slot])
        slot++;
    if (slot == PROC_MAX_SHM_MAPS)
        return CAP_ERR_NO_MEMORY;
    for (uint32_t i = 0; i < s->pages; i++)
        if (vm_lookup(&p->vm, vaddr + i * PAGE_SIZE))
            return CAP_ERR_EXISTS;
    for (uint32_t i = 0; i < s->pages; i++) {
        cap_err_t e = vm_map_page(&p->vm, vaddr + i * PAGE_SIZE, s->frames[i], vm_prot_flags(prot),
                                  PTE_KIND_SHARED);
        if (e != CAP_OK) {
            for (uint32_t j = 0; j < i; j++)
                vm_unmap_page(&p->vm, vaddr + j * PAGE_SIZE);
            return e;
        }
    }
    p->shm_maps[slot] = s;
    kobject_ref(&s->ko);
    return CAP_OK;
}

static cap_err_t op_size(void *ctx, uint32_t *pages) {
    kctx_t *k = ctx;
    *pages = ((shm_t *)k->hold.obj)->pages;
    return CAP_OK;
}

static cap_err_t op_phys(void *ctx, uint64_t *addr) {
    shm_t *s = (shm_t *)((kctx_t *)ctx)->hold.obj;
    if (!s->dma)
        return CAP_ERR_NOT_SUPPORTED; /* only DMA memory reveals addresses */
    *addr = s->frames[0];
    return CAP_OK;
}

static const shared_memory_server_ops_t ops = {.map = op_map, .size = op_size, .phys = op_phys};

cap_err_t shm_invoke(kctx_t *k, const ipc_msg_t *req, ipc_msg_t *rep) {
    return shared_memory_dispatch(&ops, k, req, rep);
}
