/* Endpoint call, receive and reply. A caller blocks from call to reply; the
 * server holds a one-shot Reply cap meanwhile and may answer it later
 * (deferred reply) while serving others. */
#include "ipc.h"

cap_err_t ipc_msg_from_user(proc_t *p, uint64_t umsg, ipc_msg_t *m) {
    cap_err_t e = copy_from_user(&p->vm, m, umsg, IPC_MSG_HEADER_BYTES);
    if (e != CAP_OK)
        return e;
    if (m->len > IPC_MAX_BYTES || m->ncaps > IPC_MAX_CAPS)
        return CAP_ERR_BAD_ARGS;
    return copy_from_user(&p->vm, m->data, umsg + IPC_MSG_HEADER_BYTES, m->len);
}

cap_err_t ipc_msg_to_user(proc_t *p, uint64_t umsg, const ipc_msg_t *m) {
    cap_err_t e = copy_to_user(&p->vm, umsg, m, IPC_MSG_HEADER_BYTES);
    if (e != CAP_OK)
        return e;
    return copy_to_user(&p->vm, umsg + IPC_MSG_HEADER_BYTES, m->data, m->len);
}

static void wake_with(proc_t *c, cap_err_t err) {
    c->ipc.result = err;
    sched_wake(c);
}

void ipc_fail_sender(proc_t *c, cap_err_t err) {
    endpoint_t *ep = c->ipc.ep;
    if (ep) {
        ep->queued--;
        c->ipc.ep = NULL;
    }
    list_remove(&c->wait_link);
    xfer_rollback(c, &c->ipc.xfer);
    wake_with(c, err);
}

cap_err_t endpoint_call(proc_t *p, const cap_hold_t *hold, uint64_t umsg) {
    endpoint_t *ep = (endpoint_t *)hold->obj;
    if (!user_range_ok(&p->vm, umsg, sizeof(ipc_msg_t), true))
        return CAP_ERR_BAD_ADDRESS;
    if (ep->dead)
        return CAP_ERR_BROKEN;
    if (session_is_stale(p->session) && !(hold->rights & CAP_RIGHT_STALE_OK))
        return CAP_ERR_SESSION_STALE;
    if (ep->queued >= ep->queue_limit)
        return CAP_ERR_QUEUE_FULL;
    cap_err_t e = ipc_msg_from_user(p, umsg, &p->ipc.msg);
    if (e == CAP_OK)
        e = xfer_prepare(p, p->ipc.msg.caps, p->ipc.msg.ncaps, &p->ipc.xfer);
    if (e != CAP_OK)
        return e;
    p->ipc.ep = ep;
    p->ipc.badge = hold->badge;
    p->ipc.hold_disclose = hold->disclose;
    p->ipc.hold_rights = hold->rights;
    p->ipc.result = IPC_RESULT_PENDING;
    ep->queued++;
    if (!list_empty(&ep->receivers))
        sched_wake(CONTAINER_OF(ep->receivers.next, proc_t, wait_link));
    if (ep->watch)
        notification_signal_bits(ep->watch, ep->watch_bits);
    sched_block(WAIT_SEND, &ep->senders);
    while (p->ipc.result == IPC_RESULT_PENDING && !p->killed)
        sched_block(WAIT_REPLY, NULL);
    if (p->killed)
        proc_exit(EXIT_KILLED);
    if (p->ipc.result != CAP_OK)
        return p->ipc.result;
    return ipc_msg_to_user(p, umsg, &p->ipc.msg);
}

/* Pending bits of the endpoint's bound notification, as a message. */
static bool deliver_notification(proc_t *p, endpoint_t *ep, uint64_t umsg, uint64_t uinfo) {
    notification_t *n = ep->bound;
    if (!n || !n->bits)
        return false;
    static ipc_msg_t m; /* the kernel is single-threaded and never preempted */
    ipc_recv_info_t info = {0};
    memset(&m, 0, IPC_MSG_HEADER_BYTES);
    m.label = IPC_LABEL_NOTIFY;
    m.len = sizeof(uint64_t);
    memcpy(m.data, &n->bits, sizeof(uint64_t));
    n->bits = 0;
    MUST_SUCCEED(ipc_msg_to_user(p, umsg, &m)); /* buffers validated by sys_recv */
    MUST_SUCCEED(copy_to_user(&p->vm, uinfo, &info, sizeof(info)));
    return true;
}

/* Try to hand the first queued call to server p. Returns CAP_OK when one was
 * delivered, WOULD_BLOCK when the queue is empty. Callers that cannot be
 * delivered (stale session, no slots, scope) are failed and skipped. */
static cap_err_t deliver_one(proc_t *p, endpoint_t *ep, uint64_t umsg, uint64_t uinfo) {
    if (deliver_notification(p, ep, umsg, uinfo))
        return CAP_OK;
    for (;;) {
        list_node_t *n = ep->senders.next;
        if (n == &ep->senders)
            return CAP_ERR_WOULD_BLOCK;
        proc_t *c = CONTAINER_OF(n, proc_t, wait_link);
        cap_err_t e = CAP_OK;
        if (session_is_stale(c->session) && !(c->ipc.hold_rights & CAP_RIGHT_STALE_OK))
            e = CAP_ERR_SESSION_STALE;
        if (e == CAP_OK)
            e = xfer_check(c, p, &c->ipc.xfer, XFER_IPC_CALL, 1);
        reply_t *r = e == CAP_OK ? kzalloc(sizeof(*r)) : NULL;
        if (e == CAP_OK && !r)
            e = CAP_ERR_NO_MEMORY;
        if (e != CAP_OK) {
            ipc_fail_sender(c, e);
            continue;
        }
        list_remove(n);
        ep->queued--;
        c->ipc.ep = NULL;
        kobject_init(&r->ko, CAP_TYPE_REPLY);
        r->caller = c;
        c->ipc.reply = r;
        c->wait = WAIT_REPLY;

        ipc_recv_info_t info = {0};
        cap_hold_t rh = kobject_hold(&r->ko, CAP_RIGHT_CALL, CAP_SCOPE_SAME_SESSION);
        MUST_SUCCEED(cap_insert(p->caps, &rh, &info.reply)); /* slot checked above */
        xfer_commit(c, p, &c->ipc.xfer, c->ipc.msg.caps);
        info.badge = c->ipc.badge;
        caller_info_fill(c, ep, c->ipc.msg.disclose, c->ipc.hold_disclose, &info.caller);
        ipc_msg_t *m = &c->ipc.msg;
        m->disclose = 0;
        MUST_SUCCEED(ipc_msg_to_user(p, umsg, m)); /* buffers validated by sys_recv */
        MUST_SUCCEED(copy_to_user(&p->vm, uinfo, &info, sizeof(info)));
        return CAP_OK;
    }
}

cap_err_t sys_recv(cap_t epcap, uint64_t umsg, uint64_t uinfo, uint32_t flags) {
    proc_t *p = kernel.current;
    cap_slot_t *s;
    cap_err_t e = cap_lookup_typed(p->caps, epcap, CAP_TYPE_ENDPOINT, CAP_RIGHT_RECV, &s);
    if (e != CAP_OK)
        return e;
    if (!user_range_ok(&p->vm, umsg, sizeof(ipc_msg_t), true) ||
        !user_range_ok(&p->vm, uinfo, sizeof(ipc_recv_info_t), true))
        return CAP_ERR_BAD_ADDRESS;
    endpoint_t *ep = (endpoint_t *)s->hold.obj;
    for (;;) {
        e = deliver_one(p, ep, umsg, uinfo);
        if (e != CAP_ERR_WOULD_BLOCK || (flags & RECV_NONBLOCK))
            return e;
        sched_block(WAIT_RECV, &ep->receivers);
        if (p->killed)
            proc_exit(EXIT_KILLED);
    }
}

cap_err_t sys_reply(cap_t rcap, uint64_t umsg) {
    proc_t *p = kernel.current;
    cap_slot_t *s;
    cap_err_t e = cap_lookup_typed(p->caps, rcap, CAP_TYPE_REPLY, 0, &s);
    if (e != CAP_OK)
        return e;
    reply_t *r = (reply_t *)s->hold.obj;
    proc_t *c = r->caller;
    if (!c) {
        MUST_SUCCEED(cap_release(p->caps, rcap));
        return CAP_ERR_BROKEN;
    }
    ipc_msg_t *m = &c->ipc.msg; /* the caller's buffer is free while it waits */
    xfer_t x;
    if ((e = ipc_msg_from_user(p, umsg, m)) != CAP_OK)
        return e;
    if ((e = xfer_prepare(p, m->caps, m->ncaps, &x)) != CAP_OK)
        return e;
    if ((e = xfer_check(p, c, &x, XFER_IPC_REPLY, 0)) != CAP_OK) {
        xfer_rollback(p, &x);
        return e;
    }
    xfer_commit(p, c, &x, m->caps);
    m->disclose = 0;
    r->caller = NULL;
    c->ipc.reply = NULL;
    wake_with(c, CAP_OK);
    MUST_SUCCEED(cap_release(p->caps, rcap));
    return CAP_OK;
}

void ipc_cancel(proc_t *p) {
    if (p->ipc.ep)
        ipc_fail_sender(p, CAP_ERR_CANCELLED);
    if (p->ipc.reply) {
        p->ipc.reply->caller = NULL;
        p->ipc.reply = NULL;
    }
}
