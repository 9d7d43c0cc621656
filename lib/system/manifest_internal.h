/* Internals of the system manifest parser, shared by its source files. */
#ifndef CAPOS_SYSTEM_MANIFEST_INTERNAL_H
#define CAPOS_SYSTEM_MANIFEST_INTERNAL_H

#include "capos/system_manifest.h"

/* A token of the text: no spaces or tabs inside. */
typedef struct {
    const char *p;
    uint32_t len;
    uint32_t off; /* into the whole text */
} sys_tok_t;

/* Decimal, or hexadecimal after "0x"; value in 0..max. */
bool sys_number_parse(const char *s, size_t len, uint64_t max, uint64_t *out);

/* "CHILD=SOURCE[/MODIFIER...]" into *g (zeroed first). */
sys_parse_err_t sys_grant_parse(const char *s, size_t len, sys_grant_t *g);

/* One "key=value" attribute of a profile. seen holds a bit per key already
 * given (repeats are errors). */
sys_parse_err_t sys_profile_attr_parse(const char *s, size_t len, sys_profile_t *p, uint32_t *seen);

/* Copies len bytes and NUL-pads the rest of a field of size field bytes;
 * the caller has checked len < field. */
void sys_copy_name(char *field, size_t field_size, const char *s, size_t len);

/* Does the NUL-terminated a equal the len bytes at s? */
bool sys_name_is(const char *a, const char *s, size_t len);

#endif
