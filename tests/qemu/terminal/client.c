/*
 * QEMU scenario of the serial-console TerminalSession service. One ELF, three
 * roles picked by the name it starts as:
 *   term-client    init: wires the terminal service (com1, com1_irq,
 *                  memory, server), then drives it as a client through a
 *                  fixed script the host side answers (drive_terminal.py)
 *   term-rival     holds a second terminal facet and tries to read a line
 *                  while the client's read is pending (QUEUE_FULL)
 *   term-stranger  holds no terminal and no UART: it cannot reach either
 * Result lines are "<what>: <value>"; the hidden line is reported only by
 * length and whether it matched, never by content.
 */
#include "capos/rt.h"
#include "capos/idl/all.h"

#define COM1_BASE 0x3f8u
#define COM1_PORTS 8u
#define COM1_IRQ 4u
#define TERMINAL_PAGES 16u
#define CLIENT_RIGHTS (CAP_RIGHT_CALL | CAP_RIGHT_TRANSFER)
/* The hidden test input (the host types it; it must never be echoed). */
#define HIDDEN_EXPECTED "Kx9!vQ2#mZ7@"

static int failures;

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            failures++;                                                                            \
            rt_printf("CHECK FAILED %s:%d: %s\n", __FILE__, __LINE__, #cond);                      \
        }                                                                                          \
    } while (0)

/* Reports an error code as "<what>: <NAME>" and checks it. */
static void expect_err(const char *what, cap_err_t got, cap_err_t want) {
    rt_printf("%s: %s\n", what, rt_strerror(got));
    CHECK(got == want);
}

typedef struct {
    cap_t terminal; /* client facet of the TerminalSession endpoint */
    cap_t rival;    /* a second facet, for term-rival */
    cap_t process;  /* the terminal service */
    cap_t com1;     /* the UART hold that was moved to the service */
} wiring_t;

/* Creates the endpoint and the device caps and starts the terminal with
 * exactly com1, com1_irq, memory and server. */
static cap_err_t wire_terminal(wiring_t *w) {
    cap_t ep = CAP_NULL, irq = CAP_NULL, mem = CAP_NULL;
    cap_err_t e = memory_create_endpoint(rt_cap("memory"), CAP_SCOPE_SAME_SESSION, 4, &ep);
    if (e == CAP_OK)
        e = cap_derive(ep, CLIENT_RIGHTS, CAP_SCOPE_SAME_SESSION, 0, 1, &w->terminal);
    if (e == CAP_OK)
        e = cap_derive(ep, CLIENT_RIGHTS, CAP_SCOPE_SAME_SESSION, 0, 2, &w->rival);
    if (e == CAP_OK)
        e = io_ports_sub(rt_cap("ioports"), COM1_BASE, COM1_PORTS, &w->com1);
    if (e == CAP_OK)
        e = irq_control_claim(rt_cap("irq_control"), COM1_IRQ, &irq);
    if (e == CAP_OK)
        e = memory_split(rt_cap("memory"), TERMINAL_PAGES, &mem);
    if (e != CAP_OK)
        return e;
    const rt_grant_t g[] = {
        {"com1", w->com1, IPC_CAP_MOVE},
        {"com1_irq", irq, IPC_CAP_MOVE},
        {"memory", mem, IPC_CAP_MOVE},
        {"server", ep, IPC_CAP_MOVE},
    };
    return rt_spawn(rt_cap("spawner"), "terminal", g, 4, &w->process);
}

/* read_line with a NUL-terminated prompt; line gets a terminating NUL. */
static cap_err_t read_line(cap_t t, const char *prompt, uint32_t max, uint32_t echo,
                           uint32_t *status, char line[513], uint32_t *len) {
    cap_err_t e = terminal_session_read_line(t, prompt, (uint32_t)strlen(prompt), max, echo, 0,
                                             status, (uint8_t *)line, 512, len);
    line[e == CAP_OK ? *len : 0] = '\0';
    return e;
}

/* A visible line: its text may be shown (it was echoed anyway). */
static void visible_line(cap_t t, const char *what, const char *prompt, uint32_t max,
                         uint32_t want_status, const char *want) {
    static char line[513];
    uint32_t status = 9, len = 0;
    cap_err_t e = read_line(t, prompt, max, 0, &status, line, &len);
    rt_printf("%s: err=%s status=%u len=%u line=%s\n", what, rt_strerror(e), status, len, line);
    CHECK(e == CAP_OK && status == want_status && !strcmp(line, want));
}

/* A hidden line: only its length and whether it matched are shown. */
static void hidden_line(cap_t t, const char *what, const char *prompt, uint32_t want_status,
                        const char *want) {
    static char line[513];
    uint32_t status = 9, len = 0;
    cap_err_t e = read_line(t, prompt, 64, 1, &status, line, &len);
    bool match = e == CAP_OK && !strcmp(line, want);
    rt_printf("%s: err=%s status=%u len=%u match=%s\n", what, rt_strerror(e), status, len,
              match ? "yes" : "no");
    CHECK(e == CAP_OK && status == want_status && match);
    memset(line, 0, sizeof(line));
}

static cap_t spawn_role(const char *role, const rt_grant_t *g, uint32_t n) {
    cap_t p = CAP_NULL;
    cap_err_t e = rt_spawn(rt_cap("spawner"), role, g, n, &p);
    if (e != CAP_OK)
        rt_printf("spawn %s: %s\n", role, rt_strerror(e));
    CHECK(e == CAP_OK);
    return p;
}

static int64_t wait_exit(cap_t p) {
    int64_t code = -1000;
    CHECK(process_handle_wait(p, &code) == CAP_OK);
    return code;
}

/* The scripted conversation; drive_terminal.py types the answers. */
static void converse(cap_t t) {
    static const char multi[] = "multi\nline\n";
    uint32_t cols = 0, rows = 0;
    CHECK(terminal_session_write_line(t, "terminal-test: banner", 21) == CAP_OK);
    CHECK(terminal_session_write(t, (const uint8_t *)multi, sizeof(multi) - 1) == CAP_OK);
    CHECK(terminal_session_size(t, &cols, &rows) == CAP_OK);
    rt_printf("size: %ux%u\n", cols, rows);
    visible_line(t, "visible", "login> ", 64, 0, "hello");
    hidden_line(t, "hidden", "password> ", 0, HIDDEN_EXPECTED);
    hidden_line(t, "hidden_cancel", "secret-cancel> ", 1, "");
    visible_line(t, "cancel", "cancel> ", 64, 1, "");
    visible_line(t, "short", "short> ", 4, 0, "abcd");
}

/* A rival facet holder tries to read while the client's read is pending;
 * then end of input closes the client's read. */
static void rival_and_eof(cap_t t, cap_t rival_facet) {
    const rt_grant_t g[] = {{"terminal", rival_facet, IPC_CAP_MOVE},
                            {"console", rt_cap("console"), IPC_CAP_COPY},
                            {"clock", rt_cap("clock"), IPC_CAP_COPY}};
    cap_t rival = spawn_role("term-rival", g, 3);
    visible_line(t, "eof", "eof> ", 64, 2, "");
    rt_printf("rival.exit: %ld\n", wait_exit(rival));
}

/* Only the terminal service holds the UART now. */
static void uart_ownership(const wiring_t *w) {
    cap_t again = CAP_NULL;
    uint32_t v = 0;
    expect_err("uart.client_com1_after_move", io_ports_read(w->com1, 5, 1, &v), CAP_ERR_STALE_CAP);
    expect_err("uart.irq4_claim_again", irq_control_claim(rt_cap("irq_control"), COM1_IRQ, &again),
               CAP_ERR_EXISTS);
    const rt_grant_t g[] = {{"console", rt_cap("console"), IPC_CAP_COPY}};
    rt_printf("stranger.exit: %ld\n", wait_exit(spawn_role("term-stranger", g, 1)));
}

static int client(void) {
    wiring_t w = {0};
    cap_err_t e = wire_terminal(&w);
    expect_err("terminal.wired", e, CAP_OK);
    if (e != CAP_OK)
        return 1;
    converse(w.terminal);
    rival_and_eof(w.terminal, w.rival);
    uart_ownership(&w);
    expect_err("terminal.terminate", process_handle_terminate(w.process), CAP_OK);
    rt_printf("terminal.exit: %ld\n", wait_exit(w.process));
    expect_err("terminal.call_after_terminate", terminal_session_write_line(w.terminal, "x", 1),
               CAP_ERR_BROKEN);
    rt_printf("terminal-test: %s\n", failures ? "FAIL" : "PASS");
    return failures ? 1 : 0;
}

static int rival(void) {
    uint32_t status = 9, len = 0;
    static char line[513];
    CHECK(clock_sleep(rt_cap("clock"), 300ull * 1000 * 1000) == CAP_OK);
    expect_err("rival.second_reader",
               read_line(rt_cap("terminal"), "rival> ", 64, 1, &status, line, &len),
               CAP_ERR_QUEUE_FULL);
    return failures;
}

/* Counts handles, over every slot and the first generations, that answer
 * a TerminalSession call. */
static uint32_t reachable_terminals(void) {
    uint32_t found = 0;
    for (uint32_t slot = 1; slot < CAP_TABLE_SLOTS; slot++)
        for (uint32_t gen = 0; gen < 4; gen++) {
            uint32_t cols = 0, rows = 0;
            found += terminal_session_size(CAP_HANDLE(slot, gen), &cols, &rows) == CAP_OK;
        }
    return found;
}

static int stranger(void) {
    uint32_t v = 0;
    rt_printf("stranger.terminal_cap: %s\n", rt_cap("terminal") == CAP_NULL ? "none" : "held");
    rt_printf("stranger.com1_cap: %s\n", rt_cap("com1") == CAP_NULL ? "none" : "held");
    CHECK(rt_cap("terminal") == CAP_NULL && rt_cap("com1") == CAP_NULL);
    expect_err("stranger.forged_handle", terminal_session_write_line(CAP_HANDLE(200, 1), "x", 1),
               CAP_ERR_INVALID_CAP);
    expect_err("stranger.forged_ioports", io_ports_read(CAP_HANDLE(201, 1), 5, 1, &v),
               CAP_ERR_INVALID_CAP);
    uint32_t found = reachable_terminals();
    rt_printf("stranger.terminals_reachable_by_scan: %u\n", found);
    CHECK(found == 0);
    return failures;
}

int main(void) {
    const char *prog = rt_program();
    if (!strcmp(prog, "term-client"))
        return client();
    if (!strcmp(prog, "term-rival"))
        return rival();
    if (!strcmp(prog, "term-stranger"))
        return stranger();
    rt_printf("CHECK FAILED: unexpected program name '%s'\n", prog);
    return 98;
}
