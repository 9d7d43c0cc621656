/*
 * Zeroing of secret material that the compiler must not elide, even when the
 * buffer is dead afterwards.
 */
#ifndef CAPOS_SECURE_ZERO_H
#define CAPOS_SECURE_ZERO_H

#include <stddef.h>

/* Sets n bytes at p to zero; the stores are guaranteed to be emitted. */
void secure_zero(void *p, size_t n);

#endif
