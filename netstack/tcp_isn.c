/* RFC 6528 initial sequence numbers (contract in tcp_isn.h). */
#include "tcp_isn.h"
#include "capos/byteorder.h"
#include "capos/hmac_sha256.h"

uint32_t tcp_isn(const uint8_t key[TCP_ISN_KEY_BYTES], uint32_t local_addr, uint16_t local_port,
                 uint32_t remote_addr, uint16_t remote_port, uint64_t now_us) {
    uint8_t tuple[12], mac[HMAC_SHA256_BYTES];
    store_le32(tuple, local_addr);
    store_le32(tuple + 4, remote_addr);
    store_le32(tuple + 8, (uint32_t)local_port << 16 | remote_port);
    hmac_sha256(key, TCP_ISN_KEY_BYTES, tuple, sizeof(tuple), mac);
    return load_le32(mac) + (uint32_t)(now_us / 4u);
}
