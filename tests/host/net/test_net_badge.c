/* The badge policy: what each facet may call (idl/net.idl's table). */
#include "capos/idl/net.h"
#include "check.h"
#include "net_badge.h"

static void authority_facets(void) {
    net_facet_t f = net_badge_decode(22);
    CHECK_EQ(f.kind, NET_FACET_AUTHORITY);
    CHECK_EQ(net_facet_port(&f), 22);
    CHECK_EQ(net_facet_check(&f, TCP_LISTEN_AUTHORITY_IFACE_ID), CAP_OK);
    CHECK(net_may_listen(&f, 22));
    CHECK(!net_may_listen(&f, 23));
    CHECK(!net_may_listen(&f, 0));
    CHECK(!net_may_listen(&f, 22 + 65536));
    CHECK_EQ(net_facet_check(&f, TCP_CONNECTOR_IFACE_ID), CAP_ERR_DENIED);
    CHECK_EQ(net_facet_check(&f, UDP_AUTHORITY_IFACE_ID), CAP_ERR_DENIED);
    CHECK_EQ(net_facet_check(&f, RESOLVER_IFACE_ID), CAP_ERR_DENIED);
    CHECK_EQ(net_facet_check(&f, NET_TIMER_IFACE_ID), CAP_ERR_DENIED);
    CHECK_EQ(net_facet_check(&f, NET_INFO_IFACE_ID), CAP_OK);
    /* an authority facet is no object */
    CHECK_EQ(net_facet_check(&f, TCP_SOCKET_IFACE_ID), CAP_ERR_BAD_METHOD);
    CHECK_EQ(net_facet_check(&f, TCP_LISTENER_IFACE_ID), CAP_ERR_BAD_METHOD);
    CHECK_EQ(net_facet_check(&f, 17), CAP_ERR_BAD_METHOD);

    f = net_badge_decode(NET_AUTH_CONNECT | NET_AUTH_UDP | NET_AUTH_RESOLVE); /* 458752 */
    CHECK_EQ(f.kind, NET_FACET_AUTHORITY);
    CHECK_EQ(net_facet_check(&f, TCP_LISTEN_AUTHORITY_IFACE_ID), CAP_ERR_DENIED);
    CHECK_EQ(net_facet_check(&f, TCP_CONNECTOR_IFACE_ID), CAP_OK);
    CHECK_EQ(net_facet_check(&f, UDP_AUTHORITY_IFACE_ID), CAP_OK);
    CHECK_EQ(net_facet_check(&f, RESOLVER_IFACE_ID), CAP_OK);
    CHECK_EQ(net_facet_check(&f, NET_TIMER_IFACE_ID), CAP_ERR_DENIED);

    f = net_badge_decode(NET_AUTH_TIMER);
    CHECK_EQ(net_facet_check(&f, NET_TIMER_IFACE_ID), CAP_OK);
    CHECK_EQ(net_facet_check(&f, TCP_CONNECTOR_IFACE_ID), CAP_ERR_DENIED);
}

static void udp_ports(void) {
    CHECK(net_may_bind_udp(NET_AUTH_UDP, 0));
    CHECK(!net_may_bind_udp(NET_AUTH_UDP, 53));
    CHECK(net_may_bind_udp(NET_AUTH_UDP | 53, 53));
    CHECK(net_may_bind_udp(NET_AUTH_UDP | 53, 0));
    CHECK(!net_may_bind_udp(NET_AUTH_UDP | 53, 54));
    CHECK(!net_may_bind_udp(NET_AUTH_UDP | 53, 53 + 65536));
    CHECK(!net_may_bind_udp(53, 53)); /* no UDP authority */
}

static void invalid_badges(void) {
    CHECK_EQ(net_badge_decode(0).kind, NET_FACET_INVALID);
    CHECK_EQ(net_badge_decode(1ull << 20).kind, NET_FACET_INVALID);
    CHECK_EQ(net_badge_decode(22 | 1ull << 40).kind, NET_FACET_INVALID);
    CHECK_EQ(net_badge_decode(NET_BADGE_OBJECT).kind, NET_FACET_INVALID); /* kind 0 */
    CHECK_EQ(net_badge_decode(NET_BADGE_OBJECT | 9ull << 56).kind, NET_FACET_INVALID);
    net_facet_t f = net_badge_decode(0);
    CHECK_EQ(net_facet_check(&f, NET_INFO_IFACE_ID), CAP_ERR_DENIED);
    CHECK(!net_may_listen(&f, 0));
}

static void objects(void) {
    uint64_t b = net_badge_object(NET_FACET_TCP_SOCKET, 31, 0xabcdef);
    CHECK(b & NET_BADGE_OBJECT);
    net_facet_t f = net_badge_decode(b);
    CHECK_EQ(f.kind, NET_FACET_TCP_SOCKET);
    CHECK_EQ(f.index, 31);
    CHECK_EQ(f.generation, 0xabcdef);
    CHECK_EQ(net_facet_check(&f, TCP_SOCKET_IFACE_ID), CAP_OK);
    CHECK_EQ(net_facet_check(&f, TCP_LISTENER_IFACE_ID), CAP_ERR_BAD_METHOD);
    CHECK_EQ(net_facet_check(&f, TCP_LISTEN_AUTHORITY_IFACE_ID), CAP_ERR_BAD_METHOD);
    CHECK_EQ(net_facet_check(&f, NET_INFO_IFACE_ID), CAP_ERR_BAD_METHOD);
    CHECK_EQ(net_facet_port(&f), 0);
    CHECK(!net_may_listen(&f, 0));

    f = net_badge_decode(net_badge_object(NET_FACET_LISTENER, 2, 1));
    CHECK_EQ(f.kind, NET_FACET_LISTENER);
    CHECK_EQ(net_facet_check(&f, TCP_LISTENER_IFACE_ID), CAP_OK);
    CHECK_EQ(net_facet_check(&f, TCP_SOCKET_IFACE_ID), CAP_ERR_BAD_METHOD);

    f = net_badge_decode(net_badge_object(NET_FACET_UDP_SOCKET, 0, 5));
    CHECK_EQ(f.kind, NET_FACET_UDP_SOCKET);
    CHECK_EQ(net_facet_check(&f, UDP_SOCKET_IFACE_ID), CAP_OK);
    CHECK_EQ(net_facet_check(&f, UDP_AUTHORITY_IFACE_ID), CAP_ERR_BAD_METHOD);
}

int main(void) {
    authority_facets();
    udp_ports();
    invalid_badges();
    objects();
    return check_summary();
}
