/* BootPackage: read-only listing and reading of boot package entries.
 * A badged hold (badge = entry index + 1) sees exactly one entry: that is how
 * a single file (a configuration, a key) is granted. */
#include "kinvoke.h"
#include "capos/idl/bootpackage.h"

kobject_t bootpackage_object = {CAP_TYPE_BOOTPACKAGE, 1, NULL};

/* The one entry index a badged hold may see, or -1 for the whole package. */
static int64_t only_entry(void *ctx) {
    uint64_t badge = ((kctx_t *)ctx)->hold.badge;
    return badge == CAP_BADGE_NONE ? -1 : (int64_t)(badge - 1);
}

static cap_err_t op_count(void *ctx, uint32_t *n) {
    *n = only_entry(ctx) < 0 ? kernel.bootpkg.count : 1;
    return CAP_OK;
}

static cap_err_t op_entry(void *ctx, uint32_t index, char *name, uint32_t name_cap,
                          uint32_t *name_len, uint64_t *size) {
    int64_t only = only_entry(ctx);
    if (only >= 0) {
        if (index != 0)
            return CAP_ERR_NOT_FOUND;
        index = (uint32_t)only;
    }
    bootpkg_entry_t e;
    if (bootpkg_entry(&kernel.bootpkg, index, &e) != BOOTPKG_OK)
        return CAP_ERR_NOT_FOUND;
    if (e.name_len > name_cap)
        return CAP_ERR_BAD_ARGS;
    memcpy(name, e.name, e.name_len);
    *name_len = e.name_len;
    *size = e.size;
    return CAP_OK;
}

static cap_err_t op_read(void *ctx, const char *name, uint32_t name_len, uint64_t offset,
                         uint32_t len, uint8_t *data, uint32_t data_cap, uint32_t *data_len) {
    bootpkg_entry_t e, allowed;
    if (bootpkg_find(&kernel.bootpkg, name, name_len, &e) != BOOTPKG_OK)
        return CAP_ERR_NOT_FOUND;
    int64_t only = only_entry(ctx);
    if (only >= 0 && (bootpkg_entry(&kernel.bootpkg, (uint32_t)only, &allowed) != BOOTPKG_OK ||
                      allowed.data != e.data))
        return CAP_ERR_NOT_FOUND; /* outside the grant: indistinguishable from absent */
    if (offset > e.size)
        return CAP_ERR_BAD_ARGS;
    uint64_t n = MIN((uint64_t)MIN(len, data_cap), e.size - offset);
    memcpy(data, e.data + offset, n);
    *data_len = (uint32_t)n;
    return CAP_OK;
}

static const boot_package_server_ops_t ops = {
    .count = op_count, .entry = op_entry, .read = op_read};

cap_err_t bootpackage_invoke(kctx_t *k, const ipc_msg_t *req, ipc_msg_t *rep) {
    return boot_package_dispatch(&ops, k, req, rep);
}
