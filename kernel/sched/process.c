/* Process creation from a boot-package ELF, and process exit/teardown. */
#include "proc.h"
#include "elf64.h"
#include "../ipc/ipc.h"
#include "../arch/x86_64/cpu.h"
#include "capos/sha256.h"

extern char process_first_entry[];

proc_t *proc_create(const char *name, uint32_t name_len, session_t *session) {
    proc_t *p = kzalloc(sizeof(*p));
    if (!p)
        return NULL;
    p->caps = kmalloc(sizeof(*p->caps));
    uint64_t kstack = frame_alloc_contig(KSTACK_PAGES);
    if (!p->caps || !kstack || !vm_create(&p->vm)) {
        if (kstack)
            frame_free_contig(kstack, KSTACK_PAGES);
        kfree(p->caps);
        kfree(p);
        return NULL;
    }
    p->kstack = (uint64_t)P2V(kstack);
    fpu_init_state(p->fpu);
    cap_table_init(p->caps);
    p->pid = ++kernel.next_pid;
    memcpy(p->name, name, MIN(name_len, sizeof(p->name) - 1));
    list_init(&p->sched_link);
    list_init(&p->wait_link);
    p->session = session;
    kobject_ref(&session->ko);
    return p;
}

static cap_err_t map_fresh(proc_t *p, uint64_t va, uint64_t flags, uint64_t *phys_out) {
    uint64_t phys = frame_alloc();
    if (!phys)
        return CAP_ERR_NO_MEMORY;
    cap_err_t e = vm_map_page(&p->vm, va, phys, flags, PTE_KIND_IMAGE);
    if (e != CAP_OK)
        frame_free(phys);
    else if (phys_out)
        *phys_out = phys;
    return e;
}

static cap_err_t load_segment(proc_t *p, const uint8_t *elf, const elf64_segment_t *s) {
    uint64_t start = s->vaddr & ~(PAGE_SIZE - 1);
    uint64_t end = (s->vaddr + s->memsz + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
    for (uint64_t va = start; va < end; va += PAGE_SIZE) {
        uint64_t phys;
        cap_err_t e = map_fresh(p, va, vm_prot_flags(s->prot), &phys);
        if (e != CAP_OK)
            return e;
        /* copy the part of the file image that falls in this page */
        uint64_t lo = va > s->vaddr ? va : s->vaddr;
        uint64_t hi = MIN(va + PAGE_SIZE, s->vaddr + s->filesz);
        if (hi > lo)
            memcpy((char *)P2V(phys) + (lo - va), elf + s->offset + (lo - s->vaddr), hi - lo);
    }
    return CAP_OK;
}

#define AT_NULL 0
#define AT_PHDR 3
#define AT_PHENT 4
#define AT_PHNUM 5
#define AT_PAGESZ 6
#define AT_ENTRY 9
#define AT_RANDOM 25
#define START_STACK_WORDS 20

/* The SysV process start-up stack, for C runtimes that expect one: argc=1,
 * argv = {program name}, no environment, and an auxiliary vector with the
 * program headers and 16 random bytes (stack-protector canary). Returns the
 * initial rsp (16-byte aligned, pointing at argc). */
/* AT_RANDOM's bytes: hardware entropy, or in a boot without it (which
 * mints no sessions and holds no secrets) a hash of the time stamp counter
 * and the process, so canaries still differ per process. */
static void start_random(const proc_t *p, uint8_t out[16]) {
    if (entropy_hw_read(out, 16))
        return;
    static uint64_t counter;
    uint64_t in[3] = {rdtsc(), ++counter, (uint64_t)(uintptr_t)p};
    uint8_t digest[32];
    sha256_ctx_t c;
    sha256_init(&c);
    sha256_update(&c, in, sizeof(in));
    sha256_final(&c, digest);
    memcpy(out, digest, 16);
}

static cap_err_t write_start_stack(proc_t *p, const elf64_image_t *img, uint64_t *rsp) {
    uint8_t random[16];
    start_random(p, random);
    uint64_t top = USER_STACK_TOP;
    uint64_t rand_va = top - 16, name_va = rand_va - sizeof(p->name);
    uint64_t sp = (name_va - START_STACK_WORDS * 8) & ~15ull;
    uint64_t w[START_STACK_WORDS] = {
        1,         name_va,         0, /* argc, argv[0], argv end */
        0,                             /* envp end */
        AT_PHDR,   img->phdr_vaddr, AT_PHENT,   56,        AT_PHNUM, img->phnum, AT_PAGESZ,
        PAGE_SIZE, AT_ENTRY,        img->entry, AT_RANDOM, rand_va,  AT_NULL,    0,
    };
    cap_err_t e = copy_to_user(&p->vm, rand_va, random, sizeof(random));
    if (e == CAP_OK)
        e = copy_to_user(&p->vm, name_va, p->name, sizeof(p->name));
    if (e == CAP_OK)
        e = copy_to_user(&p->vm, sp, w, sizeof(w));
    memset(random, 0, sizeof(random));
    *rsp = sp;
    return e;
}

/* Lay out code/data, a stack and the initial ring-3 frame. */
cap_err_t proc_load_image(proc_t *p, const uint8_t *elf, uint64_t size) {
    elf64_image_t img;
    cap_err_t e =
        elf64_parse(elf, size, 0x100000, USER_STACK_TOP - USER_STACK_PAGES * PAGE_SIZE, &img);
    if (e != CAP_OK)
        return e;
    for (uint32_t i = 0; i < img.nsegments; i++)
        if ((e = load_segment(p, elf, &img.seg[i])) != CAP_OK)
            return e;
    for (uint32_t i = 1; i <= USER_STACK_PAGES; i++)
        if ((e = map_fresh(p, USER_STACK_TOP - i * PAGE_SIZE, PTE_W | PTE_NX, NULL)) != CAP_OK)
            return e;
    uint64_t rsp;
    if ((e = write_start_stack(p, &img, &rsp)) != CAP_OK)
        return e;
    trap_frame_t *tf = (trap_frame_t *)(proc_kstack_top(p) - sizeof(trap_frame_t));
    memset(tf, 0, sizeof(*tf));
    tf->rip = img.entry;
    tf->cs = USER_CS;
    tf->ss = USER_DS;
    tf->rflags = 0x202;
    tf->rsp = rsp;
    tf->rdi = CAPSET_ADDR;
    uint64_t *sp = (uint64_t *)tf;
    *--sp = (uint64_t)process_first_entry;
    for (int i = 0; i < 6; i++)
        *--sp = 0; /* rbx rbp r12-r15 for context_switch */
    p->ksp = (uint64_t)sp;
    return CAP_OK;
}

cap_err_t proc_map_capset(proc_t *p) {
    return map_fresh(p, CAPSET_ADDR, PTE_NX, NULL);
}

void proc_fill_capset(proc_t *p, const capset_entry_t *entries, uint32_t count) {
    capset_t *cs = P2V(*vm_lookup(&p->vm, CAPSET_ADDR) & PTE_ADDR);
    cs->count = MIN(count, CAPSET_MAX_ENTRIES);
    memcpy(cs->program, p->name, MIN(sizeof(p->name), CAPSET_PROGRAM_MAX - 1));
    memcpy(cs->entries, entries, cs->count * sizeof(capset_entry_t));
}

void proc_start(proc_t *p) {
    kernel.live_procs++;
    sched_make_runnable(p);
}

int proc_charge_slot(proc_t *p, mem_pool_t *pool) {
    for (unsigned i = 0; i < VM_MAX_CHARGE_SLOTS; i++) {
        if (p->charges[i] == pool)
            return (int)(PTE_KIND_POOL0 + i);
        if (!p->charges[i]) {
            p->charges[i] = pool;
            kobject_ref(&pool->ko);
            return (int)(PTE_KIND_POOL0 + i);
        }
    }
    return -1;
}

static void release_page(void *ctx, uint64_t phys, unsigned kind) {
    proc_t *p = ctx;
    if (kind == PTE_KIND_SHARED)
        return;
    frame_free(phys);
    if (kind >= PTE_KIND_POOL0)
        mem_pool_credit(p->charges[kind - PTE_KIND_POOL0], 1);
}

/* Give back everything the process owns except its kernel stack and struct. */
static void proc_teardown(proc_t *p) {
    ipc_cancel(p);
    cap_table_clear(p->caps);
    kfree(p->caps);
    p->caps = NULL;
    vm_activate(NULL);
    vm_destroy(&p->vm, release_page, p);
    for (unsigned i = 0; i < VM_MAX_CHARGE_SLOTS; i++)
        if (p->charges[i])
            kobject_unref(&p->charges[i]->ko);
    for (unsigned i = 0; i < PROC_MAX_SHM_MAPS; i++)
        if (p->shm_maps[i])
            kobject_unref(&p->shm_maps[i]->ko);
    kobject_unref(&p->session->ko);
}

void proc_discard(proc_t *p) {
    proc_teardown(p);
    if (kernel.current)
        vm_activate(&kernel.current->vm);
    frame_free_contig(V2P(p->kstack), KSTACK_PAGES);
    kfree(p);
}

void proc_exit(int64_t code) {
    proc_t *p = kernel.current;
    proc_teardown(p);
    if (p->handle) {
        process_handle_exited(p->handle, code);
        kobject_unref(&p->handle->ko);
        p->handle = NULL;
    }
    p->state = PROC_ZOMBIE;
    list_push_back(&kernel.dead, &p->sched_link);
    if (--kernel.live_procs == 0) {
        kprintf("kernel: last process exited, halting\n");
        power_off();
    }
    schedule();
    panic("zombie %lu scheduled", p->pid);
}

void proc_first_run(void) {
    if (kernel.current->killed)
        proc_exit(EXIT_KILLED);
}

/* Mark for death; a blocked victim wakes, sees killed and exits itself. A
 * runnable victim exits at its next kernel entry or preemption point. */
void proc_kill(proc_t *p) {
    if (p->state == PROC_ZOMBIE)
        return;
    p->killed = true;
    sched_wake(p);
}
