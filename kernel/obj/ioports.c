/* IoPorts: port I/O on one device's range. The kernel keeps the ports its
 * own drivers use; no range can reach them. */
#include "kinvoke.h"
#include "../arch/x86_64/cpu.h"
#include "capos/idl/ioports.h"

ioports_t root_ioports = {{CAP_TYPE_IOPORTS, 1, NULL}, 0, 0x10000};

/* [first, last] port ranges owned by the kernel. */
static const uint16_t kernel_ports[][2] = {
    {0x20, 0x21},   /* master PIC */
    {0x40, 0x43},   /* PIT */
    {0x61, 0x61},   /* PIT gate / speaker */
    {0xa0, 0xa1},   /* slave PIC */
    {0xf4, 0xf4},   /* isa-debug-exit */
    {0x600, 0x63f}, /* ACPI power management block */
    {0xcf8, 0xcff}, /* PCI configuration */
};

static bool kernel_owned(uint32_t port, uint32_t width) {
    for (size_t i = 0; i < ARRAY_LEN(kernel_ports); i++)
        if (port <= kernel_ports[i][1] && port + width - 1 >= kernel_ports[i][0])
            return true;
    return false;
}

void ioports_destroy(ioports_t *p) {
    kfree(p);
}

/* The absolute port for (offset, width) if the hold may touch it. */
static cap_err_t resolve(kctx_t *k, uint32_t offset, uint32_t width, uint32_t right,
                         uint16_t *port) {
    const ioports_t *r = (const ioports_t *)k->hold.obj;
    if (!(k->hold.rights & right))
        return CAP_ERR_NO_RIGHTS;
    if ((width != 1 && width != 2 && width != 4) || offset > r->count || width > r->count - offset)
        return CAP_ERR_BAD_ARGS;
    uint32_t abs = r->base + offset;
    if (kernel_owned(abs, width))
        return CAP_ERR_DENIED;
    *port = (uint16_t)abs;
    return CAP_OK;
}

static cap_err_t op_read(void *ctx, uint32_t offset, uint32_t width, uint32_t *value) {
    uint16_t port;
    cap_err_t e = resolve(ctx, offset, width, CAP_RIGHT_READ, &port);
    if (e != CAP_OK)
        return e;
    if (width == 1)
        *value = inb(port);
    else if (width == 2)
        __asm__ volatile("inw %1, %w0" : "=a"(*value) : "Nd"(port));
    else
        *value = inl(port);
    return CAP_OK;
}

static cap_err_t op_write(void *ctx, uint32_t offset, uint32_t width, uint32_t value) {
    uint16_t port;
    cap_err_t e = resolve(ctx, offset, width, CAP_RIGHT_WRITE, &port);
    if (e != CAP_OK)
        return e;
    if (width == 1)
        outb(port, (uint8_t)value);
    else if (width == 2)
        outw(port, (uint16_t)value);
    else
        outl(port, value);
    return CAP_OK;
}

static cap_err_t op_sub(void *ctx, uint32_t offset, uint32_t count, cap_t *out) {
    kctx_t *k = ctx;
    const ioports_t *r = (const ioports_t *)k->hold.obj;
    if (!(k->hold.rights & CAP_RIGHT_DERIVE))
        return CAP_ERR_NO_RIGHTS;
    if (count == 0 || offset > r->count || count > r->count - offset)
        return CAP_ERR_BAD_ARGS;
    if (cap_table_free_slots(k->proc->caps) < 1)
        return CAP_ERR_NO_SLOTS;
    ioports_t *n = kzalloc(sizeof(*n));
    if (!n)
        return CAP_ERR_NO_MEMORY;
    kobject_init(&n->ko, CAP_TYPE_IOPORTS);
    n->base = r->base + offset;
    n->count = count;
    return kctx_give(k, kobject_hold(&n->ko, k->hold.rights, k->hold.scope), out);
}

static const io_ports_server_ops_t ops = {.read = op_read, .write = op_write, .sub = op_sub};

cap_err_t ioports_invoke(kctx_t *k, const ipc_msg_t *req, ipc_msg_t *rep) {
    return io_ports_dispatch(&ops, k, req, rep);
}
