/*
 * The naming rule shared by boot-package entries and the boot manifest:
 * 1..BOOTPKG_NAME_MAX characters, each in [A-Za-z0-9._-].
 */
#ifndef CAPOS_BOOTPKG_NAME_H
#define CAPOS_BOOTPKG_NAME_H

#include <stdbool.h>
#include <stdint.h>

#define BOOTPKG_NAME_FIELD 48u                     /* bytes in an entry's name field */
#define BOOTPKG_NAME_MAX (BOOTPKG_NAME_FIELD - 1u) /* longest valid name */

/* True iff the len bytes at s form a valid name. s need not be
 * NUL-terminated and is never read past len; s may be NULL if len is 0. */
bool bootpkg_name_valid(const char *s, uint32_t len);

#endif
