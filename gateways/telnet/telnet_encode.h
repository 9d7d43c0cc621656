/*
 * Server output for the Telnet wire (NVT, RFC 854): the terminal's bytes with
 * IAC doubled, "\n" sent as CR LF and a CR that does not start a CR LF pair
 * sent as CR NUL, so the client never reads our data as a command or a line
 * end we did not mean. Pure; no state between calls, so a CR LF pair split
 * across two calls goes out as CR NUL, CR LF (it looks the same).
 */
#ifndef CAPOS_TELNET_ENCODE_H
#define CAPOS_TELNET_ENCODE_H

#include <stddef.h>
#include <stdint.h>

/* The most bytes n input bytes encode to: every byte may double. */
#define TELNET_ENCODE_WORST(n) (2u * (n))

/* Shown before the first prompt: the gateway is unencrypted and says so. */
#define TELNET_BANNER_TEXT                                                                         \
    "capOS telnet gateway\n"                                                                       \
    "WARNING: this connection is NOT encrypted. Your password and everything you\n"                \
    "type or see can be read and altered by anyone on the network path.\n"                         \
    "Use SSH where you can.\n"

/* Encodes in[0..n) into out (cap bytes), whole units only (IAC, CR LF, CR
 * and "\n" are never cut in half). Returns the bytes written; *consumed is
 * the input bytes they encode (n when cap >= TELNET_ENCODE_WORST(n)). */
size_t telnet_encode(const uint8_t *in, size_t n, uint8_t *out, size_t cap, size_t *consumed);

/* The encoded banner in out; its length, or 0 when cap is too small. */
size_t telnet_banner(uint8_t *out, size_t cap);

#endif
