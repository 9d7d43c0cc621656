/*
 * sshd: the SSH gateway's glue (README.md). One process serves every
 * connection from one event loop: libssh's poll over the sockets, with the
 * terminal endpoint's calls and the shells' exits arriving as program bits
 * of lib/posix's notification (posix_events.h).
 */
#ifndef CAPOS_SSHD_H
#define CAPOS_SSHD_H

#include "capos/rt.h"
#include "conn_limits.h"
#include "penalty.h"
#include "ssh_conn.h"
#include "term_conn.h"

#define SSHD_PORT 22u
#define SSHD_BACKLOG 16u
#define SSHD_CONNS 32u        /* connections at once (each a libssh session and a shell) */
#define SSHD_UNAUTH 8u        /* of which still logging in (MaxStartups) */
#define SSHD_GRACE_MS 120000u /* LoginGraceTime, as OpenSSH */

#define SSHD_BIT_TERMINAL (1ull << 63) /* a call on the terminal endpoint */
#define SSHD_BIT_SHELLS (1ull << 62)   /* some shell exited */

typedef struct sshd sshd_t;

/* One connection's glue: its libssh side, its terminal, its shell. */
typedef struct {
    bool used;
    uint32_t slot; /* in limits */
    uint32_t gen;  /* the slot's use: with slot, the terminal facet's badge */
    sshd_t *d;
    sshd_conn_t ssh;
    uint32_t peer_addr, peer_port;
    cap_t session;   /* SessionManager's, once logged in */
    uint64_t serial; /* the session's, for audit records */
    cap_t process;   /* the shell */
    bool shell_exited;
    int64_t exit_code;
    term_conn_t term;
    cap_t read_reply;  /* the shell's waiting read_line */
    cap_t write_reply; /* the shell's waiting write */
    bool eof_sent;
    uint64_t close_deadline_ms; /* after eof_sent: end it anyway */
} sshd_link_t;

struct sshd {
    cap_t sessions, broker, audit, clock, memory;
    cap_t hostkeys; /* HostKeySigner: the host keys stay there */
    cap_t terminal; /* the endpoint shells' TerminalSessions are facets of */
    cap_t events;   /* lib/posix's notification (program bits) */
    ssh_bind bind;
    ssh_event event;
    int listen_fd;
    penalty_table_t penalties;
    limits_t limits;
    sshd_link_t link[SSHD_CONNS];
    uint32_t gen[SSHD_CONNS]; /* uses of each slot so far */
    bool shells_signalled;    /* this turn: SSHD_BIT_SHELLS came */
};

uint64_t sshd_now_ms(const sshd_t *d);
/* Audit records with the peer as detail (best effort). */
void sshd_audit(const sshd_t *d, uint32_t kind, uint32_t result, uint64_t subject, uint32_t addr,
                uint32_t port);

/* accept.c: takes every pending connection (limits, penalties, audit). */
void sshd_accept_all(sshd_t *d);
/* link.c: one connection's turn (key exchange, terminal, shell exit) and
 * its end. */
void sshd_link_service(sshd_t *d, sshd_link_t *l);
void sshd_link_end(sshd_t *d, sshd_link_t *l);

/* The terminal facet's badge of l (a facet of an earlier use of the slot
 * stays dead). */
uint64_t sshd_terminal_badge(const sshd_link_t *l);

/* terminal.c: the TerminalSession calls of every shell, without blocking. */
void sshd_terminal_serve(sshd_t *d);
/* Moves the terminal's output to the channel and channel input into it;
 * answers what completed. */
void sshd_terminal_pump(sshd_t *d, sshd_link_t *l);
/* The shell is gone or the connection ends: waiting calls are answered. */
void sshd_terminal_hangup(sshd_link_t *l);

#endif
