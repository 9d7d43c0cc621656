/*
 * terminal: the TerminalSession service of the serial console, the only
 * holder of the UART. Glue: the CapSet names become a terminal_env_t (see
 * README.md), then the service runs until its endpoint goes away.
 */
#include "capos/rt.h"
#include "terminal.h"

/* A start-up failure can only be reported on the UART itself. */
static void report(const terminal_t *t, const char *what, cap_err_t e) {
    char msg[96];
    int n = rt_snprintf(msg, sizeof(msg), "terminal: %s: %s\r\n", what, rt_strerror(e));
    if (n > 0 && t->uart.ports != CAP_NULL)
        (void)uart_write(&t->uart, (const uint8_t *)msg,
                         (uint32_t)n < sizeof(msg) ? (uint32_t)n : sizeof(msg) - 1);
}

int main(void) {
    static terminal_t t;
    const terminal_env_t env = {
        .com1 = rt_cap("com1"),
        .com1_irq = rt_cap("com1_irq"),
        .memory = rt_cap("memory"),
        .server = rt_cap("server"),
    };
    cap_err_t e = terminal_start(&t, &env);
    if (e != CAP_OK) {
        report(&t, "start-up failed", e);
        return 1;
    }
    e = terminal_serve(&t);
    report(&t, "endpoint closed", e);
    return 2;
}
