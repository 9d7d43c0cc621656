/* Reading one whole boot-package entry into a caller's buffer (typically
 * through a single-file grant, a BootPackage hold badged to that entry). */
#include "capos/rt.h"
#include "capos/idl/bootpackage.h"

#define PKG_READ_CHUNK 1016u /* BootPackage.read's data bound */

cap_err_t rt_pkg_read(cap_t pkg, const char *name, uint8_t *buf, size_t cap, size_t *len) {
    uint32_t name_len = (uint32_t)strlen(name);
    size_t off = 0;
    *len = 0;
    for (;;) {
        uint8_t chunk[PKG_READ_CHUNK];
        uint32_t got = 0;
        cap_err_t e =
            boot_package_read(pkg, name, name_len, off, PKG_READ_CHUNK, chunk, sizeof chunk, &got);
        if (e != CAP_OK)
            return e;
        if (got == 0)
            break;
        if (got > cap - off)
            return CAP_ERR_BAD_ARGS; /* larger than the caller's buffer */
        memcpy(buf + off, chunk, got);
        off += got;
    }
    *len = off;
    return CAP_OK;
}
