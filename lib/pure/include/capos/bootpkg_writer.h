/*
 * Host-only boot package writer (uses the C library allocator). Produces
 * packages that bootpkg_open accepts: entries in the given order, blobs laid
 * out in the same order after the table, each at the next BOOTPKG_ALIGN
 * boundary, padding zero-filled.
 */
#ifndef CAPOS_BOOTPKG_WRITER_H
#define CAPOS_BOOTPKG_WRITER_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    const char *name;    /* NUL-terminated; must satisfy bootpkg_name_valid */
    const uint8_t *data; /* may be NULL when size is 0 */
    size_t size;
} bootpkg_item_t;

typedef enum {
    BOOTPKG_WRITE_OK = 0,
    BOOTPKG_WRITE_ERR_TOO_MANY, /* count > BOOTPKG_MAX_ENTRIES */
    BOOTPKG_WRITE_ERR_BAD_NAME,
    BOOTPKG_WRITE_ERR_DUPLICATE,
    BOOTPKG_WRITE_ERR_TOO_LARGE, /* total size not representable */
    BOOTPKG_WRITE_ERR_NO_MEMORY,
} bootpkg_write_err_t;

/*
 * Builds a package from items[0..count). On success *out is a malloc'd buffer
 * of *out_size bytes owned by the caller (free()). On failure *out is NULL,
 * *out_size is 0, and if bad_index is not NULL it receives the index of the
 * offending item (for name and duplicate errors; otherwise count).
 */
bootpkg_write_err_t bootpkg_write(const bootpkg_item_t *items, uint32_t count, uint8_t **out,
                                  size_t *out_size, uint32_t *bad_index);

/* Static, never NULL. */
const char *bootpkg_write_strerror(bootpkg_write_err_t err);

#endif
