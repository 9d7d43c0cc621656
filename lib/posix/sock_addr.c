/* AF_INET socket addresses (see sock_addr.h). */
#include <errno.h>
#include <netinet/in.h>
#include <string.h>

#include "sock_addr.h"

int sock_addr_get(const void *sa, socklen_t len, uint32_t *addr, uint32_t *port) {
    struct sockaddr_in in;
    if (!sa || (int)len < (int)sizeof(in))
        return -EINVAL;
    memcpy(&in, sa, sizeof(in));
    if (in.sin_family != AF_INET)
        return -EAFNOSUPPORT;
    *addr = ntohl(in.sin_addr.s_addr);
    *port = ntohs(in.sin_port);
    return 0;
}

bool sock_addr_is_unspec(const void *sa, socklen_t len) {
    sa_family_t family;
    if (!sa || (int)len < (int)sizeof(family))
        return false;
    memcpy(&family, sa, sizeof(family));
    return family == AF_UNSPEC;
}

int sock_addr_put(uint32_t addr, uint32_t port, void *sa, socklen_t *len) {
    if ((int)*len < 0)
        return -EINVAL;
    struct sockaddr_in in;
    memset(&in, 0, sizeof(in));
    in.sin_family = AF_INET;
    in.sin_port = htons((uint16_t)port);
    in.sin_addr.s_addr = htonl(addr);
    size_t n = *len < sizeof(in) ? *len : sizeof(in);
    if (n)
        memcpy(sa, &in, n);
    *len = sizeof(in);
    return 0;
}

bool sock_addr_bindable(uint32_t addr, uint32_t own) {
    return addr == SOCK_ADDR_ANY || addr == SOCK_ADDR_LOOPBACK || (own != 0 && addr == own);
}

uint32_t sock_addr_destination(uint32_t addr, uint32_t own) {
    if (own != 0 && (addr == SOCK_ADDR_ANY || SOCK_ADDR_IS_LOOPBACK(addr)))
        return own;
    return addr;
}
