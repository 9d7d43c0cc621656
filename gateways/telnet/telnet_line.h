/*
 * Feeds the data bytes of the Telnet engine (telnet_proto.h) into the
 * terminal's line discipline (terminal/line_discipline.h), which does all the
 * line editing; this adapter adds only what the wire needs:
 *
 *   - the echo goes out NVT-encoded (telnet_encode.h): a typed 0xff is sent
 *     as IAC IAC, the discipline's "\r\n" as CR LF;
 *   - when the client refused WILL ECHO it echoes locally, so the server's
 *     echo is dropped (else every key would show twice); hidden prompts then
 *     depend on the client, which is the client's choice;
 *   - it stops at the byte that completes a line (or asks for the prompt
 *     again), so the bytes after it stay with the caller as type-ahead for
 *     the next request and no echo runs ahead of the next prompt.
 *
 * Pure: no buffering of its own beyond the discipline's bounded line.
 */
#ifndef CAPOS_TELNET_LINE_H
#define CAPOS_TELNET_LINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "line_discipline.h"

/* Room for the encoded echo of one call; feeding stops while less than the
 * worst case of one byte (TELNET_LINE_STEP_ECHO_MAX) is left. */
#define TELNET_LINE_STEP_ECHO_MAX (2u * LD_ECHO_MAX)
#define TELNET_LINE_ECHO_MAX (4u * LD_ECHO_MAX)

typedef struct {
    uint8_t echo[TELNET_LINE_ECHO_MAX]; /* send to the client */
    uint32_t echo_len;
    ld_result_t result; /* the result of the last byte consumed (LD_PENDING if none) */
} telnet_line_out_t;

/* Feeds data[0..n) to ld until a result other than LD_PENDING, the end of
 * the data, or a full echo buffer; out is reset first. server_echo is
 * telnet_local_enabled(tn, TELNET_OPT_ECHO). Returns the bytes consumed,
 * at least 1 when n > 0. After LD_SUBMITTED call ld_take(). */
size_t telnet_line_feed(line_discipline_t *ld, const uint8_t *data, size_t n, bool server_echo,
                        telnet_line_out_t *out);

#endif
