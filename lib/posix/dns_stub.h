/*
 * The DNS stub's wire format (pure; host-tested and fuzzed). musl's resolver
 * asks 127.0.0.1:53 by UDP when there is no /etc/resolv.conf; lib/posix
 * answers those queries itself from the netstack's Resolver (dns_resolve.c),
 * so getaddrinfo works unmodified. Only what musl sends is understood: one
 * question, class IN; everything is bounded by the datagram's length.
 */
#ifndef POSIX_DNS_STUB_H
#define POSIX_DNS_STUB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DNS_PORT 53u
#define DNS_STUB_ADDR 0x7f000001u /* 127.0.0.1, musl's nameserver by default */
#define DNS_HEADER_BYTES 12u
#define DNS_NAME_MAX 253u    /* dotted, without the final dot */
#define DNS_MESSAGE_MAX 512u /* a UDP answer without EDNS */
#define DNS_TYPE_A 1u
#define DNS_TYPE_AAAA 28u
#define DNS_CLASS_IN 1u
#define DNS_ANSWER_TTL 60u

/* Response codes. */
#define DNS_RCODE_OK 0u
#define DNS_RCODE_FORMERR 1u
#define DNS_RCODE_SERVFAIL 2u
#define DNS_RCODE_NXDOMAIN 3u
#define DNS_RCODE_NOTIMP 4u
#define DNS_RCODE_REFUSED 5u

typedef struct {
    uint16_t id;
    uint16_t qtype, qclass;
    size_t question_end;         /* offset just past the question */
    char name[DNS_NAME_MAX + 1]; /* lower-case as sent, NUL-terminated */
} dns_query_t;

/* A standard query with exactly one question and no compression: false for
 * anything else (responses, opcodes other than QUERY, bad labels, a name
 * over DNS_NAME_MAX, a message cut short). */
bool dns_query_parse(const uint8_t *msg, size_t len, dns_query_t *q);

/* The answer to q (whose message is msg[0..len)): the header and question
 * echoed with QR, RD as asked, RA, and rcode; one A record (addr, host order)
 * when rcode is OK, the question is type A and addr is not 0. Returns the
 * length written to out, 0 if it does not fit cap. */
size_t dns_answer_build(const uint8_t *msg, const dns_query_t *q, uint32_t rcode, uint32_t addr,
                        uint8_t *out, size_t cap);

#endif
