/*
 * credstore: the CredentialStore service (see README.md). Glue only: the
 * environment comes from the CapSet (env.c), the methods are service.c, the
 * loop serve.c.
 */
#include <stdio.h>

#include "credstore.h"

int main(void) {
    static credstore_t cs;
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (!credstore_env_init(&cs))
        return 1;
    return credstore_serve(&cs);
}
