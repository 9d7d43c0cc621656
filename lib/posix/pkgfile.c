/* /pkg files: one boot-package entry, read through the BootPackage hold that
 * grants it (see pkg_grant.h). A file:NAME hold is badged to one entry,
 * which may carry another name in the package: reads use the entry's own
 * name, so a parent can grant any entry under the name the child expects. */
#include <errno.h>
#include <string.h>

#include "capos/idl/bootpackage.h"
#include "errno_map.h"
#include "glue.h"
#include "pkg_grant.h"

#define READ_CHUNK 1016u /* BootPackage.read: bytes<1016> */

/* Entry `index` of the package as cap sees it. */
static cap_err_t entry_at(cap_t cap, uint32_t index, fd_entry_t *out) {
    uint32_t len = 0;
    uint64_t size = 0;
    cap_err_t e = boot_package_entry(cap, index, out->name, BOOTPKG_NAME_MAX, &len, &size);
    if (e == CAP_OK) {
        out->name[len] = '\0';
        out->name_len = len;
        out->size = size;
    }
    return e;
}

/* Finds NAME among every entry cap sees. */
static cap_err_t find_by_name(cap_t cap, const path_target_t *t, fd_entry_t *out) {
    uint32_t count = 0;
    cap_err_t e = boot_package_count(cap, &count);
    for (uint32_t i = 0; e == CAP_OK && i < count; i++) {
        e = entry_at(cap, i, out);
        if (e == CAP_OK && out->name_len == t->name_len && !memcmp(out->name, t->name, t->name_len))
            return CAP_OK;
    }
    return e == CAP_OK ? CAP_ERR_NOT_FOUND : e;
}

int pkgfile_open(const path_target_t *t, fd_entry_t *out) {
    bool whole = false;
    cap_t cap = pkg_grant_lookup(posix_capset(), t->name, t->name_len, &whole);
    if (cap == CAP_NULL)
        return -ENOENT;
    cap_err_t e = whole ? find_by_name(cap, t, out) : entry_at(cap, 0, out);
    if (e != CAP_OK)
        return -errno_from_cap(e);
    out->kind = FD_KIND_PKGFILE;
    out->cap = cap;
    out->offset = 0;
    return 0;
}

long pkgfile_read(const fd_entry_t *e, void *buf, size_t len, uint64_t offset) {
    size_t done = 0;
    while (done < len && offset < e->size) {
        uint64_t left = e->size - offset;
        uint32_t n = len - done > READ_CHUNK ? READ_CHUNK : (uint32_t)(len - done);
        n = left < n ? (uint32_t)left : n;
        uint32_t got = 0;
        cap_err_t err = boot_package_read(e->cap, e->name, e->name_len, offset, n,
                                          (uint8_t *)buf + done, n, &got);
        if (err != CAP_OK)
            return done ? (long)done : -errno_from_cap(err);
        if (got == 0)
            break;
        done += got;
        offset += got;
    }
    return (long)done;
}
