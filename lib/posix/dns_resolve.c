/*
 * The DNS stub (dns_stub.h): a datagram sent to 127.0.0.1:53 is a query for
 * this process's resolver, answered from the netstack's Resolver: the CapSet
 * entry "resolver", else the "net" facet (the netstack answers DENIED when
 * the facet has no resolve authority: REFUSED). Answers wait here (at most
 * DNS_PENDING_MAX, more are dropped like any UDP datagram) until the
 * socket's receive area is free; they come from 127.0.0.1:53.
 */
#include <errno.h>
#include <string.h>

#include "capos/idl/net.h"
#include "dns_stub.h"
#include "glue.h"
#include "sock_net.h"

#define DNS_PENDING_MAX 4u

typedef struct {
    int fd;
    uint32_t len;
    uint8_t msg[DNS_MESSAGE_MAX];
} dns_answer_t;

static dns_answer_t pending[DNS_PENDING_MAX];
static uint32_t npending;

static cap_t resolver(void) {
    cap_t c = posix_cap("resolver", CAP_TYPE_ENDPOINT);
    return c != CAP_NULL ? c : posix_cap("net", CAP_TYPE_ENDPOINT);
}

/* The response code and address for the query's name. */
static uint32_t lookup(const dns_query_t *q, uint32_t *addr) {
    *addr = 0;
    if (q->qclass != DNS_CLASS_IN || (q->qtype != DNS_TYPE_A && q->qtype != DNS_TYPE_AAAA))
        return DNS_RCODE_NOTIMP;
    cap_t r = resolver();
    if (r == CAP_NULL)
        return DNS_RCODE_REFUSED;
    cap_err_t e = resolver_resolve(r, q->name, (uint32_t)strlen(q->name), addr);
    if (e == CAP_OK)
        return DNS_RCODE_OK; /* AAAA: the name exists, with no IPv6 address */
    return e == CAP_ERR_NOT_FOUND ? DNS_RCODE_NXDOMAIN
           : e == CAP_ERR_DENIED  ? DNS_RCODE_REFUSED
                                  : DNS_RCODE_SERVFAIL;
}

bool posix_dns_intercept(int fd, uint32_t addr, uint32_t port, const void *buf, size_t len) {
    static dns_query_t q;
    if (addr != DNS_STUB_ADDR || port != DNS_PORT)
        return false;
    if (npending == DNS_PENDING_MAX || !dns_query_parse(buf, len, &q))
        return true; /* taken and dropped, as a server would */
    uint32_t a = 0, rcode = lookup(&q, &a);
    dns_answer_t *out = &pending[npending];
    out->len = (uint32_t)dns_answer_build(buf, &q, rcode, a, out->msg, sizeof(out->msg));
    out->fd = fd;
    if (out->len > 0)
        npending++;
    return true;
}

void posix_dns_deliver(int fd, posix_sock_t *s) {
    if (sock_rx_held(s))
        return;
    for (uint32_t i = 0; i < npending; i++) {
        if (pending[i].fd != fd)
            continue;
        memcpy(s->rx, pending[i].msg, pending[i].len);
        sock_rx_fill_dgram(s, pending[i].len, DNS_STUB_ADDR, DNS_PORT);
        memmove(&pending[i], &pending[i + 1], (npending - i - 1) * sizeof(pending[0]));
        npending--;
        return;
    }
}

void posix_dns_forget(int fd) {
    for (uint32_t i = 0; i < npending;) {
        if (pending[i].fd == fd) {
            memmove(&pending[i], &pending[i + 1], (npending - i - 1) * sizeof(pending[0]));
            npending--;
        } else {
            i++;
        }
    }
}
