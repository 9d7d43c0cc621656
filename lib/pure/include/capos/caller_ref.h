/*
 * The opaque caller-session reference an endpoint server receives with each
 * call (ipc_caller_t.ref_lo/ref_hi).
 *
 * ref = first 16 bytes of HMAC-SHA256(boot_secret,
 *           "capos.caller-ref.v1" || le64(endpoint_scope) || le64(session_id))
 * ref_lo = little-endian u64 of bytes 0..7, ref_hi = bytes 8..15.
 *
 * Invariants: deterministic for a given (secret, scope, session); unlinkable
 * across scopes without the secret; never all-zero (an all-zero result is
 * replaced by ref_lo = 1), so zero can mean "no caller reference".
 */
#ifndef CAPOS_CALLER_REF_H
#define CAPOS_CALLER_REF_H

#include <stdint.h>

#define CALLER_REF_DOMAIN "capos.caller-ref.v1"
#define CALLER_REF_DOMAIN_LEN 19u

void caller_ref_derive(const uint8_t boot_secret[32], uint64_t endpoint_scope, uint64_t session_id,
                       uint64_t *ref_lo, uint64_t *ref_hi);

#endif
