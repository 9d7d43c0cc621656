/* A peer as audit detail text (peer_text.h). */
#include "peer_text.h"

static uint32_t put_decimal(char *out, uint32_t v) {
    char digits[10];
    uint32_t n = 0, len = 0;
    do {
        digits[n++] = (char)('0' + v % 10u);
        v /= 10u;
    } while (v);
    while (n)
        out[len++] = digits[--n];
    return len;
}

uint32_t gw_peer_text(char out[GW_PEER_TEXT_MAX], uint32_t addr, uint32_t port) {
    uint32_t len = 0;
    for (int shift = 24; shift >= 0; shift -= 8) {
        len += put_decimal(out + len, (addr >> shift) & 0xffu);
        out[len++] = shift ? '.' : ':';
    }
    len += put_decimal(out + len, port & 0xffffu);
    out[len] = 0;
    return len;
}
