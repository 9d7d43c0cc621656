/*
 * libFuzzer harness for the Telnet protocol engine (gateways/telnet/
 * telnet_proto.h). The first four bytes seed the chunking; the rest is what
 * a client sends. Properties:
 *   - bounds: every call stays within its output capacities and consumes at
 *     least one byte; the SB buffer, window size and terminal type stay in
 *     range; data out never exceeds data in;
 *   - chunking does not matter: the stream fed in random chunks gives the
 *     same data, replies, errors and option states as fed whole;
 *   - replies are only well-formed negotiation (agreeing to ECHO/SGA/NAWS/
 *     TTYPE only), SB TTYPE SEND or the AYT text; each option gets at most
 *     its budget of replies and the total is bounded whatever the input;
 *   - what we last said about an option is what the engine holds;
 *   - encoding any bytes with telnet_encode() and decoding them gives them
 *     back (a CR LF pair as "\n"), with no reply and no error.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "telnet_encode.h"
#include "telnet_proto.h"

#define REQUIRE(cond)                                                                              \
    do {                                                                                           \
        if (!(cond))                                                                               \
            __builtin_trap();                                                                      \
    } while (0)

#define INPUT_MAX 8192u
/* Every reply the engine can ever send: each option's budget of 3-byte
 * negotiations, one SB TTYPE SEND, TELNET_AYT_MAX answers. */
#define REPLY_BOUND                                                                                \
    (256u * TELNET_OPTION_REPLIES_MAX * 3u + 6u + TELNET_AYT_MAX * (sizeof(TELNET_AYT_TEXT) - 1))

typedef struct {
    uint8_t data[INPUT_MAX];
    size_t data_len;
    uint8_t reply[REPLY_BOUND];
    size_t reply_len;
} result_t;

static uint32_t rng;

static uint32_t next_rand(void) {
    rng ^= rng << 13;
    rng ^= rng >> 17;
    rng ^= rng << 5;
    return rng;
}

static void check_state(const telnet_t *tn) {
    REQUIRE(tn->sb_len <= TELNET_SB_MAX);
    REQUIRE(tn->cols >= 1 && tn->cols <= TELNET_WINDOW_MAX);
    REQUIRE(tn->rows >= 1 && tn->rows <= TELNET_WINDOW_MAX);
    REQUIRE(tn->ttype_len <= TELNET_TTYPE_MAX);
    for (uint32_t i = 0; i < tn->ttype_len; i++)
        REQUIRE(tn->ttype[i] > 0x20 && tn->ttype[i] < 0x7f);
    REQUIRE(tn->ayt_answered <= TELNET_AYT_MAX);
    for (uint32_t i = 0; i < 256; i++)
        REQUIRE(tn->replies[i] <= TELNET_OPTION_REPLIES_MAX);
}

static void collect(result_t *r, const telnet_out_t *out) {
    REQUIRE(out->data_len <= TELNET_DATA_MAX);
    REQUIRE(out->reply_len <= TELNET_REPLY_MAX);
    REQUIRE(r->data_len + out->data_len <= sizeof(r->data));
    REQUIRE(r->reply_len + out->reply_len <= sizeof(r->reply));
    memcpy(r->data + r->data_len, out->data, out->data_len);
    r->data_len += out->data_len;
    memcpy(r->reply + r->reply_len, out->reply, out->reply_len);
    r->reply_len += out->reply_len;
}

/* Feeds in[0..n) as chunks of the given maximum size (0: random sizes). */
static void run(telnet_t *tn, const uint8_t *in, size_t n, size_t chunk, result_t *r) {
    static telnet_out_t out;
    uint8_t offer[TELNET_OFFER_LEN];
    telnet_init(tn);
    REQUIRE(telnet_offer(tn, offer, sizeof(offer)) == TELNET_OFFER_LEN);
    r->data_len = 0;
    r->reply_len = 0;
    size_t off = 0;
    while (off < n) {
        size_t len = chunk ? chunk : 1 + next_rand() % (next_rand() % 8 == 0 ? 1024 : 16);
        if (len > n - off)
            len = n - off;
        size_t used = telnet_feed(tn, in + off, len, &out);
        REQUIRE(used >= 1 && used <= len);
        collect(r, &out);
        check_state(tn);
        off += used;
    }
    telnet_finish(tn, &out);
    collect(r, &out);
    check_state(tn);
    REQUIRE(r->data_len <= n);
}

static bool agreeable_local(uint8_t opt) {
    return opt == TELNET_OPT_ECHO || opt == TELNET_OPT_SGA;
}

static bool agreeable_remote(uint8_t opt) {
    return opt == TELNET_OPT_NAWS || opt == TELNET_OPT_TTYPE;
}

/* Parses the replies; checks their form and that the option states match
 * the last thing said (a refusal of our offer is silent, so only replies
 * after the offer count). */
static void check_replies(const telnet_t *tn, const result_t *r) {
    static const char ayt[] = TELNET_AYT_TEXT;
    static const uint8_t ttype_send[] = {TELNET_IAC,        TELNET_SB,  TELNET_OPT_TTYPE,
                                         TELNET_TTYPE_SEND, TELNET_IAC, TELNET_SE};
    uint8_t last_local[256] = {0}, last_remote[256] = {0};
    unsigned per_option[256] = {0}, sends = 0;
    size_t i = 0;
    while (i < r->reply_len) {
        const uint8_t *p = r->reply + i;
        size_t left = r->reply_len - i;
        if (left >= sizeof(ayt) - 1 && memcmp(p, ayt, sizeof(ayt) - 1) == 0) {
            i += sizeof(ayt) - 1;
            continue;
        }
        if (left >= sizeof(ttype_send) && memcmp(p, ttype_send, sizeof(ttype_send)) == 0) {
            sends++;
            i += sizeof(ttype_send);
            continue;
        }
        REQUIRE(left >= 3 && p[0] == TELNET_IAC);
        uint8_t verb = p[1], opt = p[2];
        REQUIRE(verb >= TELNET_WILL && verb <= TELNET_DONT);
        if (verb == TELNET_WILL)
            REQUIRE(agreeable_local(opt));
        if (verb == TELNET_DO)
            REQUIRE(agreeable_remote(opt));
        if (verb == TELNET_WILL || verb == TELNET_WONT)
            last_local[opt] = verb;
        else
            last_remote[opt] = verb;
        per_option[opt]++;
        i += 3;
    }
    REQUIRE(sends <= 1);
    for (uint32_t opt = 0; opt < 256; opt++) {
        /* the offer spent one reply of the offered options */
        bool offered = agreeable_local((uint8_t)opt) || agreeable_remote((uint8_t)opt);
        REQUIRE(per_option[opt] + offered <= TELNET_OPTION_REPLIES_MAX);
        if (last_local[opt] == TELNET_WILL)
            REQUIRE(telnet_local_enabled(tn, (uint8_t)opt));
        if (last_local[opt] == TELNET_WONT)
            REQUIRE(!telnet_local_enabled(tn, (uint8_t)opt));
        if (last_remote[opt] == TELNET_DO)
            REQUIRE(telnet_remote_enabled(tn, (uint8_t)opt));
        if (last_remote[opt] == TELNET_DONT)
            REQUIRE(!telnet_remote_enabled(tn, (uint8_t)opt));
        if (!agreeable_local((uint8_t)opt))
            REQUIRE(!telnet_local_enabled(tn, (uint8_t)opt));
        if (!agreeable_remote((uint8_t)opt))
            REQUIRE(!telnet_remote_enabled(tn, (uint8_t)opt));
    }
}

static void check_same(const telnet_t *a, const result_t *ra, const telnet_t *b,
                       const result_t *rb) {
    REQUIRE(ra->data_len == rb->data_len && ra->reply_len == rb->reply_len);
    REQUIRE(memcmp(ra->data, rb->data, ra->data_len) == 0);
    REQUIRE(memcmp(ra->reply, rb->reply, ra->reply_len) == 0);
    REQUIRE(memcmp(&a->errors, &b->errors, sizeof(a->errors)) == 0);
    REQUIRE(memcmp(a->us, b->us, sizeof(a->us)) == 0);
    REQUIRE(memcmp(a->him, b->him, sizeof(a->him)) == 0);
    REQUIRE(a->cols == b->cols && a->rows == b->rows);
    REQUIRE(a->ttype_len == b->ttype_len && memcmp(a->ttype, b->ttype, a->ttype_len) == 0);
}

/* Encoding then decoding returns the bytes, CR LF read back as "\n". */
static void check_round_trip(const uint8_t *in, size_t n) {
    static uint8_t wire[TELNET_ENCODE_WORST(INPUT_MAX)];
    static uint8_t want[INPUT_MAX];
    static telnet_t tn;
    static result_t r;
    static telnet_out_t out;
    size_t used = 0;
    size_t len = telnet_encode(in, n, wire, sizeof(wire), &used);
    REQUIRE(used == n && len <= TELNET_ENCODE_WORST(n));
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        if (in[i] == '\r' && i + 1 < n && in[i + 1] == '\n')
            continue;
        want[w++] = in[i];
    }
    telnet_init(&tn);
    r.data_len = r.reply_len = 0;
    for (size_t off = 0; off < len;) {
        size_t k = telnet_feed(&tn, wire + off, len - off, &out);
        REQUIRE(k >= 1);
        collect(&r, &out);
        off += k;
    }
    telnet_finish(&tn, &out);
    collect(&r, &out);
    REQUIRE(r.data_len == w && memcmp(r.data, want, w) == 0);
    REQUIRE(r.reply_len == 0 && telnet_error_total(&tn) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static telnet_t a, b;
    static result_t ra, rb;
    if (size < 4 || size - 4 > INPUT_MAX)
        return 0;
    rng = (uint32_t)data[0] | (uint32_t)data[1] << 8 | (uint32_t)data[2] << 16 |
          (uint32_t)data[3] << 24;
    rng |= 1; /* xorshift needs a nonzero state */
    const uint8_t *in = data + 4;
    size_t n = size - 4;

    run(&a, in, n, 0, &ra);
    run(&b, in, n, INPUT_MAX, &rb);
    check_same(&a, &ra, &b, &rb);
    REQUIRE(rb.reply_len <= REPLY_BOUND);
    check_replies(&b, &rb);
    check_round_trip(in, n);
    return 0;
}
