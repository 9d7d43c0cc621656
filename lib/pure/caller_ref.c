#include "capos/caller_ref.h"

#include <stddef.h>

#include "capos/byteorder.h"
#include "capos/hmac_sha256.h"
#include "capos/secure_zero.h"

#define BOOT_SECRET_BYTES 32u

void caller_ref_derive(const uint8_t boot_secret[32], uint64_t endpoint_scope, uint64_t session_id,
                       uint64_t *ref_lo, uint64_t *ref_hi) {
    uint8_t scope_le[8];
    uint8_t session_le[8];
    uint8_t mac[HMAC_SHA256_BYTES];

    store_le64(scope_le, endpoint_scope);
    store_le64(session_le, session_id);

    const void *parts[3] = {CALLER_REF_DOMAIN, scope_le, session_le};
    const size_t lens[3] = {CALLER_REF_DOMAIN_LEN, sizeof scope_le, sizeof session_le};
    hmac_sha256_parts(boot_secret, BOOT_SECRET_BYTES, parts, lens, 3, mac);

    uint64_t lo = load_le64(mac);
    uint64_t hi = load_le64(mac + 8);
    secure_zero(mac, sizeof mac);

    if (lo == 0 && hi == 0)
        lo = 1;
    *ref_lo = lo;
    *ref_hi = hi;
}
