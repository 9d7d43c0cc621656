/*
 * netstack-ticker: drives the netstack's timers. The netstack is one
 * thread blocked in its endpoint's receive, and the kernel has no timed
 * receive, so this program calls NetTimer.tick and sleeps as long as the
 * answer says (the time to the next lwIP timer, 1..100 ms), forever.
 * It holds only the clock and a NetTimer facet.
 */
#include "capos/rt.h"
#include "capos/idl/clock.h"
#include "capos/idl/net.h"

#define RETRY_NS 100000000ull

int main(void) {
    cap_t clock = rt_cap("clock"), net = rt_cap("net");
    if (clock == CAP_NULL || net == CAP_NULL)
        return 1;
    for (;;) {
        uint64_t sleep_ns = RETRY_NS;
        cap_err_t e = net_timer_tick(net, &sleep_ns);
        if (e == CAP_ERR_BROKEN)
            return 2; /* the netstack is gone */
        if (clock_sleep(clock, e == CAP_OK ? sleep_ns : RETRY_NS) != CAP_OK)
            return 3;
    }
}
