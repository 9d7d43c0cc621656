/*
 * The byte stream of the network benchmark (bench/net.sh), shared by the
 * capOS-C guest (bench/guest/net_bench.c), the Linux guest
 * (bench/linux/netserver.c) and, re-implemented, the host driver
 * (bench/net_client.py).
 *
 * Byte i of every bulk transfer is pattern[i mod NETPAT_PERIOD]; the
 * pattern is NETPAT_PERIOD bytes of xorshift64* output (little-endian
 * words) from NETPAT_SEED. The period is prime, so it lines up with no
 * segment, window or buffer size: a lost, repeated or reordered piece shows
 * as a mismatch unless it is a whole multiple of 65521 bytes long (the byte
 * count is checked too). Senders write straight out of the table and
 * receivers compare against it, so checking costs the guests a compare per
 * 8 bytes and generating costs nothing.
 *
 * Wire protocol on the benchmark port (guest TCP 23): the client's first byte
 *   'S'  sink: the client sends the stream until its FIN; the guest checks it
 *        and answers "OK <bytes>\n" or "BAD <offset>\n", then closes
 *   'R'  source: 8 bytes little-endian length follow; the guest sends that
 *        much of the stream, then its FIN, and closes after the client's FIN
 *   any other byte: echoed back, then everything else echoed until the
 *        client's FIN (connect + 1-byte echo + close = one connection)
 */
#ifndef CAPOS_BENCH_NET_PATTERN_H
#define CAPOS_BENCH_NET_PATTERN_H

#include <stddef.h>
#include <stdint.h>

#define NETPAT_PERIOD 65521u
#define NETPAT_SPAN 65536u /* longest piece netpat_at() hands out contiguously */
#define NETPAT_SEED 0x9e3779b97f4a7c15ull
#define NETPAT_PORT 23u

/* The table: pattern repeated so that [off, off + NETPAT_SPAN) is
 * contiguous for every off < NETPAT_PERIOD. */
static uint8_t netpat_table[NETPAT_PERIOD + NETPAT_SPAN + 8];

static inline void netpat_init(void) {
    uint64_t x = NETPAT_SEED;
    for (uint32_t i = 0; i < NETPAT_PERIOD; i += 8) {
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        uint64_t w = x * 0x2545f4914f6cdd1dull;
        for (uint32_t b = 0; b < 8; b++)
            netpat_table[i + b] = (uint8_t)(w >> (8 * b));
    }
    for (uint32_t i = NETPAT_PERIOD; i < sizeof(netpat_table); i++)
        netpat_table[i] = netpat_table[i - NETPAT_PERIOD];
}

/* The stream from byte offset `off` on (at least NETPAT_SPAN bytes). */
static inline const uint8_t *netpat_at(uint64_t off) {
    return netpat_table + off % NETPAT_PERIOD;
}

/* Index of the first byte of data[0, len) that differs from the stream at
 * offset `off`, or len when all match. len <= NETPAT_SPAN. */
static inline size_t netpat_check(const uint8_t *data, size_t len, uint64_t off) {
    const uint8_t *want = netpat_at(off);
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t a, b;
        __builtin_memcpy(&a, data + i, 8);
        __builtin_memcpy(&b, want + i, 8);
        if (a != b)
            break;
    }
    for (; i < len; i++)
        if (data[i] != want[i])
            return i;
    return len;
}

#endif
