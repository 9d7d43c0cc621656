/*
 * The scenarios, one per role. The program runs as init under the name
 * "cs-ROLE" and runs that role's case; each returns its exit code.
 */
#ifndef CS_CASES_H
#define CS_CASES_H

#include "rig.h"

int case_verify(void);    /* qemu_credstore_verify */
int case_setup(void);     /* hostile_credstore_setup_token_replay */
int case_noentropy(void); /* hostile_credstore_no_entropy */
int case_badfile(void);   /* hostile_credstore_bad_credentials */
int case_audit(void);     /* qemu_audit_log */

/* Reads the audit log from *cursor to its end through the LogReader facet,
 * advancing *cursor; with print, one line per event: "audit.event: KIND
 * RESULT DETAIL" (no ids, no times). The number of events; the events lost
 * before them in *dropped. */
unsigned cs_read_audit(cap_t reader, uint64_t *cursor, uint64_t *dropped, bool print);

/* Makes n calls labelled label on facet, each carrying a copy of the
 * console cap (no method takes caps): the first status other than
 * BAD_ARGS, or BAD_ARGS. A service that kept the caps would run out of
 * table slots (NO_SLOTS) well before n = 300. */
cap_err_t cs_cap_flood(cap_t facet, uint64_t label, unsigned n);

#endif
