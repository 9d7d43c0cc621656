/*
 * Plain BSD sockets on lib/posix over the netstack (tests/qemu/musl/
 * sockets.system, driven by run_sockets.py). The CapSet holds net (a facet
 * for TCP and UDP port 23, connect and UDP) and net:7 (listen on TCP 7).
 *
 * First the refusals (other families, an ungranted port, unknown options),
 * then loopback traffic through the own address (TCP connect to the own
 * listener, a UDP round trip), then it echoes two connections from the
 * host on port 23: the first with poll and non-blocking calls, the second
 * with blocking ones. "sockets: ready on port 23" tells the host to start.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "common.h"

#define PORT 23
#define EXTRA_PORT 7
#define RING 65536u
#define IDLE_MS 60000

static struct sockaddr_in addr_of(uint32_t host, uint16_t port) {
    struct sockaddr_in in = {.sin_family = AF_INET, .sin_port = htons(port)};
    in.sin_addr.s_addr = htonl(host);
    return in;
}

static int bind_to(int fd, uint32_t host, uint16_t port) {
    struct sockaddr_in in = addr_of(host, port);
    return bind(fd, (struct sockaddr *)&in, sizeof(in));
}

static void check_refusals(void) {
    EXPECT_ERRNO(socket(AF_INET6, SOCK_STREAM, 0), EAFNOSUPPORT, "socket_inet6");
    EXPECT_ERRNO(socket(AF_UNIX, SOCK_STREAM, 0), EAFNOSUPPORT, "socket_unix");
    EXPECT_ERRNO(socket(AF_INET, SOCK_RAW, 1), ESOCKTNOSUPPORT, "socket_raw");
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    test_check(fd >= 0, "socket_stream");
    EXPECT_ERRNO(bind_to(fd, INADDR_ANY, 24), EACCES, "bind_ungranted_port");
    EXPECT_ERRNO(listen(fd, 1), EACCES, "listen_unbound");
    int one = 1;
    EXPECT_ERRNO(setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one)), ENOPROTOOPT,
                 "setsockopt_unknown");
    struct sockaddr_in peer;
    socklen_t len = sizeof(peer);
    EXPECT_ERRNO(getpeername(fd, (struct sockaddr *)&peer, &len), ENOTCONN, "getpeername_fresh");
    close(fd);
    fd = socket(AF_INET, SOCK_DGRAM, 0);
    EXPECT_ERRNO(bind_to(fd, INADDR_ANY, 24), EACCES, "udp_bind_ungranted_port");
    close(fd);
    EXPECT_ERRNO(listen(1, 1), ENOTSOCK, "listen_on_console");
    EXPECT_ERRNO(accept(40, NULL, NULL), EBADF, "accept_closed_fd");
}

/* Binds port 7 through its own net:7 facet, and checks the options. */
static void check_extra_port(void) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1, v = -1;
    socklen_t len = sizeof(v);
    test_check(setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one)) == 0 &&
                   getsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &v, &len) == 0 && v == 1,
               "tcp_nodelay");
    len = sizeof(v);
    test_check(getsockopt(fd, SOL_SOCKET, SO_TYPE, &v, &len) == 0 && v == SOCK_STREAM, "so_type");
    test_check(bind_to(fd, INADDR_ANY, EXTRA_PORT) == 0 && listen(fd, 2) == 0,
               "bind_listen_net_port_facet");
    len = sizeof(v);
    test_check(getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &v, &len) == 0 && v == 1, "so_acceptconn");
    close(fd);
}

/* The server socket on PORT, non-blocking; -1 on failure. */
static int make_listener(void) {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    int one = 1;
    struct sockaddr_in in;
    socklen_t len = sizeof(in);
    bool ok = fd >= 0 && setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) == 0 &&
              bind_to(fd, INADDR_ANY, PORT) == 0 && listen(fd, 4) == 0 &&
              getsockname(fd, (struct sockaddr *)&in, &len) == 0 && len == sizeof(in) &&
              ntohs(in.sin_port) == PORT && (fcntl(fd, F_GETFL) & O_NONBLOCK) &&
              fcntl(fd, F_GETFD) == FD_CLOEXEC;
    test_check(ok, "listen_on_granted_port");
    return ok ? fd : -1;
}

static bool wait_for(int fd, short events, int ms) {
    struct pollfd p = {.fd = fd, .events = events};
    return poll(&p, 1, ms) == 1 && (p.revents & (events | POLLHUP | POLLERR));
}

/* connect() to 127.0.0.1:PORT (the own address), retried while the
 * interface has no address yet. */
static int connect_self(void) {
    for (int tries = 0; tries < 150; tries++) {
        int fd = socket(AF_INET, SOCK_STREAM, 0);
        struct sockaddr_in in = addr_of(INADDR_LOOPBACK, PORT);
        if (connect(fd, (struct sockaddr *)&in, sizeof(in)) == 0)
            return fd;
        printf("sockets: connect to self: %s, again\n", test_errno_name(errno));
        close(fd);
        nanosleep(&(struct timespec){.tv_nsec = 100000000}, NULL);
    }
    return -1;
}

static bool same_address(const struct sockaddr_in *a, const struct sockaddr_in *b) {
    return a->sin_addr.s_addr == b->sin_addr.s_addr && a->sin_port == b->sin_port;
}

static void check_tcp_loopback(int listener) {
    int client = connect_self();
    if (!test_check(client >= 0, "connect_self"))
        return;
    test_check(wait_for(listener, POLLIN, 5000), "poll_listener_readable");
    struct sockaddr_in from, client_name, peer;
    socklen_t len = sizeof(from), l2 = sizeof(client_name), l3 = sizeof(peer);
    int server = accept4(listener, (struct sockaddr *)&from, &len, SOCK_NONBLOCK);
    test_check(server >= 0 && getsockname(client, (struct sockaddr *)&client_name, &l2) == 0 &&
                   same_address(&from, &client_name),
               "accept_peer_is_client");
    test_check(getpeername(client, (struct sockaddr *)&peer, &l3) == 0 &&
                   ntohs(peer.sin_port) == PORT,
               "getpeername_client");
    char buf[16] = {0};
    EXPECT_ERRNO(read(server, buf, sizeof(buf)), EAGAIN, "nonblocking_read_nothing");
    test_check(write(client, "ping", 4) == 4, "write_client");
    test_check(wait_for(server, POLLIN, 5000) && recv(server, buf, 2, MSG_PEEK) == 2 &&
                   read(server, buf, sizeof(buf)) == 4 && memcmp(buf, "ping", 4) == 0,
               "loopback_tcp_data");
    test_check(shutdown(server, SHUT_WR) == 0 && read(client, buf, sizeof(buf)) == 0,
               "half_close_end_of_stream");
    EXPECT_ERRNO(send(server, "x", 1, MSG_NOSIGNAL), EPIPE, "send_after_shutdown");
    test_check(close(client) == 0 && close(server) == 0, "close_both");
}

static void check_udp_loopback(void) {
    int a = socket(AF_INET, SOCK_DGRAM, 0), b = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
    struct sockaddr_in to = addr_of(INADDR_LOOPBACK, PORT), from, b_name;
    socklen_t len = sizeof(from), lb = sizeof(b_name);
    char buf[64] = {0};
    test_check(bind_to(a, INADDR_ANY, PORT) == 0, "udp_bind_granted_port");
    test_check(connect(b, (struct sockaddr *)&to, sizeof(to)) == 0 &&
                   getsockname(b, (struct sockaddr *)&b_name, &lb) == 0 && b_name.sin_port != 0,
               "udp_connect");
    EXPECT_ERRNO(recv(b, buf, sizeof(buf), 0), EAGAIN, "udp_nonblocking_nothing");
    test_check(send(b, "datagram", 8, 0) == 8, "udp_send");
    fd_set rd;
    FD_ZERO(&rd);
    FD_SET(a, &rd);
    struct timeval tv = {.tv_sec = 5};
    test_check(select(a + 1, &rd, NULL, NULL, &tv) == 1 && FD_ISSET(a, &rd), "udp_select");
    ssize_t n = recvfrom(a, buf, sizeof(buf), 0, (struct sockaddr *)&from, &len);
    test_check(n == 8 && memcmp(buf, "datagram", 8) == 0 && from.sin_port == b_name.sin_port,
               "udp_recvfrom");
    test_check(sendto(a, "reply!", 6, 0, (struct sockaddr *)&from, len) == 6, "udp_sendto");
    memset(buf, 0, sizeof(buf));
    test_check(wait_for(b, POLLIN, 5000) && recv(b, buf, sizeof(buf), 0) == 6 &&
                   memcmp(buf, "reply!", 6) == 0,
               "loopback_udp_data");
    close(a);
    close(b);
}

/* Echoes one connection with poll and non-blocking reads and writes until
 * the peer's end of stream; the byte count, or -1. */
static long echo_polled(int conn) {
    static unsigned char ring[RING];
    size_t head = 0, held = 0;
    long total = 0;
    bool eof = false;
    while (!eof || held > 0) {
        struct pollfd p = {.fd = conn,
                           .events =
                               (short)((!eof && held < RING ? POLLIN : 0) | (held ? POLLOUT : 0))};
        if (poll(&p, 1, IDLE_MS) != 1)
            return -1;
        if (p.revents & (POLLIN | POLLHUP)) {
            size_t tail = (head + held) % RING;
            size_t room = tail >= head ? RING - tail : head - tail;
            ssize_t n = read(conn, ring + tail, held < RING ? room : 0);
            if (n == 0)
                eof = true;
            else if (n > 0)
                held += (size_t)n;
            else if (errno != EAGAIN)
                return -1;
        }
        if (held && (p.revents & POLLOUT)) {
            size_t chunk = head + held <= RING ? held : RING - head;
            ssize_t w = write(conn, ring + head, chunk);
            if (w < 0 && errno != EAGAIN)
                return -1;
            if (w > 0) {
                head = (head + (size_t)w) % RING;
                held -= (size_t)w;
                total += w;
            }
        }
    }
    return total;
}

/* Echoes one connection with blocking calls; the byte count, or -1. */
static long echo_blocking(int conn) {
    static char buf[4096];
    long total = 0;
    for (;;) {
        ssize_t n = recv(conn, buf, sizeof(buf), 0);
        if (n == 0)
            return total;
        if (n < 0 || send(conn, buf, (size_t)n, MSG_NOSIGNAL) != n)
            return -1;
        total += n;
    }
}

static void serve_host(int listener) {
    struct sockaddr_in peer, name;
    socklen_t len = sizeof(peer), ln = sizeof(name);
    printf("sockets: ready on port %d\n", PORT);
    int conn = -1;
    if (wait_for(listener, POLLIN, 120000))
        conn = accept4(listener, (struct sockaddr *)&peer, &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
    test_check(conn >= 0 && getsockname(conn, (struct sockaddr *)&name, &ln) == 0 &&
                   ntohs(name.sin_port) == PORT,
               "accept_host");
    long n = conn >= 0 ? echo_polled(conn) : -1;
    printf("sockets: polled echo of %ld bytes\n", n);
    test_check(n > 0 && close(conn) == 0, "echo_polled");
    int flags = fcntl(listener, F_GETFL);
    test_check(fcntl(listener, F_SETFL, flags & ~O_NONBLOCK) == 0, "listener_blocking");
    conn = accept(listener, NULL, NULL);
    n = conn >= 0 ? echo_blocking(conn) : -1;
    printf("sockets: blocking echo of %ld bytes\n", n);
    test_check(n > 0 && close(conn) == 0, "echo_blocking");
}

/* getaddrinfo through musl's own DNS client: with a trailing dot the name is
 * not numeric, so musl asks 127.0.0.1:53, which lib/posix answers from the
 * netstack's Resolver (it resolves address literals without a DNS server;
 * restricted QEMU has none, so a real name cannot resolve). */
static void check_resolver(void) {
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM}, *res = NULL;
    int rc = getaddrinfo("10.0.2.15.", "23", &hints, &res);
    uint32_t got = 0;
    if (rc == 0 && res && res->ai_family == AF_INET)
        got = ntohl(((struct sockaddr_in *)res->ai_addr)->sin_addr.s_addr);
    printf("sockets: getaddrinfo through the resolver: rc %d address %08x\n", rc, (unsigned)got);
    test_check(rc == 0 && got == 0x0a00020f && res->ai_next == NULL, "getaddrinfo_resolver");
    if (res)
        freeaddrinfo(res);
    res = NULL;
    rc = getaddrinfo("no-such-host.invalid", NULL, &hints, &res);
    printf("sockets: getaddrinfo of an unresolvable name: rc %d\n", rc);
    test_check(rc == EAI_AGAIN || rc == EAI_NONAME || rc == EAI_FAIL, "getaddrinfo_unresolvable");
    if (rc == 0 && res)
        freeaddrinfo(res);
}

int main(void) {
    test_start("sockets");
    check_resolver();
    check_refusals();
    check_extra_port();
    int listener = make_listener();
    if (listener >= 0) {
        check_tcp_loopback(listener);
        check_udp_loopback();
        serve_host(listener);
        close(listener);
    }
    return test_finish();
}
