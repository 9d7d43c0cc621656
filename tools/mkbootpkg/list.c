/* mkbootpkg --list: validate a package with the kernel's reader and print
 * one line per entry: name, size in bytes. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "capos/bootpkg.h"
#include "mkbootpkg.h"

static int name_width(const bootpkg_t *pkg) {
    uint32_t width = 4; /* strlen("NAME") */
    for (uint32_t i = 0; i < pkg->count; i++) {
        bootpkg_entry_t e;
        if (bootpkg_entry(pkg, i, &e) == BOOTPKG_OK && e.name_len > width)
            width = e.name_len;
    }
    return (int)width;
}

static void print_entries(const bootpkg_t *pkg) {
    int width = name_width(pkg);
    printf("%-*s %s\n", width, "NAME", "SIZE");
    for (uint32_t i = 0; i < pkg->count; i++) {
        bootpkg_entry_t e;
        if (bootpkg_entry(pkg, i, &e) == BOOTPKG_OK)
            printf("%-*s %" PRIu64 "\n", width, e.name, e.size);
    }
}

int mkbootpkg_list(const char *pkg_path) {
    uint8_t *data;
    size_t size;
    bootpkg_t pkg;

    if (!read_file(pkg_path, &data, &size))
        return MKBOOTPKG_EXIT_FAIL;
    bootpkg_err_t err = bootpkg_open(&pkg, data, size);
    if (err != BOOTPKG_OK) {
        fprintf(stderr, "mkbootpkg: %s: %s\n", pkg_path, bootpkg_strerror(err));
        free(data);
        return MKBOOTPKG_EXIT_FAIL;
    }
    print_entries(&pkg);
    free(data);
    return MKBOOTPKG_EXIT_OK;
}
