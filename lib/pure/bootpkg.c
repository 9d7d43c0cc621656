#include "capos/bootpkg.h"

#include <stdbool.h>
#include <stddef.h>

#include "capos/byteorder.h"

static const uint8_t *entry_at(const uint8_t *base, uint32_t index) {
    return base + BOOTPKG_HEADER_BYTES + (uint64_t)index * BOOTPKG_ENTRY_BYTES;
}

static uint64_t entry_offset(const uint8_t *entry) {
    return load_le64(entry + BOOTPKG_ENTRY_OFFSET_AT);
}

static uint64_t entry_size(const uint8_t *entry) {
    return load_le64(entry + BOOTPKG_ENTRY_SIZE_AT);
}

/* Bytes before the first NUL of a name field; BOOTPKG_NAME_FIELD if none. */
static uint32_t name_field_len(const uint8_t *field) {
    uint32_t n = 0;
    while (n < BOOTPKG_NAME_FIELD && field[n] != 0)
        n++;
    return n;
}

static bootpkg_err_t check_name(const uint8_t *field) {
    uint32_t len = name_field_len(field);

    if (len == BOOTPKG_NAME_FIELD || !bootpkg_name_valid((const char *)field, len))
        return BOOTPKG_ERR_BAD_NAME;
    for (uint32_t i = len; i < BOOTPKG_NAME_FIELD; i++) {
        if (field[i] != 0)
            return BOOTPKG_ERR_BAD_NAME;
    }
    return BOOTPKG_OK;
}

/* Blob [off, off + len) must start aligned at or after table_end and end
 * within total; written so that no intermediate value can overflow. */
static bootpkg_err_t check_range(uint64_t off, uint64_t len, uint64_t table_end, uint64_t total) {
    if (off < table_end || off % BOOTPKG_ALIGN != 0)
        return BOOTPKG_ERR_BAD_RANGE;
    if (len > total || off > total - len)
        return BOOTPKG_ERR_BAD_RANGE;
    return BOOTPKG_OK;
}

static bootpkg_err_t check_entries(const uint8_t *base, uint64_t size, uint32_t count,
                                   uint64_t table_end) {
    for (uint32_t i = 0; i < count; i++) {
        const uint8_t *e = entry_at(base, i);
        bootpkg_err_t err = check_name(e);
        if (err == BOOTPKG_OK)
            err = check_range(entry_offset(e), entry_size(e), table_end, size);
        if (err != BOOTPKG_OK)
            return err;
    }
    return BOOTPKG_OK;
}

/* Requires valid ranges (so the end computations cannot overflow). Empty
 * blobs occupy no bytes and therefore overlap nothing. */
static bool blobs_overlap(const uint8_t *a, const uint8_t *b) {
    uint64_t a_off = entry_offset(a), a_len = entry_size(a);
    uint64_t b_off = entry_offset(b), b_len = entry_size(b);

    if (a_len == 0 || b_len == 0)
        return false;
    return a_off < b_off + b_len && b_off < a_off + a_len;
}

/* Pairwise checks, O(count^2) <= 8128 pairs. Requires valid names and ranges;
 * valid names are NUL-padded, so whole-field equality is name equality. */
static bootpkg_err_t check_pairs(const uint8_t *base, uint32_t count) {
    for (uint32_t i = 1; i < count; i++) {
        for (uint32_t j = 0; j < i; j++) {
            if (__builtin_memcmp(entry_at(base, i), entry_at(base, j), BOOTPKG_NAME_FIELD) == 0)
                return BOOTPKG_ERR_DUPLICATE;
        }
    }
    for (uint32_t i = 1; i < count; i++) {
        for (uint32_t j = 0; j < i; j++) {
            if (blobs_overlap(entry_at(base, i), entry_at(base, j)))
                return BOOTPKG_ERR_OVERLAP;
        }
    }
    return BOOTPKG_OK;
}

bootpkg_err_t bootpkg_open(bootpkg_t *pkg, const uint8_t *base, uint64_t size) {
    pkg->base = NULL;
    pkg->size = 0;
    pkg->count = 0;

    if (base == NULL || size < BOOTPKG_HEADER_BYTES)
        return BOOTPKG_ERR_TRUNCATED;
    if (__builtin_memcmp(base, BOOTPKG_MAGIC, BOOTPKG_MAGIC_BYTES) != 0)
        return BOOTPKG_ERR_MAGIC;
    uint32_t count = load_le32(base + 8);
    if (count > BOOTPKG_MAX_ENTRIES)
        return BOOTPKG_ERR_TOO_MANY;
    if (load_le32(base + 12) != 0)
        return BOOTPKG_ERR_RESERVED;
    uint64_t table_end = BOOTPKG_HEADER_BYTES + (uint64_t)count * BOOTPKG_ENTRY_BYTES;
    if (size < table_end)
        return BOOTPKG_ERR_TRUNCATED;

    bootpkg_err_t err = check_entries(base, size, count, table_end);
    if (err == BOOTPKG_OK)
        err = check_pairs(base, count);
    if (err != BOOTPKG_OK)
        return err;

    pkg->base = base;
    pkg->size = size;
    pkg->count = count;
    return BOOTPKG_OK;
}

bootpkg_err_t bootpkg_entry(const bootpkg_t *pkg, uint32_t index, bootpkg_entry_t *out) {
    if (index >= pkg->count)
        return BOOTPKG_ERR_NOT_FOUND;
    const uint8_t *e = entry_at(pkg->base, index);
    out->name = (const char *)e;
    out->name_len = name_field_len(e);
    out->data = pkg->base + entry_offset(e);
    out->size = entry_size(e);
    return BOOTPKG_OK;
}

bootpkg_err_t bootpkg_find(const bootpkg_t *pkg, const char *name, uint32_t name_len,
                           bootpkg_entry_t *out) {
    if (name_len == 0 || name_len > BOOTPKG_NAME_MAX)
        return BOOTPKG_ERR_NOT_FOUND;
    for (uint32_t i = 0; i < pkg->count; i++) {
        const uint8_t *e = entry_at(pkg->base, i);
        if (name_field_len(e) == name_len && __builtin_memcmp(e, name, name_len) == 0)
            return bootpkg_entry(pkg, i, out);
    }
    return BOOTPKG_ERR_NOT_FOUND;
}

const char *bootpkg_strerror(bootpkg_err_t err) {
    switch (err) {
    case BOOTPKG_OK:
        return "ok";
    case BOOTPKG_ERR_TRUNCATED:
        return "package truncated (header or entry table past end)";
    case BOOTPKG_ERR_MAGIC:
        return "bad package magic";
    case BOOTPKG_ERR_TOO_MANY:
        return "too many entries";
    case BOOTPKG_ERR_BAD_NAME:
        return "malformed entry name";
    case BOOTPKG_ERR_DUPLICATE:
        return "duplicate entry name";
    case BOOTPKG_ERR_BAD_RANGE:
        return "entry data range invalid (misplaced, unaligned, overflowing or past end)";
    case BOOTPKG_ERR_OVERLAP:
        return "entry data ranges overlap";
    case BOOTPKG_ERR_NOT_FOUND:
        return "entry not found";
    case BOOTPKG_ERR_RESERVED:
        return "reserved header field not zero";
    }
    return "unknown bootpkg error";
}
