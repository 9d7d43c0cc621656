/* RFC 6528 sequence numbers: keyed, per connection, advancing with time. */
#include "check.h"
#include "tcp_isn.h"

int main(void) {
    uint8_t key[TCP_ISN_KEY_BYTES] = {1, 2, 3}, other[TCP_ISN_KEY_BYTES] = {9};
    uint32_t a = tcp_isn(key, 0x0a00020f, 23, 0x0a000202, 40000, 1000);
    CHECK_EQ(tcp_isn(key, 0x0a00020f, 23, 0x0a000202, 40000, 1000), a);
    CHECK_EQ(tcp_isn(key, 0x0a00020f, 23, 0x0a000202, 40000, 1004), a + 1); /* 4 us per step */
    CHECK_EQ(tcp_isn(key, 0x0a00020f, 23, 0x0a000202, 40000, 1000 + 4000000), a + 1000000);
    CHECK(tcp_isn(key, 0x0a00020f, 23, 0x0a000202, 40001, 1000) != a); /* other port */
    CHECK(tcp_isn(key, 0x0a00020f, 24, 0x0a000202, 40000, 1000) != a);
    CHECK(tcp_isn(key, 0x0a00020f, 23, 0x0a000203, 40000, 1000) != a);   /* other peer */
    CHECK(tcp_isn(other, 0x0a00020f, 23, 0x0a000202, 40000, 1000) != a); /* other key */
    return check_summary();
}
