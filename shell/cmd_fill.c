/* fill BYTES: writes BYTES bytes of printable text (lines of 64) through the
 * terminal, in whole TerminalSession writes: bulk output for throughput
 * measurements (bench/ssh.sh), and a check that big output arrives whole. */
#include "capos/idl/terminal.h"
#include "shell.h"

#define FILL_MAX (1ull << 32) /* 4 GiB: a bound, not a goal */
#define FILL_LINE 64u
#define FILL_CHUNK (15u * FILL_LINE) /* TerminalSession.write takes 1016 */

static bool parse_bytes(const char *s, uint64_t *out) {
    uint64_t v = 0;
    if (!*s)
        return false;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || v > FILL_MAX / 10)
            return false;
        v = v * 10 + (uint64_t)(*s - '0');
    }
    *out = v;
    return v <= FILL_MAX;
}

void sh_cmd_fill(shell_t *sh, int argc, char **argv) {
    static uint8_t chunk[FILL_CHUNK];
    uint64_t left = 0;
    if (argc != 2 || !parse_bytes(argv[1], &left)) {
        sh_print(sh, "usage: fill BYTES (at most %llu)\n", (unsigned long long)FILL_MAX);
        sh->status = 2;
        return;
    }
    for (uint32_t i = 0; i < FILL_CHUNK; i++)
        chunk[i] = (i % FILL_LINE) == FILL_LINE - 1 ? '\n' : (uint8_t)('a' + i % 26);
    while (left) {
        uint32_t n = left < FILL_CHUNK ? (uint32_t)left : FILL_CHUNK;
        cap_err_t e = terminal_session_write(sh->terminal, chunk, n);
        if (e != CAP_OK) {
            sh_fail(sh, "fill", "the terminal refused the output", e);
            return;
        }
        left -= n;
    }
}
