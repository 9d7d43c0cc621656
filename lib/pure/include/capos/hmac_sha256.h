/*
 * HMAC-SHA256 (RFC 2104 with SHA-256, as exercised by RFC 4231).
 *
 * Keys longer than the 64-byte block are replaced by their SHA-256 digest.
 * All key-derived intermediates are wiped before returning. out may alias
 * neither key nor any message part.
 */
#ifndef CAPOS_HMAC_SHA256_H
#define CAPOS_HMAC_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define HMAC_SHA256_BYTES 32u

/* key may be NULL only when key_len is 0; likewise msg and msg_len. */
void hmac_sha256(const uint8_t *key, size_t key_len, const uint8_t *msg, size_t msg_len,
                 uint8_t out[32]);

/*
 * MAC of the concatenation parts[0] || ... || parts[nparts-1], where part i
 * is part_lens[i] bytes long. A part may be NULL only if its length is 0.
 */
void hmac_sha256_parts(const uint8_t *key, size_t key_len, const void *const *parts,
                       const size_t *part_lens, size_t nparts, uint8_t out[32]);

#endif
