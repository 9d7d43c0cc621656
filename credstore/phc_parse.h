/*
 * Argon2id verifiers in the PHC string format, as libsodium
 * (crypto_pwhash_str) and libargon2 (tools/phc) write them:
 *
 *   $argon2id$v=19$m=<KiB>,t=<iterations>,p=<lanes>$<salt>$<hash>
 *
 * Rules (the PHC string format, narrowed to what this store accepts):
 *   - algorithm exactly "argon2id"; version field required and exactly 19
 *     (0x13): any other version is refused;
 *   - parameters exactly m, t, p in that order; decimal without sign or
 *     leading zeros; bounded: PHC_M_MIN_KIB <= m <= PHC_M_MAX_KIB and
 *     m >= 8 * p, 1 <= t <= PHC_T_MAX, 1 <= p <= PHC_P_MAX (the bounds keep a
 *     verify within the service's memory quota and time budget);
 *   - salt and hash in standard base64 ([A-Za-z0-9+/]) without padding,
 *     canonical (unused low bits zero); salt PHC_SALT_MIN..PHC_SALT_MAX
 *     bytes, hash PHC_HASH_MIN..PHC_HASH_MAX bytes;
 *   - the whole string at most PHC_STRING_MAX bytes.
 * Pure: no allocation, never reads past the given length.
 */
#ifndef CREDSTORE_PHC_PARSE_H
#define CREDSTORE_PHC_PARSE_H

#include <stddef.h>
#include <stdint.h>

#define PHC_STRING_MAX 127u /* libsodium's crypto_pwhash_STRBYTES - 1 */
#define PHC_VERSION 19u
#define PHC_M_MIN_KIB 8u
#define PHC_M_MAX_KIB 65536u /* 64 MiB */
#define PHC_T_MAX 16u
#define PHC_P_MAX 4u
#define PHC_SALT_MIN 8u
#define PHC_SALT_MAX 32u
#define PHC_HASH_MIN 16u
#define PHC_HASH_MAX 32u

typedef struct {
    uint32_t version;
    uint32_t m_kib;
    uint32_t t_cost;
    uint32_t lanes;
    uint32_t salt_len;
    uint32_t hash_len;
    uint8_t salt[PHC_SALT_MAX];
    uint8_t hash[PHC_HASH_MAX];
} phc_argon2id_t;

typedef enum {
    PHC_OK = 0,
    PHC_ERR_TOO_LONG,
    PHC_ERR_SYNTAX,    /* separators, field names, trailing bytes */
    PHC_ERR_ALGORITHM, /* not argon2id */
    PHC_ERR_VERSION,   /* missing or not 19 */
    PHC_ERR_PARAMS,    /* a parameter malformed or out of bounds */
    PHC_ERR_SALT,      /* bad base64 or length */
    PHC_ERR_HASH,      /* bad base64 or length */
} phc_err_t;

/* Parses the len bytes at s (no terminator needed); *out only on PHC_OK. */
phc_err_t phc_parse_argon2id(const char *s, size_t len, phc_argon2id_t *out);

/* Static, never NULL. */
const char *phc_strerror(phc_err_t err);

#endif
