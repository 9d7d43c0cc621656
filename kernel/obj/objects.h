/* Kernel object types. Each type's behaviour lives in its own obj/ file. */
#ifndef KERNEL_OBJECTS_H
#define KERNEL_OBJECTS_H

#include "../cap/kobject.h"

struct proc;

typedef struct endpoint {
    kobject_t ko;
    uint64_t scope_id;    /* service scope for caller references; never reused */
    uint32_t queue_limit; /* callers waiting for a receiver, at most */
    uint32_t queued;
    uint32_t recv_holds; /* live holds with CAP_RIGHT_RECV (incl. in flight) */
    bool dead;           /* no receiver can ever come: calls are broken */
    /* caller_info_fill caches the last session's reference: most endpoints
     * serve one session at a time, and the HMAC dominates a call's cost */
    struct notification *bound; /* delivered by receive when it has bits */
    struct notification *watch; /* signalled with watch_bits when a call queues */
    uint64_t watch_bits;
    bool ref_cached;
    uint64_t ref_session_id, ref_lo, ref_hi;
    list_node_t senders;   /* procs (wait_link) queued in call */
    list_node_t receivers; /* procs (wait_link) blocked in recv */
} endpoint_t;

/* One-shot right to answer one call. Dropping it unanswered breaks the call. */
typedef struct reply {
    kobject_t ko;
    struct proc *caller; /* NULL once answered or the caller died */
} reply_t;

typedef struct notification {
    kobject_t ko;
    uint64_t bits;
    list_node_t waiters;
    struct endpoint *bound; /* endpoint whose receivers also take our bits */
} notification_t;

typedef struct session {
    kobject_t ko;
    list_node_t link; /* on kernel.sessions while the object exists */
    uint64_t id;      /* random; only ever leaves the kernel as an HMAC */
    uint64_t serial;  /* public object number (Session.info), never reused */
    uint64_t epoch;
    uint64_t expiry_ns; /* 0: never */
    bool revoked;
    session_subject_t subject;
} session_t;

typedef struct spawner {
    kobject_t ko;
    session_t *bound; /* NULL: children inherit the caller's session */
} spawner_t;

typedef struct process_handle {
    kobject_t ko;
    struct proc *proc; /* NULL after exit */
    bool exited;
    int64_t code;
    list_node_t waiters;
    struct notification *watch; /* signalled with watch_bits at exit (holds a ref) */
    uint64_t watch_bits;
} process_handle_t;

typedef struct mem_pool {
    kobject_t ko;
    uint64_t limit, used; /* pages */
    struct mem_pool *parent;
    uint64_t parent_charge;
} mem_pool_t;

typedef struct shm {
    kobject_t ko;
    bool dma; /* frames[] is one physically contiguous run */
    uint32_t pages;
    uint64_t *frames;
    mem_pool_t *pool;
} shm_t;

typedef struct ioports {
    kobject_t ko;
    uint32_t base, count; /* ports [base, base + count) */
} ioports_t;

typedef struct irq {
    kobject_t ko;
    uint32_t line;
    struct notification *notify; /* NULL until bound */
    uint64_t bits;
} irq_t;

/* singletons */
extern kobject_t console_object, entropy_object, clock_object, bootpackage_object,
    session_minter_object, irq_control_object, pci_bus_object, inspect_object;
extern ioports_t root_ioports;
extern spawner_t root_spawner;

/* object lifecycle */
void endpoint_destroy(endpoint_t *ep);
void endpoint_recv_holds_changed(endpoint_t *ep, int delta);
void reply_destroy(reply_t *r);
void notification_destroy(notification_t *n);
void session_destroy(session_t *s);
void spawner_destroy(spawner_t *s);
void process_handle_destroy(process_handle_t *h);
void mem_pool_destroy(mem_pool_t *p);
void shm_destroy(shm_t *s);
void ioports_destroy(ioports_t *p);
void irq_destroy(irq_t *q);
void pci_device_destroy(kobject_t *o);
void notification_signal_bits(notification_t *n, uint64_t bits);
/* From the interrupt path: mask the line and signal its driver. */
void irq_deliver(uint32_t line);
/* A new Irq object owning the legacy line (IrqControl.claim, PciDevice.irq):
 * BAD_ARGS for a line no driver may own, EXISTS when it has an owner. */
cap_err_t irq_claim_line(uint32_t line, irq_t **out);

/* object services used across files */
session_t *session_create(const session_subject_t *subject, uint64_t ttl_ns);
/* The boot-time system session: like session_create, but it exists even
 * without entropy (id 0): such a boot can mint no other session, so a fixed
 * id links nothing. */
session_t *session_create_system(const session_subject_t *subject);
bool session_is_stale(const session_t *s);
/* Session objects that exist and are not stale. */
uint32_t session_live_count(void);
bool mem_pool_charge(mem_pool_t *p, uint64_t pages) __attribute__((warn_unused_result));
void mem_pool_credit(mem_pool_t *p, uint64_t pages);
mem_pool_t *mem_pool_create(uint64_t limit, mem_pool_t *parent);
void process_handle_exited(process_handle_t *h, int64_t code);

#endif
