/* Failed-login backoff (backoff.h). */
#include "backoff.h"

uint32_t sh_backoff_ms(uint32_t failures) {
    if (failures == 0)
        return 0;
    uint32_t ms = SH_BACKOFF_FIRST_MS;
    for (uint32_t i = 1; i < failures && ms < SH_BACKOFF_MAX_MS; i++)
        ms *= 2;
    return ms < SH_BACKOFF_MAX_MS ? ms : SH_BACKOFF_MAX_MS;
}
