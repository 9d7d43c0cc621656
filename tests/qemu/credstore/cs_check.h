/*
 * Check helpers of the CredentialStore/AuditLog scenarios. Output: one line
 * "what: value" per observation (the test driver looks for them), "CHECK
 * FAILED: what" for a failed one (run_scenario.sh's failure marker), and a
 * last line "NAME: PASS" or "NAME: FAIL". Nothing secret is ever printed.
 */
#ifndef CS_CHECK_H
#define CS_CHECK_H

#include <stdbool.h>

#include "capos/rt.h"

bool cs_check(bool ok, const char *what);
/* Prints "what: ERROR" and checks it is want. */
bool cs_expect_err(const char *what, cap_err_t got, cap_err_t want);
/* Prints "what: got" and checks it is want. */
bool cs_expect_u64(const char *what, uint64_t got, uint64_t want);
/* Prints "NAME: PASS/FAIL"; the exit code. */
int cs_finish(const char *name);

/* Milliseconds since boot. */
uint64_t cs_now_ms(void);

/* Reads the boot-package file name (a test secret: never printed) into buf
 * (cap bytes), without a trailing newline; its length, or 0. */
uint32_t cs_read_secret(const char *name, uint8_t *buf, uint32_t cap);

#endif
