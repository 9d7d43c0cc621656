/*
 * The session-scoped LogReader: of the packed events one LogReader.read
 * returned (audit/audit_event.h), keep only those about one session
 * (subject == its serial). Pure.
 */
#ifndef BROKER_LOG_FILTER_H
#define BROKER_LOG_FILTER_H

#include <stdint.h>

/*
 * Copies the events of in[0..len) whose subject is `subject` to out, in
 * order and re-packed, and returns the bytes written. out has room for len
 * bytes and may be in itself (an event is never written past where it was
 * read). Stops at the first event that does not decode:
 * the bytes come from another service and are not trusted.
 */
uint32_t log_filter_subject(const uint8_t *in, uint32_t len, uint64_t subject, uint8_t *out);

#endif
