/* Socket state and poll readiness (sock_state.h). */
#define _GNU_SOURCE /* POLLRDHUP */
#include <errno.h>
#include <poll.h>
#include <sys/socket.h>

#include "check.h"
#include "sock_state.h"

#define ALL (POLLIN | POLLRDNORM | POLLOUT | POLLWRNORM | POLLRDHUP)

static posix_sock_t s; /* big (a receive area): not on the stack */

static void connected(int type) {
    sock_init(&s, type);
    s.phase = SOCK_CONNECTED;
    s.cap = 9;
}

static void test_fresh(void) {
    sock_init(&s, SOCK_STREAM);
    CHECK_EQ(s.cap, CAP_NULL);
    CHECK_EQ(s.pend, CAP_NULL);
    CHECK_EQ(s.authority, CAP_NULL);
    CHECK_EQ(s.phase, SOCK_FRESH);
    /* an unconnected stream socket: writable and hung up, as on Linux */
    CHECK_EQ(sock_revents(&s, ALL), POLLOUT | POLLWRNORM | POLLHUP);
    CHECK_EQ(sock_revents(&s, 0), POLLHUP);
    CHECK(!sock_should_fetch(&s));
    sock_init(&s, SOCK_DGRAM);
    CHECK_EQ(sock_revents(&s, ALL), POLLOUT | POLLWRNORM);
    CHECK(!sock_should_fetch(&s)); /* no object yet */
}

static void test_listening(void) {
    sock_init(&s, SOCK_STREAM);
    s.phase = SOCK_LISTENING;
    s.cap = 4;
    CHECK_EQ(sock_revents(&s, ALL), 0);
    CHECK(sock_should_fetch(&s));
    s.rd_idle = true;
    CHECK(!sock_should_fetch(&s));
    sock_signaled(&s);
    CHECK(sock_should_fetch(&s));
    s.pend = 12;
    CHECK_EQ(sock_revents(&s, ALL), POLLIN | POLLRDNORM);
    CHECK(!sock_should_fetch(&s)); /* one held connection at a time */
}

static void test_stream_data(void) {
    connected(SOCK_STREAM);
    CHECK_EQ(sock_revents(&s, ALL), POLLOUT | POLLWRNORM);
    CHECK(sock_should_fetch(&s));
    memcpy(s.rx, "hello world", 11);
    sock_rx_fill(&s, 11);
    CHECK(sock_rx_held(&s));
    CHECK(!sock_should_fetch(&s));
    CHECK_EQ(sock_revents(&s, POLLIN), POLLIN);
    uint8_t buf[16] = {0};
    CHECK_EQ(sock_rx_take(&s, buf, 5, true, NULL), 5); /* peek leaves it */
    CHECK_MEM(buf, "hello", 5);
    CHECK_EQ(sock_rx_take(&s, buf, 6, false, NULL), 6);
    CHECK_MEM(buf, "hello ", 6);
    CHECK_EQ(sock_rx_take(&s, buf, 16, false, NULL), 5);
    CHECK_MEM(buf, "world", 5);
    CHECK(!sock_rx_held(&s));
    CHECK_EQ(s.rx_off, 0);
    CHECK_EQ(sock_rx_take(&s, buf, 16, false, NULL), 0);
    sock_rx_fill(&s, 5000); /* clamped to the area */
    CHECK_EQ(s.rx_len, SOCK_RX_MAX);
}

static void test_stream_idle_and_end(void) {
    connected(SOCK_STREAM);
    s.wr_idle = true;
    CHECK_EQ(sock_revents(&s, ALL), 0);
    sock_signaled(&s);
    CHECK_EQ(sock_revents(&s, POLLOUT), POLLOUT);
    s.eof = true;
    CHECK_EQ(sock_revents(&s, ALL), POLLIN | POLLRDNORM | POLLRDHUP | POLLOUT | POLLWRNORM);
    CHECK(!sock_should_fetch(&s));
    s.wr_shut = true;
    CHECK(sock_revents(&s, POLLIN) & POLLHUP);
    connected(SOCK_STREAM);
    s.rd_shut = true;
    CHECK(!sock_should_fetch(&s));
    CHECK(sock_revents(&s, POLLIN) & POLLIN);
}

static void test_reset_and_error(void) {
    connected(SOCK_STREAM);
    sock_set_reset(&s, ECONNRESET);
    CHECK(s.reset);
    sock_set_reset(&s, EPIPE); /* the first error stays */
    short r = sock_revents(&s, POLLIN | POLLOUT);
    CHECK_EQ(r, POLLIN | POLLOUT | POLLHUP | POLLERR);
    CHECK(!sock_should_fetch(&s));
    CHECK_EQ(sock_take_error(&s), ECONNRESET);
    CHECK_EQ(sock_take_error(&s), 0);
    CHECK(!(sock_revents(&s, POLLIN) & POLLERR));
}

static void test_datagrams(void) {
    connected(SOCK_DGRAM);
    s.phase = SOCK_BOUND;
    CHECK(sock_should_fetch(&s));
    memcpy(s.rx, "0123456789", 10);
    sock_rx_fill_dgram(&s, 10, 0x7f000001, 53);
    CHECK(!sock_should_fetch(&s));
    CHECK_EQ(sock_revents(&s, ALL), POLLIN | POLLRDNORM | POLLOUT | POLLWRNORM);
    uint8_t buf[16];
    uint32_t whole = 0;
    CHECK_EQ(sock_rx_take(&s, buf, 4, true, &whole), 4);
    CHECK_EQ(whole, 10);
    CHECK(sock_rx_held(&s));
    CHECK_EQ(sock_rx_take(&s, buf, 4, false, &whole), 4); /* the rest is dropped */
    CHECK_EQ(whole, 10);
    CHECK_MEM(buf, "0123", 4);
    CHECK(!sock_rx_held(&s));
    sock_rx_fill_dgram(&s, 0, 1, 2); /* an empty datagram is still one */
    CHECK(sock_rx_held(&s));
    CHECK_EQ(sock_rx_take(&s, buf, 4, false, &whole), 0);
    CHECK_EQ(whole, 0);
    CHECK(!sock_rx_held(&s));
    s.rd_shut = true;
    CHECK(sock_revents(&s, POLLIN) & POLLIN);
    s.wr_shut = true;
    CHECK(sock_revents(&s, 0) & POLLHUP);
}

int main(void) {
    test_fresh();
    test_listening();
    test_stream_data();
    test_stream_idle_and_end();
    test_reset_and_error();
    test_datagrams();
    return check_summary();
}
