/* Canonical standard base64 with padding (authorized_key.h). */
#include "capos/authorized_key.h"

static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* The 6-bit value of c, or -1. */
static int sextet(char c) {
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+')
        return 62;
    if (c == '/')
        return 63;
    return -1;
}

/* One group of four characters; pad gets how many are '=' (only the last
 * group may have any, checked by the caller). */
static bool group(const char *s, uint32_t *bits, unsigned *pad) {
    *bits = 0;
    *pad = s[3] == '=' ? (s[2] == '=' ? 2u : 1u) : 0u;
    for (unsigned i = 0; i < 4; i++) {
        int v = i >= 4 - *pad ? 0 : sextet(s[i]);
        if (v < 0)
            return false;
        *bits = *bits << 6 | (uint32_t)v;
    }
    /* the bits under the padding must be zero (canonical form) */
    return *pad == 0 || (*bits & (*pad == 1 ? 0xffu : 0xffffu)) == 0;
}

bool sys_base64_decode(const char *s, size_t len, uint8_t *out, size_t cap, size_t *out_len) {
    size_t n = 0;
    *out_len = 0;
    if (len == 0 || len % 4 != 0)
        return false;
    for (size_t i = 0; i < len; i += 4) {
        uint32_t bits;
        unsigned pad;
        if (!group(s + i, &bits, &pad) || (pad > 0 && i + 4 != len))
            return false;
        if (3u - pad > cap - n)
            return false;
        for (unsigned b = 0; b < 3u - pad; b++)
            out[n++] = (uint8_t)(bits >> (16 - 8 * b));
    }
    *out_len = n;
    return true;
}

size_t sys_base64_encode(const uint8_t *data, size_t n, char *out, size_t cap) {
    if (n > SIZE_MAX / 2 || cap < SYS_BASE64_LEN(n) + 1)
        return 0;
    size_t len = SYS_BASE64_LEN(n);
    for (size_t i = 0, o = 0; i < n; i += 3, o += 4) {
        size_t left = n - i;
        uint32_t bits = (uint32_t)data[i] << 16;
        if (left > 1)
            bits |= (uint32_t)data[i + 1] << 8;
        if (left > 2)
            bits |= data[i + 2];
        out[o] = alphabet[bits >> 18];
        out[o + 1] = alphabet[(bits >> 12) & 63];
        out[o + 2] = left > 1 ? alphabet[(bits >> 6) & 63] : '=';
        out[o + 3] = left > 2 ? alphabet[bits & 63] : '=';
    }
    out[len] = '\0';
    return len;
}
