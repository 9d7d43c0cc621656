/* Interrupts as notifications. Each legacy line can be claimed once, through
 * IrqControl or through the PciDevice of a device routed to it; while an Irq
 * object exists its line belongs to that driver. A firing line is masked
 * and its notification signalled; Irq.ack unmasks it. */
#include "kinvoke.h"
#include "capos/idl/irq.h"

#define IRQ_LINES 16u
#define IRQ_TIMER 0u
#define IRQ_CASCADE 2u

kobject_t irq_control_object = {CAP_TYPE_IRQ_CONTROL, 1, NULL};

static irq_t *claimed[IRQ_LINES];

void irq_destroy(irq_t *q) {
    pic_mask(q->line, true);
    claimed[q->line] = NULL;
    if (q->notify)
        kobject_unref(&q->notify->ko);
    kfree(q);
}

void irq_deliver(uint32_t line) {
    irq_t *q = line < IRQ_LINES ? claimed[line] : NULL;
    pic_mask(line, true);
    if (q && q->notify)
        notification_signal_bits(q->notify, q->bits);
}

cap_err_t irq_claim_line(uint32_t line, irq_t **out) {
    if (line >= IRQ_LINES || line == IRQ_TIMER || line == IRQ_CASCADE)
        return CAP_ERR_BAD_ARGS;
    if (claimed[line])
        return CAP_ERR_EXISTS;
    irq_t *q = kzalloc(sizeof(*q));
    if (!q)
        return CAP_ERR_NO_MEMORY;
    kobject_init(&q->ko, CAP_TYPE_IRQ);
    q->line = line;
    claimed[line] = q;
    *out = q;
    return CAP_OK;
}

static cap_err_t op_claim(void *ctx, uint32_t line, cap_t *out) {
    kctx_t *k = ctx;
    irq_t *q;
    if (cap_table_free_slots(k->proc->caps) < 1)
        return CAP_ERR_NO_SLOTS;
    cap_err_t e = irq_claim_line(line, &q);
    if (e != CAP_OK)
        return e;
    return kctx_give(
        k,
        kobject_hold(&q->ko, CAP_RIGHT_CALL | CAP_RIGHT_TRANSFER | CAP_RIGHT_DERIVE, k->hold.scope),
        out);
}

static cap_err_t op_bind(void *ctx, cap_t ncap, uint64_t bits) {
    kctx_t *k = ctx;
    irq_t *q = (irq_t *)k->hold.obj;
    cap_slot_t *s;
    cap_err_t e = cap_lookup_typed(k->proc->caps, ncap, CAP_TYPE_NOTIFICATION, CAP_RIGHT_WRITE, &s);
    if (e != CAP_OK)
        return e;
    if (bits == 0)
        return CAP_ERR_BAD_ARGS;
    if (q->notify)
        kobject_unref(&q->notify->ko);
    q->notify = (notification_t *)s->hold.obj;
    kobject_ref(&q->notify->ko);
    q->bits = bits;
    pic_mask(q->line, false);
    return CAP_OK;
}

static cap_err_t op_ack(void *ctx) {
    irq_t *q = (irq_t *)((kctx_t *)ctx)->hold.obj;
    if (!q->notify)
        return CAP_ERR_BAD_ARGS;
    pic_mask(q->line, false);
    return CAP_OK;
}

static const irq_control_server_ops_t control_ops = {.claim = op_claim};
static const irq_server_ops_t irq_ops = {.bind = op_bind, .ack = op_ack};

cap_err_t irq_control_invoke(kctx_t *k, const ipc_msg_t *req, ipc_msg_t *rep) {
    return irq_control_dispatch(&control_ops, k, req, rep);
}

cap_err_t irq_invoke(kctx_t *k, const ipc_msg_t *req, ipc_msg_t *rep) {
    return irq_dispatch(&irq_ops, k, req, rep);
}
