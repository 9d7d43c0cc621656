/*
 * Constant-time comparison of secrets. Pure: the host tests use it directly
 * and the token table takes it (or libsodium's sodium_memcmp in the guest)
 * as its comparison.
 */
#ifndef CREDSTORE_CT_H
#define CREDSTORE_CT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* True when the n bytes at a and b are equal. Reads all n bytes of both
 * whatever they hold: the time taken depends on n only. */
bool ct_equal(const uint8_t *a, const uint8_t *b, size_t n);

#endif
