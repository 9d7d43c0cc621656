/* Telnet data into the line discipline (contract in telnet_line.h). */
#include "telnet_line.h"
#include "telnet_encode.h"

_Static_assert(TELNET_LINE_STEP_ECHO_MAX >= TELNET_ENCODE_WORST(LD_ECHO_MAX),
               "one byte's echo always fits once feeding starts");
_Static_assert(TELNET_LINE_ECHO_MAX >= TELNET_LINE_STEP_ECHO_MAX, "progress is guaranteed");

size_t telnet_line_feed(line_discipline_t *ld, const uint8_t *data, size_t n, bool server_echo,
                        telnet_line_out_t *out) {
    ld_echo_t echo;
    size_t i = 0;
    out->echo_len = 0;
    out->result = LD_PENDING;
    while (i < n && TELNET_LINE_ECHO_MAX - out->echo_len >= TELNET_LINE_STEP_ECHO_MAX) {
        out->result = ld_feed(ld, data[i++], &echo);
        if (server_echo) {
            size_t used = 0;
            out->echo_len +=
                (uint32_t)telnet_encode(echo.bytes, echo.len, out->echo + out->echo_len,
                                        TELNET_LINE_ECHO_MAX - out->echo_len, &used);
        }
        if (out->result != LD_PENDING)
            break;
    }
    return i;
}
