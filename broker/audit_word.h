/*
 * The detail of the broker's audit records: a name (a profile, a binary)
 * when it is a valid audit code word ([a-z0-9_-], at most AUDIT_DETAIL_MAX
 * bytes), else a fixed fallback word, so a record is never refused for its
 * detail and never carries free text. Pure.
 */
#ifndef BROKER_AUDIT_WORD_H
#define BROKER_AUDIT_WORD_H

#include <stdint.h>

#include "audit_event.h"

/* Writes the chosen word and a NUL into out (AUDIT_DETAIL_MAX + 1 bytes):
 * name (len bytes, not NUL-terminated) if valid and not empty, else
 * fallback (itself a valid code word). */
void audit_word_choose(const char *name, uint32_t len, const char *fallback,
                       char out[AUDIT_DETAIL_MAX + 1]);

#endif
