/*
 * libFuzzer harness for the boot manifest parser. Property: parsing never
 * reads outside the input, and an accepted manifest satisfies every
 * documented postcondition; a rejected one reports a line within the input.
 */
#include <stddef.h>
#include <stdint.h>

#include "capos/boot_manifest.h"

#define REQUIRE(cond)                                                                              \
    do {                                                                                           \
        if (!(cond))                                                                               \
            __builtin_trap();                                                                      \
    } while (0)

static void check_accepted(const boot_manifest_t *m) {
    REQUIRE(m->init_len >= 1 && m->init_len <= BOOTPKG_NAME_MAX);
    REQUIRE(bootpkg_name_valid(m->init, m->init_len));
    for (uint32_t i = m->init_len; i < BOOTPKG_NAME_FIELD; i++)
        REQUIRE(m->init[i] == '\0');
    REQUIRE(m->init_memory_pages >= 1 && m->init_memory_pages <= BOOT_MANIFEST_MAX_PAGES);
}

/* Number of lines the input spans (a final line without '\n' counts). */
static uint32_t count_lines(const uint8_t *data, size_t size) {
    uint32_t lines = 0;
    for (size_t i = 0; i < size; i++)
        lines += data[i] == '\n' || i + 1 == size;
    return lines;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    boot_manifest_t m;
    uint32_t line = 0xffffffffu;

    boot_manifest_err_t err = boot_manifest_parse((const char *)data, size, &m, &line);
    if (err == BOOT_MANIFEST_OK) {
        REQUIRE(line == 0);
        check_accepted(&m);
    } else if (err == BOOT_MANIFEST_ERR_MISSING_INIT) {
        REQUIRE(line == 0);
    } else {
        REQUIRE(err <= BOOT_MANIFEST_ERR_NUL);
        REQUIRE(line >= 1 && line <= count_lines(data, size));
    }
    return 0;
}
