/*
 * libFuzzer harness for the boot package reader. Property: any input either
 * fails bootpkg_open (leaving an empty package) or yields entries that are
 * well-formed, inside the input, and findable by name; the "manifest" entry,
 * if any, goes through the manifest parser like the kernel would send it.
 */
#include <stddef.h>
#include <stdint.h>

#include "capos/boot_manifest.h"
#include "capos/bootpkg.h"

#define REQUIRE(cond)                                                                              \
    do {                                                                                           \
        if (!(cond))                                                                               \
            __builtin_trap();                                                                      \
    } while (0)

static void check_entry(const bootpkg_t *pkg, const uint8_t *data, size_t size, uint32_t i) {
    bootpkg_entry_t e, f;

    REQUIRE(bootpkg_entry(pkg, i, &e) == BOOTPKG_OK);
    REQUIRE(bootpkg_name_valid(e.name, e.name_len));
    REQUIRE(e.name[e.name_len] == '\0');
    REQUIRE(e.data >= data && e.size <= size && (size_t)(e.data - data) <= size - e.size);
    REQUIRE(((size_t)(e.data - data) % BOOTPKG_ALIGN) == 0);
    REQUIRE(bootpkg_find(pkg, e.name, e.name_len, &f) == BOOTPKG_OK);
    REQUIRE(f.data == e.data && f.size == e.size && f.name == e.name);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    bootpkg_t pkg;
    bootpkg_entry_t e;

    if (bootpkg_open(&pkg, data, size) != BOOTPKG_OK) {
        REQUIRE(pkg.count == 0);
        REQUIRE(bootpkg_entry(&pkg, 0, &e) == BOOTPKG_ERR_NOT_FOUND);
        return 0;
    }
    REQUIRE(pkg.count <= BOOTPKG_MAX_ENTRIES);
    for (uint32_t i = 0; i < pkg.count; i++)
        check_entry(&pkg, data, size, i);
    REQUIRE(bootpkg_entry(&pkg, pkg.count, &e) == BOOTPKG_ERR_NOT_FOUND);

    /* Lookups with names taken from the input itself, any length. */
    for (uint32_t len = 0; len <= BOOTPKG_NAME_FIELD && len <= size; len++)
        (void)bootpkg_find(&pkg, (const char *)data, len, &e);

    if (bootpkg_find(&pkg, "manifest", 8, &e) == BOOTPKG_OK) {
        boot_manifest_t m;
        uint32_t line;
        (void)boot_manifest_parse((const char *)e.data, e.size, &m, &line);
    }
    return 0;
}
