/* The shell's terminal I/O: everything goes through its TerminalSession. */
#include <stdarg.h>

#include "capos/idl/clock.h"
#include "capos/idl/terminal.h"
#include "shell.h"

void sh_print(shell_t *sh, const char *fmt, ...) {
    static char buf[1000]; /* TerminalSession.write's bound, less its framing */
    va_list ap;
    va_start(ap, fmt);
    int n = rt_vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    uint32_t len = (uint32_t)n < sizeof buf ? (uint32_t)n : (uint32_t)sizeof buf - 1;
    rt_ignore(terminal_session_write(sh->terminal, (const uint8_t *)buf, len));
}

void sh_fail(shell_t *sh, const char *cmd, const char *what, cap_err_t e) {
    sh->status = 1;
    sh_print(sh, "%s: %s (%s)\n", cmd, what, rt_strerror(e));
}

uint32_t sh_read(shell_t *sh, const char *prompt, bool hidden, uint32_t max, char *line,
                 uint32_t cap) {
    uint32_t status = 3, len = 0;
    line[0] = '\0';
    cap_err_t e =
        terminal_session_read_line(sh->terminal, prompt, (uint32_t)strlen(prompt), max,
                                   hidden ? 1u : 0u, 1u, &status, (uint8_t *)line, cap - 1, &len);
    if (e != CAP_OK)
        return 3;
    line[len] = '\0';
    return status;
}

void sh_sleep_ms(shell_t *sh, uint32_t ms) {
    if (sh->clock != CAP_NULL)
        rt_ignore(clock_sleep(sh->clock, (uint64_t)ms * 1000000ull));
}
