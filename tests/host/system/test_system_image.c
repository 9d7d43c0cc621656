/* System image: parsed manifests survive encode/decode byte for byte, and
 * the decoder rejects every malformed image it is handed. */
#include <stdlib.h>

#include "capos/abi.h"
#include "capos/byteorder.h"
#include "capos/system_image.h"
#include "check.h"

static system_t parsed, decoded;
static uint8_t image[SYS_IMAGE_MAX];

static const char manifest[] =
    "service audit binary audit grant memory=memory:64 clock=root:clock/read export log\n"
    "service term binary terminal grant com1=ioports:0x3f8+8 irq=irq:4 export terminal=server\n"
    "service shell binary shell after audit grant t=export:term.terminal/9/cross "
    "stop=shutdown/regrant f=file:credentials\n"
    "profile operator launcher=hello,shell shutdown=yes logs=session ttl=60\n"
    "profile guest launcher=hello\n"
    "guest disabled\n";

static size_t encode_manifest(const char *text) {
    size_t len = 0;
    CHECK_EQ(system_manifest_parse(text, strlen(text), &parsed, NULL), SYS_PARSE_OK);
    CHECK_EQ(system_image_encode(&parsed, image, sizeof image, &len), SYS_IMAGE_OK);
    return len;
}

static sys_image_err_t decode(size_t len, uint32_t *record) {
    return system_image_decode(image, len, &decoded, record);
}

static void test_round_trip(void) {
    size_t len = encode_manifest(manifest);
    CHECK_MEM(image, SYS_IMAGE_MAGIC, 8);
    CHECK_EQ(load_le32(image + 8), len);
    uint32_t record = 0;
    CHECK_EQ(decode(len, &record), SYS_IMAGE_OK);
    CHECK_EQ(record, load_le32(image + 12) - 1);
    CHECK_MEM(&decoded, &parsed, sizeof parsed);
    /* re-encoding the decoded manifest gives the same bytes */
    static uint8_t again[SYS_IMAGE_MAX];
    size_t len2 = 0;
    CHECK_EQ(system_image_encode(&decoded, again, sizeof again, &len2), SYS_IMAGE_OK);
    CHECK(len2 == len && memcmp(again, image, len) == 0);
}

static void test_empty_manifest(void) {
    size_t len = encode_manifest("");
    CHECK_EQ(len, SYS_IMAGE_HEADER);
    CHECK_EQ(decode(len, NULL), SYS_IMAGE_OK);
    CHECK_EQ(decoded.nservices, 0);
}

static void test_no_space(void) {
    size_t len = 0;
    CHECK_EQ(system_manifest_parse(manifest, strlen(manifest), &parsed, NULL), SYS_PARSE_OK);
    CHECK_EQ(system_image_encode(&parsed, image, 40, &len), SYS_IMAGE_ERR_NO_SPACE);
    CHECK_EQ(system_image_encode(&parsed, image, 0, &len), SYS_IMAGE_ERR_NO_SPACE);
}

/* Encodes the manifest, applies one corruption at byte offset at, fixes up
 * nothing, and expects err. */
static void expect_corrupt(size_t at, uint8_t value, sys_image_err_t err) {
    size_t len = encode_manifest(manifest);
    image[at] = value;
    CHECK_EQ(decode(len, NULL), err);
    CHECK_EQ(decoded.nservices, 0);
}

static void test_header_errors(void) {
    size_t len = encode_manifest(manifest);
    CHECK_EQ(decode(SYS_IMAGE_HEADER - 1, NULL), SYS_IMAGE_ERR_TRUNCATED);
    CHECK_EQ(decode(len - 1, NULL), SYS_IMAGE_ERR_SIZE);
    expect_corrupt(0, 'X', SYS_IMAGE_ERR_MAGIC);
    expect_corrupt(8, 0, SYS_IMAGE_ERR_SIZE);
    len = encode_manifest(manifest);
    store_le32(image + 12, load_le32(image + 12) + 1);
    CHECK_EQ(decode(len, NULL), SYS_IMAGE_ERR_COUNT);
    len = encode_manifest(manifest);
    store_le32(image + 12, load_le32(image + 12) - 1);
    CHECK_EQ(decode(len, NULL), SYS_IMAGE_ERR_COUNT);
}

/* Offset of the nth (0-based) record of type type. */
static size_t find_nth(uint8_t type, unsigned nth) {
    size_t pos = SYS_IMAGE_HEADER;
    for (;; pos += 4u + (size_t)(image[pos + 2] | image[pos + 3] << 8))
        if (image[pos] == type && nth-- == 0)
            return pos;
}

static size_t find_record(uint8_t type) {
    return find_nth(type, 0);
}

static void test_record_errors(void) {
    expect_corrupt(SYS_IMAGE_HEADER, 99, SYS_IMAGE_ERR_RECORD);    /* unknown type */
    expect_corrupt(SYS_IMAGE_HEADER + 1, 1, SYS_IMAGE_ERR_RECORD); /* pad */
    expect_corrupt(SYS_IMAGE_HEADER + 3, 0x7f, SYS_IMAGE_ERR_TRUNCATED);
    expect_corrupt(SYS_IMAGE_HEADER, SYS_REC_GRANT, SYS_IMAGE_ERR_ORPHAN);
    expect_corrupt(SYS_IMAGE_HEADER, SYS_REC_LAUNCHER, SYS_IMAGE_ERR_ORPHAN);
    /* body one byte longer than its fields: the next record's first byte is
     * swallowed, so the body is not used exactly */
    encode_manifest(manifest);
    uint8_t body = image[SYS_IMAGE_HEADER + 2];
    expect_corrupt(SYS_IMAGE_HEADER + 2, (uint8_t)(body + 1), SYS_IMAGE_ERR_RECORD);
    size_t len = encode_manifest(manifest);
    size_t svc = SYS_IMAGE_HEADER;
    image[svc + 4 + 4 + 1] = '/'; /* service name "audit" -> "/udit" */
    CHECK_EQ(decode(len, NULL), SYS_IMAGE_ERR_BAD_FIELD);
    len = encode_manifest(manifest);
    image[find_record(SYS_REC_GUEST) + 4] = 2;
    CHECK_EQ(decode(len, NULL), SYS_IMAGE_ERR_BAD_FIELD);
    /* a service after a profile, or anything after guest, is out of place */
    len = encode_manifest(manifest);
    image[find_nth(SYS_REC_PROFILE, 1)] = SYS_REC_SERVICE;
    CHECK_EQ(decode(len, NULL), SYS_IMAGE_ERR_RECORD);
    len = encode_manifest("guest enabled\n");
    memcpy(image + len, image + SYS_IMAGE_HEADER, 5);
    store_le32(image + 8, (uint32_t)len + 5);
    store_le32(image + 12, 2);
    CHECK_EQ(decode(len + 5, NULL), SYS_IMAGE_ERR_RECORD);
}

/* A grant field corrupted: each must be refused as BAD_FIELD. */
static void test_grant_fields(void) {
    size_t len = encode_manifest("service a binary a grant c=root:console\n");
    size_t g = find_record(SYS_REC_GRANT) + 4;
    size_t kind = g + 1 + strlen("c");
    struct {
        size_t at;
        uint8_t value;
    } cases[] = {
        {kind, 0},                      /* no such kind */
        {kind, SYS_SRC_SHUTDOWN},       /* shutdown with a target */
        {kind + 1, 3},                  /* scope */
        {kind + 2, 1},                  /* badge on a root grant */
        {kind + 2, 2},                  /* has_badge not 0/1 */
        {kind + 3, CAP_RIGHT_RECV},     /* recv */
        {kind + 7, 1},                  /* badge without has_badge */
        {kind + 15 + 1, '\0'},          /* NUL inside the target */
        {kind + 15 + 1 + 7 + 1 + 1, 1}, /* a set on a root grant (after empty export) */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        encode_manifest("service a binary a grant c=root:console\n");
        image[cases[i].at] = cases[i].value;
        if (!CHECK(decode(len, NULL) == SYS_IMAGE_ERR_BAD_FIELD))
            fprintf(stderr, "    case %zu\n", i);
    }
}

/* pci:V:D carries vendor and device in a and b, and nothing else. */
static void test_pci_grant(void) {
    const char *text = "service n binary n grant nic=pci:1AF4:1000/cross\n";
    size_t len = encode_manifest(text);
    CHECK_EQ(decode(len, NULL), SYS_IMAGE_OK);
    const sys_grant_t *g = &decoded.services[0].grants[0];
    CHECK(g->kind == SYS_SRC_PCI && g->a == 0x1af4 && g->b == 0x1000);
    CHECK_EQ(g->scope, CAP_SCOPE_CROSS_SESSION_SHAREABLE);
    size_t kind = find_record(SYS_REC_GRANT) + 4 + 1 + strlen("nic");
    CHECK_EQ(load_le32(image + kind + 17), 0x1af4);
    CHECK_EQ(load_le32(image + kind + 21), 0x1000);
    store_le32(image + kind + 17, 0xffff); /* vendor ffff: no device */
    CHECK_EQ(decode(len, NULL), SYS_IMAGE_ERR_BAD_FIELD);
    encode_manifest(text);
    store_le32(image + kind + 21, 0x10000); /* device beyond 16 bits */
    CHECK_EQ(decode(len, NULL), SYS_IMAGE_ERR_BAD_FIELD);
    len = encode_manifest("service a binary a grant c=root:console\n");
    image[find_record(SYS_REC_GRANT) + 4 + 1 + 1] = SYS_SRC_PCI; /* pci with a target */
    CHECK_EQ(decode(len, NULL), SYS_IMAGE_ERR_BAD_FIELD);
}

/* An export's CapSet name is "export:" + its own name, or a plain name. */
static void test_export_caps(void) {
    size_t len = encode_manifest("service a binary a export ab\n");
    size_t x = find_record(SYS_REC_EXPORT) + 4;
    static const uint8_t want[] = {2, 'a', 'b', 9, 'e', 'x', 'p', 'o', 'r', 't', ':', 'a', 'b'};
    CHECK_MEM(image + x, want, sizeof want);
    image[x + 4 + 7] = 'c'; /* "export:cb": not this export's name */
    CHECK_EQ(decode(len, NULL), SYS_IMAGE_ERR_BAD_FIELD);
    encode_manifest("service a binary a export ab\n");
    image[x + 4] = '/'; /* "/xport:ab" */
    CHECK_EQ(decode(len, NULL), SYS_IMAGE_ERR_BAD_FIELD);
    len = encode_manifest("service a binary a export ab=server\n");
    CHECK_EQ(decode(len, NULL), SYS_IMAGE_OK);
    CHECK(!strcmp(decoded.services[0].export_caps[0], "server"));
}

static void test_limits(void) {
    /* more exports than allowed, made by appending EXPORT records */
    size_t len = encode_manifest("service a binary a\n");
    for (unsigned i = 0; i <= SYS_MAX_EXPORTS; i++) {
        uint8_t rec[] = {SYS_REC_EXPORT, 0, 4, 0, 1, (uint8_t)('a' + i), 1, 's'};
        memcpy(image + len, rec, sizeof rec);
        len += sizeof rec;
    }
    store_le32(image + 8, (uint32_t)len);
    store_le32(image + 12, 1 + SYS_MAX_EXPORTS + 1);
    uint32_t record = 0;
    CHECK_EQ(decode(len, &record), SYS_IMAGE_ERR_TOO_MANY);
    CHECK_EQ(record, 1 + SYS_MAX_EXPORTS);
    store_le32(image + 8, SYS_IMAGE_MAX + 1);
    CHECK_EQ(system_image_decode(image, SYS_IMAGE_MAX + 1, &decoded, NULL), SYS_IMAGE_ERR_SIZE);
}

static const char ed_key[] = "AAAAC3NzaC1lZDI1NTE5AAAAINdamAGCsQq31Uv+08lkBzoO4XLz2qYjJa8CGmj3B1Ea";

static size_t encode_with_keys(void) {
    static char text[1024];
    snprintf(text, sizeof text,
             "service a binary a\nprofile p launcher=a\nguest enabled\n"
             "authorized_key operator ssh-ed25519 %s\nauthorized_key operatos ssh-ed25519 %s\n",
             ed_key, ed_key);
    return encode_manifest(text);
}

/* Appends a record to the image of len bytes, fixing up the header. */
static size_t append(size_t len, const uint8_t *rec, size_t n) {
    memcpy(image + len, rec, n);
    store_le32(image + 8, (uint32_t)(len + n));
    store_le32(image + 12, load_le32(image + 12) + 1);
    return len + n;
}

/* AUTHORIZED_KEY records: last, each a valid key, none twice. */
static void test_authorized_keys(void) {
    size_t len = encode_with_keys();
    CHECK_EQ(decode(len, NULL), SYS_IMAGE_OK);
    CHECK_MEM(&decoded, &parsed, sizeof parsed);
    CHECK_EQ(decoded.nauthorized_keys, 2);
    size_t k = find_record(SYS_REC_AUTHORIZED_KEY);
    /* str account, u8 type, u16 blob length, blob */
    static const uint8_t head[] = {
        SYS_REC_AUTHORIZED_KEY, 0,  63, 0, 8, 'o', 'p', 'e', 'r', 'a', 't', 'o', 'r',
        SYS_KEY_ED25519,        51, 0,  0, 0, 0,   11};
    CHECK_MEM(image + k, head, sizeof head);
    size_t k2 = find_nth(SYS_REC_AUTHORIZED_KEY, 1);
    struct {
        size_t at;
        uint8_t value;
        sys_image_err_t err;
    } cases[] = {
        {k + 5, 'O', SYS_IMAGE_ERR_BAD_FIELD},          /* account "Operator" */
        {k + 5, '.', SYS_IMAGE_ERR_BAD_FIELD},          /* account ".perator" */
        {k + 4, 0, SYS_IMAGE_ERR_BAD_FIELD},            /* empty account */
        {k + 13, SYS_KEY_RSA, SYS_IMAGE_ERR_BAD_FIELD}, /* type: not the blob's */
        {k + 13, 0, SYS_IMAGE_ERR_BAD_FIELD},           /* type 0 */
        {k + 13, 9, SYS_IMAGE_ERR_BAD_FIELD},           /* no such type */
        {k + 14, 50, SYS_IMAGE_ERR_BAD_FIELD},          /* blob cut short */
        {k + 14, 52, SYS_IMAGE_ERR_BAD_FIELD},          /* blob longer than the body */
        {k + 15, 0x10, SYS_IMAGE_ERR_BAD_FIELD},        /* blob length way over 800 */
        {k + 19, 12, SYS_IMAGE_ERR_BAD_FIELD},          /* the type string's length */
        {k + 22, 'X', SYS_IMAGE_ERR_BAD_FIELD},         /* "ssX-ed25519" */
        {k + 2, 64, SYS_IMAGE_ERR_RECORD},              /* a byte left over */
        {k2 + 12, 'r', SYS_IMAGE_ERR_BAD_FIELD},        /* the second repeats the first */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        len = encode_with_keys();
        image[cases[i].at] = cases[i].value;
        if (!CHECK(decode(len, NULL) == cases[i].err))
            fprintf(stderr, "    case %zu\n", i);
        CHECK_EQ(decoded.nauthorized_keys, 0);
    }
    /* a guest, profile or service after a key is out of place, a launcher
     * there has no profile */
    static const uint8_t guest[] = {SYS_REC_GUEST, 0, 1, 0, 1};
    static const uint8_t profile[] = {
        SYS_REC_PROFILE, 0, 13, 0, 0, 0, 0, 0, 1, 'q', 0, 0, 0, 0, 0, 0, 0};
    static const uint8_t service[] = {SYS_REC_SERVICE, 0, 8, 0, 0, 0, 0, 0, 1, 'b', 1, 'b'};
    static const uint8_t launcher[] = {SYS_REC_LAUNCHER, 0, 2, 0, 1, 'a'};
    len = append(encode_with_keys(), guest, sizeof guest);
    CHECK_EQ(decode(len, NULL), SYS_IMAGE_ERR_RECORD);
    len = append(encode_with_keys(), profile, sizeof profile);
    CHECK_EQ(decode(len, NULL), SYS_IMAGE_ERR_RECORD);
    len = append(encode_with_keys(), service, sizeof service);
    CHECK_EQ(decode(len, NULL), SYS_IMAGE_ERR_RECORD);
    len = append(encode_with_keys(), launcher, sizeof launcher);
    CHECK_EQ(decode(len, NULL), SYS_IMAGE_ERR_ORPHAN);
    /* more than SYS_MAX_AUTHORIZED_KEYS */
    static char text[SYS_MAX_AUTHORIZED_KEYS * 128];
    int n = 0;
    for (unsigned i = 0; i < SYS_MAX_AUTHORIZED_KEYS; i++)
        n += snprintf(text + n, sizeof text - (size_t)n, "authorized_key a%02u ssh-ed25519 %s\n", i,
                      ed_key);
    len = encode_manifest(text);
    CHECK_EQ(decode(len, NULL), SYS_IMAGE_OK);
    size_t first = find_record(SYS_REC_AUTHORIZED_KEY);
    size_t rec_len = 4u + image[first + 2];
    uint8_t extra[80];
    memcpy(extra, image + first, rec_len);
    extra[5] = extra[6] = '9'; /* "a99": a new record, one too many */
    uint32_t record = 0;
    len = append(len, extra, rec_len);
    CHECK_EQ(system_image_decode(image, len, &decoded, &record), SYS_IMAGE_ERR_TOO_MANY);
    CHECK_EQ(record, SYS_MAX_AUTHORIZED_KEYS);
}

/* A name of exactly n characters. */
static void fill_name(char *field, size_t n, char c) {
    memset(field, c, n);
    field[n] = '\0';
}

/* Every limit at once, every name at its longest, every key at 800 bytes:
 * still within SYS_IMAGE_MAX, and decodes to the same. */
static void test_every_limit_fits(void) {
    static system_t big;
    memset(&big, 0, sizeof big);
    big.nservices = SYS_MAX_SERVICES;
    for (uint32_t i = 0; i < SYS_MAX_SERVICES; i++) {
        sys_service_t *s = &big.services[i];
        fill_name(s->name, SYS_NAME_MAX, 'a');
        s->name[0] = (char)('A' + i % 26);
        s->name[1] = (char)('a' + i / 26);
        fill_name(s->binary, SYS_ENTRY_MAX, 'b');
        s->ngrants = SYS_MAX_GRANTS;
        for (uint32_t g = 0; g < SYS_MAX_GRANTS; g++) {
            sys_grant_t *gr = &s->grants[g];
            fill_name(gr->name, SYS_CAPNAME_MAX, 'c');
            gr->kind = SYS_SRC_EXPORT;
            gr->scope = SYS_SCOPE_DEFAULT;
            fill_name(gr->target, SYS_NAME_MAX, 'd');
            fill_name(gr->export_name, SYS_EXPORT_MAX, 'e');
        }
        s->nexports = SYS_MAX_EXPORTS;
        for (uint32_t x = 0; x < SYS_MAX_EXPORTS; x++) {
            fill_name(s->exports[x], SYS_EXPORT_MAX, 'f');
            fill_name(s->export_caps[x], SYS_CAPNAME_MAX, 'g');
        }
        s->nafter = SYS_MAX_AFTER;
        for (uint32_t a = 0; a < SYS_MAX_AFTER; a++)
            fill_name(s->after[a], SYS_NAME_MAX, 'h');
    }
    big.nprofiles = SYS_MAX_PROFILES;
    for (uint32_t i = 0; i < SYS_MAX_PROFILES; i++) {
        sys_profile_t *p = &big.profiles[i];
        fill_name(p->name, SYS_NAME_MAX, 'p');
        p->nlauncher = SYS_MAX_LAUNCHER;
        for (uint32_t l = 0; l < SYS_MAX_LAUNCHER; l++)
            fill_name(p->launcher[l], SYS_ENTRY_MAX, 'l');
    }
    big.guest_set = 1;
    big.nauthorized_keys = SYS_MAX_AUTHORIZED_KEYS;
    for (uint32_t i = 0; i < SYS_MAX_AUTHORIZED_KEYS; i++) {
        sys_authorized_key_t *k = &big.authorized_keys[i];
        static const uint8_t head[] = {0,   0, 0, 7, 's', 's', 'h', '-', 'r', 's',
                                       'a', 0, 0, 0, 3,   1,   0,   1,   0,   0};
        fill_name(k->account, SYS_ACCOUNT_MAX, 'k');
        k->account[0] = (char)('a' + i % 26);
        k->account[1] = (char)('a' + i / 26);
        k->type = SYS_KEY_RSA;
        k->blob_len = SYS_KEY_BLOB_MAX;
        memcpy(k->blob, head, sizeof head);
        uint32_t n = SYS_KEY_BLOB_MAX - sizeof head - 2;
        k->blob[sizeof head] = (uint8_t)(n >> 8);
        k->blob[sizeof head + 1] = (uint8_t)n;
        memset(k->blob + sizeof head + 2, 0x71, n);
    }
    size_t len = 0;
    CHECK_EQ(system_image_encode(&big, image, sizeof image, &len), SYS_IMAGE_OK);
    CHECK(len <= SYS_IMAGE_MAX);
    CHECK_EQ(system_image_decode(image, len, &decoded, NULL), SYS_IMAGE_OK);
    CHECK_MEM(&decoded, &big, sizeof big);
}

static void test_strerror(void) {
    for (int e = SYS_IMAGE_OK; e <= SYS_IMAGE_ERR_NO_SPACE; e++)
        CHECK(strcmp(system_image_strerror((sys_image_err_t)e), "unknown system image error"));
}

int main(void) {
    test_round_trip();
    test_empty_manifest();
    test_no_space();
    test_header_errors();
    test_record_errors();
    test_grant_fields();
    test_pci_grant();
    test_export_caps();
    test_limits();
    test_authorized_keys();
    test_every_limit_fits();
    test_strerror();
    return check_summary();
}
