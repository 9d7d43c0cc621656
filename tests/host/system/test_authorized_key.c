/* Authorized SSH public keys (lib/system/authorized_key.c, base64.c): the
 * text record, every rule of the key blob per type, canonical base64, and
 * the matcher sessiond uses. */
#include "capos/authorized_key.h"
#include "check.h"

/* Public keys made by OpenSSH's ssh-keygen. */
static const char p256[] = "AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBHI0qbA9kWO+ENmG"
                           "DTiEbO2+jobKUUxwsX/rURxjBAFMtWCA3GGQSv2H2YqLfTCtTCsUtweuMTxxaXbby5pR"
                           "1Rc=";
static const char p384[] = "AAAAE2VjZHNhLXNoYTItbmlzdHAzODQAAAAIbmlzdHAzODQAAABhBFnodoRh0JBEDtcF"
                           "GtD2LTrAIbSEcdImHkr+MEgD6U3BOz0R4D00nqHfaaxD5ScL8QI1CV6b5pa3SQ9kjwPW"
                           "LsGzoZ+15gjv9r4MObbZyRrGjFgEAX/qjXmjrOj271hQFA==";
static const char p521[] = "AAAAE2VjZHNhLXNoYTItbmlzdHA1MjEAAAAIbmlzdHA1MjEAAACFBAGrCpqd55Kxt+Do"
                           "FDrwKXOFvQhByZwzGEaE9x2WVoBNB2VzTsiNZ9SpZLMudyDn627LGhsOlsILx8L57JRf"
                           "2iDX+wBruEXy4Of4SwiAyvt46MzkJdQO8AGMv8pG8rUuTnwRQKaiFUSJ+pljUQMpBcxA"
                           "VXiM5nmWZB45xrbgcNiBQRR47w==";
static const char rsa2048[] =
    "AAAAB3NzaC1yc2EAAAADAQABAAABAQC1KFKg/y44lgLjCo/98/s98hMKs/X089OvRL3ENlC0ZQal0cciUKuZjpkY4U9A"
    "37iW2GiPkVk3cCYPF2sjGn/PDBIdmfz7zeSwgnxgI15rgoVZX63y6NM0tnK8fWGSxl+gw8NKENLlUcjvFJ0FVCqwbanK"
    "F3W2nmXk5F/+/nXi803Qu6zxuLQqyjNYy4CKhLap8yvKxp5JHv9CDSm2rt69oTci3LA3cnyOZLI6bsyzsEueCS+pMRco"
    "rbROiwE8+Mb8bs8Or2Ja722B10lOdgxjJ3e4n8arkDRFFz+i5ixbfPiwpCeKdLEUhGpFFsxnslMHtk1LfGi/jvVuwfi2"
    "Kx8b";
static const char rsa1024[] =
    "AAAAB3NzaC1yc2EAAAADAQABAAAAgQDuMRXalrdZCNg+xCooCfZWQ4SecGJajyLUvVv2myzqerzvWe/4fieaHeHaIrkA"
    "g94OO+x1g+ahXs+X0agGgr4cfTeUhmw01V3lB16j9oaG7CotPtsObEzkZXE8ppx2fJzY0S6nsBHRX8G0QSFekAuZpZsQ"
    "0kfb9zndoddboRk7dw==";
static const char ed25519[] =
    "AAAAC3NzaC1lZDI1NTE5AAAAINdamAGCsQq31Uv+08lkBzoO4XLz2qYjJa8CGmj3B1Ea";

static sys_authorized_key_t key;

/* ---- blobs built field by field ---- */

typedef struct {
    uint8_t b[1200];
    size_t n;
} blob_t;

static void put_u32(blob_t *w, uint32_t v) {
    w->b[w->n++] = (uint8_t)(v >> 24);
    w->b[w->n++] = (uint8_t)(v >> 16);
    w->b[w->n++] = (uint8_t)(v >> 8);
    w->b[w->n++] = (uint8_t)v;
}

static void put_bytes(blob_t *w, const void *p, size_t n) {
    put_u32(w, (uint32_t)n);
    memcpy(w->b + w->n, p, n);
    w->n += n;
}

static void put_cstr(blob_t *w, const char *s) {
    put_bytes(w, s, strlen(s));
}

/* An mpint of n bytes: first (the top byte), then 0x5a filler. */
static void put_mpint(blob_t *w, size_t n, uint8_t first) {
    put_u32(w, (uint32_t)n);
    for (size_t i = 0; i < n; i++)
        w->b[w->n++] = i == 0 ? first : 0x5a;
}

static blob_t ed_blob(size_t key_len) {
    blob_t w = {.n = 0};
    uint8_t k[40] = {1, 2, 3};
    put_cstr(&w, "ssh-ed25519");
    put_bytes(&w, k, key_len);
    return w;
}

static blob_t ec_blob(const char *type, const char *curve, size_t point, uint8_t form) {
    blob_t w = {.n = 0};
    uint8_t p[140] = {form, 9, 9};
    put_cstr(&w, type);
    put_cstr(&w, curve);
    put_bytes(&w, p, point);
    return w;
}

/* ssh-rsa with e = 65537 and an n of n_len bytes starting with n_first. */
static blob_t rsa_blob(size_t n_len, uint8_t n_first) {
    blob_t w = {.n = 0};
    static const uint8_t e[] = {1, 0, 1};
    put_cstr(&w, "ssh-rsa");
    put_bytes(&w, e, sizeof e);
    put_mpint(&w, n_len, n_first);
    return w;
}

static authkey_err_t blob_check(uint8_t type, const blob_t *w) {
    return sys_key_blob_check(type, w->b, w->n);
}

static void test_blob_rules(void) {
    blob_t w = ed_blob(32);
    CHECK_EQ(blob_check(SYS_KEY_ED25519, &w), AUTHKEY_OK);
    CHECK_EQ(blob_check(SYS_KEY_RSA, &w), AUTHKEY_ERR_BLOB_TYPE);
    CHECK_EQ(blob_check(0, &w), AUTHKEY_ERR_TYPE);
    CHECK_EQ(blob_check(6, &w), AUTHKEY_ERR_TYPE);
    w = ed_blob(31);
    CHECK_EQ(blob_check(SYS_KEY_ED25519, &w), AUTHKEY_ERR_BLOB);
    w = ed_blob(33);
    CHECK_EQ(blob_check(SYS_KEY_ED25519, &w), AUTHKEY_ERR_BLOB);
    w = ed_blob(32);
    w.b[w.n++] = 0; /* trailing byte */
    CHECK_EQ(blob_check(SYS_KEY_ED25519, &w), AUTHKEY_ERR_BLOB);
    w = ed_blob(32);
    w.n--; /* truncated key string */
    CHECK_EQ(blob_check(SYS_KEY_ED25519, &w), AUTHKEY_ERR_BLOB);
    CHECK_EQ(sys_key_blob_check(SYS_KEY_ED25519, w.b, 3), AUTHKEY_ERR_BLOB_TYPE);
    CHECK_EQ(sys_key_blob_check(SYS_KEY_ED25519, w.b, 0), AUTHKEY_ERR_BLOB_TYPE);
    w = ed_blob(32);
    w.b[3] = 0xff; /* type string length past the end */
    CHECK_EQ(blob_check(SYS_KEY_ED25519, &w), AUTHKEY_ERR_BLOB_TYPE);

    w = ec_blob("ecdsa-sha2-nistp256", "nistp256", 65, 4);
    CHECK_EQ(blob_check(SYS_KEY_ECDSA_P256, &w), AUTHKEY_OK);
    CHECK_EQ(blob_check(SYS_KEY_ECDSA_P384, &w), AUTHKEY_ERR_BLOB_TYPE);
    w = ec_blob("ecdsa-sha2-nistp384", "nistp384", 97, 4);
    CHECK_EQ(blob_check(SYS_KEY_ECDSA_P384, &w), AUTHKEY_OK);
    w = ec_blob("ecdsa-sha2-nistp521", "nistp521", 133, 4);
    CHECK_EQ(blob_check(SYS_KEY_ECDSA_P521, &w), AUTHKEY_OK);
    w = ec_blob("ecdsa-sha2-nistp256", "nistp384", 65, 4); /* curve of another type */
    CHECK_EQ(blob_check(SYS_KEY_ECDSA_P256, &w), AUTHKEY_ERR_BLOB);
    w = ec_blob("ecdsa-sha2-nistp256", "nistp256", 33, 2); /* compressed point */
    CHECK_EQ(blob_check(SYS_KEY_ECDSA_P256, &w), AUTHKEY_ERR_BLOB);
    w = ec_blob("ecdsa-sha2-nistp256", "nistp256", 65, 2); /* not 0x04 */
    CHECK_EQ(blob_check(SYS_KEY_ECDSA_P256, &w), AUTHKEY_ERR_BLOB);
    w = ec_blob("ecdsa-sha2-nistp256", "nistp256", 64, 4);
    CHECK_EQ(blob_check(SYS_KEY_ECDSA_P256, &w), AUTHKEY_ERR_BLOB);
    w = ec_blob("ecdsa-sha2-nistp256", "nistp256", 0, 4);
    CHECK_EQ(blob_check(SYS_KEY_ECDSA_P256, &w), AUTHKEY_ERR_BLOB);

    w = rsa_blob(256, 0x80 - 1); /* 2047 bits */
    CHECK_EQ(blob_check(SYS_KEY_RSA, &w), AUTHKEY_ERR_RSA_SIZE);
    w = rsa_blob(257, 0); /* leading zero, then 0x5a: not minimal */
    CHECK_EQ(blob_check(SYS_KEY_RSA, &w), AUTHKEY_ERR_BLOB);
    w = rsa_blob(256, 0x80); /* negative */
    CHECK_EQ(blob_check(SYS_KEY_RSA, &w), AUTHKEY_ERR_BLOB);
    w = rsa_blob(0, 0); /* zero */
    CHECK_EQ(blob_check(SYS_KEY_RSA, &w), AUTHKEY_ERR_BLOB);
    blob_t z = {.n = 0};
    put_cstr(&z, "ssh-rsa");
    put_bytes(&z, "\x01\x00\x01", 3);
    put_bytes(&z, "\x00\x80", 2); /* 8 bits, minimal with its zero */
    CHECK_EQ(blob_check(SYS_KEY_RSA, &z), AUTHKEY_ERR_RSA_SIZE);
    z.n = 0;
    put_cstr(&z, "ssh-rsa");
    put_bytes(&z, "\x00", 1); /* a lone zero byte is not minimal */
    put_mpint(&z, 257, 0);
    CHECK_EQ(blob_check(SYS_KEY_RSA, &z), AUTHKEY_ERR_BLOB);
    /* 2048 bits with the sign byte: 257 bytes, 0x00 then >= 0x80 */
    z.n = 0;
    put_cstr(&z, "ssh-rsa");
    put_bytes(&z, "\x01\x00\x01", 3);
    put_u32(&z, 257);
    z.b[z.n++] = 0;
    for (int i = 0; i < 256; i++)
        z.b[z.n++] = 0xc3;
    CHECK_EQ(blob_check(SYS_KEY_RSA, &z), AUTHKEY_OK);
    /* the largest blob: exactly SYS_KEY_BLOB_MAX bytes, and one more */
    size_t fixed = rsa_blob(1, 1).n - 1;
    w = rsa_blob(SYS_KEY_BLOB_MAX - fixed, 0x41);
    CHECK_EQ(w.n, SYS_KEY_BLOB_MAX);
    CHECK_EQ(blob_check(SYS_KEY_RSA, &w), AUTHKEY_OK);
    w = rsa_blob(SYS_KEY_BLOB_MAX + 1 - fixed, 0x41);
    CHECK_EQ(blob_check(SYS_KEY_RSA, &w), AUTHKEY_ERR_TOO_LONG);
}

/* ---- base64 ---- */

static void test_base64(void) {
    uint8_t out[8];
    char text[16];
    size_t n = 0;
    CHECK(sys_base64_decode("Zm9vYg==", 8, out, sizeof out, &n) && n == 4 &&
          !memcmp(out, "foob", 4));
    CHECK(sys_base64_decode("Zm9vYmE=", 8, out, sizeof out, &n) && n == 5);
    CHECK(sys_base64_decode("Zm9vYmFy", 8, out, sizeof out, &n) && n == 6);
    CHECK(!sys_base64_decode("Zm9vYmFy", 8, out, 5, &n));          /* does not fit */
    CHECK(!sys_base64_decode("Zm9vYh==", 8, out, sizeof out, &n)); /* stray bits */
    CHECK(!sys_base64_decode("Zm9vYmF=", 8, out, sizeof out, &n)); /* stray bits */
    CHECK(!sys_base64_decode("Zm9vYg", 6, out, sizeof out, &n));   /* unpadded */
    CHECK(!sys_base64_decode("Zg==Zg==", 8, out, sizeof out, &n)); /* padding inside */
    CHECK(!sys_base64_decode("Zm9v=mFy", 8, out, sizeof out, &n));
    CHECK(!sys_base64_decode("Z===", 4, out, sizeof out, &n));
    CHECK(!sys_base64_decode("====", 4, out, sizeof out, &n));
    CHECK(!sys_base64_decode("Zm9-", 4, out, sizeof out, &n)); /* url alphabet */
    CHECK(!sys_base64_decode("Zm9\n", 4, out, sizeof out, &n));
    CHECK(!sys_base64_decode("", 0, out, sizeof out, &n));
    CHECK_EQ(sys_base64_encode((const uint8_t *)"foob", 4, text, sizeof text), 8);
    CHECK(!strcmp(text, "Zm9vYg=="));
    CHECK_EQ(sys_base64_encode((const uint8_t *)"\xfb\xff", 2, text, sizeof text), 4);
    CHECK(!strcmp(text, "+/8="));
    CHECK_EQ(sys_base64_encode((const uint8_t *)"foob", 4, text, 8), 0); /* no room for NUL */
    /* every value of a byte triple survives a round trip */
    for (unsigned v = 0; v < 256; v++) {
        uint8_t in[3] = {(uint8_t)v, (uint8_t)(255 - v), (uint8_t)(v * 7)};
        for (size_t len = 1; len <= 3; len++) {
            size_t tl = sys_base64_encode(in, len, text, sizeof text);
            CHECK(tl == 4 && sys_base64_decode(text, tl, out, sizeof out, &n) && n == len &&
                  !memcmp(in, out, len));
        }
    }
}

/* ---- the text record ---- */

static authkey_err_t parse(const char *s, uint32_t *field) {
    return sys_authorized_key_parse(s, strlen(s), &key, field);
}

static authkey_err_t record(const char *account, const char *type, const char *b64) {
    char line[1600];
    snprintf(line, sizeof line, "%s %s %s", account, type, b64);
    return parse(line, NULL);
}

static void test_record(void) {
    uint32_t field = 99;
    CHECK_EQ(record("operator", "ssh-ed25519", ed25519), AUTHKEY_OK);
    CHECK(!strcmp(key.account, "operator") && key.type == SYS_KEY_ED25519 && key.blob_len == 51);
    CHECK_EQ(record("operator", "ecdsa-sha2-nistp256", p256), AUTHKEY_OK);
    CHECK_EQ(key.type, SYS_KEY_ECDSA_P256);
    CHECK_EQ(record("a.b-c_d", "ecdsa-sha2-nistp384", p384), AUTHKEY_OK);
    CHECK_EQ(record("9", "ecdsa-sha2-nistp521", p521), AUTHKEY_OK);
    CHECK_EQ(record("operator", "ssh-rsa", rsa2048), AUTHKEY_OK);
    CHECK_EQ(key.type, SYS_KEY_RSA);
    CHECK_EQ(record("operator", "ssh-rsa", rsa1024), AUTHKEY_ERR_RSA_SIZE);
    CHECK_EQ(key.type, 0); /* zeroed on failure */
    CHECK_EQ(sys_authorized_key_parse(" \toperator  ssh-ed25519\t", 24, &key, &field),
             AUTHKEY_ERR_FIELDS);
    CHECK_EQ(field, 0);
    CHECK_EQ(parse("operator ssh-ed25519 AAAA extra", &field), AUTHKEY_ERR_FIELDS);
    CHECK_EQ(parse("", &field), AUTHKEY_ERR_FIELDS);
    CHECK_EQ(record("Operator", "ssh-ed25519", ed25519), AUTHKEY_ERR_ACCOUNT);
    CHECK_EQ(record(".op", "ssh-ed25519", ed25519), AUTHKEY_ERR_ACCOUNT);
    CHECK_EQ(record("012345678901234567890123456789012", "ssh-ed25519", ed25519),
             AUTHKEY_ERR_ACCOUNT);
    CHECK_EQ(record("01234567890123456789012345678901", "ssh-ed25519", ed25519), AUTHKEY_OK);
    CHECK_EQ(record("operator", "ssh-dss", ed25519), AUTHKEY_ERR_TYPE);
    CHECK_EQ(record("operator", "sk-ssh-ed25519@openssh.com", ed25519), AUTHKEY_ERR_TYPE);
    CHECK_EQ(record("operator", "ssh-rsa", ed25519), AUTHKEY_ERR_BLOB_TYPE);
    CHECK_EQ(record("operator", "ssh-ed25519", "AAAA"), AUTHKEY_ERR_BLOB_TYPE);
    CHECK_EQ(record("operator", "ssh-ed25519", "AAAAC3NzaC1lZDI1NTE"), AUTHKEY_ERR_BASE64);
    CHECK_EQ(record("operator", "ssh-ed25519", "AAAAC3NzaC1lZDI1NTE5"), AUTHKEY_ERR_BLOB);
    /* the field index points at the culprit */
    char line[200];
    snprintf(line, sizeof line, "op ssh-ed25519 %s", ed25519);
    line[strlen(line) - 1] = '!';
    CHECK_EQ(parse(line, &field), AUTHKEY_ERR_BASE64);
    CHECK_EQ(field, 3);
    CHECK_EQ(parse("op ssh-foo AAAA", &field), AUTHKEY_ERR_TYPE);
    CHECK_EQ(field, 2);
    CHECK_EQ(parse("-op ssh-ed25519 AAAA", &field), AUTHKEY_ERR_ACCOUNT);
    CHECK_EQ(field, 1);
    /* base64 of more than SYS_KEY_BLOB_MAX bytes: 801 bytes take as many
     * characters as 800, longer text is refused before decoding */
    static char big[SYS_BASE64_LEN(SYS_KEY_BLOB_MAX + 3) + 1];
    size_t fixed = rsa_blob(1, 1).n - 1;
    blob_t w = rsa_blob(SYS_KEY_BLOB_MAX + 1 - fixed, 0x41);
    CHECK_EQ(sys_base64_encode(w.b, w.n, big, sizeof big), SYS_BASE64_LEN(SYS_KEY_BLOB_MAX));
    CHECK_EQ(record("op", "ssh-rsa", big), AUTHKEY_ERR_TOO_LONG);
    memset(big, 'A', sizeof big - 1);
    CHECK_EQ(record("op", "ssh-rsa", big), AUTHKEY_ERR_TOO_LONG);
    w = rsa_blob(SYS_KEY_BLOB_MAX - fixed, 0x41);
    sys_base64_encode(w.b, w.n, big, sizeof big);
    CHECK_EQ(record("op", "ssh-rsa", big), AUTHKEY_OK);
    CHECK_EQ(key.blob_len, SYS_KEY_BLOB_MAX);
    CHECK_EQ(sys_authorized_key_check(&key), AUTHKEY_OK);
    key.account[20] = 'x'; /* bytes after the NUL */
    CHECK_EQ(sys_authorized_key_check(&key), AUTHKEY_ERR_ACCOUNT);
    for (int e = AUTHKEY_OK; e < AUTHKEY_ERR__COUNT; e++)
        CHECK(strcmp(authkey_strerror((authkey_err_t)e), "unknown authorized_key error"));
    CHECK(!strcmp(authkey_strerror(AUTHKEY_ERR__COUNT), "unknown authorized_key error"));
}

static void test_names(void) {
    CHECK(!strcmp(sys_key_type_name(SYS_KEY_ED25519), "ssh-ed25519"));
    CHECK(!strcmp(sys_key_type_name(SYS_KEY_ECDSA_P521), "ecdsa-sha2-nistp521"));
    CHECK(!strcmp(sys_key_type_name(SYS_KEY_RSA), "ssh-rsa"));
    CHECK(sys_key_type_name(0) == NULL && sys_key_type_name(6) == NULL);
    CHECK_EQ(sys_key_type_from_name("ssh-rsa", 7), SYS_KEY_RSA);
    CHECK_EQ(sys_key_type_from_name("ssh-rs", 6), 0);
    CHECK_EQ(sys_key_type_from_name("ssh-rsa2", 8), 0);
    CHECK(sys_account_valid("operator", 8) && !sys_account_valid("op\0", 3));
}

static void test_find(void) {
    static sys_authorized_key_t keys[3];
    char line[200];
    snprintf(line, sizeof line, "alice ssh-ed25519 %s", ed25519);
    CHECK_EQ(sys_authorized_key_parse(line, strlen(line), &keys[0], NULL), AUTHKEY_OK);
    snprintf(line, sizeof line, "bob ecdsa-sha2-nistp256 %s", p256);
    CHECK_EQ(sys_authorized_key_parse(line, strlen(line), &keys[1], NULL), AUTHKEY_OK);
    const sys_authorized_key_t *b = &keys[1];
    CHECK_EQ(sys_authorized_key_find(keys, 2, "bob", 3, b->blob, b->blob_len), 1);
    CHECK_EQ(sys_authorized_key_find(keys, 2, "alice", 5, keys[0].blob, keys[0].blob_len), 0);
    CHECK_EQ(sys_authorized_key_find(keys, 2, "alice", 5, b->blob, b->blob_len), -1);
    CHECK_EQ(sys_authorized_key_find(keys, 2, "bo", 2, b->blob, b->blob_len), -1);
    CHECK_EQ(sys_authorized_key_find(keys, 2, "bobb", 4, b->blob, b->blob_len), -1);
    CHECK_EQ(sys_authorized_key_find(keys, 2, "bob", 3, b->blob, b->blob_len - 1u), -1);
    CHECK_EQ(sys_authorized_key_find(keys, 1, "bob", 3, b->blob, b->blob_len), -1);
    CHECK_EQ(sys_authorized_key_find(keys, 2, "bob", 3, b->blob, 0), -1);
    CHECK_EQ(sys_authorized_key_find(keys, 2, "", 0, b->blob, b->blob_len), -1);
    CHECK_EQ(sys_authorized_key_find(keys, 2, "012345678901234567890123456789012", 33, b->blob,
                                     b->blob_len),
             -1);
}

int main(void) {
    test_blob_rules();
    test_base64();
    test_record();
    test_names();
    test_find();
    return check_summary();
}
