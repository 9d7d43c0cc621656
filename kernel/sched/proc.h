/* Processes (one thread each) and the scheduler. */
#ifndef KERNEL_PROC_H
#define KERNEL_PROC_H

#include "../kernel.h"
#include "../mm/mm.h"
#include "../cap/cap_table.h"
#include "../obj/objects.h"

#define KSTACK_PAGES 4u
#define PROC_MAX_SHM_MAPS 16u
#define EXIT_KILLED (-9)
#define EXIT_FAULT (-11)

typedef enum { PROC_RUNNABLE, PROC_RUNNING, PROC_BLOCKED, PROC_ZOMBIE } proc_state_t;

typedef enum {
    WAIT_NONE,
    WAIT_SEND,   /* queued on ipc.ep->senders */
    WAIT_REPLY,  /* delivered; ipc.reply names the pending reply */
    WAIT_RECV,   /* on an endpoint's receivers list */
    WAIT_NOTIFY, /* on a notification's waiters list */
    WAIT_SLEEP,  /* on kernel.sleepers */
    WAIT_PROC,   /* on a process handle's waiters list */
} wait_kind_t;

/* Capabilities travelling in one message (see ipc/transfer.c). */
typedef struct xfer {
    cap_hold_t holds[IPC_MAX_CAPS];
    uint32_t move_slot[IPC_MAX_CAPS]; /* reserved sender slot; 0 = copy */
    uint32_t n;
} xfer_t;

/* A call in flight: the caller's message and the holds it carries. */
typedef struct ipc_state {
    ipc_msg_t msg;
    xfer_t xfer;
    endpoint_t *ep;
    reply_t *reply;
    uint64_t badge;         /* of the caller's endpoint hold */
    uint32_t hold_disclose; /* disclosure scope of that hold */
    uint32_t hold_rights;
    cap_err_t result;
} ipc_state_t;

typedef struct proc {
    uint8_t fpu[512] __attribute__((aligned(16))); /* FXSAVE area: x87/SSE state */
    uint64_t fs_base;                              /* user thread pointer */
    uint64_t pid;
    char name[48];
    proc_state_t state;
    wait_kind_t wait;
    list_node_t sched_link; /* run queue or sleepers */
    list_node_t wait_link;  /* an object's waiter list */
    uint64_t wake_ns;
    bool killed;
    uint64_t kstack; /* base (direct map) */
    uint64_t ksp;    /* saved kernel rsp while switched out */
    vm_t vm;
    cap_table_t *caps;
    session_t *session; /* immutable after spawn */
    process_handle_t *handle;
    mem_pool_t *charges[VM_MAX_CHARGE_SLOTS];
    shm_t *shm_maps[PROC_MAX_SHM_MAPS];
    uint64_t wait_result;
    ipc_state_t ipc;
} proc_t;

static inline uint64_t proc_kstack_top(const proc_t *p) {
    return p->kstack + KSTACK_PAGES * PAGE_SIZE;
}

/* process.c */
proc_t *proc_create(const char *name, uint32_t name_len, session_t *session);
cap_err_t proc_load_image(proc_t *p, const uint8_t *elf, uint64_t size)
    __attribute__((warn_unused_result));
/* The read-only CapSet page: mapped first (may fail), filled once grants
 * are committed (cannot fail). */
cap_err_t proc_map_capset(proc_t *p) __attribute__((warn_unused_result));
void proc_fill_capset(proc_t *p, const capset_entry_t *entries, uint32_t count);
void proc_start(proc_t *p);
void proc_discard(proc_t *p); /* a created but never started process */
__attribute__((noreturn)) void proc_exit(int64_t code);
void proc_kill(proc_t *p);
void proc_first_run(void); /* entry.S, before a new process first enters ring 3 */
int proc_charge_slot(proc_t *p, mem_pool_t *pool); /* PTE kind, or -1 */

/* sched.c */
void sched_init(void);
void schedule(void);
void sched_yield(void);
void sched_make_runnable(proc_t *p);
/* Block the current process until woken; the caller re-checks its condition
 * and current->killed afterwards. */
void sched_block(wait_kind_t wait, list_node_t *waiters);
void sched_wake(proc_t *p);
void sched_sleep_until(uint64_t ns);
/* sched_block with a deadline: also woken by the timer once clock_now_ns()
 * reaches ns. The caller re-checks its condition, the clock and killed. */
void sched_block_until(wait_kind_t wait, list_node_t *waiters, uint64_t ns);
void sched_timer_tick(void);
void sched_reap(void);

#endif
