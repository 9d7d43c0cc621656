/*
 * libFuzzer harness for the terminal line discipline. The first three bytes
 * pick max_bytes, the echo mode and allow_empty; the rest is typed input.
 * Properties: a line never exceeds min(max_bytes, ceiling) and holds no
 * control byte; hidden echo is only ever "" or "\r\n"; visible echo holds
 * only typed printable bytes and the discipline's own editing bytes; every
 * completion leaves the edit buffer scrubbed.
 */
#include <stddef.h>
#include <stdint.h>

#include "line_discipline.h"

#define REQUIRE(cond)                                                                              \
    do {                                                                                           \
        if (!(cond))                                                                               \
            __builtin_trap();                                                                      \
    } while (0)

static int scrubbed(const line_discipline_t *ld) {
    for (size_t i = 0; i < sizeof(ld->buf); i++)
        if (ld->buf[i])
            return 0;
    return ld->len == 0;
}

static void check_echo(const ld_echo_t *echo, uint32_t mode, const uint8_t typed[256]) {
    REQUIRE(echo->len <= LD_ECHO_MAX);
    if (mode == LD_ECHO_HIDDEN) {
        REQUIRE(echo->len == 0 ||
                (echo->len == 2 && echo->bytes[0] == '\r' && echo->bytes[1] == '\n'));
        return;
    }
    for (uint32_t i = 0; i < echo->len; i++) {
        uint8_t b = echo->bytes[i];
        REQUIRE(typed[b] || b == '\b' || b == ' ' || b == '\r' || b == '\n' || b == '\a' ||
                b == '^' || b == 'C');
    }
}

static void check_line(const uint8_t *line, uint32_t len, uint32_t limit) {
    REQUIRE(len <= limit && len <= LD_CEILING);
    for (uint32_t i = 0; i < len; i++)
        REQUIRE(line[i] >= 0x20 && line[i] != 0x7f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static line_discipline_t ld;
    static ld_echo_t echo;
    static uint8_t line[LD_CEILING];
    uint8_t typed[256] = {0};
    if (size < 3)
        return 0;
    uint32_t max = 1u + ((uint32_t)data[0] << 2 | (data[1] & 3u)); /* 1..1024 */
    uint32_t mode = (data[1] >> 2) & 1u;
    int allow_empty = data[2] & 1;
    uint32_t limit = max < LD_CEILING ? max : LD_CEILING;
    ld_init(&ld);
    ld_begin(&ld, max, mode, allow_empty);
    for (size_t i = 3; i < size; i++) {
        typed[data[i]] = 1;
        ld_result_t r = ld_feed(&ld, data[i], &echo);
        check_echo(&echo, mode, typed);
        REQUIRE(ld.len <= limit);
        if (r == LD_PENDING || r == LD_REPROMPT) {
            REQUIRE(ld.active);
            continue;
        }
        REQUIRE(!ld.active);
        if (r == LD_SUBMITTED) {
            uint32_t n = ld_take(&ld, line, sizeof(line));
            check_line(line, n, limit);
            REQUIRE(allow_empty || n > 0);
        }
        REQUIRE(scrubbed(&ld));
        ld_begin(&ld, max, mode, allow_empty);
    }
    ld_end_of_input(&ld, &echo);
    check_echo(&echo, mode, typed);
    REQUIRE(scrubbed(&ld) && !ld.active);
    return 0;
}
