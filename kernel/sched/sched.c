/* Round-robin preemptive scheduler on one CPU. The kernel itself is not
 * preemptible: interrupts are taken only in ring 3 and in the idle loop. */
#include "proc.h"
#include "../arch/x86_64/cpu.h"

extern uint64_t syscall_kernel_rsp;
void context_switch(uint64_t *save_rsp, uint64_t new_rsp);

static uint64_t boot_rsp_sink;

void sched_init(void) {
    list_init(&kernel.run_queue);
    list_init(&kernel.sleepers);
    list_init(&kernel.dead);
}

void sched_make_runnable(proc_t *p) {
    p->state = PROC_RUNNABLE;
    list_push_back(&kernel.run_queue, &p->sched_link);
}

#define MSR_FS_BASE 0xC0000100

static void switch_to(proc_t *prev, proc_t *next) {
    if (prev && prev->state != PROC_ZOMBIE)
        __asm__ volatile("fxsave %0" : "=m"(prev->fpu));
    __asm__ volatile("fxrstor %0" ::"m"(next->fpu));
    wrmsr(MSR_FS_BASE, next->fs_base);
    kernel.current = next;
    next->state = PROC_RUNNING;
    tss_set_kernel_stack(proc_kstack_top(next));
    syscall_kernel_rsp = proc_kstack_top(next);
    vm_activate(&next->vm);
    context_switch(prev ? &prev->ksp : &boot_rsp_sink, next->ksp);
}

/* Free the kernel stacks of exited processes; never the running one's. */
void sched_reap(void) {
    list_node_t *n = kernel.dead.next;
    while (n != &kernel.dead) {
        list_node_t *next = n->next;
        proc_t *p = CONTAINER_OF(n, proc_t, sched_link);
        if (p != kernel.current) {
            list_remove(n);
            frame_free_contig(V2P(p->kstack), KSTACK_PAGES);
            kfree(p);
        }
        n = next;
    }
}

void schedule(void) {
    proc_t *prev = kernel.current;
    list_node_t *n;
    while (!(n = list_pop_front(&kernel.run_queue)))
        __asm__ volatile("sti; hlt; cli" ::: "memory"); /* idle until an IRQ */
    proc_t *next = CONTAINER_OF(n, proc_t, sched_link);
    if (next == prev) {
        next->state = PROC_RUNNING;
        return;
    }
    switch_to(prev, next);
    sched_reap();
}

void sched_yield(void) {
    sched_make_runnable(kernel.current);
    schedule();
}

void sched_block(wait_kind_t wait, list_node_t *waiters) {
    proc_t *p = kernel.current;
    p->state = PROC_BLOCKED;
    p->wait = wait;
    if (waiters)
        list_push_back(waiters, &p->wait_link);
    schedule();
    p->wait = WAIT_NONE;
}

/* A blocked process's sched_link is on kernel.sleepers when it waits with a
 * deadline and unlinked otherwise; its wait_link is on the object's waiter
 * list, if any. Waking takes it off both (list_remove of an unlinked node
 * is a no-op), whichever comes first: the event or the deadline. */
void sched_wake(proc_t *p) {
    if (p->state != PROC_BLOCKED)
        return;
    list_remove(&p->sched_link);
    list_remove(&p->wait_link);
    sched_make_runnable(p);
}

/* Insert the current process into kernel.sleepers, sorted by wake time. */
static void sleepers_insert(uint64_t ns) {
    proc_t *p = kernel.current;
    p->wake_ns = ns;
    list_node_t *pos = kernel.sleepers.next;
    while (pos != &kernel.sleepers && CONTAINER_OF(pos, proc_t, sched_link)->wake_ns <= ns)
        pos = pos->next;
    list_push_back(pos, &p->sched_link); /* insert before pos */
}

void sched_sleep_until(uint64_t ns) {
    sleepers_insert(ns);
    sched_block(WAIT_SLEEP, NULL);
}

void sched_block_until(wait_kind_t wait, list_node_t *waiters, uint64_t ns) {
    sleepers_insert(ns);
    sched_block(wait, waiters);
}

void sched_timer_tick(void) {
    kernel.ticks++;
    uint64_t now = clock_now_ns();
    while (!list_empty(&kernel.sleepers)) {
        proc_t *p = CONTAINER_OF(kernel.sleepers.next, proc_t, sched_link);
        if (p->wake_ns > now)
            break;
        sched_wake(p);
    }
}
