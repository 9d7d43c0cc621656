/* EntropySource: hardware random bytes, or CAP_ERR_NO_ENTROPY. */
#include "kinvoke.h"
#include "capos/idl/entropy.h"

kobject_t entropy_object = {CAP_TYPE_ENTROPY, 1, NULL};

static cap_err_t op_read(void *ctx, uint32_t len, uint8_t *data, uint32_t cap, uint32_t *out_len) {
    (void)ctx;
    if (len > cap)
        return CAP_ERR_BAD_ARGS;
    if (!entropy_hw_read(data, len))
        return CAP_ERR_NO_ENTROPY;
    *out_len = len;
    return CAP_OK;
}

static const entropy_source_server_ops_t ops = {.read = op_read};

cap_err_t entropy_invoke(kctx_t *k, const ipc_msg_t *req, ipc_msg_t *rep) {
    return entropy_source_dispatch(&ops, k, req, rep);
}
