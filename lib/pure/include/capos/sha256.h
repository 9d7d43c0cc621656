/*
 * SHA-256 (FIPS 180-4), incremental interface.
 *
 * Contract: sha256_init, then any number of sha256_update calls, then exactly
 * one sha256_final. sha256_final wipes the context; reusing it requires a new
 * sha256_init. Messages are limited to 2^61 - 1 bytes (the 64-bit bit count).
 */
#ifndef CAPOS_SHA256_H
#define CAPOS_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_DIGEST_BYTES 32u
#define SHA256_BLOCK_BYTES 64u

typedef struct {
    uint32_t h[8];   /* chaining state */
    uint64_t total;  /* message bytes consumed so far */
    uint8_t buf[64]; /* partial block; buflen < 64 between calls */
    uint32_t buflen;
} sha256_ctx_t;

void sha256_init(sha256_ctx_t *ctx);

/* data may be NULL only when len is 0. */
void sha256_update(sha256_ctx_t *ctx, const void *data, size_t len);

void sha256_final(sha256_ctx_t *ctx, uint8_t out[32]);

#endif
