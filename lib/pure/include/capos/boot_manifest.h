/*
 * The kernel's boot manifest: the "manifest" entry of the boot package.
 *
 * Grammar (bytes, no encoding assumed):
 *   - lines end at '\n' (the last line may lack it); a line holds at most
 *     BOOT_MANIFEST_LINE_MAX bytes, not counting the '\n';
 *   - tokens are separated by one or more spaces (0x20 only); leading and
 *     trailing spaces are ignored;
 *   - a line whose first token starts with '#' is a comment; a line with no
 *     tokens is blank; both are ignored;
 *   - any other line is exactly "key value":
 *       init <name>                  required, exactly once; bootpkg name rule
 *       init_memory_pages <decimal>  optional, once, 1..1048576, default 16384
 *   - NUL bytes are not allowed anywhere, comments included.
 */
#ifndef CAPOS_BOOT_MANIFEST_H
#define CAPOS_BOOT_MANIFEST_H

#include <stddef.h>
#include <stdint.h>

#include "capos/bootpkg_name.h"

#define BOOT_MANIFEST_LINE_MAX 255u
#define BOOT_MANIFEST_DEFAULT_PAGES 16384u
#define BOOT_MANIFEST_MAX_PAGES 1048576u

typedef struct {
    char init[BOOTPKG_NAME_FIELD]; /* NUL-terminated and NUL-padded */
    uint32_t init_len;
    uint64_t init_memory_pages;
} boot_manifest_t;

typedef enum {
    BOOT_MANIFEST_OK = 0,
    BOOT_MANIFEST_ERR_LINE_TOO_LONG,
    BOOT_MANIFEST_ERR_UNKNOWN_KEY,
    BOOT_MANIFEST_ERR_SYNTAX, /* missing value or extra tokens */
    BOOT_MANIFEST_ERR_BAD_NAME,
    BOOT_MANIFEST_ERR_BAD_NUMBER, /* not decimal digits, or out of range */
    BOOT_MANIFEST_ERR_DUPLICATE,
    BOOT_MANIFEST_ERR_MISSING_INIT,
    BOOT_MANIFEST_ERR_NUL,
} boot_manifest_err_t;

/*
 * Parses the len bytes at text (text may be NULL if len is 0); never reads
 * past len and needs no terminator. *out is written only on success.
 * If err_line is not NULL it receives the 1-based line of the fault, or 0 on
 * success and for BOOT_MANIFEST_ERR_MISSING_INIT (a whole-file fault).
 */
boot_manifest_err_t boot_manifest_parse(const char *text, size_t len, boot_manifest_t *out,
                                        uint32_t *err_line);

/* Static, never NULL. */
const char *boot_manifest_strerror(boot_manifest_err_t err);

#endif
