/*
 * The netstack service: its environment, its objects and the state of the
 * call being served. One netstack_t exists (main.c); every module gets it
 * passed. lwIP callbacks reach it through their object (each object points
 * back to it).
 */
#ifndef CAPOS_NETSTACK_NETSTACK_H
#define CAPOS_NETSTACK_NETSTACK_H

#include <stdbool.h>
#include <stdint.h>
#include "capos/abi.h"
#include "byte_ring.h"
#include "dgram_queue.h"
#include "lwip/ip_addr.h"
#include "lwip/netif.h"
#include "net_badge.h"
#include "net_limits.h"
#include "slot_table.h"
#include "virtio_net.h"

/* Notification bit of the NIC's interrupt on the server endpoint. */
#define NET_IRQ_BIT 0x1ull

/* What the service is given (CapSet names in README.md). */
typedef struct {
    cap_t server;  /* receive cap of the export "net" */
    cap_t memory;  /* pays for DMA memory, the notification and the heap */
    cap_t clock;   /* TSC rate for lwIP's clock */
    cap_t entropy; /* random ids and the sequence-number key */
    cap_t pci;     /* PciDevice of the NIC (CapSet name "nic") */
} net_env_t;

/* A call answered later: its Reply capability and what it asked for. */
typedef struct {
    cap_t reply; /* CAP_NULL: none waiting */
    uint32_t max_bytes;
} pending_t;

/* A client's readiness notification. armed: a try_ call got WOULD_BLOCK,
 * so the next change of state signals it (once). */
typedef struct {
    cap_t notification;
    uint64_t bits;
    bool armed;
} watch_t;

struct netstack;

typedef enum {
    TCP_CONNECTING = 0, /* connect waiting for the handshake */
    TCP_QUEUED = 1,     /* established, in its listener's accept queue */
    TCP_OPEN = 2,       /* handed to a client */
    TCP_TERMINAL = 3,   /* turned terminal (tcp_terminal.c): term is set */
} tcp_phase_t;

struct term_conn;

typedef struct {
    struct netstack *ns;
    struct tcp_pcb *pcb; /* NULL once lwIP dropped it (reset, abort) */
    tcp_phase_t phase;
    uint32_t listener; /* TCP_QUEUED: index of the listener */
    byte_ring_t rx;    /* received, not yet read; its size is the window */
    uint8_t *rx_buf;
    bool eof;       /* the peer sent FIN */
    bool rd_shut;   /* the client shut reading down: data is discarded */
    bool wr_shut;   /* the client shut writing down (FIN queued) */
    cap_err_t gone; /* why the connection ended abnormally, else CAP_OK */
    pending_t read;
    pending_t write; /* write, or connect while TCP_CONNECTING */
    uint8_t write_data[NET_IO_BYTES_MAX];
    uint32_t write_len;
    watch_t watch;
    uint32_t peer_addr, local_addr;
    uint16_t peer_port, local_port;
    /* TCP_TERMINAL: the terminal (heap), who began its line (the
     * TerminalSession's read_line waits in `read`, its write in `write`;
     * the TerminalControl reads with take_line), and whether the control
     * was told the peer has gone. */
    struct term_conn *term;
    bool line_by_control;
    bool hangup_told;
} tcp_sock_t;

typedef struct {
    struct netstack *ns;
    struct tcp_pcb *pcb;
    uint16_t port;
    uint32_t backlog;
    uint32_t queue[NET_BACKLOG_MAX]; /* socket indices, oldest first */
    uint32_t queued;
    pending_t accept;
    watch_t watch;
} listener_t;

typedef struct {
    struct netstack *ns;
    struct udp_pcb *pcb;
    uint64_t authority; /* of the facet that opened it: which port it may bind */
    bool bound;
    dgram_queue_t queue;
    pending_t receive;
    watch_t watch;
} udp_sock_t;

typedef struct {
    struct netstack *ns;
    pending_t call;
    char name[256];
} resolve_t;

typedef enum {
    NET_CONFIG_NONE = 0,
    NET_CONFIG_DHCP = 1,
    NET_CONFIG_STATIC = 2,
} net_config_source_t;

typedef struct netstack {
    net_env_t env;
    cap_t events; /* notification bound to env.server: the NIC's interrupt */
    cap_t irq;
    nic_t nic;
    struct netif netif;
    net_config_source_t config;
    uint64_t dhcp_deadline_ms;

    slot_t tcp_slots[NET_TCP_SOCKETS_MAX];
    tcp_sock_t tcp[NET_TCP_SOCKETS_MAX];
    slot_t listener_slots[NET_LISTENERS_MAX];
    listener_t listeners[NET_LISTENERS_MAX];
    slot_t udp_slots[NET_UDP_SOCKETS_MAX];
    udp_sock_t udp[NET_UDP_SOCKETS_MAX];
    resolve_t resolves[NET_RESOLVES_MAX];
    bool tx_memory_short;         /* a tcp_write found lwIP's heap full */
    uint32_t no_room_resets;      /* connections reset for want of a socket or memory */
    uint64_t tx_waiting_since_us; /* frames not yet announced to the NIC since then */

    /* The call being served. */
    net_facet_t facet;
    cap_t call_reply;
    bool deferred;  /* the op keeps call_reply and answers later */
    cap_t kept_cap; /* a cap of the request the op keeps (watch) */
    cap_t minted;   /* a cap made for this reply (released if it cannot land) */
    net_facet_t minted_object;
} netstack_t;

/* ---- server.c: the loop ---- */
cap_err_t netstack_start(netstack_t *ns, const net_env_t *env) __attribute__((warn_unused_result));
cap_err_t netstack_serve(netstack_t *ns);

/* ---- replies.c: deferred replies, watches, minted caps ---- */
/* Keeps the current call's reply in p: the op returns CAP_OK without
 * outputs and the loop does not answer. */
void net_defer(netstack_t *ns, pending_t *p, uint32_t max_bytes);
/* Sends rep (label already the status) on reply; on failure releases the
 * reply and the caps rep moves. Returns sys_reply's status. */
cap_err_t net_send(cap_t reply, ipc_msg_t *rep);
/* Answers a waiting call with an error status (no outputs). */
void net_pending_fail(pending_t *p, cap_err_t status);
/* A capability naming object (kind, index) of the current generation. */
cap_err_t net_mint(netstack_t *ns, net_facet_kind_t kind, uint32_t index, cap_t *out)
    __attribute__((warn_unused_result));
cap_err_t net_watch_set(netstack_t *ns, watch_t *w, cap_t notification, uint64_t bits)
    __attribute__((warn_unused_result));
void net_watch_fire(watch_t *w);
void net_watch_clear(watch_t *w);
uint32_t net_ip_host(const ip_addr_t *ip);
void net_ip_set(ip_addr_t *ip, uint32_t host_order);

/* ---- net_stats.c: NetInfo.stats ---- */
typedef struct {
    uint32_t tcp_sockets, listeners, udp_sockets, terminals, waiting_calls;
} net_stats_t;
net_stats_t net_stats(const netstack_t *ns);

/* ---- addr_config.c ---- */
void addr_config_start(netstack_t *ns);
void addr_config_poll(netstack_t *ns);
/* Milliseconds until addr_config_poll has work (UINT32_MAX: none). */
uint32_t addr_config_sleep_ms(const netstack_t *ns);
cap_err_t addr_config_dispatch(netstack_t *ns, const ipc_msg_t *req, ipc_msg_t *rep);

/* ---- tcp_socket.c, tcp_listener.c, tcp_connector.c ---- */
void tcp_socks_init(netstack_t *ns);
/* A socket slot for pcb (callbacks set, receive ring allocated); false
 * when the table or the heap is full. */
bool tcp_sock_create(netstack_t *ns, struct tcp_pcb *pcb, tcp_phase_t phase, uint32_t *index)
    __attribute__((warn_unused_result));
/* Ends a socket: its pcb aborted, its waiting calls answered CANCELLED,
 * its slot freed (its caps go stale). */
void tcp_sock_destroy(netstack_t *ns, uint32_t index);
/* Closes a socket: FIN after what lwIP holds (a reset when unread data is
 * left in the window), then tcp_sock_destroy. */
void tcp_sock_close(netstack_t *ns, uint32_t index);
void tcp_sock_established(tcp_sock_t *s);
/* Queues a prefix of data for sending (written: how many). WOULD_BLOCK
 * without room; BROKEN when it cannot send. */
cap_err_t tcp_sock_give(tcp_sock_t *s, const uint8_t *data, uint32_t len, uint32_t *written)
    __attribute__((warn_unused_result));
/* Gives received bytes back to lwIP's window after they were consumed. */
void tcp_sock_consumed(tcp_sock_t *s, uint32_t n);
void tcp_socks_retry_writes(netstack_t *ns);
cap_err_t tcp_socket_serve(netstack_t *ns, const ipc_msg_t *req, ipc_msg_t *rep);
void tcp_listeners_init(netstack_t *ns);
/* Stops listening; queued connections are reset, the slot freed. */
void tcp_listener_destroy(netstack_t *ns, uint32_t index);
/* A queued socket went away before it was accepted. */
void tcp_listener_forget(netstack_t *ns, uint32_t listener, uint32_t socket);
cap_err_t tcp_listen_serve(netstack_t *ns, const ipc_msg_t *req, ipc_msg_t *rep);
cap_err_t tcp_listener_serve(netstack_t *ns, const ipc_msg_t *req, ipc_msg_t *rep);
cap_err_t tcp_connector_serve(netstack_t *ns, const ipc_msg_t *req, ipc_msg_t *rep);
/* Answers a waiting connect once the handshake finished or failed. */
void tcp_connector_complete(tcp_sock_t *s, cap_err_t status);

/* ---- tcp_terminal.c: TcpSocket.into_terminal_session and its objects ---- */
cap_err_t tcp_terminal_open(netstack_t *ns, uint32_t protocol, cap_t *terminal, cap_t *control);
/* Moves input through the terminal, output into lwIP, completes what
 * waits; called whenever the connection changed. */
void tcp_terminal_pump(tcp_sock_t *s);
/* Frees the terminal of a socket being destroyed (scrubbed). */
void tcp_terminal_free(tcp_sock_t *s);
cap_err_t tcp_terminal_session_serve(netstack_t *ns, const ipc_msg_t *req, ipc_msg_t *rep);
cap_err_t tcp_terminal_control_serve(netstack_t *ns, const ipc_msg_t *req, ipc_msg_t *rep);

/* ---- udp_socket.c, resolver.c ---- */
void udp_socks_init(netstack_t *ns);
void udp_sock_destroy(netstack_t *ns, uint32_t index);
cap_err_t udp_authority_serve(netstack_t *ns, const ipc_msg_t *req, ipc_msg_t *rep);
cap_err_t udp_socket_serve(netstack_t *ns, const ipc_msg_t *req, ipc_msg_t *rep);
void resolver_init(netstack_t *ns);
cap_err_t resolver_serve(netstack_t *ns, const ipc_msg_t *req, ipc_msg_t *rep);

#endif
