/*
 * termprobe: tries to write to the terminal with whatever it holds. With a
 * granted 'terminal' it writes a line and exits 10. Without one it tries
 * every handle its table could hold (forged handles) and exits 20 when
 * every write was refused, 30 if any got through (which would be a leak).
 */
#include "capos/idl/terminal.h"
#include "capos/rt.h"

#define PROBE_HANDLES 4096u

static const char msg[] = "termprobe: wrote to the terminal it was granted\n";

int main(void) {
    cap_t term = rt_cap("terminal");
    if (term != CAP_NULL)
        return terminal_session_write(term, (const uint8_t *)msg, sizeof msg - 1) == CAP_OK ? 10
                                                                                            : 11;
    static const char leak[] = "termprobe: LEAK: wrote through a handle it was not granted\n";
    for (cap_t h = 0; h < PROBE_HANDLES; h++)
        if (terminal_session_write(h, (const uint8_t *)leak, sizeof leak - 1) == CAP_OK)
            return 30;
    return 20;
}
