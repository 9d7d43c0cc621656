/* AF_INET addresses (sock_addr.h). */
#include <errno.h>
#include <netinet/in.h>
#include <sys/un.h>

#include "check.h"
#include "sock_addr.h"

static struct sockaddr_in in4(uint32_t addr, uint16_t port) {
    struct sockaddr_in in = {.sin_family = AF_INET, .sin_port = htons(port)};
    in.sin_addr.s_addr = htonl(addr);
    return in;
}

static void test_get(void) {
    struct sockaddr_in in = in4(0x0a00020f, 8080);
    uint32_t addr = 0, port = 0;
    CHECK_EQ(sock_addr_get(&in, sizeof(in), &addr, &port), 0);
    CHECK_EQ(addr, 0x0a00020f);
    CHECK_EQ(port, 8080);
    CHECK_EQ(sock_addr_get(&in, sizeof(in) - 1, &addr, &port), -EINVAL);
    CHECK_EQ(sock_addr_get(&in, (socklen_t)-1, &addr, &port), -EINVAL);
    CHECK_EQ(sock_addr_get(NULL, sizeof(in), &addr, &port), -EINVAL);
    struct sockaddr_in6 in6 = {.sin6_family = AF_INET6};
    CHECK_EQ(sock_addr_get(&in6, sizeof(in6), &addr, &port), -EAFNOSUPPORT);
    struct sockaddr_un un = {.sun_family = AF_UNIX};
    CHECK_EQ(sock_addr_get(&un, sizeof(un), &addr, &port), -EAFNOSUPPORT);
}

static void test_unspec(void) {
    struct sockaddr sa = {.sa_family = AF_UNSPEC};
    CHECK(sock_addr_is_unspec(&sa, sizeof(sa)));
    CHECK(sock_addr_is_unspec(&sa, sizeof(sa_family_t)));
    CHECK(!sock_addr_is_unspec(&sa, 1));
    CHECK(!sock_addr_is_unspec(NULL, sizeof(sa)));
    struct sockaddr_in in = in4(1, 1);
    CHECK(!sock_addr_is_unspec(&in, sizeof(in)));
}

static void test_put(void) {
    struct sockaddr_in out;
    socklen_t len = sizeof(out);
    memset(&out, 0xaa, sizeof(out));
    CHECK_EQ(sock_addr_put(0x7f000001, 23, &out, &len), 0);
    CHECK_EQ(len, sizeof(out));
    CHECK_EQ(out.sin_family, AF_INET);
    CHECK_EQ(ntohs(out.sin_port), 23);
    CHECK_EQ(ntohl(out.sin_addr.s_addr), 0x7f000001);
    CHECK_EQ(out.sin_zero[0], 0);
    uint8_t small[4] = {0xee, 0xee, 0xee, 0xee};
    len = 2; /* truncated, and told the full size */
    CHECK_EQ(sock_addr_put(0x01020304, 0x0506, small, &len), 0);
    CHECK_EQ(len, sizeof(struct sockaddr_in));
    CHECK_EQ(small[2], 0xee);
    len = 0;
    CHECK_EQ(sock_addr_put(1, 2, NULL, &len), 0);
    CHECK_EQ(len, sizeof(struct sockaddr_in));
    len = (socklen_t)-1;
    CHECK_EQ(sock_addr_put(1, 2, &out, &len), -EINVAL);
}

static void test_bindable_and_destination(void) {
    CHECK(sock_addr_bindable(SOCK_ADDR_ANY, 0));
    CHECK(sock_addr_bindable(SOCK_ADDR_LOOPBACK, 0));
    CHECK(sock_addr_bindable(0x0a00020f, 0x0a00020f));
    CHECK(!sock_addr_bindable(0x0a00020f, 0));
    CHECK(!sock_addr_bindable(0x0a000202, 0x0a00020f));
    CHECK_EQ(sock_addr_destination(SOCK_ADDR_ANY, 0x0a00020f), 0x0a00020f);
    CHECK_EQ(sock_addr_destination(SOCK_ADDR_LOOPBACK, 0x0a00020f), 0x0a00020f);
    CHECK_EQ(sock_addr_destination(0x7f0000fe, 0x0a00020f), 0x0a00020f);
    CHECK_EQ(sock_addr_destination(0x0a000202, 0x0a00020f), 0x0a000202);
    CHECK_EQ(sock_addr_destination(0x80000001, 0x0a00020f), 0x80000001);
    CHECK_EQ(sock_addr_destination(SOCK_ADDR_LOOPBACK, 0), SOCK_ADDR_LOOPBACK); /* not known */
}

int main(void) {
    test_get();
    test_unspec();
    test_put();
    test_bindable_and_destination();
    return check_summary();
}
