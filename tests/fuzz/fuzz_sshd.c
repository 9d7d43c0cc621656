/*
 * libFuzzer harness for the SSH gateway's connection code
 * (gateways/ssh/ssh_conn.c) over libssh's server, built for the host from
 * the same pinned sources (third_party/build-host-fuzz.sh).
 *
 * The first input byte is the control byte; bits 0-1 pick the mode:
 *   0  a client connection: the rest is what the client sends, against the
 *      gateway's bind exactly as sshc_configure_bind leaves it;
 *   1  the same with the cipher and MAC set to "none" afterwards, so that
 *      bytes written in advance can get past the key exchange into
 *      authentication and the session channel;
 *   2  the rest is host-key text for sshc_import_host_keys;
 *   3  the rest is the binary body of an OpenSSH private key, which the
 *      harness base64-encodes into a PEM block after a valid key.
 * For a connection, bits 2-4 give how much is written to the socket per
 * round (0: all at once, before sshc_start; k: 8 << k bytes, the first
 * piece before sshc_start, then one each round between the event loop and
 * the terminal's take, as a network may deliver it), bits 5-7 how much the
 * "terminal" takes with sshc_in_take per round (0: SSHC_IN_MAX; 7: none;
 * k: 4^k bytes).
 *
 * The backend hooks accept one account (FUZZ_USER, FUZZ_PASSWORD) so that
 * the post-authentication paths are reachable; public keys are refused
 * (a verified signature cannot be written in advance anyway); a shell or
 * command starts, except the command "false".
 *
 * Properties: ASan/UBSan/LSan clean (everything is freed, the socket is
 * closed by sshc_free); the phase only moves forward; only the fixed
 * account gets past authentication, and at most SSHC_MAX_AUTH_TRIES
 * failures are counted; the hooks see the bounds ssh_conn.h promises;
 * channel input stays within SSHC_IN_MAX and sshc_in_take hands out what
 * was held, in order; an import returns -1 or the number of blocks.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <mbedtls/base64.h>
#include <mbedtls/entropy_poll.h>

#include "ssh_conn.h"

#define REQUIRE(cond)                                                                              \
    do {                                                                                           \
        if (!(cond))                                                                               \
            __builtin_trap();                                                                      \
    } while (0)

#define FUZZ_USER "fuzz"
#define FUZZ_PASSWORD "fuzz-password"
#define ROUNDS_SLACK 64u /* event-loop rounds after the last byte went out */
#define KEY_BLOB_MAX 4096u

enum { MODE_SESSION, MODE_SESSION_NONE, MODE_KEYS_TEXT, MODE_KEYS_BLOB };

/* What the hooks saw for one connection. */
typedef struct {
    uint32_t auth_failed, starts, windows;
    bool authenticated;
} glue_t;

static char *host_key_text; /* an Ed25519 key, generated once per process */

/* A leak in libssh 0.10.6 itself, not in the code under test: an OpenSSH
 * private key of an unknown type leaks the type name it unpacked
 * (pki_openssh_import_privkey_blob returns without freeing it). Suppressed
 * by its allocation in the buffer unpacker, which ssh_conn.c never calls,
 * so a key the gateway leaks (allocated by ssh_key_new) is still reported. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void) {
    return "leak:ssh_buffer_unpack_va\n";
}

/* ---- mbedTLS entropy: the guest's configuration has the runtime provide
 * it; here a fixed stream, so that a run can be replayed. ---- */

int mbedtls_hardware_poll(void *data, unsigned char *out, size_t len, size_t *olen) {
    static uint64_t x = 0x9e3779b97f4a7c15u;
    (void)data;
    for (size_t i = 0; i < len; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        out[i] = (unsigned char)x;
    }
    *olen = len;
    return 0;
}

/* ---- the backend hooks of ssh_conn.h ---- */

static glue_t *glue_of(sshd_conn_t *c) {
    return c->glue;
}

bool sshd_backend_password(sshd_conn_t *c, const char *user, char *password) {
    size_t n = strlen(password);
    REQUIRE(c->phase == SSHC_AUTH ||
            c->phase == SSHC_KEX); /* auth may finish the read that ended KEX */
    REQUIRE(strlen(user) <= SSHC_USER_MAX && n <= SSHC_PASSWORD_MAX);
    bool ok = strcmp(user, FUZZ_USER) == 0 && strcmp(password, FUZZ_PASSWORD) == 0;
    memset(password, 0, n);
    glue_of(c)->authenticated |= ok;
    return ok;
}

bool sshd_backend_pubkey(sshd_conn_t *c, const char *user, const uint8_t *blob, size_t len) {
    (void)blob;
    REQUIRE(c->phase == SSHC_AUTH ||
            c->phase == SSHC_KEX); /* auth may finish the read that ended KEX */
    REQUIRE(strlen(user) <= SSHC_USER_MAX && len <= SSHC_KEY_BLOB_MAX);
    return false;
}

void sshd_backend_auth_failed(sshd_conn_t *c) {
    REQUIRE(c->auth_failures < SSHC_MAX_AUTH_TRIES);
    glue_of(c)->auth_failed++;
}

bool sshd_backend_start(sshd_conn_t *c) {
    REQUIRE(c->phase == SSHC_OPEN && c->channel);
    REQUIRE(c->mode == SSHC_MODE_SHELL || c->mode == SSHC_MODE_EXEC);
    REQUIRE(glue_of(c)->starts++ == 0);
    if (c->mode != SSHC_MODE_EXEC)
        return true;
    size_t n = strnlen(c->command, sizeof c->command);
    REQUIRE(n <= SSHC_COMMAND_MAX && !memchr(c->command, '\n', n) && !memchr(c->command, '\r', n));
    return strcmp(c->command, "false") != 0;
}

void sshd_backend_window(sshd_conn_t *c) {
    REQUIRE(c->pty && c->mode != SSHC_MODE_NONE);
    REQUIRE(c->cols <= 1000 && c->rows <= 1000);
    glue_of(c)->windows++;
}

/* ---- a connection ---- */

static size_t chunk_of(uint8_t ctl) {
    unsigned k = (ctl >> 2) & 7u;
    return k ? (size_t)8 << k : 0;
}

static uint32_t take_of(uint8_t ctl) {
    unsigned k = (ctl >> 5) & 7u;
    return k == 0 ? SSHC_IN_MAX : k == 7 ? 0 : 1u << (2 * k);
}

/* Writes the next piece of the client's bytes; shuts the client's side
 * down for writing once everything is out. */
static void feed(int fd, const uint8_t *d, size_t n, size_t chunk, size_t *off) {
    if (*off >= n)
        return;
    size_t len = chunk && chunk < n - *off ? chunk : n - *off;
    ssize_t w = send(fd, d + *off, len, MSG_NOSIGNAL);
    if (w > 0)
        *off += (size_t)w;
    if (*off >= n)
        REQUIRE(shutdown(fd, SHUT_WR) == 0);
}

/* What the server sends is not looked at; reading it keeps the socket
 * buffer from filling. */
static void drain(int fd) {
    uint8_t sink[4096];
    while (recv(fd, sink, sizeof sink, MSG_DONTWAIT) > 0) {
    }
}

static void check(const sshd_conn_t *c, const glue_t *g, sshc_phase_t *last) {
    REQUIRE(c->phase >= *last);
    *last = c->phase;
    REQUIRE(c->in_len <= SSHC_IN_MAX);
    REQUIRE(c->auth_failures <= SSHC_MAX_AUTH_TRIES && g->auth_failed == c->auth_failures);
    REQUIRE(c->cols <= 1000 && c->rows <= 1000);
    bool authed = c->user[0] != 0;
    REQUIRE(!authed || (g->authenticated && strcmp(c->user, FUZZ_USER) == 0));
    REQUIRE(c->phase != SSHC_OPEN || authed);
    REQUIRE(!c->channel || authed);
    REQUIRE(c->mode == SSHC_MODE_NONE || g->starts == 1);
}

/* One round's take: what comes out is what was held, in order. */
static void take(sshd_conn_t *c, uint32_t cap) {
    static uint8_t held[SSHC_IN_MAX], out[SSHC_IN_MAX];
    uint32_t had = c->in_len;
    memcpy(held, c->in, had);
    uint32_t n = sshc_in_take(c, out, cap);
    REQUIRE(n <= cap && n <= had && memcmp(out, held, n) == 0);
    REQUIRE(c->in_len <= SSHC_IN_MAX && c->in_len >= had - n);
    REQUIRE(memcmp(c->in, held + n, had - n) == 0);
}

static bool fd_open(int fd) {
    return fcntl(fd, F_GETFD) != -1 || errno != EBADF;
}

static void run_connection(const uint8_t *d, size_t n, uint8_t ctl) {
    static const char *const none_opts_text = "none";
    static const enum ssh_bind_options_e none_opts[] = {
        SSH_BIND_OPTIONS_CIPHERS_C_S, SSH_BIND_OPTIONS_CIPHERS_S_C, SSH_BIND_OPTIONS_HMAC_C_S,
        SSH_BIND_OPTIONS_HMAC_S_C};
    int fds[2];
    REQUIRE(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, fds) == 0);
    ssh_bind bind = ssh_bind_new();
    REQUIRE(bind != NULL);
    REQUIRE(sshc_configure_bind(bind) == SSH_OK);
    REQUIRE(sshc_import_host_keys(bind, host_key_text, strlen(host_key_text)) == 1);
    if ((ctl & 3u) == MODE_SESSION_NONE)
        for (size_t i = 0; i < sizeof none_opts / sizeof none_opts[0]; i++)
            REQUIRE(ssh_bind_options_set(bind, none_opts[i], none_opts_text) == SSH_OK);

    size_t chunk = chunk_of(ctl), off = 0;
    uint32_t cap = take_of(ctl);
    size_t rounds = (chunk ? n / chunk : 0) + ROUNDS_SLACK;
    feed(fds[1], d, n, chunk, &off);

    static sshd_conn_t c;
    glue_t g = {0};
    ssh_event event = ssh_event_new();
    REQUIRE(event != NULL);
    bool started = sshc_start(&c, bind, fds[0], &g) == SSH_OK;
    sshc_phase_t last = SSHC_KEX;
    if (started) {
        REQUIRE(ssh_event_add_session(event, c.session) == SSH_OK);
        for (size_t r = 0; r < rounds; r++) {
            (void)ssh_event_dopoll(event, 0);
            drain(fds[1]);
            sshc_phase_t phase = sshc_advance(&c);
            check(&c, &g, &last);
            if (phase == SSHC_DONE || c.channel_closed)
                break; /* the gateway ends the connection here */
            /* more arrives before the terminal takes its input */
            feed(fds[1], d, n, chunk, &off);
            take(&c, cap);
            check(&c, &g, &last);
        }
        ssh_event_remove_session(event, c.session);
    } else {
        REQUIRE(c.phase == SSHC_DONE);
    }
    sshc_free(&c);
    if (started)
        REQUIRE(!fd_open(fds[0])); /* "the socket is closed with it" */
    else if (fd_open(fds[0]))
        close(fds[0]);
    close(fds[1]);
    ssh_event_free(event);
    ssh_bind_free(bind);
}

/* ---- host keys ---- */

static int count_blocks(const char *text, size_t len) {
    static const char end[] = "-----END OPENSSH PRIVATE KEY-----";
    int blocks = 0;
    for (size_t i = 0; i + sizeof end - 1 <= len; i++)
        if (memcmp(text + i, end, sizeof end - 1) == 0)
            blocks++;
    return blocks;
}

static void run_keys(const char *text, size_t len) {
    ssh_bind bind = ssh_bind_new();
    REQUIRE(bind != NULL);
    int n = sshc_import_host_keys(bind, text, len);
    REQUIRE(n == -1 || n == count_blocks(text, len));
    ssh_bind_free(bind);
}

/* The harness's own key, then the input as a key's binary body. */
static void run_key_blob(const uint8_t *d, size_t n) {
    static const char begin[] = "-----BEGIN OPENSSH PRIVATE KEY-----\n";
    static const char end[] = "-----END OPENSSH PRIVATE KEY-----\n";
    static char text[KEY_BLOB_MAX * 2];
    static unsigned char b64[KEY_BLOB_MAX * 2];
    size_t b64_len = 0, at = 0, lead = strlen(host_key_text);
    if (n > KEY_BLOB_MAX)
        n = KEY_BLOB_MAX;
    REQUIRE(mbedtls_base64_encode(b64, sizeof b64, &b64_len, d, n) == 0);
    memcpy(text, host_key_text, lead);
    at = lead;
    memcpy(text + at, begin, sizeof begin - 1);
    at += sizeof begin - 1;
    for (size_t i = 0; i < b64_len; i += 70) { /* OpenSSH's line length */
        size_t line = b64_len - i < 70 ? b64_len - i : 70;
        memcpy(text + at, b64 + i, line);
        at += line;
        text[at++] = '\n';
    }
    memcpy(text + at, end, sizeof end - 1);
    at += sizeof end - 1;
    REQUIRE(at <= sizeof text);
    ssh_bind bind = ssh_bind_new();
    REQUIRE(bind != NULL);
    int k = sshc_import_host_keys(bind, text, at);
    REQUIRE(k == -1 || k == 2);
    ssh_bind_free(bind);
}

/* ---- entry points ---- */

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc;
    (void)argv;
    ssh_key key = NULL;
    REQUIRE(ssh_init() == SSH_OK);
    const char *verbosity = getenv("SSHD_FUZZ_VERBOSITY");
    if (verbosity)
        ssh_set_log_level(atoi(verbosity));
    REQUIRE(ssh_pki_generate(SSH_KEYTYPE_ED25519, 0, &key) == SSH_OK);
    REQUIRE(ssh_pki_export_privkey_base64(key, NULL, NULL, NULL, &host_key_text) == SSH_OK);
    ssh_key_free(key);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size == 0)
        return 0;
    uint8_t ctl = data[0];
    switch (ctl & 3u) {
    case MODE_SESSION:
    case MODE_SESSION_NONE:
        run_connection(data + 1, size - 1, ctl);
        break;
    case MODE_KEYS_TEXT:
        run_keys((const char *)data + 1, size - 1);
        break;
    default:
        run_key_blob(data + 1, size - 1);
        break;
    }
    return 0;
}
