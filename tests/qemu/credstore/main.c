/*
 * CredentialStore/AuditLog scenario client: runs as init ("cs-ROLE"),
 * wires the services with exact grants (rig.c) and runs the role's case.
 */
#include "cases.h"

static const struct {
    const char *role;
    int (*run)(void);
} roles[] = {
    {"verify", case_verify},   {"setup", case_setup}, {"noentropy", case_noentropy},
    {"badfile", case_badfile}, {"audit", case_audit},
};

int main(void) {
    const char *prog = rt_program();
    for (size_t i = 0; i < sizeof(roles) / sizeof(roles[0]); i++)
        if (!memcmp(prog, "cs-", 3) && !strcmp(prog + 3, roles[i].role))
            return roles[i].run();
    rt_printf("CHECK FAILED: no role for '%s'\n", prog);
    return 1;
}
