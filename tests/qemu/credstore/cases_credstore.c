/*
 * The CredentialStore scenarios. The test passwords come from boot-package
 * files the driver wrote ("password": the operator's, whose verifier is in
 * "credentials"; "newpass": for setup) and are never printed; neither are
 * issued tokens.
 */
#include "capos/idl/clock.h"
#include "capos/idl/credstore.h"
#include "cases.h"
#include "cs_check.h"

#define SECRET_MAX 128u
#define TOKEN_BYTES 32u
#define TTL_MS 60000u
#define OVERLAY_ID_BASE (1ull << 63)

typedef struct {
    uint8_t pw[SECRET_MAX], wrong[SECRET_MAX], newpw[SECRET_MAX];
    uint32_t pw_len, newpw_len;
} secrets_t;

static void load_secrets(secrets_t *s) {
    s->pw_len = cs_read_secret("password", s->pw, SECRET_MAX);
    s->newpw_len = cs_read_secret("newpass", s->newpw, SECRET_MAX);
    memcpy(s->wrong, s->pw, SECRET_MAX);
    if (s->pw_len)
        s->wrong[s->pw_len - 1] ^= 1; /* one bit off */
}

static void scrub(void *p, size_t n) {
    memset(p, 0, n);
    __asm__ __volatile__("" : : "r"(p) : "memory");
}

/* CredentialStore.verify's result (99 when the call failed) and its time. */
static uint32_t verify(cap_t f, const char *account, const uint8_t *pw, uint32_t len,
                       uint64_t *principal, uint64_t *ms) {
    uint32_t result = 99;
    uint64_t t0 = cs_now_ms(), id = 0;
    cap_err_t e =
        credential_store_verify(f, account, (uint32_t)strlen(account), pw, len, &result, &id);
    if (ms)
        *ms = cs_now_ms() - t0;
    if (principal)
        *principal = id;
    return cs_check(e == CAP_OK, "verify call") ? result : 99;
}

static uint32_t has_verifier(cap_t f, const char *account) {
    uint32_t present = 99;
    cap_err_t e = credential_store_has_verifier(f, account, (uint32_t)strlen(account), &present);
    return cs_check(e == CAP_OK, "has_verifier call") ? present : 99;
}

static cap_err_t issue(cap_t f, const char *account, uint32_t ttl, uint8_t tok[TOKEN_BYTES],
                       uint64_t *record) {
    uint32_t len = 0;
    cap_err_t e = credential_store_issue_setup_token(f, account, (uint32_t)strlen(account), ttl,
                                                     tok, TOKEN_BYTES, &len, record);
    cs_check(e != CAP_OK || len == TOKEN_BYTES, "issued token length");
    return e;
}

typedef struct {
    uint32_t result;
    uint64_t credential;
    uint64_t principal;
    uint32_t is_volatile;
} redeem_t;

static redeem_t redeem(cap_t f, uint64_t record, const uint8_t *tok, uint32_t tok_len,
                       const secrets_t *s) {
    redeem_t r = {99, 0, 0, 0};
    cap_err_t e =
        credential_store_redeem_setup_token(f, record, tok, tok_len, s->newpw, s->newpw_len,
                                            &r.result, &r.credential, &r.principal, &r.is_volatile);
    cs_check(e == CAP_OK, "redeem call");
    return r;
}

static bool start(rig_t *r, bool entropy) {
    return cs_check(rig_start_audit(r) == CAP_OK, "start audit") &&
           cs_check(rig_start_credstore(r, (rig_credstore_opts_t){entropy, true}) == CAP_OK,
                    "start credstore");
}

static void dump_audit(const rig_t *r) {
    uint64_t cursor = 0, dropped = 0;
    cs_read_audit(r->audit_reader, &cursor, &dropped, true);
}

static void verify_facets(const rig_t *r, const secrets_t *s) {
    uint8_t tok[TOKEN_BYTES];
    uint64_t rec = 0;
    uint32_t result = 0, present = 0;
    uint64_t id = 0;
    cs_expect_err("credstore_verify.verifier_facet_cannot_issue",
                  issue(r->verifier, "newuser", TTL_MS, tok, &rec), CAP_ERR_NO_RIGHTS);
    cs_expect_err("credstore_verify.setup_facet_cannot_verify",
                  credential_store_verify(r->setup, "operator", 8, s->pw, s->pw_len, &result, &id),
                  CAP_ERR_NO_RIGHTS);
    cs_expect_err("credstore_verify.setup_facet_cannot_probe",
                  credential_store_has_verifier(r->setup, "operator", 8, &present),
                  CAP_ERR_NO_RIGHTS);
    cs_expect_err("credstore_verify.calls_carrying_caps",
                  cs_cap_flood(r->verifier,
                               IPC_LABEL(CREDENTIAL_STORE_IFACE_ID, CREDENTIAL_STORE_HAS_VERIFIER),
                               300),
                  CAP_ERR_BAD_ARGS);
    cs_expect_err("credstore_verify.bad_account_name",
                  credential_store_has_verifier(r->verifier, "Op Erator", 9, &present),
                  CAP_ERR_BAD_ARGS);
}

int case_verify(void) {
    static secrets_t s;
    rig_t r = {0};
    load_secrets(&s);
    if (start(&r, true)) {
        uint64_t principal = 0, right_ms = 0, wrong_ms = 0, unknown_ms = 0;
        cs_expect_u64("credstore_verify.has_verifier_operator",
                      has_verifier(r.verifier, "operator"), 1);
        cs_expect_u64("credstore_verify.has_verifier_nobody", has_verifier(r.verifier, "nobody"),
                      0);
        cs_expect_u64("credstore_verify.right_password",
                      verify(r.verifier, "operator", s.pw, s.pw_len, &principal, &right_ms), 0);
        cs_expect_u64("credstore_verify.principal", principal, 1001);
        cs_expect_u64("credstore_verify.wrong_password",
                      verify(r.verifier, "operator", s.wrong, s.pw_len, &principal, &wrong_ms), 1);
        cs_expect_u64("credstore_verify.principal_on_failure", principal, 0);
        cs_expect_u64("credstore_verify.unknown_account",
                      verify(r.verifier, "nobody", s.pw, s.pw_len, NULL, &unknown_ms), 1);
        cs_expect_u64("credstore_verify.empty_password",
                      verify(r.verifier, "operator", s.pw, 0, NULL, NULL), 1);
        rt_printf("credstore_verify.time_ms: right=%lu wrong=%lu unknown=%lu "
                  "(argon2id m=65536 KiB t=3 p=1; measured, not asserted)\n",
                  right_ms, wrong_ms, unknown_ms);
        verify_facets(&r, &s);
        dump_audit(&r);
    }
    rig_stop(&r);
    scrub(&s, sizeof(s));
    return cs_finish("credstore_verify");
}

/* A wrong token, then the right one for the same record: both refused. */
static void replay_after_failure(const rig_t *r, const secrets_t *s) {
    uint8_t tok[TOKEN_BYTES], bad[TOKEN_BYTES];
    uint64_t rec = 0;
    cs_expect_err("setup.issue_first", issue(r->setup, "newuser", TTL_MS, tok, &rec), CAP_OK);
    memcpy(bad, tok, TOKEN_BYTES);
    bad[0] ^= 0x80;
    cs_expect_u64("setup.redeem_wrong_token", redeem(r->setup, rec, bad, TOKEN_BYTES, s).result, 1);
    cs_expect_u64("setup.retry_right_token_after_failure",
                  redeem(r->setup, rec, tok, TOKEN_BYTES, s).result, 1);
    cs_expect_u64("setup.no_verifier_after_failures", has_verifier(r->verifier, "newuser"), 0);
    scrub(tok, sizeof(tok));
    scrub(bad, sizeof(bad));
}

/* A fresh token redeemed once: a volatile verifier; the token is spent. */
static void redeem_once(const rig_t *r, const secrets_t *s) {
    uint8_t tok[TOKEN_BYTES];
    uint64_t rec = 0, principal = 0, t0 = 0;
    cs_expect_err("setup.issue_second", issue(r->setup, "newuser", TTL_MS, tok, &rec), CAP_OK);
    t0 = cs_now_ms();
    redeem_t got = redeem(r->setup, rec, tok, TOKEN_BYTES, s);
    rt_printf("setup.create_ms: %lu (measured, not asserted)\n", cs_now_ms() - t0);
    cs_expect_u64("setup.redeem_right_token", got.result, 0);
    cs_expect_u64("setup.is_volatile", got.is_volatile, 1);
    cs_check(got.credential >= OVERLAY_ID_BASE, "setup.overlay_credential_id");
    cs_expect_u64("setup.replay_after_success", redeem(r->setup, rec, tok, TOKEN_BYTES, s).result,
                  1);
    cs_expect_u64("setup.verify_new_password",
                  verify(r->verifier, "newuser", s->newpw, s->newpw_len, &principal, NULL), 0);
    cs_check(principal != 0, "setup.principal_assigned");
    cs_check(principal == got.principal, "setup.redeem_reports_the_principal");
    cs_expect_u64("setup.verify_new_account_wrong_password",
                  verify(r->verifier, "newuser", s->wrong, s->pw_len, NULL, NULL), 1);
    cs_expect_err("setup.issue_for_account_with_new_verifier",
                  issue(r->setup, "newuser", TTL_MS, tok, &rec), CAP_ERR_DENIED);
    cs_expect_err("setup.issue_for_manifest_account",
                  issue(r->setup, "operator", TTL_MS, tok, &rec), CAP_ERR_DENIED);
    scrub(tok, sizeof(tok));
}

/* Expired and short tokens are refused and consumed; the verifier facet
 * cannot redeem. */
static void other_refusals(const rig_t *r, const secrets_t *s) {
    uint8_t tok[TOKEN_BYTES];
    uint64_t rec = 0;
    redeem_t got;
    cs_expect_err("setup.issue_short_lived", issue(r->setup, "late", 1, tok, &rec), CAP_OK);
    cs_check(clock_sleep(rt_cap("clock"), 20000000ull) == CAP_OK, "sleep");
    cs_expect_u64("setup.redeem_expired", redeem(r->setup, rec, tok, TOKEN_BYTES, s).result, 1);
    cs_expect_err("setup.issue_third", issue(r->setup, "short", TTL_MS, tok, &rec), CAP_OK);
    cs_expect_u64("setup.redeem_truncated_token",
                  redeem(r->setup, rec, tok, TOKEN_BYTES - 1, s).result, 1);
    cs_expect_u64("setup.retry_after_truncated", redeem(r->setup, rec, tok, TOKEN_BYTES, s).result,
                  1);
    cs_expect_err("setup.verifier_facet_cannot_redeem",
                  credential_store_redeem_setup_token(r->verifier, rec, tok, TOKEN_BYTES, s->newpw,
                                                      s->newpw_len, &got.result, &got.credential,
                                                      &got.principal, &got.is_volatile),
                  CAP_ERR_NO_RIGHTS);
    cs_expect_err("setup.zero_ttl", issue(r->setup, "short", 0, tok, &rec), CAP_ERR_BAD_ARGS);
    scrub(tok, sizeof(tok));
}

int case_setup(void) {
    static secrets_t s;
    rig_t r = {0};
    load_secrets(&s);
    if (start(&r, true)) {
        cs_expect_u64("setup.has_verifier_before", has_verifier(r.verifier, "newuser"), 0);
        replay_after_failure(&r, &s);
        redeem_once(&r, &s);
        other_refusals(&r, &s);
        dump_audit(&r);
    }
    rig_stop(&r);
    scrub(&s, sizeof(s));
    return cs_finish("setup");
}

int case_noentropy(void) {
    static secrets_t s;
    rig_t r = {0};
    load_secrets(&s);
    if (start(&r, false)) {
        uint8_t tok[TOKEN_BYTES] = {0};
        uint64_t rec = 0;
        cs_expect_u64("noentropy.verify_right_password",
                      verify(r.verifier, "operator", s.pw, s.pw_len, NULL, NULL), 2);
        cs_expect_u64("noentropy.has_verifier", has_verifier(r.verifier, "operator"), 1);
        cs_expect_err("noentropy.issue", issue(r.setup, "newuser", TTL_MS, tok, &rec),
                      CAP_ERR_NO_ENTROPY);
        redeem_t got;
        cs_expect_err("noentropy.redeem",
                      credential_store_redeem_setup_token(r.setup, 1, tok, TOKEN_BYTES, s.newpw,
                                                          s.newpw_len, &got.result, &got.credential,
                                                          &got.principal, &got.is_volatile),
                      CAP_ERR_NO_ENTROPY);
        dump_audit(&r);
    }
    rig_stop(&r);
    scrub(&s, sizeof(s));
    return cs_finish("noentropy");
}

int case_badfile(void) {
    static secrets_t s;
    rig_t r = {0};
    load_secrets(&s);
    if (start(&r, true)) {
        uint8_t tok[TOKEN_BYTES];
        uint64_t rec = 0;
        cs_expect_u64("badfile.verify_right_password",
                      verify(r.verifier, "operator", s.pw, s.pw_len, NULL, NULL), 2);
        cs_expect_u64("badfile.has_verifier", has_verifier(r.verifier, "newuser"), 2);
        cs_expect_err("badfile.issue", issue(r.setup, "newuser", TTL_MS, tok, &rec),
                      CAP_ERR_DENIED);
        dump_audit(&r);
    }
    rig_stop(&r);
    scrub(&s, sizeof(s));
    return cs_finish("badfile");
}
