/* Failed-login backoff: doubling from the first delay, capped. */
#include "backoff.h"
#include "check.h"

int main(void) {
    CHECK_EQ(sh_backoff_ms(0), 0);
    CHECK_EQ(sh_backoff_ms(1), 1000);
    CHECK_EQ(sh_backoff_ms(2), 2000);
    CHECK_EQ(sh_backoff_ms(3), 4000);
    CHECK_EQ(sh_backoff_ms(4), 8000);
    CHECK_EQ(sh_backoff_ms(5), SH_BACKOFF_MAX_MS);
    CHECK_EQ(sh_backoff_ms(1000000), SH_BACKOFF_MAX_MS);
    CHECK_EQ(sh_backoff_ms(UINT32_MAX), SH_BACKOFF_MAX_MS);
    for (uint32_t n = 1; n < 40; n++)
        CHECK(sh_backoff_ms(n + 1) >= sh_backoff_ms(n));
    return check_summary();
}
