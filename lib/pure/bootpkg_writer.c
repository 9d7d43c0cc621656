/* Host-only: depends on the C library. Not part of CAPOS_PURE_SOURCES. */
#define _POSIX_C_SOURCE 200809L /* strnlen */

#include "capos/bootpkg_writer.h"

#include <stdlib.h>
#include <string.h>

#include "capos/bootpkg.h"
#include "capos/byteorder.h"

static uint32_t item_name_len(const bootpkg_item_t *item) {
    return (uint32_t)strnlen(item->name, BOOTPKG_NAME_FIELD);
}

static bootpkg_write_err_t check_items(const bootpkg_item_t *items, uint32_t count,
                                       uint32_t *bad_index) {
    for (uint32_t i = 0; i < count; i++) {
        *bad_index = i;
        if (!bootpkg_name_valid(items[i].name, item_name_len(&items[i])))
            return BOOTPKG_WRITE_ERR_BAD_NAME;
        for (uint32_t j = 0; j < i; j++) {
            if (strcmp(items[i].name, items[j].name) == 0)
                return BOOTPKG_WRITE_ERR_DUPLICATE;
        }
    }
    *bad_index = count;
    return BOOTPKG_WRITE_OK;
}

static size_t align_up(size_t v) {
    return (v + (BOOTPKG_ALIGN - 1)) & ~(size_t)(BOOTPKG_ALIGN - 1);
}

/* Total package size, or 0 if it does not fit in size_t. */
static size_t layout_size(const bootpkg_item_t *items, uint32_t count) {
    size_t total = BOOTPKG_HEADER_BYTES + (size_t)count * BOOTPKG_ENTRY_BYTES;

    for (uint32_t i = 0; i < count; i++) {
        total = align_up(total);
        if (items[i].size > SIZE_MAX - BOOTPKG_ALIGN - total)
            return 0;
        total += items[i].size;
    }
    return total;
}

static void emit(uint8_t *buf, const bootpkg_item_t *items, uint32_t count) {
    size_t off = BOOTPKG_HEADER_BYTES + (size_t)count * BOOTPKG_ENTRY_BYTES;

    memcpy(buf, BOOTPKG_MAGIC, BOOTPKG_MAGIC_BYTES);
    store_le32(buf + 8, count);
    store_le32(buf + 12, 0);
    for (uint32_t i = 0; i < count; i++) {
        uint8_t *e = buf + BOOTPKG_HEADER_BYTES + (size_t)i * BOOTPKG_ENTRY_BYTES;
        off = align_up(off);
        memcpy(e, items[i].name, item_name_len(&items[i]));
        store_le64(e + BOOTPKG_ENTRY_OFFSET_AT, off);
        store_le64(e + BOOTPKG_ENTRY_SIZE_AT, items[i].size);
        if (items[i].size != 0)
            memcpy(buf + off, items[i].data, items[i].size);
        off += items[i].size;
    }
}

bootpkg_write_err_t bootpkg_write(const bootpkg_item_t *items, uint32_t count, uint8_t **out,
                                  size_t *out_size, uint32_t *bad_index) {
    uint32_t bad = count;
    bootpkg_write_err_t err = BOOTPKG_WRITE_OK;
    size_t total = 0;
    uint8_t *buf = NULL;

    *out = NULL;
    *out_size = 0;
    if (count > BOOTPKG_MAX_ENTRIES)
        err = BOOTPKG_WRITE_ERR_TOO_MANY;
    else
        err = check_items(items, count, &bad);
    if (err == BOOTPKG_WRITE_OK && (total = layout_size(items, count)) == 0)
        err = BOOTPKG_WRITE_ERR_TOO_LARGE;
    if (err == BOOTPKG_WRITE_OK && (buf = calloc(1, total)) == NULL)
        err = BOOTPKG_WRITE_ERR_NO_MEMORY;
    if (bad_index != NULL)
        *bad_index = bad;
    if (err != BOOTPKG_WRITE_OK)
        return err;

    emit(buf, items, count);
    *out = buf;
    *out_size = total;
    return BOOTPKG_WRITE_OK;
}

const char *bootpkg_write_strerror(bootpkg_write_err_t err) {
    switch (err) {
    case BOOTPKG_WRITE_OK:
        return "ok";
    case BOOTPKG_WRITE_ERR_TOO_MANY:
        return "too many entries";
    case BOOTPKG_WRITE_ERR_BAD_NAME:
        return "invalid entry name (1..47 chars of [A-Za-z0-9._-])";
    case BOOTPKG_WRITE_ERR_DUPLICATE:
        return "duplicate entry name";
    case BOOTPKG_WRITE_ERR_TOO_LARGE:
        return "package too large";
    case BOOTPKG_WRITE_ERR_NO_MEMORY:
        return "out of memory";
    }
    return "unknown bootpkg writer error";
}
