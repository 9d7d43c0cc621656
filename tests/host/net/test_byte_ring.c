/* The byte ring: partial writes when full, wrap-around, order kept. */
#include <stdlib.h>
#include "byte_ring.h"
#include "check.h"

static void fills_and_refuses_the_rest(void) {
    uint8_t buf[8], out[16];
    byte_ring_t r;
    byte_ring_init(&r, buf, sizeof(buf));
    CHECK_EQ(byte_ring_write(&r, "abcdef", 6), 6);
    CHECK_EQ(byte_ring_write(&r, "ghijk", 5), 2); /* only what fits */
    CHECK_EQ(byte_ring_space(&r), 0);
    CHECK_EQ(byte_ring_write(&r, "x", 1), 0);
    CHECK_EQ(byte_ring_read(&r, out, sizeof(out)), 8);
    CHECK_MEM(out, "abcdefgh", 8);
    CHECK_EQ(byte_ring_len(&r), 0);
    CHECK_EQ(byte_ring_read(&r, out, 4), 0);
}

static void wraps_around(void) {
    uint8_t buf[8], out[8];
    byte_ring_t r;
    byte_ring_init(&r, buf, sizeof(buf));
    CHECK_EQ(byte_ring_write(&r, "012345", 6), 6);
    CHECK_EQ(byte_ring_read(&r, out, 4), 4); /* head at 4 */
    CHECK_MEM(out, "0123", 4);
    CHECK_EQ(byte_ring_write(&r, "6789ab", 6), 6); /* crosses the end */
    CHECK_EQ(byte_ring_len(&r), 8);
    CHECK_EQ(byte_ring_read(&r, out, 3), 3);
    CHECK_MEM(out, "456", 3);
    CHECK_EQ(byte_ring_read(&r, out, 8), 5);
    CHECK_MEM(out, "789ab", 5);
}

static void clear_empties(void) {
    uint8_t buf[4], out[4];
    byte_ring_t r;
    byte_ring_init(&r, buf, sizeof(buf));
    CHECK_EQ(byte_ring_write(&r, "abc", 3), 3);
    byte_ring_clear(&r);
    CHECK_EQ(byte_ring_len(&r), 0);
    CHECK_EQ(byte_ring_space(&r), 4);
    CHECK_EQ(byte_ring_write(&r, "wxyz", 4), 4);
    CHECK_EQ(byte_ring_read(&r, out, 4), 4);
    CHECK_MEM(out, "wxyz", 4);
}

static void peek_keeps_drop_takes(void) {
    uint8_t buf[8], out[8];
    byte_ring_t r;
    byte_ring_init(&r, buf, sizeof(buf));
    CHECK_EQ(byte_ring_write(&r, "012345", 6), 6);
    CHECK_EQ(byte_ring_read(&r, out, 5), 5);       /* head at 5 */
    CHECK_EQ(byte_ring_write(&r, "abcdef", 6), 6); /* wraps */
    CHECK_EQ(byte_ring_peek(&r, out, 4), 4);
    CHECK_MEM(out, "5abc", 4);
    CHECK_EQ(byte_ring_len(&r), 7); /* nothing taken */
    CHECK_EQ(byte_ring_peek(&r, out, 8), 7);
    CHECK_MEM(out, "5abcdef", 7);
    CHECK_EQ(byte_ring_drop(&r, 3), 3);
    CHECK_EQ(byte_ring_len(&r), 4);
    CHECK_EQ(byte_ring_read(&r, out, 8), 4);
    CHECK_MEM(out, "cdef", 4);
    CHECK_EQ(byte_ring_drop(&r, 1), 0); /* empty */
    CHECK_EQ(byte_ring_peek(&r, out, 1), 0);
    CHECK_EQ(byte_ring_write(&r, "xy", 2), 2);
    CHECK_EQ(byte_ring_drop(&r, 9), 2); /* at most what is held */
    CHECK_EQ(byte_ring_space(&r), 8);
}

/* Random writes and reads against a straight copy of the stream. */
static void keeps_the_stream(void) {
    enum { CAP = 61, TOTAL = 200000 };
    static uint8_t buf[CAP], in[TOTAL], out[TOTAL];
    byte_ring_t r;
    byte_ring_init(&r, buf, CAP);
    srand(7);
    for (size_t i = 0; i < TOTAL; i++)
        in[i] = (uint8_t)rand();
    size_t wrote = 0, read = 0;
    while (read < TOTAL) {
        uint32_t w = (uint32_t)(rand() % 80);
        if (w > TOTAL - wrote)
            w = (uint32_t)(TOTAL - wrote);
        uint32_t took = byte_ring_write(&r, in + wrote, w);
        CHECK(took <= w);
        wrote += took;
        read += byte_ring_read(&r, out + read, (uint32_t)(rand() % 80));
        CHECK(byte_ring_len(&r) <= CAP);
    }
    CHECK_MEM(out, in, TOTAL);
}

int main(void) {
    fills_and_refuses_the_rest();
    wraps_around();
    clear_empties();
    peek_keeps_drop_takes();
    keeps_the_stream();
    return check_summary();
}
