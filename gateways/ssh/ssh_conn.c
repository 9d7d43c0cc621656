/* One SSH connection's callbacks and policy (contract in ssh_conn.h). */
#include "ssh_conn.h"
#include "hostkey_file.h"

#include <stdio.h>
#include <string.h>

#include <mbedtls/base64.h>

/* Key exchange: curve25519 first, then the NIST curves and large DH groups
 * for older clients; no SHA-1 anywhere. libssh adds the strict-KEX marker
 * (kex-strict-s-v00@openssh.com) to the server's list itself. */
#define SSHC_KEX_ALGS                                                                              \
    "curve25519-sha256,curve25519-sha256@libssh.org,diffie-hellman-group16-sha512,"                \
    "diffie-hellman-group18-sha512"
/* AEAD and counter-mode ciphers only: no CBC, no arcfour, no 3DES. */
#define SSHC_CIPHERS                                                                               \
    "chacha20-poly1305@openssh.com,aes256-gcm@openssh.com,aes128-gcm@openssh.com,aes256-ctr,"      \
    "aes192-ctr,aes128-ctr"
/* Encrypt-then-MAC SHA-2 MACs (AEAD ciphers need none). */
#define SSHC_MACS "hmac-sha2-256-etm@openssh.com,hmac-sha2-512-etm@openssh.com"
#define SSHC_HOSTKEY_ALGS "ssh-ed25519,ecdsa-sha2-nistp256"
/* RSA only with SHA-2 signatures (no "ssh-rsa", which is SHA-1). */
#define SSHC_PUBKEY_ALGS                                                                           \
    "ssh-ed25519,ecdsa-sha2-nistp256,ecdsa-sha2-nistp384,ecdsa-sha2-nistp521,rsa-sha2-512,"        \
    "rsa-sha2-256"

int sshc_configure_bind(ssh_bind bind) {
    static const struct {
        enum ssh_bind_options_e opt;
        const char *value;
    } opts[] = {
        {SSH_BIND_OPTIONS_KEY_EXCHANGE, SSHC_KEX_ALGS},
        {SSH_BIND_OPTIONS_CIPHERS_C_S, SSHC_CIPHERS},
        {SSH_BIND_OPTIONS_CIPHERS_S_C, SSHC_CIPHERS},
        {SSH_BIND_OPTIONS_HMAC_C_S, SSHC_MACS},
        {SSH_BIND_OPTIONS_HMAC_S_C, SSHC_MACS},
        {SSH_BIND_OPTIONS_HOSTKEY_ALGORITHMS, SSHC_HOSTKEY_ALGS},
        {SSH_BIND_OPTIONS_PUBKEY_ACCEPTED_KEY_TYPES, SSHC_PUBKEY_ALGS},
    };
    bool no_config = false;
    if (ssh_bind_options_set(bind, SSH_BIND_OPTIONS_PROCESS_CONFIG, &no_config) != SSH_OK)
        return SSH_ERROR;
    for (size_t i = 0; i < sizeof opts / sizeof opts[0]; i++)
        if (ssh_bind_options_set(bind, opts[i].opt, opts[i].value) != SSH_OK)
            return SSH_ERROR;
    return SSH_OK;
}

int sshc_import_host_keys(ssh_bind bind, const char *text, size_t len) {
    ssh_key keys[HOSTKEY_KEYS_MAX];
    int n = hostkey_file_parse(text, len, keys, HOSTKEY_KEYS_MAX);
    int rc = n;
    for (int i = 0; i < n; i++) {
        if (rc >= 0 && ssh_bind_options_set(bind, SSH_BIND_OPTIONS_IMPORT_KEY, keys[i]) == SSH_OK)
            continue;          /* the bind owns it now */
        ssh_key_free(keys[i]); /* refused (or after a refusal): still ours */
        rc = -1;
    }
    return rc;
}

/* ---- authentication ---- */

static bool user_ok(const char *user) {
    return user && strlen(user) <= SSHC_USER_MAX;
}

/* A failure: counted, penalised; past the limit the connection ends. */
static int denied(sshd_conn_t *c) {
    sshd_backend_auth_failed(c);
    if (++c->auth_failures >= SSHC_MAX_AUTH_TRIES) {
        ssh_disconnect(c->session);
        c->phase = SSHC_DONE;
    }
    return SSH_AUTH_DENIED;
}

static int authenticated(sshd_conn_t *c, const char *user) {
    strcpy(c->user, user); /* user_ok checked the length */
    c->phase = SSHC_OPEN;
    return SSH_AUTH_SUCCESS;
}

/* libssh hands over authentication only after the key exchange, possibly in
 * the same read that finished it (before sshc_advance saw that). */
static bool authenticating(const sshd_conn_t *c) {
    return c->phase == SSHC_KEX || c->phase == SSHC_AUTH;
}

static int on_password(ssh_session s, const char *user, const char *password, void *ud) {
    sshd_conn_t *c = ud;
    char pw[SSHC_PASSWORD_MAX + 1];
    (void)s;
    if (!authenticating(c))
        return SSH_AUTH_DENIED;
    size_t n = password ? strnlen(password, SSHC_PASSWORD_MAX + 1) : SSHC_PASSWORD_MAX + 1;
    if (!user_ok(user) || n > SSHC_PASSWORD_MAX)
        return denied(c);
    memcpy(pw, password, n);
    pw[n] = 0;
    bool ok = sshd_backend_password(c, user, pw);
    memset(pw, 0, sizeof pw);
    return ok ? authenticated(c, user) : denied(c);
}

/* A key offered without a signature is accepted for signing whatever it is
 * (so a probe learns nothing about which keys are authorized); the
 * signed attempt decides, through SessionManager. */
static int on_pubkey(ssh_session s, const char *user, struct ssh_key_struct *key, char state,
                     void *ud) {
    sshd_conn_t *c = ud;
    (void)s;
    if (!authenticating(c))
        return SSH_AUTH_DENIED;
    if (state == SSH_PUBLICKEY_STATE_NONE)
        return user_ok(user) && ++c->key_queries <= SSHC_MAX_KEY_QUERIES ? SSH_AUTH_SUCCESS
                                                                         : denied(c);
    if (state != SSH_PUBLICKEY_STATE_VALID || !user_ok(user))
        return denied(c);
    uint8_t blob[SSHC_KEY_BLOB_MAX];
    size_t len = 0;
    char *b64 = NULL;
    if (ssh_pki_export_pubkey_base64(key, &b64) != SSH_OK)
        return denied(c);
    int rc =
        mbedtls_base64_decode(blob, sizeof blob, &len, (const unsigned char *)b64, strlen(b64));
    ssh_string_free_char(b64);
    bool ok = rc == 0 && sshd_backend_pubkey(c, user, blob, len);
    return ok ? authenticated(c, user) : denied(c);
}

/* ---- the session channel ---- */

static void refuse_text(sshd_conn_t *c, ssh_channel ch, const char *what) {
    char msg[160];
    int n = snprintf(msg, sizeof msg, "capOS: %s is not available on this system\r\n", what);
    (void)c;
    if (n > 0)
        (void)ssh_channel_write_stderr(ch, msg, (uint32_t)n);
}

static int on_data(ssh_session s, ssh_channel ch, void *data, uint32_t len, int is_stderr,
                   void *ud) {
    sshd_conn_t *c = ud;
    (void)s;
    (void)ch;
    if (is_stderr || c->mode == SSHC_MODE_EXEC)
        return (int)len; /* stderr, or an exec's stdin: the command is its only input */
    if (c->pulling)
        return 0; /* sshc_in_take is reading into c->in itself */
    uint32_t room = SSHC_IN_MAX - c->in_len, n = len < room ? len : room;
    memcpy(c->in + c->in_len, data, n);
    c->in_len += n;
    return (int)n; /* the rest stays with libssh (and its window) */
}

static void on_eof(ssh_session s, ssh_channel ch, void *ud) {
    (void)s;
    (void)ch;
    ((sshd_conn_t *)ud)->in_eof = true;
}

static void on_close(ssh_session s, ssh_channel ch, void *ud) {
    sshd_conn_t *c = ud;
    (void)s;
    (void)ch;
    c->in_eof = true;
    c->channel_closed = true;
}

static uint32_t clamp_size(int v) {
    return v < 0 ? 0u : v > 1000 ? 1000u : (uint32_t)v;
}

static int on_pty(ssh_session s, ssh_channel ch, const char *term, int w, int h, int pw, int ph,
                  void *ud) {
    sshd_conn_t *c = ud;
    (void)s, (void)ch, (void)term, (void)pw, (void)ph;
    if (c->mode != SSHC_MODE_NONE)
        return -1;
    c->pty = true;
    c->cols = clamp_size(w);
    c->rows = clamp_size(h);
    return 0;
}

static int on_window(ssh_session s, ssh_channel ch, int w, int h, int pw, int ph, void *ud) {
    sshd_conn_t *c = ud;
    (void)s, (void)ch, (void)pw, (void)ph;
    if (!c->pty)
        return -1;
    c->cols = clamp_size(w);
    c->rows = clamp_size(h);
    if (c->mode != SSHC_MODE_NONE)
        sshd_backend_window(c);
    return 0;
}

static int start(sshd_conn_t *c, sshc_mode_t mode) {
    if (c->mode != SSHC_MODE_NONE)
        return -1;
    c->mode = mode;
    if (sshd_backend_start(c))
        return 0;
    c->phase = SSHC_DONE; /* the backend said why on the channel */
    return -1;
}

static int on_shell(ssh_session s, ssh_channel ch, void *ud) {
    (void)s, (void)ch;
    return start(ud, SSHC_MODE_SHELL);
}

static int on_exec(ssh_session s, ssh_channel ch, const char *command, void *ud) {
    sshd_conn_t *c = ud;
    (void)s;
    size_t n = command ? strnlen(command, SSHC_COMMAND_MAX + 1) : SSHC_COMMAND_MAX + 1;
    if (c->mode != SSHC_MODE_NONE)
        return -1;
    if (n > SSHC_COMMAND_MAX || memchr(command, '\n', n) || memchr(command, '\r', n)) {
        refuse_text(c, ch, "a command longer than one line");
        return -1;
    }
    memcpy(c->command, command, n);
    c->command[n] = 0;
    return start(c, SSHC_MODE_EXEC);
}

static int on_env(ssh_session s, ssh_channel ch, const char *name, const char *value, void *ud) {
    (void)s, (void)ch, (void)name, (void)value, (void)ud;
    return -1; /* ignored, as OpenSSH without AcceptEnv */
}

static int on_subsystem(ssh_session s, ssh_channel ch, const char *name, void *ud) {
    (void)s;
    char what[64];
    snprintf(what, sizeof what, "the '%.24s' subsystem (no file transfer)", name ? name : "");
    refuse_text(ud, ch, what);
    return -1;
}

static void on_agent(ssh_session s, ssh_channel ch, void *ud) {
    (void)s;
    refuse_text(ud, ch, "agent forwarding");
}

static void on_x11(ssh_session s, ssh_channel ch, int single, const char *proto, const char *cookie,
                   uint32_t screen, void *ud) {
    (void)s, (void)single, (void)proto, (void)cookie, (void)screen;
    refuse_text(ud, ch, "X11 forwarding");
}

static ssh_channel on_channel_open(ssh_session s, void *ud) {
    sshd_conn_t *c = ud;
    if (c->phase != SSHC_OPEN || c->channel)
        return NULL; /* one session channel per connection */
    c->channel = ssh_channel_new(s);
    if (!c->channel)
        return NULL;
    c->channel_cb = (struct ssh_channel_callbacks_struct){
        .userdata = c,
        .channel_data_function = on_data,
        .channel_eof_function = on_eof,
        .channel_close_function = on_close,
        .channel_pty_request_function = on_pty,
        .channel_shell_request_function = on_shell,
        .channel_exec_request_function = on_exec,
        .channel_pty_window_change_function = on_window,
        .channel_env_request_function = on_env,
        .channel_subsystem_request_function = on_subsystem,
        .channel_auth_agent_req_function = on_agent,
        .channel_x11_req_function = on_x11,
    };
    ssh_callbacks_init(&c->channel_cb);
    if (ssh_set_channel_callbacks(c->channel, &c->channel_cb) != SSH_OK) {
        ssh_channel_free(c->channel);
        c->channel = NULL;
    }
    return c->channel;
}

/* ---- life ---- */

int sshc_start(sshd_conn_t *c, ssh_bind bind, int fd, void *glue) {
    memset(c, 0, sizeof *c);
    c->glue = glue;
    c->phase = SSHC_DONE;
    c->session = ssh_new();
    if (!c->session)
        return SSH_ERROR;
    if (ssh_bind_accept_fd(bind, c->session, fd) != SSH_OK)
        return SSH_ERROR;
    c->server_cb = (struct ssh_server_callbacks_struct){
        .userdata = c,
        .auth_password_function = on_password,
        .auth_pubkey_function = on_pubkey,
        .channel_open_request_session_function = on_channel_open,
    };
    ssh_callbacks_init(&c->server_cb);
    if (ssh_set_server_callbacks(c->session, &c->server_cb) != SSH_OK)
        return SSH_ERROR;
    ssh_set_auth_methods(c->session, SSH_AUTH_METHOD_PASSWORD | SSH_AUTH_METHOD_PUBLICKEY);
    ssh_set_blocking(c->session, 0);
    c->phase = SSHC_KEX;
    return ssh_handle_key_exchange(c->session) == SSH_ERROR ? (c->phase = SSHC_DONE, SSH_ERROR)
                                                            : SSH_OK;
}

sshc_phase_t sshc_advance(sshd_conn_t *c) {
    if (c->phase == SSHC_KEX) {
        int rc = ssh_handle_key_exchange(c->session);
        if (rc == SSH_OK)
            c->phase = SSHC_AUTH;
        else if (rc == SSH_ERROR)
            c->phase = SSHC_DONE;
    }
    if (c->phase != SSHC_DONE && (!ssh_is_connected(c->session) ||
                                  (ssh_get_status(c->session) & (SSH_CLOSED | SSH_CLOSED_ERROR))))
        c->phase = SSHC_DONE;
    return c->phase;
}

uint32_t sshc_in_take(sshd_conn_t *c, uint8_t *out, uint32_t cap) {
    uint32_t n = c->in_len < cap ? c->in_len : cap;
    memcpy(out, c->in, n);
    memmove(c->in, c->in + n, c->in_len - n);
    c->in_len -= n;
    memset(c->in + c->in_len, 0, n);
    if (n && c->channel && !c->in_eof) { /* room again: what libssh kept */
        c->pulling = true;               /* the read may run the event loop: on_data stays out */
        int got =
            ssh_channel_read_nonblocking(c->channel, c->in + c->in_len, SSHC_IN_MAX - c->in_len, 0);
        c->pulling = false;
        if (got > 0 && (uint32_t)got <= SSHC_IN_MAX - c->in_len)
            c->in_len += (uint32_t)got;
    }
    return n;
}

void sshc_free(sshd_conn_t *c) {
    if (c->channel)
        ssh_channel_free(c->channel);
    if (c->session) {
        ssh_disconnect(c->session);
        ssh_free(c->session);
    }
    memset(c, 0, sizeof *c);
}
