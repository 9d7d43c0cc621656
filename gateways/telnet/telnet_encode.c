/* NVT encoding of server output (contract in telnet_encode.h). */
#include "telnet_encode.h"

#define IAC 255u

size_t telnet_encode(const uint8_t *in, size_t n, uint8_t *out, size_t cap, size_t *consumed) {
    size_t i = 0, w = 0;
    while (i < n) {
        uint8_t unit[2] = {in[i], 0};
        size_t used = 1, len = 2;
        if (in[i] == IAC) {
            unit[1] = IAC;
        } else if (in[i] == '\n') {
            unit[0] = '\r';
            unit[1] = '\n';
        } else if (in[i] == '\r') {
            /* CR LF stays as it is; any other CR is CR NUL (RFC 854) */
            if (i + 1 < n && in[i + 1] == '\n') {
                unit[1] = '\n';
                used = 2;
            }
        } else {
            len = 1;
        }
        if (len > cap - w)
            break;
        for (size_t k = 0; k < len; k++)
            out[w++] = unit[k];
        i += used;
    }
    *consumed = i;
    return w;
}

size_t telnet_banner(uint8_t *out, size_t cap) {
    static const char text[] = TELNET_BANNER_TEXT;
    size_t consumed = 0;
    size_t len = telnet_encode((const uint8_t *)text, sizeof(text) - 1, out, cap, &consumed);
    return consumed == sizeof(text) - 1 ? len : 0;
}
