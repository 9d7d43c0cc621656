/* SHA-256 as specified in FIPS 180-4, sections 4.1.2, 4.2.2, 5.1.1, 6.2. */
#include "capos/sha256.h"

#include "capos/byteorder.h"
#include "capos/secure_zero.h"

/* First 32 bits of the fractional parts of the cube roots of the first 64
 * primes (FIPS 180-4 section 4.2.2). */
static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

/* First 32 bits of the fractional parts of the square roots of the first 8
 * primes (FIPS 180-4 section 5.3.3). */
static const uint32_t H0[8] = {
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
};

static inline uint32_t rotr(uint32_t x, unsigned n) {
    return (x >> n) | (x << (32u - n));
}

static inline uint32_t ch(uint32_t x, uint32_t y, uint32_t z) {
    return (x & y) ^ (~x & z);
}

static inline uint32_t maj(uint32_t x, uint32_t y, uint32_t z) {
    return (x & y) ^ (x & z) ^ (y & z);
}

static inline uint32_t big_sigma0(uint32_t x) {
    return rotr(x, 2) ^ rotr(x, 13) ^ rotr(x, 22);
}

static inline uint32_t big_sigma1(uint32_t x) {
    return rotr(x, 6) ^ rotr(x, 11) ^ rotr(x, 25);
}

static inline uint32_t small_sigma0(uint32_t x) {
    return rotr(x, 7) ^ rotr(x, 18) ^ (x >> 3);
}

static inline uint32_t small_sigma1(uint32_t x) {
    return rotr(x, 17) ^ rotr(x, 19) ^ (x >> 10);
}

/* Folds one 64-byte block into the chaining state h (section 6.2.2). */
static void compress(uint32_t h[8], const uint8_t block[64]) {
    uint32_t w[64];
    uint32_t v[8];

    for (unsigned t = 0; t < 16; t++)
        w[t] = load_be32(block + 4 * t);
    for (unsigned t = 16; t < 64; t++)
        w[t] = small_sigma1(w[t - 2]) + w[t - 7] + small_sigma0(w[t - 15]) + w[t - 16];

    for (unsigned i = 0; i < 8; i++)
        v[i] = h[i];
    for (unsigned t = 0; t < 64; t++) {
        uint32_t t1 = v[7] + big_sigma1(v[4]) + ch(v[4], v[5], v[6]) + K[t] + w[t];
        uint32_t t2 = big_sigma0(v[0]) + maj(v[0], v[1], v[2]);
        v[7] = v[6];
        v[6] = v[5];
        v[5] = v[4];
        v[4] = v[3] + t1;
        v[3] = v[2];
        v[2] = v[1];
        v[1] = v[0];
        v[0] = t1 + t2;
    }
    for (unsigned i = 0; i < 8; i++)
        h[i] += v[i];

    /* The schedule and working variables are derived from the message, which
     * may be key material (HMAC pads). */
    secure_zero(w, sizeof w);
    secure_zero(v, sizeof v);
}

void sha256_init(sha256_ctx_t *ctx) {
    for (unsigned i = 0; i < 8; i++)
        ctx->h[i] = H0[i];
    ctx->total = 0;
    ctx->buflen = 0;
    __builtin_memset(ctx->buf, 0, sizeof ctx->buf);
}

void sha256_update(sha256_ctx_t *ctx, const void *data, size_t len) {
    const uint8_t *p = data;

    if (len == 0)
        return;
    ctx->total += len;

    if (ctx->buflen != 0) {
        size_t take = SHA256_BLOCK_BYTES - ctx->buflen;
        if (take > len)
            take = len;
        __builtin_memcpy(ctx->buf + ctx->buflen, p, take);
        ctx->buflen += (uint32_t)take;
        p += take;
        len -= take;
        if (ctx->buflen < SHA256_BLOCK_BYTES)
            return;
        compress(ctx->h, ctx->buf);
        ctx->buflen = 0;
    }
    for (; len >= SHA256_BLOCK_BYTES; p += SHA256_BLOCK_BYTES, len -= SHA256_BLOCK_BYTES)
        compress(ctx->h, p);
    if (len != 0) {
        __builtin_memcpy(ctx->buf, p, len);
        ctx->buflen = (uint32_t)len;
    }
}

/* Padding per section 5.1.1: 0x80, zeros, then the 64-bit big-endian bit
 * length, so that the padded message is a whole number of blocks. */
void sha256_final(sha256_ctx_t *ctx, uint8_t out[32]) {
    uint64_t bits = ctx->total << 3;
    uint32_t n = ctx->buflen;

    ctx->buf[n++] = 0x80;
    if (n > SHA256_BLOCK_BYTES - 8) {
        __builtin_memset(ctx->buf + n, 0, SHA256_BLOCK_BYTES - n);
        compress(ctx->h, ctx->buf);
        n = 0;
    }
    __builtin_memset(ctx->buf + n, 0, SHA256_BLOCK_BYTES - 8 - n);
    store_be64(ctx->buf + SHA256_BLOCK_BYTES - 8, bits);
    compress(ctx->h, ctx->buf);

    for (unsigned i = 0; i < 8; i++)
        store_be32(out + 4 * i, ctx->h[i]);
    secure_zero(ctx, sizeof *ctx);
}
