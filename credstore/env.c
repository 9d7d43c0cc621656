/*
 * CredentialStore's environment: its caps by CapSet name, the credentials
 * file, the entropy probe. Prints what it found on the console; never a
 * record, a hash or anything read from the entropy source.
 */
#include <errno.h>
#include <stdio.h>

#include <sodium.h>

#include "audit_event.h"
#include "capos/idl/entropy.h"
#include "capos/idl/memory.h"
#include "cred_manifest.h"
#include "phc_dummy.h"
#include "credstore.h"
#include "pkg_grant.h"

#define CREDENTIALS_PATH "/pkg/credentials"

static cap_t cap_named(const char *name, uint32_t type) {
    return capset_find((const capset_t *)(uintptr_t)CAPSET_ADDR, name, type);
}

/* Token secrets are compared with libsodium's constant-time comparison. */
static bool sodium_equal(const uint8_t *a, const uint8_t *b, size_t n) {
    return sodium_memcmp(a, b, n) == 0;
}

static void refuse_file(credstore_t *cs, const char *why, uint32_t line, const char *more) {
    cs->store_ok = false;
    printf("credstore: credentials file refused (%s%s%s, line %u); CredentialStore is "
           "unavailable: verify answers unavailable and setup is refused\n",
           why, more[0] ? ": " : "", more, line);
}

/* Reads and parses /pkg/credentials (file:credentials). Absent: no
 * verifiers, setup required. Unreadable or malformed: the store fails
 * closed. */
static void load_credentials(credstore_t *cs) {
    static char text[CRED_MANIFEST_FILE_MAX + 1];
    cs->store_ok = true;
    FILE *f = fopen(CREDENTIALS_PATH, "r");
    if (!f && errno == ENOENT) {
        printf("credstore: no credentials file: no verifiers, setup required\n");
        return;
    }
    size_t n = f ? fread(text, 1, sizeof(text), f) : 0;
    bool read_ok = f && !ferror(f);
    if (f)
        fclose(f);
    if (!read_ok) {
        refuse_file(cs, "unreadable", 0, "");
        return;
    }
    cred_manifest_result_t r = cred_manifest_parse(text, n, &cs->store);
    sodium_memzero(text, sizeof(text));
    if (r.err != CRED_MANIFEST_OK) {
        refuse_file(cs, cred_manifest_strerror(r.err), r.line,
                    r.err == CRED_MANIFEST_ERR_BAD_VERIFIER ? phc_strerror(r.phc) : "");
        return;
    }
    printf("credstore: %u verifier record(s) from the credentials file\n",
           cs->store.manifest_count);
}

/* Unknown accounts cost what the manifest's records cost (they normally
 * share the provisioning tool's parameters), else what new records cost. */
static void choose_dummy(credstore_t *cs) {
    const phc_argon2id_t *v = cs->store.manifest_count ? &cs->store.manifest[0].verifier : NULL;
    bool ok = v ? phc_dummy_verifier(v->m_kib, v->t_cost, v->lanes, cs->dummy, sizeof(cs->dummy))
                : phc_dummy_verifier(CREDSTORE_MEMLIMIT >> 10, CREDSTORE_OPSLIMIT, 1, cs->dummy,
                                     sizeof(cs->dummy));
    if (!ok) /* cannot happen within phc_parse.h's bounds; fail closed anyway */
        cs->store_ok = false;
}

/* True when the entropy cap answers and libsodium (whose randomness comes
 * from getrandom, i.e. the same cap) is initialised. Without it libsodium
 * is never initialised: it would abort on its first random read. */
static bool probe_entropy(const credstore_t *cs) {
    uint8_t probe[16];
    uint32_t len = 0;
    if (cs->entropy == CAP_NULL ||
        entropy_source_read(cs->entropy, sizeof(probe), probe, sizeof(probe), &len) != CAP_OK ||
        len != sizeof(probe))
        return false;
    sodium_memzero(probe, sizeof(probe));
    return sodium_init() >= 0;
}

/* Warns when the Memory quota cannot hold one Argon2id run: verify and
 * setup would then answer unavailable. */
static void check_quota(void) {
    uint64_t limit = 0, used = 0;
    cap_t memory = cap_named("memory", CAP_TYPE_MEMORY);
    if (memory == CAP_NULL || memory_quota(memory, &limit, &used) != CAP_OK ||
        limit < CREDSTORE_MIN_PAGES)
        printf("credstore: memory quota below %u pages: argon2id will fail (unavailable)\n",
               CREDSTORE_MIN_PAGES);
}

bool credstore_env_init(credstore_t *cs) {
    cs->server = cap_named("server", CAP_TYPE_ENDPOINT);
    cs->clock = cap_named("clock", CAP_TYPE_CLOCK);
    cs->entropy = cap_named("entropy", CAP_TYPE_ENTROPY);
    cs->audit = cap_named("audit", CAP_TYPE_ENDPOINT);
    if (cs->server == CAP_NULL || cs->clock == CAP_NULL) {
        printf("credstore: needs the caps 'server' and 'clock'; not serving\n");
        return false;
    }
    if (cs->audit == CAP_NULL)
        printf("credstore: no 'audit' cap: events are not recorded\n");
    cred_store_init(&cs->store);
    token_table_init(&cs->tokens, sodium_equal);
    load_credentials(cs);
    if (!cs->store_ok)
        credstore_audit(cs, AUDIT_KIND_SETUP, AUDIT_RESULT_UNAVAILABLE, 0, "credentials_refused");
    choose_dummy(cs);
    cs->entropy_ok = probe_entropy(cs);
    if (!cs->entropy_ok) {
        printf("credstore: no entropy source: verify answers unavailable, setup tokens are "
               "refused (fail closed)\n");
        credstore_audit(cs, AUDIT_KIND_SETUP, AUDIT_RESULT_UNAVAILABLE, 0, "no_entropy");
    }
    printf("credstore: argon2id defaults m=%u KiB t=%u p=1; serving\n", CREDSTORE_MEMLIMIT >> 10,
           CREDSTORE_OPSLIMIT);
    check_quota();
    return true;
}
