/* System manifest parser: accepted forms and every syntax error, with the
 * line and token it is reported at. */
#include <stdlib.h>

#include "capos/abi.h"
#include "capos/system_manifest.h"
#include "check.h"

static system_t sys;
static sys_parse_where_t where;

static sys_parse_err_t parse(const char *text) {
    return system_manifest_parse(text, strlen(text), &sys, &where);
}

/* Expects err on line, blaming the token tok (NULL: no token). */
static void expect_error(const char *text, sys_parse_err_t err, uint32_t line, const char *tok) {
    sys_parse_err_t got = parse(text);
    CHECK_EQ(got, err);
    CHECK_EQ(where.line, line);
    if (tok == NULL) {
        CHECK_EQ(where.tok_len, 0);
    } else if (CHECK(where.tok_len == strlen(tok))) {
        CHECK_MEM(text + where.tok_off, tok, where.tok_len);
    }
    CHECK_EQ(sys.nservices, 0); /* zeroed on failure */
}

static const char full[] =
    "# the demo system\n"
    "service audit binary audit grant memory=memory:64 clock=root:clock export log\n"
    "service terminal binary terminal\n"
    "    grant com1=ioports:0x3f8+8 com1_irq=irq:4 console=root:console/call+derive/cross\n"
    "\texport terminal control=ctl   # two exports, the second under its own CapSet name\n"
    "service shell binary shell after audit\n"
    "    grant term=export:terminal.terminal/7/regrant log=export:audit.log stop=shutdown\n"
    "    grant creds=file:credentials view=status/cross\n"
    "\n"
    "profile operator launcher=hello,shell shutdown=yes status=yes logs=all ttl=3600\n"
    "profile anonymous\n"
    "    launcher=\n"
    "guest enabled\n";

static void test_full(void) {
    CHECK_EQ(parse(full), SYS_PARSE_OK);
    CHECK_EQ(sys.nservices, 3);
    const sys_service_t *a = &sys.services[0], *t = &sys.services[1], *s = &sys.services[2];
    CHECK(!strcmp(a->name, "audit") && !strcmp(a->binary, "audit") && a->line == 2);
    CHECK_EQ(a->ngrants, 2);
    CHECK(a->grants[0].kind == SYS_SRC_MEMORY && a->grants[0].a == 64);
    CHECK(a->grants[1].kind == SYS_SRC_ROOT && !strcmp(a->grants[1].target, "clock"));
    CHECK(a->nexports == 1 && !strcmp(a->exports[0], "log"));
    CHECK(!strcmp(a->export_caps[0], "export:log"));
    CHECK_EQ(t->ngrants, 3);
    CHECK(t->grants[0].kind == SYS_SRC_IOPORTS && t->grants[0].a == 0x3f8 && t->grants[0].b == 8);
    CHECK(t->grants[1].kind == SYS_SRC_IRQ && t->grants[1].a == 4);
    CHECK_EQ(t->grants[2].rights, CAP_RIGHT_CALL | CAP_RIGHT_DERIVE);
    CHECK_EQ(t->grants[2].scope, CAP_SCOPE_CROSS_SESSION_SHAREABLE);
    CHECK(t->nexports == 2 && !strcmp(t->exports[1], "control"));
    CHECK(!strcmp(t->export_caps[0], "export:terminal") && !strcmp(t->export_caps[1], "ctl"));
    CHECK(s->nafter == 1 && !strcmp(s->after[0], "audit") && s->line == 6);
    CHECK_EQ(s->ngrants, 5);
    const sys_grant_t *term = &s->grants[0];
    CHECK(term->kind == SYS_SRC_EXPORT && !strcmp(term->target, "terminal") &&
          !strcmp(term->export_name, "terminal") && term->has_badge && term->badge == 7 &&
          term->scope == CAP_SCOPE_SERVICE_REGRANT_ONLY);
    CHECK(!s->grants[1].has_badge && s->grants[1].scope == SYS_SCOPE_DEFAULT);
    CHECK_EQ(s->grants[2].kind, SYS_SRC_SHUTDOWN);
    CHECK(s->grants[3].kind == SYS_SRC_FILE && !strcmp(s->grants[3].target, "credentials"));
    CHECK(s->grants[4].kind == SYS_SRC_STATUS &&
          s->grants[4].scope == CAP_SCOPE_CROSS_SESSION_SHAREABLE);
    CHECK_EQ(sys_grant_rights(&s->grants[4]), CAP_RIGHT_CALL | CAP_RIGHT_TRANSFER);
    CHECK_EQ(sys.nprofiles, 2);
    const sys_profile_t *op = &sys.profiles[0], *anon = &sys.profiles[1];
    CHECK(op->nlauncher == 2 && !strcmp(op->launcher[1], "shell"));
    CHECK(op->shutdown == 1 && op->status == 1 && op->logs == SYS_LOGS_ALL && op->ttl_s == 3600);
    CHECK(anon->nlauncher == 0 && anon->shutdown == 0 && anon->logs == SYS_LOGS_NONE);
    CHECK(sys.guest == 1 && sys.guest_set == 1);
}

static void test_grant_rights_and_scope(void) {
    CHECK_EQ(parse("service a binary a grant f=file:x e=export:b.c c=root:console "
                   "r=root:clock/read/same\n"),
             SYS_PARSE_OK);
    const sys_grant_t *g = sys.services[0].grants;
    CHECK_EQ(sys_grant_rights(&g[0]), CAP_RIGHT_CALL | CAP_RIGHT_TRANSFER);
    CHECK_EQ(sys_grant_rights(&g[1]), CAP_RIGHT_CALL | CAP_RIGHT_TRANSFER);
    CHECK_EQ(sys_grant_rights(&g[2]), CAP_RIGHTS_ALL & ~CAP_RIGHT_RECV);
    CHECK_EQ(sys_grant_rights(&g[3]), CAP_RIGHT_READ | CAP_RIGHT_TRANSFER);
    CHECK_EQ(sys_grant_scope(&g[2]), CAP_SCOPE_SAME_SESSION);
    CHECK_EQ(sys_grant_scope(&g[3]), CAP_SCOPE_SAME_SESSION);
}

/* pci:VVVV:DDDD: four hex digits each, either case; vendor ffff is no device. */
static void test_pci_source(void) {
    CHECK_EQ(parse("service n binary n grant nic=pci:1af4:1000 gpu=pci:8086:10D3/call/cross\n"),
             SYS_PARSE_OK);
    const sys_grant_t *g = sys.services[0].grants;
    CHECK(g[0].kind == SYS_SRC_PCI && g[0].a == 0x1af4 && g[0].b == 0x1000);
    CHECK(g[0].target[0] == '\0' && g[0].scope == SYS_SCOPE_DEFAULT);
    CHECK_EQ(sys_grant_rights(&g[0]), CAP_RIGHTS_ALL & ~CAP_RIGHT_RECV);
    CHECK(g[1].kind == SYS_SRC_PCI && g[1].a == 0x8086 && g[1].b == 0x10d3);
    CHECK_EQ(g[1].scope, CAP_SCOPE_CROSS_SESSION_SHAREABLE);
    CHECK_EQ(sys_grant_rights(&g[1]), CAP_RIGHT_CALL | CAP_RIGHT_TRANSFER);
    CHECK_EQ(parse("service n binary n grant d=pci:0000:ffff\n"), SYS_PARSE_OK);
    CHECK(sys.services[0].grants[0].a == 0 && sys.services[0].grants[0].b == 0xffff);
    const char *bad[] = {
        "c=pci:",           "c=pci:1af4",       "c=pci:1af4:",       "c=pci:1af4:100",
        "c=pci:1af4:10000", "c=pci:01af4:1000", "c=pci:1af4:1000:1", "c=pci:xyz1:1000",
        "c=pci:0x1a:1000",  "c=pci:1af4+1000",  "c=pci::1000"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char text[128];
        snprintf(text, sizeof text, "service a binary a grant %s\n", bad[i]);
        expect_error(text, SYS_PARSE_ERR_BAD_SOURCE, 1, bad[i]);
    }
    expect_error("service a binary a grant c=pci:ffff:1000\n", SYS_PARSE_ERR_BAD_NUMBER, 1,
                 "c=pci:ffff:1000");
    expect_error("service a binary a grant c=pci:1af4:1000/4\n", SYS_PARSE_ERR_BAD_MODIFIER, 1,
                 "c=pci:1af4:1000/4");
}

static void test_empty_and_comments(void) {
    CHECK_EQ(parse(""), SYS_PARSE_OK);
    CHECK_EQ(system_manifest_parse(NULL, 0, &sys, NULL), SYS_PARSE_OK);
    CHECK_EQ(parse("# only\n   # indented comment\n\t\n"), SYS_PARSE_OK);
    CHECK_EQ(parse("service a binary a"), SYS_PARSE_OK); /* no final newline */
    CHECK_EQ(parse("guest disabled\n"), SYS_PARSE_OK);
    CHECK(sys.guest == 0 && sys.guest_set == 1);
}

static void test_limits_accepted(void) {
    char line[SYS_LINE_MAX + 2];
    memset(line, ' ', SYS_LINE_MAX);
    memcpy(line, "service a binary a", 18);
    line[SYS_LINE_MAX] = '\n';
    line[SYS_LINE_MAX + 1] = '\0';
    CHECK_EQ(parse(line), SYS_PARSE_OK);
    CHECK_EQ(parse("service a binary a grant i=ioports:0xfff8+8 m=memory:1048576 q=irq:15\n"),
             SYS_PARSE_OK);
    CHECK_EQ(parse("service a binary a grant e=export:b.c/18446744073709551615\n"), SYS_PARSE_OK);
}

static void test_line_errors(void) {
    char line[SYS_LINE_MAX + 3];
    memset(line, 'x', SYS_LINE_MAX + 1);
    line[SYS_LINE_MAX + 1] = '\n';
    line[SYS_LINE_MAX + 2] = '\0';
    expect_error(line, SYS_PARSE_ERR_LINE_TOO_LONG, 1, NULL);
    expect_error("service a binary a\r\n", SYS_PARSE_ERR_BAD_CHAR, 1, "\r");
    expect_error("# caf\xc3\xa9\n", SYS_PARSE_ERR_BAD_CHAR, 1, "\xc3");
    CHECK_EQ(system_manifest_parse("a\0b", 3, &sys, &where), SYS_PARSE_ERR_BAD_CHAR);
    expect_error("\nbogus x\n", SYS_PARSE_ERR_UNKNOWN_DIRECTIVE, 2, "bogus");
    expect_error("  grant x=root:console\n", SYS_PARSE_ERR_STRAY_CONTINUATION, 1, "grant");
    expect_error("guest enabled\n  more\n", SYS_PARSE_ERR_STRAY_CONTINUATION, 2, "more");
}

static void test_service_errors(void) {
    expect_error("service\n", SYS_PARSE_ERR_MISSING_NAME, 1, "service");
    expect_error("service a/b binary x\n", SYS_PARSE_ERR_BAD_NAME, 1, "a/b");
    expect_error("service grant binary x\n", SYS_PARSE_ERR_BAD_NAME, 1, "grant");
    expect_error("service abcdefghijklmnopqrstuvwxyz012345 binary x\n", SYS_PARSE_ERR_BAD_NAME, 1,
                 "abcdefghijklmnopqrstuvwxyz012345");
    expect_error("service a frob\n", SYS_PARSE_ERR_UNKNOWN_CLAUSE, 1, "frob");
    expect_error("service a binary a grant\n", SYS_PARSE_ERR_EMPTY_CLAUSE, 1, "grant");
    expect_error("service a binary a\n  export\n  after b\n", SYS_PARSE_ERR_EMPTY_CLAUSE, 2,
                 "export");
    expect_error("service a binary\n", SYS_PARSE_ERR_EMPTY_CLAUSE, 1, "binary");
    expect_error("service a binary a binary b\n", SYS_PARSE_ERR_DUPLICATE_BINARY, 1, "binary");
    expect_error("service a binary a b\n", SYS_PARSE_ERR_BINARY_ARITY, 1, "b");
    expect_error("service a grant x=shutdown\nservice b binary b\n", SYS_PARSE_ERR_MISSING_BINARY,
                 1, "a");
    expect_error("service a binary bad/name\n", SYS_PARSE_ERR_BAD_BINARY, 1, "bad/name");
    expect_error("service a binary a export bad.name\n", SYS_PARSE_ERR_BAD_EXPORT, 1, "bad.name");
    expect_error("service a binary a export abcdefghijklmnopq\n", SYS_PARSE_ERR_BAD_EXPORT, 1,
                 "abcdefghijklmnopq");
    expect_error("service a binary a export e=\n", SYS_PARSE_ERR_BAD_EXPORT, 1, "e=");
    expect_error("service a binary a export =server\n", SYS_PARSE_ERR_BAD_EXPORT, 1, "=server");
    expect_error("service a binary a export e=export:f\n", SYS_PARSE_ERR_BAD_EXPORT, 1,
                 "e=export:f");
    expect_error("service a binary a export e=a/b\n", SYS_PARSE_ERR_BAD_EXPORT, 1, "e=a/b");
    expect_error("service a binary a after b.c\n", SYS_PARSE_ERR_BAD_AFTER, 1, "b.c");
}

static void test_grant_errors(void) {
    expect_error("service a binary a grant console\n", SYS_PARSE_ERR_BAD_GRANT, 1, "console");
    expect_error("service a binary a grant =root:console\n", SYS_PARSE_ERR_BAD_GRANT, 1,
                 "=root:console");
    expect_error("service a binary a grant export:x=root:console\n", SYS_PARSE_ERR_BAD_GRANT, 1,
                 "export:x=root:console");
    expect_error("service a binary a grant abcdefghijklmnopqrstuvwx=root:console\n",
                 SYS_PARSE_ERR_BAD_GRANT, 1, "abcdefghijklmnopqrstuvwx=root:console");
    const char *bad_sources[] = {
        "c=console",   "c=disk:1",     "c=root:",     "c=file:a,b",    "c=export:b",
        "c=export:b.", "c=ioports:10", "c=shutdownx", "c=export:b.c.d"};
    for (size_t i = 0; i < sizeof bad_sources / sizeof bad_sources[0]; i++) {
        char text[128];
        snprintf(text, sizeof text, "service a binary a\n grant %s\n", bad_sources[i]);
        expect_error(text, SYS_PARSE_ERR_BAD_SOURCE, 2, bad_sources[i]);
    }
    const char *bad_numbers[] = {"c=irq:16",
                                 "c=irq:x",
                                 "c=memory:0",
                                 "c=memory:1048577",
                                 "c=ioports:0x10000+1",
                                 "c=ioports:0xfff8+9",
                                 "c=ioports:0+0",
                                 "c=ioports:0x+1",
                                 "c=irq:99999999999999999999999"};
    for (size_t i = 0; i < sizeof bad_numbers / sizeof bad_numbers[0]; i++) {
        char text[128];
        snprintf(text, sizeof text, "service a binary a grant %s\n", bad_numbers[i]);
        expect_error(text, SYS_PARSE_ERR_BAD_NUMBER, 1, bad_numbers[i]);
    }
    const char *bad_mods[] = {"c=root:console/",
                              "c=root:console/7",
                              "c=shutdown/3",
                              "c=root:console/recv",
                              "c=root:console/call+call",
                              "c=root:console/same/cross",
                              "c=root:console/call/read",
                              "c=export:b.c/1/2",
                              "c=export:b.c/0",
                              "c=root:console/fly",
                              "c=export:b.c/18446744073709551616"};
    for (size_t i = 0; i < sizeof bad_mods / sizeof bad_mods[0]; i++) {
        char text[128];
        snprintf(text, sizeof text, "service a binary a grant %s\n", bad_mods[i]);
        expect_error(text, SYS_PARSE_ERR_BAD_MODIFIER, 1, bad_mods[i]);
    }
}

/* A service line with n items of one clause. */
static void too_many(const char *clause, const char *fmt, unsigned n, const char *last) {
    static char text[8192];
    int len = snprintf(text, sizeof text, "service a binary a %s", clause);
    for (unsigned i = 0; i < n; i++) {
        len += snprintf(text + len, sizeof text - (size_t)len, "\n ");
        len += snprintf(text + len, sizeof text - (size_t)len, fmt, i);
    }
    snprintf(text + len, sizeof text - (size_t)len, "\n");
    expect_error(text, SYS_PARSE_ERR_TOO_MANY, n + 1, last);
}

static void test_too_many(void) {
    too_many("grant", "g%u=shutdown", SYS_MAX_GRANTS + 1, "g16=shutdown");
    too_many("export", "e%u", SYS_MAX_EXPORTS + 1, "e8");
    too_many("after", "s%u", SYS_MAX_AFTER + 1, "s16");
    static char text[8192];
    int len = 0;
    for (unsigned i = 0; i <= SYS_MAX_SERVICES; i++)
        len += snprintf(text + len, sizeof text - (size_t)len, "service s%u binary b\n", i);
    expect_error(text, SYS_PARSE_ERR_TOO_MANY, SYS_MAX_SERVICES + 1, "s32");
    len = 0;
    for (unsigned i = 0; i <= SYS_MAX_PROFILES; i++)
        len += snprintf(text + len, sizeof text - (size_t)len, "profile p%u\n", i);
    expect_error(text, SYS_PARSE_ERR_TOO_MANY, SYS_MAX_PROFILES + 1, "p8");
    expect_error("profile p launcher=a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q\n", SYS_PARSE_ERR_TOO_MANY,
                 1, "launcher=a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q");
}

static const char verifier[] = "verifier v1 operator 1 42 1700000000000 "
                               "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$"
                               "aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaA";

static void test_profile_and_guest_errors(void) {
    expect_error("profile\n", SYS_PARSE_ERR_MISSING_NAME, 1, "profile");
    const char *bad[] = {"colour=red",    "shutdown=maybe", "logs=some",
                         "ttl=31536001",  "ttl=-1",         "status",
                         "launcher=a,,b", "launcher=a,",    "shutdown=yes shutdown=no"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char text[128];
        snprintf(text, sizeof text, "profile p %s\n", bad[i]);
        const char *tok = strrchr(bad[i], ' ') ? strrchr(bad[i], ' ') + 1 : bad[i];
        expect_error(text, SYS_PARSE_ERR_BAD_PROFILE_ATTR, 1, tok);
    }
    expect_error("guest\n", SYS_PARSE_ERR_BAD_GUEST, 1, "guest");
    expect_error("guest on\n", SYS_PARSE_ERR_BAD_GUEST, 1, "on");
    expect_error("guest enabled now\n", SYS_PARSE_ERR_BAD_GUEST, 1, "now");
    expect_error("guest enabled\nguest disabled\n", SYS_PARSE_ERR_DUPLICATE_GUEST, 2, "guest");
}

static void test_credentials(void) {
    char text[512];
    snprintf(text, sizeof text, "credential %s  \nservice a binary a\n", verifier);
    CHECK_EQ(parse(text), SYS_PARSE_OK);
    CHECK_EQ(sys.ncredentials, 1);
    CHECK_EQ(sys.credentials[0].line, 1);
    CHECK_EQ(sys.credentials[0].length, strlen(verifier));
    CHECK_MEM(text + sys.credentials[0].offset, verifier, strlen(verifier));
    /* a broken record is reported without echoing any of it */
    snprintf(text, sizeof text, "credential %sX!\n", verifier);
    expect_error(text, SYS_PARSE_ERR_BAD_CREDENTIAL, 1, NULL);
    CHECK(where.detail != 0);
    expect_error("credential password hunter2\n", SYS_PARSE_ERR_BAD_CREDENTIAL, 1, NULL);
    static char many[8192];
    int len = 0;
    for (unsigned i = 0; i <= SYS_MAX_CREDENTIALS; i++)
        len += snprintf(many + len, sizeof many - (size_t)len, "credential %s\n", verifier);
    expect_error(many, SYS_PARSE_ERR_TOO_MANY, SYS_MAX_CREDENTIALS + 1, NULL);
}

/* An ssh-ed25519 public key in OpenSSH's base64 (RFC 8032's test 1 key). */
static const char ed_key[] = "AAAAC3NzaC1lZDI1NTE5AAAAINdamAGCsQq31Uv+08lkBzoO4XLz2qYjJa8CGmj3B1Ea";

/* An ssh-rsa blob of exactly SYS_KEY_BLOB_MAX bytes, in base64. */
static const char *biggest_rsa_key(void) {
    static uint8_t blob[SYS_KEY_BLOB_MAX];
    static char text[SYS_BASE64_LEN(SYS_KEY_BLOB_MAX) + 1];
    static const uint8_t head[] = {0,   0,   0, 7, 's', 's', 'h', '-', 'r',
                                   's', 'a', 0, 0, 0,   3,   1,   0,   1};
    uint32_t n = SYS_KEY_BLOB_MAX - sizeof head - 4;
    memcpy(blob, head, sizeof head);
    uint8_t len[4] = {0, 0, (uint8_t)(n >> 8), (uint8_t)n};
    memcpy(blob + sizeof head, len, 4);
    memset(blob + sizeof head + 4, 0x6d, n);
    CHECK_EQ(sys_base64_encode(blob, sizeof blob, text, sizeof text), sizeof text - 1);
    return text;
}

static void test_authorized_keys(void) {
    static char text[4096];
    snprintf(text, sizeof text,
             "service a binary a\n"
             "authorized_key operator ssh-ed25519 %s   # laptop\n"
             "authorized_key\talice\tssh-ed25519\t%s\n"
             "authorized_key alice ssh-rsa %s\n",
             ed_key, ed_key, biggest_rsa_key());
    CHECK_EQ(parse(text), SYS_PARSE_OK);
    CHECK_EQ(sys.nauthorized_keys, 3);
    CHECK(!strcmp(sys.authorized_keys[0].account, "operator"));
    CHECK_EQ(sys.authorized_keys[0].type, SYS_KEY_ED25519);
    CHECK_EQ(sys.authorized_keys[0].blob_len, 51);
    CHECK(!strcmp(sys.authorized_keys[1].account, "alice"));
    CHECK_EQ(sys.authorized_keys[2].type, SYS_KEY_RSA);
    CHECK_EQ(sys.authorized_keys[2].blob_len, SYS_KEY_BLOB_MAX);

    /* only an authorized_key line may pass 512 bytes, and not 1280 */
    static char line[SYS_AUTHKEY_LINE_MAX + 8];
    memset(line, ' ', sizeof line);
    memcpy(line, "# ", 2);
    line[SYS_LINE_MAX + 1] = '\n';
    line[SYS_LINE_MAX + 2] = '\0';
    expect_error(line, SYS_PARSE_ERR_LINE_TOO_LONG, 1, NULL);
    memcpy(line, "  ", 2);
    expect_error(line, SYS_PARSE_ERR_LINE_TOO_LONG, 1, NULL);
    memcpy(line, "guest enabled", 13);
    expect_error(line, SYS_PARSE_ERR_LINE_TOO_LONG, 1, NULL);
    memset(line, ' ', sizeof line);
    int n = snprintf(line, sizeof line, "authorized_key op ssh-ed25519 %s", ed_key);
    line[n] = ' ';
    line[SYS_AUTHKEY_LINE_MAX] = '\n';
    line[SYS_AUTHKEY_LINE_MAX + 1] = '\0';
    CHECK_EQ(parse(line), SYS_PARSE_OK);
    line[SYS_AUTHKEY_LINE_MAX] = ' ';
    line[SYS_AUTHKEY_LINE_MAX + 1] = '\n';
    line[SYS_AUTHKEY_LINE_MAX + 2] = '\0';
    expect_error(line, SYS_PARSE_ERR_LINE_TOO_LONG, 1, NULL);

    /* a fault names its line, its token and the rule (where.detail) */
    expect_error("\nauthorized_key op ssh-ed25519\n", SYS_PARSE_ERR_BAD_AUTHORIZED_KEY, 2,
                 "authorized_key");
    CHECK_EQ(where.detail, AUTHKEY_ERR_FIELDS);
    expect_error("authorized_key # no fields\n", SYS_PARSE_ERR_BAD_AUTHORIZED_KEY, 1,
                 "authorized_key");
    snprintf(text, sizeof text, "authorized_key op ssh-ed25519 %s more\n", ed_key);
    expect_error(text, SYS_PARSE_ERR_BAD_AUTHORIZED_KEY, 1, "more");
    CHECK_EQ(where.detail, AUTHKEY_ERR_FIELDS);
    snprintf(text, sizeof text, "authorized_key Op ssh-ed25519 %s\n", ed_key);
    expect_error(text, SYS_PARSE_ERR_BAD_AUTHORIZED_KEY, 1, "Op");
    CHECK_EQ(where.detail, AUTHKEY_ERR_ACCOUNT);
    snprintf(text, sizeof text, "authorized_key op ssh-dss %s\n", ed_key);
    expect_error(text, SYS_PARSE_ERR_BAD_AUTHORIZED_KEY, 1, "ssh-dss");
    CHECK_EQ(where.detail, AUTHKEY_ERR_TYPE);
    snprintf(text, sizeof text, "authorized_key op ssh-rsa %s\n", ed_key);
    expect_error(text, SYS_PARSE_ERR_BAD_AUTHORIZED_KEY, 1, ed_key);
    CHECK_EQ(where.detail, AUTHKEY_ERR_BLOB_TYPE);
    expect_error("authorized_key op ssh-ed25519 AAAAC3Nz=\n", SYS_PARSE_ERR_BAD_AUTHORIZED_KEY, 1,
                 "AAAAC3Nz=");
    CHECK_EQ(where.detail, AUTHKEY_ERR_BASE64);
    /* the same record twice; the same key for another account is fine */
    snprintf(text, sizeof text,
             "authorized_key op ssh-ed25519 %s\nauthorized_key op2 ssh-ed25519 %s\n"
             "authorized_key op ssh-ed25519 %s\n",
             ed_key, ed_key, ed_key);
    expect_error(text, SYS_PARSE_ERR_DUPLICATE_KEY, 3, "op");
    CHECK_EQ(sys.nauthorized_keys, 0);
    /* not a continuation, and continues nothing */
    snprintf(text, sizeof text, "authorized_key op ssh-ed25519 %s\n  more\n", ed_key);
    expect_error(text, SYS_PARSE_ERR_STRAY_CONTINUATION, 2, "more");
    /* at most SYS_MAX_AUTHORIZED_KEYS */
    static char many[8192];
    int len = 0, all = 0;
    for (unsigned i = 0; i <= SYS_MAX_AUTHORIZED_KEYS; i++) {
        all = len;
        len += snprintf(many + len, sizeof many - (size_t)len,
                        "authorized_key a%u ssh-ed25519 %s\n", i, ed_key);
    }
    expect_error(many, SYS_PARSE_ERR_TOO_MANY, SYS_MAX_AUTHORIZED_KEYS + 1, "authorized_key");
    many[all] = '\0';
    CHECK_EQ(parse(many), SYS_PARSE_OK);
    CHECK_EQ(sys.nauthorized_keys, SYS_MAX_AUTHORIZED_KEYS);
}

static void test_strerror(void) {
    for (int e = 0; e < SYS_PARSE_ERR__COUNT; e++)
        CHECK(system_parse_strerror((sys_parse_err_t)e)[0] != '\0');
    CHECK(!strcmp(system_parse_strerror(SYS_PARSE_ERR__COUNT), "unknown manifest error"));
}

int main(void) {
    test_full();
    test_grant_rights_and_scope();
    test_pci_source();
    test_empty_and_comments();
    test_limits_accepted();
    test_line_errors();
    test_service_errors();
    test_grant_errors();
    test_too_many();
    test_profile_and_guest_errors();
    test_credentials();
    test_authorized_keys();
    test_strerror();
    return check_summary();
}
