/* caller_ref_derive: known answers, determinism, and sensitivity to every
 * bit of the secret, scope and session. */
#include "capos/caller_ref.h"
#include "check.h"

static void secret_0_to_31(uint8_t s[32]) {
    for (unsigned i = 0; i < 32; i++)
        s[i] = (uint8_t)i;
}

/*
 * Expected values computed independently with the Python standard library:
 *   mac = hmac.new(bytes(range(32)),
 *                  b"capos.caller-ref.v1" + struct.pack("<QQ", scope, session),
 *                  hashlib.sha256).digest()
 *   lo, hi = struct.unpack("<QQ", mac[:16])
 */
static void test_known_answers(void) {
    static const struct {
        uint64_t scope, session, lo, hi;
    } v[] = {
        {0x0123456789abcdefull, 42, 0x8a413d1dbffdeee1ull, 0x25b3f01fa662f86full},
        {0, 0, 0xa9c88b0f28adf343ull, 0xb6e57b2ab7906f11ull},
        {UINT64_MAX, UINT64_MAX, 0xb6cfe53e08765401ull, 0x8957cd50eeb6b84cull},
    };
    uint8_t secret[32];
    secret_0_to_31(secret);
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        uint64_t lo = 0, hi = 0;
        caller_ref_derive(secret, v[i].scope, v[i].session, &lo, &hi);
        CHECK(lo == v[i].lo);
        CHECK(hi == v[i].hi);
    }
}

static void test_deterministic(void) {
    uint8_t secret[32];
    uint64_t lo1, hi1, lo2, hi2;
    secret_0_to_31(secret);
    caller_ref_derive(secret, 7, 9, &lo1, &hi1);
    caller_ref_derive(secret, 7, 9, &lo2, &hi2);
    CHECK(lo1 == lo2 && hi1 == hi2);
    CHECK(lo1 != 0 || hi1 != 0);
}

/* Flipping any single input bit must change the reference. */
static void test_single_bit_sensitivity(void) {
    const uint64_t scope = 0x1122334455667788ull, session = 0x99aabbccddeeff00ull;
    uint8_t secret[32];
    uint64_t lo0, hi0, lo, hi;
    unsigned same = 0;

    secret_0_to_31(secret);
    caller_ref_derive(secret, scope, session, &lo0, &hi0);
    for (unsigned b = 0; b < 64; b++) {
        caller_ref_derive(secret, scope ^ (1ull << b), session, &lo, &hi);
        same += lo == lo0 && hi == hi0;
        caller_ref_derive(secret, scope, session ^ (1ull << b), &lo, &hi);
        same += lo == lo0 && hi == hi0;
    }
    for (unsigned b = 0; b < 256; b++) {
        secret[b / 8] ^= (uint8_t)(1u << (b % 8));
        caller_ref_derive(secret, scope, session, &lo, &hi);
        same += lo == lo0 && hi == hi0;
        secret[b / 8] ^= (uint8_t)(1u << (b % 8));
    }
    CHECK_EQ(same, 0);
}

/* Scope and session are not interchangeable. */
static void test_scope_session_not_symmetric(void) {
    uint8_t secret[32];
    uint64_t lo1, hi1, lo2, hi2;
    secret_0_to_31(secret);
    caller_ref_derive(secret, 1, 2, &lo1, &hi1);
    caller_ref_derive(secret, 2, 1, &lo2, &hi2);
    CHECK(lo1 != lo2 || hi1 != hi2);
}

int main(void) {
    test_known_answers();
    test_deterministic();
    test_single_bit_sensitivity();
    test_scope_session_not_symmetric();
    return check_summary();
}
