/* Host tests of the gateways' peer text (gateways/common/peer_text.h). */
#include "check.h"
#include "peer_text.h"

static void text_is(uint32_t addr, uint32_t port, const char *want) {
    char out[GW_PEER_TEXT_MAX];
    memset(out, 'x', sizeof out);
    uint32_t n = gw_peer_text(out, addr, port);
    CHECK_EQ(n, strlen(want));
    CHECK_MEM(out, want, n + 1);
}

int main(void) {
    text_is(0x0a000202u, 22, "10.0.2.2:22");
    text_is(0, 0, "0.0.0.0:0");
    text_is(0xffffffffu, 65535, "255.255.255.255:65535"); /* the longest */
    text_is(0x7f000001u, 0x10016u, "127.0.0.1:22");       /* a port keeps 16 bits */
    return check_summary();
}
