/* Audit events of CredentialStore (see credstore.h). */
#include <stdio.h>
#include <string.h>

#include "capos/idl/audit.h"
#include "credstore.h"

void credstore_audit(const credstore_t *cs, uint32_t kind, uint32_t result, uint64_t subject,
                     const char *detail) {
    if (cs->audit == CAP_NULL)
        return;
    cap_err_t e =
        audit_log_record(cs->audit, kind, result, subject, detail, (uint32_t)strlen(detail));
    if (e != CAP_OK)
        printf("credstore: audit record of kind %u failed (error %d)\n", kind, (int)e);
}
