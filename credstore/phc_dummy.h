/*
 * The dummy verifier: what a verify for an unknown account is checked
 * against, so that it costs what a known account costs. It has the
 * parameters of the store's real records and a fixed salt and hash that no
 * known password produces. Pure.
 */
#ifndef CREDSTORE_PHC_DUMMY_H
#define CREDSTORE_PHC_DUMMY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Writes the dummy PHC string for m_kib, t_cost and lanes into out (cap
 * bytes, NUL-terminated); false when it does not fit. */
bool phc_dummy_verifier(uint32_t m_kib, uint32_t t_cost, uint32_t lanes, char *out, size_t cap);

#endif
