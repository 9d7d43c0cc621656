/* HMAC-SHA256 against RFC 4231 test cases 1-7, and agreement between the
 * one-shot and multi-part interfaces. */
#include "capos/hmac_sha256.h"
#include "check.h"

/* An RFC 4231 case: key and data are either hex or a byte repeated n times
 * (or, for data, text), exactly as the RFC lists them. */
typedef struct {
    const char *key_hex; /* NULL: key_byte repeated key_repeat times */
    uint8_t key_byte;
    size_t key_repeat;
    const char *text; /* NULL: data_byte repeated data_repeat times */
    uint8_t data_byte;
    size_t data_repeat;
    const char *mac_hex;
    size_t mac_len; /* case 5 checks a 128-bit truncation */
} rfc4231_case_t;

static const rfc4231_case_t rfc4231[] = {
    {NULL, 0x0b, 20, "Hi There", 0, 0,
     "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7", 32},
    {"4a656665", 0, 0, "what do ya want for nothing?", 0, 0,
     "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", 32},
    {NULL, 0xaa, 20, NULL, 0xdd, 50,
     "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe", 32},
    {"0102030405060708090a0b0c0d0e0f10111213141516171819", 0, 0, NULL, 0xcd, 50,
     "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b", 32},
    {NULL, 0x0c, 20, "Test With Truncation", 0, 0, "a3b6167473100ee06e0c796c2955552b", 16},
    {NULL, 0xaa, 131, "Test Using Larger Than Block-Size Key - Hash Key First", 0, 0,
     "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54", 32},
    {NULL, 0xaa, 131,
     "This is a test using a larger than block-size key and a larger than block-size data. "
     "The key needs to be hashed before being used by the HMAC algorithm.",
     0, 0, "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2", 32},
};

static size_t build_key(const rfc4231_case_t *c, uint8_t key[131]) {
    if (c->key_hex == NULL) {
        memset(key, c->key_byte, c->key_repeat);
        return c->key_repeat;
    }
    check_unhex(c->key_hex, key, strlen(c->key_hex) / 2);
    return strlen(c->key_hex) / 2;
}

static size_t build_data(const rfc4231_case_t *c, uint8_t data[160]) {
    if (c->text == NULL) {
        memset(data, c->data_byte, c->data_repeat);
        return c->data_repeat;
    }
    memcpy(data, c->text, strlen(c->text));
    return strlen(c->text);
}

static void test_rfc4231(void) {
    for (size_t i = 0; i < sizeof rfc4231 / sizeof rfc4231[0]; i++) {
        const rfc4231_case_t *c = &rfc4231[i];
        uint8_t key[131], data[160], got[32], want[32];
        size_t key_len = build_key(c, key);
        size_t data_len = build_data(c, data);

        check_unhex(c->mac_hex, want, c->mac_len);
        hmac_sha256(key, key_len, data, data_len, got);
        if (!CHECK_MEM(got, want, c->mac_len))
            fprintf(stderr, "    RFC 4231 test case %zu\n", i + 1);
    }
}

/* Keys just below, at and just above the block size: only keys longer than
 * 64 bytes are hashed first. Expected values:
 *   hmac.new(bytes(0xa5 ^ i for i in range(n)), b"block-size key boundary",
 *            hashlib.sha256).hexdigest()  (Python standard library) */
static void test_block_size_keys(void) {
    static const struct {
        size_t key_len;
        const char *hex;
    } v[] = {
        {63, "7d2792387ff605b7ae8a7becc8f5b865a517471ffeb785dfc978d43044505d91"},
        {64, "56ea3b59e29bd64d43f5ca5a55aa4a62f23d3ff4e5c29414fbd49d9416c2d50d"},
        {65, "a1df6cb9f7bc92b794f1a26baf2906a9286040f934eb0a6433769a4360ce9446"},
    };
    static const char msg[] = "block-size key boundary";
    uint8_t key[65], got[32], want[32];

    for (size_t i = 0; i < sizeof key; i++)
        key[i] = (uint8_t)(0xa5 ^ i);
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        check_unhex(v[i].hex, want, 32);
        hmac_sha256(key, v[i].key_len, (const uint8_t *)msg, sizeof msg - 1, got);
        CHECK_MEM(got, want, 32);
    }
}

/* Splitting the message into parts (including empty and NULL parts) must not
 * change the MAC; key lengths cover below, at and above the block size. */
static void test_parts_match_one_shot(void) {
    static const size_t key_lens[] = {0, 1, 32, 63, 64, 65, 131};
    uint8_t key[131], msg[100], whole[32], split[32];
    unsigned mismatches = 0;

    for (size_t i = 0; i < sizeof key; i++)
        key[i] = (uint8_t)(0xa5 ^ i);
    for (size_t i = 0; i < sizeof msg; i++)
        msg[i] = (uint8_t)i;
    for (size_t k = 0; k < sizeof key_lens / sizeof key_lens[0]; k++) {
        hmac_sha256(key, key_lens[k], msg, sizeof msg, whole);
        for (size_t cut = 0; cut <= sizeof msg; cut++) {
            const void *parts[4] = {msg, NULL, msg + cut, ""};
            const size_t lens[4] = {cut, 0, sizeof msg - cut, 0};
            hmac_sha256_parts(key, key_lens[k], parts, lens, 4, split);
            mismatches += memcmp(whole, split, 32) != 0;
        }
    }
    CHECK_EQ(mismatches, 0);
}

static void test_zero_parts_is_empty_message(void) {
    uint8_t a[32], b[32];
    hmac_sha256((const uint8_t *)"k", 1, NULL, 0, a);
    hmac_sha256_parts((const uint8_t *)"k", 1, NULL, NULL, 0, b);
    CHECK_MEM(a, b, 32);
}

int main(void) {
    test_rfc4231();
    test_block_size_keys();
    test_parts_match_one_shot();
    test_zero_parts_is_empty_message();
    return check_summary();
}
