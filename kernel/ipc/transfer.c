/* Transactional capability transfer: decode (validate everything, no side
 * effects), reserve (cannot fail), then commit or roll back. */
#include "ipc.h"

static bool handle_repeats(const ipc_cap_t *caps, uint32_t n, uint32_t i) {
    for (uint32_t j = 0; j < n; j++)
        if (j != i && caps[j].cap == caps[i].cap)
            return true;
    return false;
}

static cap_err_t validate(proc_t *sender, const ipc_cap_t *caps, uint32_t n) {
    if (n > IPC_MAX_CAPS)
        return CAP_ERR_BAD_ARGS;
    for (uint32_t i = 0; i < n; i++) {
        cap_slot_t *s;
        cap_err_t e = cap_lookup(sender->caps, caps[i].cap, &s);
        if (e != CAP_OK)
            return e;
        if (!(s->hold.rights & CAP_RIGHT_TRANSFER))
            return CAP_ERR_NO_RIGHTS;
        uint32_t mode = caps[i].mode;
        if (mode != IPC_CAP_COPY && mode != IPC_CAP_MOVE)
            return CAP_ERR_BAD_ARGS;
        if (mode == IPC_CAP_MOVE && handle_repeats(caps, n, i))
            return CAP_ERR_BAD_ARGS;
    }
    return CAP_OK;
}

cap_err_t xfer_prepare(proc_t *sender, const ipc_cap_t *caps, uint32_t n, xfer_t *x) {
    cap_err_t e = validate(sender, caps, n);
    if (e != CAP_OK)
        return e;
    x->n = n;
    for (uint32_t i = 0; i < n; i++) {
        cap_slot_t *s;
        MUST_SUCCEED(cap_lookup(sender->caps, caps[i].cap, &s)); /* validated */
        x->holds[i] = s->hold;
        x->move_slot[i] = 0;
        if (caps[i].mode == IPC_CAP_MOVE)
            MUST_SUCCEED(cap_reserve(sender->caps, caps[i].cap, &x->move_slot[i]));
        else
            cap_hold_acquire(&x->holds[i]);
    }
    return CAP_OK;
}

cap_err_t xfer_check(const proc_t *sender, const proc_t *receiver, const xfer_t *x,
                     xfer_path_t path, uint32_t extra_slots) {
    if (cap_table_free_slots(receiver->caps) < x->n + extra_slots)
        return CAP_ERR_NO_SLOTS;
    bool same = sender->session == receiver->session;
    for (uint32_t i = 0; i < x->n; i++) {
        cap_err_t e = transfer_scope_check(x->holds[i].scope, same, path);
        if (e != CAP_OK)
            return e;
    }
    return CAP_OK;
}

void xfer_commit(proc_t *sender, proc_t *receiver, xfer_t *x, ipc_cap_t *caps) {
    for (uint32_t i = 0; i < x->n; i++) {
        if (x->move_slot[i])
            cap_commit_reserved(sender->caps, x->move_slot[i]);
        cap_t h = CAP_NULL;
        if (cap_insert(receiver->caps, &x->holds[i], &h) != CAP_OK)
            panic("xfer_commit: slots vanished after check");
        caps[i].cap = h;
        caps[i].mode = x->move_slot[i] ? IPC_CAP_MOVE : IPC_CAP_COPY;
    }
    x->n = 0;
}

void xfer_rollback(proc_t *sender, xfer_t *x) {
    for (uint32_t i = 0; i < x->n; i++) {
        if (x->move_slot[i])
            cap_rollback_reserved(sender->caps, x->move_slot[i]);
        else
            cap_hold_drop(&x->holds[i]);
    }
    x->n = 0;
}
