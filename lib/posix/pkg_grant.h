/*
 * Which capability grants a /pkg file: the CapSet naming convention. Pure:
 * reads a CapSet, makes no capOS calls.
 *
 *   file:NAME    (BootPackage) grants /pkg/NAME read-only; the hold is badged
 *                to one entry, which the kernel enforces
 *   bootpackage  (BootPackage) grants every /pkg/NAME read-only; a badged
 *                hold still sees only its one entry
 *
 * A NAME longer than CAPSET_NAME_MAX - 1 - strlen("file:") cannot have a
 * file: grant; only a bootpackage grant reaches it.
 */
#ifndef POSIX_PKG_GRANT_H
#define POSIX_PKG_GRANT_H

#include <stdbool.h>
#include <stdint.h>

#include "capos/abi.h"

#define PKG_GRANT_PREFIX "file:"
#define PKG_GRANT_WHOLE "bootpackage"

/* The handle of the CapSet entry called name with the given type, or
 * CAP_NULL. Looks at no more than CAPSET_MAX_ENTRIES entries and compares
 * names within their CAPSET_NAME_MAX-byte fields (a field without a NUL
 * matches nothing). */
cap_t capset_find(const capset_t *cs, const char *name, uint32_t type);

/* Writes "file:NAME" (NUL-terminated) for the len-byte name into out; false
 * when it does not fit a CapSet name. */
bool pkg_grant_name(const char *name, uint32_t len, char out[CAPSET_NAME_MAX]);

/* The BootPackage hold that opens /pkg/NAME: the file:NAME entry, else the
 * bootpackage entry, else CAP_NULL. *whole tells which one was found. */
cap_t pkg_grant_lookup(const capset_t *cs, const char *name, uint32_t len, bool *whole);

#endif
