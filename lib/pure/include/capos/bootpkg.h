/*
 * Boot package: the single multiboot module that carries the boot manifest
 * and every boot-time binary.
 *
 * Layout (all integers little-endian, offsets relative to the package start):
 *   header  16 bytes: magic "CAPOSPK1", u32 count, u32 reserved (= 0)
 *   table   count entries of 64 bytes: name[48], u64 offset, u64 size
 *   blobs   entry data, anywhere after the table
 *
 * An accepted package satisfies:
 *   - count <= BOOTPKG_MAX_ENTRIES and the whole table lies inside the package;
 *   - every name field holds a valid name (bootpkg_name.h) followed by NUL
 *     padding only; no two entries share a name;
 *   - every blob starts at or after the table, on a BOOTPKG_ALIGN boundary,
 *     and ends inside the package;
 *   - no two non-empty blobs share a byte (empty blobs overlap nothing).
 *
 * bootpkg_open checks all of this up front, so bootpkg_entry and bootpkg_find
 * never meet malformed data. The package bytes must stay unchanged while a
 * bootpkg_t refers to them. No alignment is required of the base address.
 */
#ifndef CAPOS_BOOTPKG_H
#define CAPOS_BOOTPKG_H

#include <stdint.h>

#include "capos/bootpkg_name.h"

#define BOOTPKG_MAGIC "CAPOSPK1"
#define BOOTPKG_MAGIC_BYTES 8u
#define BOOTPKG_HEADER_BYTES 16u
#define BOOTPKG_ENTRY_BYTES 64u
#define BOOTPKG_ENTRY_OFFSET_AT 48u /* u64 offset within an entry */
#define BOOTPKG_ENTRY_SIZE_AT 56u   /* u64 size within an entry */
#define BOOTPKG_ALIGN 16u
#define BOOTPKG_MAX_ENTRIES 128u

typedef enum {
    BOOTPKG_OK = 0,
    BOOTPKG_ERR_TRUNCATED, /* header or entry table extends past the end */
    BOOTPKG_ERR_MAGIC,
    BOOTPKG_ERR_TOO_MANY, /* count > BOOTPKG_MAX_ENTRIES */
    BOOTPKG_ERR_BAD_NAME,
    BOOTPKG_ERR_DUPLICATE,
    BOOTPKG_ERR_BAD_RANGE, /* blob misplaced, unaligned, overflowing or past end */
    BOOTPKG_ERR_OVERLAP,
    BOOTPKG_ERR_NOT_FOUND,
    BOOTPKG_ERR_RESERVED, /* reserved header field is not zero */
} bootpkg_err_t;

typedef struct {
    const uint8_t *base;
    uint64_t size;
    uint32_t count;
} bootpkg_t;

typedef struct {
    const char *name; /* points into the package; NUL-terminated there */
    uint32_t name_len;
    const uint8_t *data; /* points into the package */
    uint64_t size;
} bootpkg_entry_t;

/* Validates the size bytes at base. On success fills *pkg; on failure sets
 * *pkg to an empty package (count 0) and returns the first fault found. */
bootpkg_err_t bootpkg_open(bootpkg_t *pkg, const uint8_t *base, uint64_t size);

/* Entry number index of an opened package; BOOTPKG_ERR_NOT_FOUND if
 * index >= count. */
bootpkg_err_t bootpkg_entry(const bootpkg_t *pkg, uint32_t index, bootpkg_entry_t *out);

/* Entry whose name is exactly the name_len bytes at name (no NUL needed). */
bootpkg_err_t bootpkg_find(const bootpkg_t *pkg, const char *name, uint32_t name_len,
                           bootpkg_entry_t *out);

/* Static, never NULL. */
const char *bootpkg_strerror(bootpkg_err_t err);

#endif
