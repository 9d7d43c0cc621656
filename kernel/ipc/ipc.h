/* Endpoint IPC: call / receive / reply with capability transfer. */
#ifndef KERNEL_IPC_H
#define KERNEL_IPC_H

#include "../sched/proc.h"
#include "../cap/transfer_scope.h"

#define IPC_RESULT_PENDING CAP_ERR__COUNT

/* transfer.c: moving holds between tables, transactionally */
/* Validate every cap named (live, TRANSFER right, sane mode, no duplicate
 * moves), then reserve moves and reference copies. On error nothing has
 * changed. */
cap_err_t xfer_prepare(proc_t *sender, const ipc_cap_t *caps, uint32_t n, xfer_t *x)
    __attribute__((warn_unused_result));
/* Can every hold land in receiver (slots for n + extra, scope rules)? */
cap_err_t xfer_check(const proc_t *sender, const proc_t *receiver, const xfer_t *x,
                     xfer_path_t path, uint32_t extra_slots) __attribute__((warn_unused_result));
/* Install the holds into receiver; writes the new handles into caps[]. */
void xfer_commit(proc_t *sender, proc_t *receiver, xfer_t *x, ipc_cap_t *caps);
void xfer_rollback(proc_t *sender, xfer_t *x);

/* call.c */
cap_err_t endpoint_call(proc_t *p, const cap_hold_t *hold, uint64_t umsg)
    __attribute__((warn_unused_result));
cap_err_t sys_recv(cap_t ep, uint64_t umsg, uint64_t uinfo, uint32_t flags);
cap_err_t sys_reply(cap_t reply, uint64_t umsg);
/* Undo whatever IPC the (exiting) process has in flight. */
void ipc_cancel(proc_t *p);
/* Fail a queued caller: roll back its caps and wake it with err. */
void ipc_fail_sender(proc_t *c, cap_err_t err);

/* user message copy helpers (call.c) */
cap_err_t ipc_msg_from_user(proc_t *p, uint64_t umsg, ipc_msg_t *m)
    __attribute__((warn_unused_result));
cap_err_t ipc_msg_to_user(proc_t *p, uint64_t umsg, const ipc_msg_t *m)
    __attribute__((warn_unused_result));

/* caller_info.c */
void caller_info_fill(const proc_t *caller, endpoint_t *ep, uint32_t requested,
                      uint32_t hold_disclose, ipc_caller_t *out);

#endif
