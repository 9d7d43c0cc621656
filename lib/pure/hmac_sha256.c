/* HMAC per RFC 2104: H((K0 ^ opad) || H((K0 ^ ipad) || text)). */
#include "capos/hmac_sha256.h"

#include "capos/secure_zero.h"
#include "capos/sha256.h"

#define IPAD 0x36u
#define OPAD 0x5cu

/* K0: the key zero-padded to one block, or its digest if longer than one. */
static void block_key(const uint8_t *key, size_t key_len, uint8_t k0[SHA256_BLOCK_BYTES]) {
    __builtin_memset(k0, 0, SHA256_BLOCK_BYTES);
    if (key_len > SHA256_BLOCK_BYTES) {
        sha256_ctx_t ctx;
        sha256_init(&ctx);
        sha256_update(&ctx, key, key_len);
        sha256_final(&ctx, k0);
    } else if (key_len != 0) {
        __builtin_memcpy(k0, key, key_len);
    }
}

static void xor_pad(uint8_t pad[SHA256_BLOCK_BYTES], const uint8_t k0[SHA256_BLOCK_BYTES],
                    uint8_t byte) {
    for (unsigned i = 0; i < SHA256_BLOCK_BYTES; i++)
        pad[i] = k0[i] ^ byte;
}

void hmac_sha256_parts(const uint8_t *key, size_t key_len, const void *const *parts,
                       const size_t *part_lens, size_t nparts, uint8_t out[32]) {
    uint8_t k0[SHA256_BLOCK_BYTES];
    uint8_t pad[SHA256_BLOCK_BYTES];
    uint8_t inner[SHA256_DIGEST_BYTES];
    sha256_ctx_t ctx;

    block_key(key, key_len, k0);

    xor_pad(pad, k0, IPAD);
    sha256_init(&ctx);
    sha256_update(&ctx, pad, sizeof pad);
    for (size_t i = 0; i < nparts; i++)
        sha256_update(&ctx, parts[i], part_lens[i]);
    sha256_final(&ctx, inner);

    xor_pad(pad, k0, OPAD);
    sha256_init(&ctx);
    sha256_update(&ctx, pad, sizeof pad);
    sha256_update(&ctx, inner, sizeof inner);
    sha256_final(&ctx, out);

    secure_zero(k0, sizeof k0);
    secure_zero(pad, sizeof pad);
    secure_zero(inner, sizeof inner);
}

void hmac_sha256(const uint8_t *key, size_t key_len, const uint8_t *msg, size_t msg_len,
                 uint8_t out[32]) {
    const void *parts[1] = {msg};
    size_t lens[1] = {msg_len};

    hmac_sha256_parts(key, key_len, parts, lens, 1, out);
}
