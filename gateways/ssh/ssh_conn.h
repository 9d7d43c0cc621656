/*
 * One SSH connection as libssh sees it: the server and channel callbacks
 * and their policy (README.md), with no capOS call in them, so the same code
 * runs in the gateway and in the host fuzzer (tests/fuzz/fuzz_sshd.c). What
 * needs the system (logging in, starting the shell, the terminal) goes
 * through the sshd_backend_* hooks, which the gateway's glue (backend.c)
 * and the fuzzer each implement.
 *
 * Phases: KEX (until ssh_handle_key_exchange succeeds), AUTH (password and
 * public key only; SSHC_MAX_AUTH_TRIES failures end the connection), OPEN
 * (authenticated: one session channel; pty-req, window-change, shell, exec;
 * env ignored; subsystems, agent and X11 forwarding refused with a message
 * on the channel's stderr; other channel types and global requests such as
 * tcpip-forward are refused by libssh's defaults), and DONE (the peer went,
 * or the connection must end: the glue tears it down).
 */
#ifndef CAPOS_SSHD_SSH_CONN_H
#define CAPOS_SSHD_SSH_CONN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <libssh/callbacks.h>
#include <libssh/libssh.h>
#include <libssh/server.h>

#define SSHC_MAX_AUTH_TRIES 6u   /* OpenSSH MaxAuthTries */
#define SSHC_MAX_KEY_QUERIES 12u /* public keys a client may offer before signing */
#define SSHC_USER_MAX 32u        /* SessionManager's account bound */
#define SSHC_PASSWORD_MAX 128u   /* SessionManager.login's password bound */
#define SSHC_KEY_BLOB_MAX 800u   /* SessionManager.login_key's key bound */
#define SSHC_COMMAND_MAX 500u    /* an exec command: one shell line */
#define SSHC_IN_MAX 2048u        /* channel input held for the terminal */

typedef enum { SSHC_KEX, SSHC_AUTH, SSHC_OPEN, SSHC_DONE } sshc_phase_t;

typedef enum { SSHC_MODE_NONE, SSHC_MODE_SHELL, SSHC_MODE_EXEC } sshc_mode_t;

typedef struct sshd_conn {
    sshc_phase_t phase;
    ssh_session session;
    ssh_channel channel; /* the one session channel, once opened */
    struct ssh_server_callbacks_struct server_cb;
    struct ssh_channel_callbacks_struct channel_cb;
    void *glue; /* the backend's per-connection state */

    uint32_t auth_failures, key_queries;
    char user[SSHC_USER_MAX + 1]; /* the account that authenticated */

    /* The session channel's requests. */
    sshc_mode_t mode; /* set once, by shell or exec */
    bool pty;
    uint32_t cols, rows;
    char command[SSHC_COMMAND_MAX + 1]; /* exec */

    /* Channel input not yet taken by the terminal (in_take). */
    uint8_t in[SSHC_IN_MAX];
    uint32_t in_len;
    bool in_eof;         /* the client sent EOF */
    bool channel_closed; /* the client closed the channel */
    bool pulling;        /* sshc_in_take is reading from libssh into in */
} sshd_conn_t;

/* Sets the bind's algorithms (modern only, strict KEX is libssh's default)
 * and options. SSH_OK or SSH_ERROR. */
int sshc_configure_bind(ssh_bind bind);
/* Imports every key of a host key file (hostkey_file.h) into the bind: the
 * number imported, or -1 on a malformed file. The caller scrubs text. (The
 * gateway itself holds only public keys and signs through HostKeySigner;
 * this is for tests and the fuzzer.) */
int sshc_import_host_keys(ssh_bind bind, const char *text, size_t len);

/* Takes fd (a connected socket) into c: accepts it on bind, installs the
 * callbacks, starts the key exchange without blocking. SSH_OK (phase KEX)
 * or SSH_ERROR (c is DONE; sshc_free still needed). */
int sshc_start(sshd_conn_t *c, ssh_bind bind, int fd, void *glue);
/* After the event loop ran: finishes the key exchange when it completed,
 * notices the peer's end. Returns the phase. */
sshc_phase_t sshc_advance(sshd_conn_t *c);
/* Takes up to cap bytes of channel input; pulls more from libssh when room
 * was made. */
uint32_t sshc_in_take(sshd_conn_t *c, uint8_t *out, uint32_t cap);
/* Frees everything libssh holds for c (the socket is closed with it). */
void sshc_free(sshd_conn_t *c);

/* ---- hooks the backend implements ---- */

/* A password for user: true when SessionManager logged user in. The
 * password is the backend's to scrub. */
bool sshd_backend_password(sshd_conn_t *c, const char *user, char *password);
/* A public key whose signature libssh verified: true when SessionManager
 * logged user in with it (blob: the key in SSH wire format). */
bool sshd_backend_pubkey(sshd_conn_t *c, const char *user, const uint8_t *blob, size_t len);
/* A failed attempt (penalties). */
void sshd_backend_auth_failed(sshd_conn_t *c);
/* shell or exec was requested (c->mode, c->command, c->pty, c->cols/rows):
 * true when the shell started. */
bool sshd_backend_start(sshd_conn_t *c);
/* The window changed (c->cols, c->rows). */
void sshd_backend_window(sshd_conn_t *c);

#endif
