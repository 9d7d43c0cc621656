/* Socket options (sock_opt.h). */
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include "check.h"
#include "sock_opt.h"

static posix_sock_t s;

static int get_int(int level, int name, int *v) {
    socklen_t len = sizeof(*v);
    *v = -1;
    int r = sock_opt_get(&s, level, name, v, &len);
    if (r == 0)
        CHECK_EQ(len, sizeof(int));
    return r;
}

static int set_int(int level, int name, int v) {
    return sock_opt_set(&s, level, name, &v, sizeof(v));
}

static void test_flags(void) {
    sock_init(&s, SOCK_STREAM);
    const int flags[][2] = {{SOL_SOCKET, SO_REUSEADDR},
                            {SOL_SOCKET, SO_KEEPALIVE},
                            {SOL_SOCKET, SO_BROADCAST},
                            {SOL_SOCKET, SO_OOBINLINE},
                            {IPPROTO_TCP, TCP_NODELAY}};
    for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
        int v;
        CHECK_EQ(get_int(flags[i][0], flags[i][1], &v), 0);
        CHECK_EQ(v, 0);
        CHECK_EQ(set_int(flags[i][0], flags[i][1], 7), 0);
        CHECK_EQ(get_int(flags[i][0], flags[i][1], &v), 0);
        CHECK_EQ(v, 1);
        CHECK_EQ(set_int(flags[i][0], flags[i][1], 0), 0);
        CHECK_EQ(get_int(flags[i][0], flags[i][1], &v), 0);
        CHECK_EQ(v, 0);
    }
    CHECK(!s.reuseaddr && !s.nodelay);
    CHECK_EQ(set_int(SOL_SOCKET, SO_REUSEADDR, 1), 0);
    CHECK(s.reuseaddr);
}

static void test_reported(void) {
    int v;
    sock_init(&s, SOCK_STREAM);
    CHECK_EQ(get_int(SOL_SOCKET, SO_TYPE, &v), 0);
    CHECK_EQ(v, SOCK_STREAM);
    CHECK_EQ(get_int(SOL_SOCKET, SO_RCVBUF, &v), 0);
    CHECK_EQ(v, SOCK_TCP_WINDOW);
    CHECK_EQ(set_int(SOL_SOCKET, SO_SNDBUF, 1 << 20), 0); /* accepted, fixed */
    CHECK_EQ(get_int(SOL_SOCKET, SO_SNDBUF, &v), 0);
    CHECK_EQ(v, SOCK_TCP_WINDOW);
    CHECK_EQ(get_int(SOL_SOCKET, SO_ACCEPTCONN, &v), 0);
    CHECK_EQ(v, 0);
    s.phase = SOCK_LISTENING;
    CHECK_EQ(get_int(SOL_SOCKET, SO_ACCEPTCONN, &v), 0);
    CHECK_EQ(v, 1);
    CHECK_EQ(get_int(SOL_SOCKET, SO_PROTOCOL, &v), 0);
    CHECK_EQ(v, IPPROTO_TCP);
    CHECK_EQ(get_int(SOL_SOCKET, SO_DOMAIN, &v), 0);
    CHECK_EQ(v, AF_INET);
    sock_init(&s, SOCK_DGRAM);
    CHECK_EQ(get_int(SOL_SOCKET, SO_TYPE, &v), 0);
    CHECK_EQ(v, SOCK_DGRAM);
    CHECK_EQ(get_int(SOL_SOCKET, SO_RCVBUF, &v), 0);
    CHECK_EQ(v, SOCK_UDP_RCVBUF);
    CHECK_EQ(get_int(SOL_SOCKET, SO_PROTOCOL, &v), 0);
    CHECK_EQ(v, IPPROTO_UDP);
}

static void test_so_error(void) {
    int v;
    sock_init(&s, SOCK_STREAM);
    s.error = ECONNREFUSED;
    CHECK_EQ(get_int(SOL_SOCKET, SO_ERROR, &v), 0);
    CHECK_EQ(v, ECONNREFUSED);
    CHECK_EQ(get_int(SOL_SOCKET, SO_ERROR, &v), 0); /* taken */
    CHECK_EQ(v, 0);
    CHECK_EQ(set_int(SOL_SOCKET, SO_ERROR, 1), -ENOPROTOOPT);
    CHECK_EQ(set_int(SOL_SOCKET, SO_TYPE, 1), -ENOPROTOOPT);
}

static void test_refusals(void) {
    int v = 1;
    sock_init(&s, SOCK_DGRAM);
    CHECK_EQ(set_int(IPPROTO_TCP, TCP_NODELAY, 1), -ENOPROTOOPT); /* not on UDP */
    CHECK_EQ(get_int(IPPROTO_TCP, TCP_NODELAY, &v), -ENOPROTOOPT);
    sock_init(&s, SOCK_STREAM);
    CHECK_EQ(set_int(SOL_SOCKET, SO_REUSEPORT, 1), -ENOPROTOOPT);
    CHECK_EQ(set_int(SOL_SOCKET, SO_LINGER, 1), -ENOPROTOOPT);
    CHECK_EQ(set_int(IPPROTO_TCP, TCP_MAXSEG, 1), -ENOPROTOOPT);
    CHECK_EQ(set_int(IPPROTO_IP, IP_TTL, 1), -ENOPROTOOPT);
    CHECK_EQ(set_int(12345, 1, 1), -ENOPROTOOPT);
    CHECK_EQ(get_int(SOL_SOCKET, 9999, &v), -ENOPROTOOPT);
    CHECK_EQ(sock_opt_set(&s, SOL_SOCKET, SO_REUSEADDR, &v, 2), -EINVAL); /* short */
    CHECK_EQ(sock_opt_set(&s, SOL_SOCKET, SO_REUSEADDR, NULL, sizeof(v)), -EINVAL);
    socklen_t len = (socklen_t)-1;
    CHECK_EQ(sock_opt_get(&s, SOL_SOCKET, SO_TYPE, &v, &len), -EINVAL);
    CHECK_EQ(sock_opt_get(&s, SOL_SOCKET, SO_TYPE, &v, NULL), -EINVAL);
}

static void test_short_get(void) {
    sock_init(&s, SOCK_STREAM);
    unsigned char b[4] = {0xee, 0xee, 0xee, 0xee};
    socklen_t len = 1; /* truncated to what fits, as Linux */
    CHECK_EQ(sock_opt_get(&s, SOL_SOCKET, SO_TYPE, b, &len), 0);
    CHECK_EQ(len, 1);
    CHECK_EQ(b[0], SOCK_STREAM);
    CHECK_EQ(b[1], 0xee);
    len = 0;
    CHECK_EQ(sock_opt_get(&s, SOL_SOCKET, SO_TYPE, NULL, &len), 0);
    CHECK_EQ(len, 0);
}

int main(void) {
    test_flags();
    test_reported();
    test_so_error();
    test_refusals();
    test_short_get();
    return check_summary();
}
