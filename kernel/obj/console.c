/* Console: early serial output for boot and diagnostics. */
#include "kinvoke.h"
#include "capos/idl/console.h"

kobject_t console_object = {CAP_TYPE_CONSOLE, 1, NULL};

static cap_err_t op_write(void *ctx, const uint8_t *data, uint32_t len) {
    (void)ctx;
    serial_write((const char *)data, len);
    return CAP_OK;
}

static const console_server_ops_t ops = {.write = op_write};

cap_err_t console_invoke(kctx_t *k, const ipc_msg_t *req, ipc_msg_t *rep) {
    return console_dispatch(&ops, k, req, rep);
}
