/* Invoking kernel objects: every non-endpoint capability is served inside the
 * kernel with the same IDL-generated dispatch tables userspace servers use. */
#ifndef KERNEL_KINVOKE_H
#define KERNEL_KINVOKE_H

#include "../sched/proc.h"

/* The context every kernel-object operation receives. */
typedef struct kctx {
    proc_t *proc;    /* the caller */
    cap_hold_t hold; /* the hold it invoked (copy; the slot may change) */
    const ipc_msg_t *req;
} kctx_t;

typedef cap_err_t (*kinvoke_fn)(kctx_t *k, const ipc_msg_t *req, ipc_msg_t *rep);

cap_err_t kinvoke(proc_t *p, const cap_hold_t *hold, const ipc_msg_t *req, ipc_msg_t *rep)
    __attribute__((warn_unused_result));

/* Insert a new object hold into the caller's table (consumes the reference). */
cap_err_t kctx_give(kctx_t *k, cap_hold_t hold, cap_t *out) __attribute__((warn_unused_result));

/* creators used by Memory */
cap_err_t endpoint_create(uint32_t queue_limit, endpoint_t **out);
cap_err_t notification_create(notification_t **out);
cap_err_t shm_create(mem_pool_t *pool, uint32_t pages, bool dma, shm_t **out);

/* per-type entry points */
cap_err_t console_invoke(kctx_t *, const ipc_msg_t *, ipc_msg_t *);
cap_err_t entropy_invoke(kctx_t *, const ipc_msg_t *, ipc_msg_t *);
cap_err_t clock_invoke(kctx_t *, const ipc_msg_t *, ipc_msg_t *);
cap_err_t bootpackage_invoke(kctx_t *, const ipc_msg_t *, ipc_msg_t *);
cap_err_t spawner_invoke(kctx_t *, const ipc_msg_t *, ipc_msg_t *);
cap_err_t process_invoke(kctx_t *, const ipc_msg_t *, ipc_msg_t *);
cap_err_t memory_invoke(kctx_t *, const ipc_msg_t *, ipc_msg_t *);
cap_err_t shm_invoke(kctx_t *, const ipc_msg_t *, ipc_msg_t *);
cap_err_t notification_invoke(kctx_t *, const ipc_msg_t *, ipc_msg_t *);
cap_err_t session_minter_invoke(kctx_t *, const ipc_msg_t *, ipc_msg_t *);
cap_err_t session_invoke(kctx_t *, const ipc_msg_t *, ipc_msg_t *);
cap_err_t ioports_invoke(kctx_t *, const ipc_msg_t *, ipc_msg_t *);
cap_err_t irq_control_invoke(kctx_t *, const ipc_msg_t *, ipc_msg_t *);
cap_err_t irq_invoke(kctx_t *, const ipc_msg_t *, ipc_msg_t *);
cap_err_t pci_bus_invoke(kctx_t *, const ipc_msg_t *, ipc_msg_t *);
cap_err_t pci_device_invoke(kctx_t *, const ipc_msg_t *, ipc_msg_t *);
cap_err_t inspect_invoke(kctx_t *, const ipc_msg_t *, ipc_msg_t *);

#endif
