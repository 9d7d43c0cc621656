/* The dummy verifier (see phc_dummy.h). */
#include "phc_dummy.h"

#include <stdio.h>

/* From a verifier of a random password nobody kept. */
#define DUMMY_SALT "xgWiHhYsV8gdILEftyjeUg"
#define DUMMY_HASH "xVZLdRqLIHyKQHIbbXjuotf7/xL7oJFCHv4IwifcT3I"

bool phc_dummy_verifier(uint32_t m_kib, uint32_t t_cost, uint32_t lanes, char *out, size_t cap) {
    int n = snprintf(out, cap, "$argon2id$v=19$m=%u,t=%u,p=%u$" DUMMY_SALT "$" DUMMY_HASH, m_kib,
                     t_cost, lanes);
    return n > 0 && (size_t)n < cap;
}
