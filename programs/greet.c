/*
 * greet: the demonstration program of the default operator and guest
 * launchers. It says hello on the terminal it was granted (if any) and
 * exits with the number of capabilities it was started with, so the shell's
 * exit-code report shows exactly what it received.
 */
#include "capos/idl/terminal.h"
#include "capos/rt.h"

int main(void) {
    const capset_t *cs = rt_capset();
    cap_t term = rt_cap("terminal");
    if (term != CAP_NULL) {
        char line[200];
        int n =
            rt_snprintf(line, sizeof line,
                        "greet: hello from a child process holding %u capabilities\n", cs->count);
        rt_ignore(terminal_session_write(term, (const uint8_t *)line, (uint32_t)n));
    }
    return (int)cs->count;
}
