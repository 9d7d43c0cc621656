/*
 * telnetd: the Telnet gateway service (README.md). One single-threaded event
 * loop over one Notification: the listener, every connection's
 * TerminalControl and every shell's ProcessHandle signal it; grace times and
 * pauses are its deadlines (Notification.wait_until).
 */
#ifndef CAPOS_TELNET_GATEWAY_H
#define CAPOS_TELNET_GATEWAY_H

#include "capos/rt.h"
#include "dialogue.h"
#include "conn_limits.h"
#include "penalty.h"

#define GW_PORT 23u
#define GW_BACKLOG 32u
#define GW_PROTOCOL_TELNET 1u
#define GW_LISTENER_BIT 1ull
#define GW_CONN_BITS 63u /* bits 1..63; connections share them modulo 63 */

typedef struct {
    bool used;
    dialogue_t dlg;
    cap_t control;   /* TerminalControl: the gateway's side */
    cap_t terminal;  /* TerminalSession: moves to the shell */
    cap_t session;   /* Session (from SessionManager.login) */
    cap_t process;   /* the shell's ProcessHandle */
    uint64_t serial; /* the session's serial, for the audit log */
    uint32_t peer_addr, peer_port;
} gw_conn_t;

typedef struct {
    cap_t listener, events, clock, sessions, broker, audit;
    penalty_table_t penalties;
    limits_t limits;
    gw_conn_t conn[LIMITS_SLOTS_MAX]; /* indexed by the limits slot */
} gateway_t;

/* Monotonic milliseconds. */
uint64_t gw_now_ms(const gateway_t *gw);

/* The notification bit of connection slot. */
uint64_t gw_conn_bit(uint32_t slot);

/* Takes every waiting connection (accept.c). */
void gw_accept_all(gateway_t *gw);

/* The first prompt of a new connection; work on a connection after its bit
 * was signalled, or when its deadline came (conn.c). */
void gw_conn_start(gateway_t *gw, uint32_t slot);
void gw_conn_act(gateway_t *gw, uint32_t slot, dlg_action_t a);
void gw_conn_service(gateway_t *gw, uint32_t slot);
void gw_conn_tick(gateway_t *gw, uint32_t slot, uint64_t now_ms);

/* Ends a connection: the shell, the session, the socket, the slot; one
 * audit record with the source address (conn.c). goodbye may be NULL. */
void gw_conn_end(gateway_t *gw, uint32_t slot, const char *goodbye);

/* Logs in and starts the shell for a connection whose dialogue says so
 * (login.c). */
void gw_login(gateway_t *gw, uint32_t slot, const uint8_t *password, uint32_t len);

/* One audit record; detail "A.B.C.D:PORT" of the peer (audit_out.c). */
void gw_audit(const gateway_t *gw, uint32_t kind, uint32_t result, uint64_t subject, uint32_t addr,
              uint32_t port);

#endif
