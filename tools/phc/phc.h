/*
 * argon2id PHC strings ("$argon2id$v=19$m=...,t=...,p=...$salt$hash") over
 * Debian's libargon2, for interop checks with guests that use libsodium.
 */
#ifndef PHC_H
#define PHC_H

#include <stddef.h>
#include <stdint.h>

#define PHC_SALT_BYTES 16u
#define PHC_HASH_BYTES 32u
#define PHC_MAX_STRING 256u
#define PHC_MAX_PASSWORD 1024u

typedef struct {
    uint32_t t_cost;     /* iterations */
    uint32_t m_cost_kib; /* memory in KiB */
    uint32_t lanes;      /* parallelism */
} phc_params_t;

typedef enum { PHC_MATCH = 0, PHC_MISMATCH = 1, PHC_ERROR = 2 } phc_result_t;

/* Encodes the argon2id hash of pw with salt into out (NUL-terminated).
 * 0, or -1 after printing libargon2's reason to stderr. */
int phc_hash(const phc_params_t *p, const uint8_t *pw, size_t pw_len,
             const uint8_t salt[PHC_SALT_BYTES], char *out, size_t out_cap);

/* Checks pw against an encoded argon2id string. */
phc_result_t phc_verify(const char *encoded, const uint8_t *pw, size_t pw_len);

/* Length of the first line of buf[0..len): up to a '\n' (and a '\r' before
 * it), which is not part of the password. */
size_t phc_line_length(const uint8_t *buf, size_t len);

#endif
