/* The datagram queue: order, bounded length, drops counted, cuts. */
#include "check.h"
#include "dgram_queue.h"

static void order_and_bound(void) {
    static dgram_queue_t q;
    uint8_t out[NET_DATAGRAM_BYTES_MAX];
    uint32_t addr, len;
    uint16_t port;
    dgram_queue_init(&q);
    CHECK(dgram_queue_empty(&q));
    CHECK(!dgram_queue_pop(&q, &addr, &port, out, sizeof(out), &len));
    for (uint32_t i = 0; i < NET_UDP_QUEUE_DATAGRAMS; i++) {
        uint8_t b = (uint8_t)i;
        CHECK(dgram_queue_push(&q, 0x0a000200u + i, (uint16_t)(1000 + i), &b, 1));
    }
    CHECK(!dgram_queue_push(&q, 1, 1, "x", 1));
    CHECK(!dgram_queue_push(&q, 1, 1, "x", 1));
    CHECK_EQ(q.dropped, 2);
    for (uint32_t i = 0; i < NET_UDP_QUEUE_DATAGRAMS; i++) {
        CHECK(dgram_queue_pop(&q, &addr, &port, out, sizeof(out), &len));
        CHECK_EQ(addr, 0x0a000200u + i);
        CHECK_EQ(port, 1000 + i);
        CHECK_EQ(len, 1);
        CHECK_EQ(out[0], i);
        if (i == 2) /* room again, taken at the tail */
            CHECK(dgram_queue_push(&q, 7, 7, "y", 1));
    }
    CHECK(dgram_queue_pop(&q, &addr, &port, out, sizeof(out), &len) && addr == 7);
    CHECK(dgram_queue_empty(&q));
}

static void cuts(void) {
    static dgram_queue_t q;
    static uint8_t big[2000], out[NET_DATAGRAM_BYTES_MAX];
    uint32_t addr, len;
    uint16_t port;
    for (uint32_t i = 0; i < sizeof(big); i++)
        big[i] = (uint8_t)(i * 7);
    dgram_queue_init(&q);
    CHECK(dgram_queue_push(&q, 1, 2, big, sizeof(big))); /* cut to the maximum */
    CHECK(dgram_queue_push(&q, 1, 2, big, 100));
    CHECK(dgram_queue_pop(&q, &addr, &port, out, sizeof(out), &len));
    CHECK_EQ(len, NET_DATAGRAM_BYTES_MAX);
    CHECK_MEM(out, big, NET_DATAGRAM_BYTES_MAX);
    CHECK(dgram_queue_pop(&q, &addr, &port, out, 10, &len)); /* cut by the reader */
    CHECK_EQ(len, 10);
    CHECK_MEM(out, big, 10);
}

int main(void) {
    order_and_bound();
    cuts();
    return check_summary();
}
