/* SHA-256 against the FIPS 180-4 / NIST CAVP example vectors, plus
 * consistency of incremental hashing across every split of the input. */
#include <stdlib.h>

#include "capos/sha256.h"
#include "check.h"

static void digest(const void *msg, size_t len, uint8_t out[32]) {
    sha256_ctx_t ctx;
    sha256_init(&ctx);
    sha256_update(&ctx, msg, len);
    sha256_final(&ctx, out);
}

static void check_vector(const char *msg, size_t len, const char *hex) {
    uint8_t got[32], want[32];
    check_unhex(hex, want, 32);
    digest(msg, len, got);
    CHECK_MEM(got, want, 32);
}

static void test_nist_vectors(void) {
    check_vector("", 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    check_vector("abc", 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const char *m448 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    check_vector(m448, strlen(m448),
                 "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    const char *m896 = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
                       "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";
    check_vector(m896, strlen(m896),
                 "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

/* One million 'a', fed in chunks whose sizes cycle through values that
 * straddle the block boundary in every phase. */
static void test_million_a(void) {
    static const size_t chunks[] = {1, 63, 64, 65, 7, 128, 0, 1000, 55, 56, 9, 3};
    uint8_t buf[1000], got[32], want[32];
    sha256_ctx_t ctx;
    size_t left = 1000000, k = 0;

    memset(buf, 'a', sizeof buf);
    sha256_init(&ctx);
    while (left > 0) {
        size_t n = chunks[k++ % (sizeof chunks / sizeof chunks[0])];
        if (n > left)
            n = left;
        sha256_update(&ctx, buf, n);
        left -= n;
    }
    sha256_final(&ctx, got);
    check_unhex("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0", want, 32);
    CHECK_MEM(got, want, 32);
}

/* Padding boundaries: n 'a' bytes for n around one and two blocks. Expected
 * values: hashlib.sha256(b"a" * n).hexdigest(). */
static void test_padding_boundaries(void) {
    static const struct {
        size_t n;
        const char *hex;
    } v[] = {
        {55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"},
        {56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"},
        {63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"},
        {64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"},
        {65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0"},
        {119, "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb"},
        {120, "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c"},
        {128, "6836cf13bac400e9105071cd6af47084dfacad4e5e302c94bfed24e013afb73e"},
    };
    char a[128];
    memset(a, 'a', sizeof a);
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
        check_vector(a, v[i].n, v[i].hex);
}

/* For every length up to 3 blocks and every two-way split, the incremental
 * digest equals the one-shot digest. */
static void test_split_consistency(void) {
    uint8_t msg[192], whole[32], part[32];
    unsigned mismatches = 0;

    for (size_t i = 0; i < sizeof msg; i++)
        msg[i] = (uint8_t)(i * 131u + 7u);
    for (size_t len = 0; len <= sizeof msg; len++) {
        digest(msg, len, whole);
        for (size_t cut = 0; cut <= len; cut++) {
            sha256_ctx_t ctx;
            sha256_init(&ctx);
            sha256_update(&ctx, msg, cut);
            sha256_update(&ctx, msg + cut, len - cut);
            sha256_final(&ctx, part);
            mismatches += memcmp(whole, part, 32) != 0;
        }
    }
    CHECK_EQ(mismatches, 0);
}

static void test_final_scrubs_context(void) {
    static const sha256_ctx_t zero;
    sha256_ctx_t ctx;
    uint8_t out[32];

    sha256_init(&ctx);
    sha256_update(&ctx, "secret material", 15);
    sha256_final(&ctx, out);
    CHECK(memcmp(&ctx, &zero, sizeof ctx) == 0);
}

int main(void) {
    test_nist_vectors();
    test_million_a();
    test_padding_boundaries();
    test_split_consistency();
    test_final_scrubs_context();
    return check_summary();
}
