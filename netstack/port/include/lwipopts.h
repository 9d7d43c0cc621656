/*
 * lwIP 2.1.3 configuration of the netstack: NO_SYS (one thread, the raw
 * API driven by the service's event loop), IPv4 with ARP, DHCP, DNS, UDP
 * and TCP, loopback to the own address. Every pool is static and sized from
 * net_limits.h; nothing here allocates from the process heap.
 */
#ifndef CAPOS_NETSTACK_LWIPOPTS_H
#define CAPOS_NETSTACK_LWIPOPTS_H

#include "net_limits.h"

/* ---- platform ---- */
#define NO_SYS 1
#define SYS_LIGHTWEIGHT_PROT 0
#define LWIP_TIMERS 1
#define LWIP_SOCKET 0
#define LWIP_NETCONN 0
#define MEM_ALIGNMENT 8
#define MEM_LIBC_MALLOC 0
#define MEMP_MEM_MALLOC 0
#define LWIP_STATS 0
#define LWIP_HOOK_FILENAME "lwip_hooks.h"
#define LWIP_HOOK_TCP_ISN lwip_port_tcp_isn
/* Bulk copies in words (net_copy.h); small fixed ones stay memcpy. */
#define MEMCPY(dst, src, len) net_copy(dst, src, len)
void *net_copy(void *dst, const void *src, __SIZE_TYPE__ n);

/* ---- memory ---- */
/* Sending. A socket queues at most TCP_SND_BUF bytes in at most
 * TCP_SND_QUEUELEN pbufs (lwIP counts pbufs there), and without
 * TCP_OVERSIZE every pbuf is as large as its data: so a socket's heap use
 * is bounded by its data plus a pbuf header, segment headers and heap
 * overhead (< 128 bytes) per pbuf, and the heap and the segment pool hold
 * that for every connection lwIP can have at once (closed sockets whose
 * FIN still waits behind data included). A peer that never acknowledges
 * thus cannot take memory another connection's writes need; 256 KiB more
 * are for ARP queues, DHCP and DNS. */
#define MEMP_NUM_TCP_PCB (NET_TCP_SOCKETS_MAX + 16) /* + closing and TIME_WAIT */
#define TCP_SND_BUF NET_TCP_SEND_BYTES
#define TCP_SND_QUEUELEN (2 * (TCP_SND_BUF / NET_TCP_MSS))
#define TCP_OVERSIZE 0
#define TCP_OOSEQ_MAX_PBUFS 16 /* per connection */
#define MEM_SIZE (MEMP_NUM_TCP_PCB * (TCP_SND_BUF + TCP_SND_QUEUELEN * 128) + 256 * 1024)
#define MEMP_NUM_TCP_SEG (MEMP_NUM_TCP_PCB * (TCP_SND_QUEUELEN + TCP_OOSEQ_MAX_PBUFS))
/* Receiving: frames are copied into the pool; out-of-order segments are
 * the only pbufs TCP keeps (a socket's data moves to its ring at once), and
 * lwIP frees those when the pool runs dry. */
#define PBUF_POOL_SIZE 256
#define MEMP_NUM_PBUF 64
#define MEMP_NUM_RAW_PCB 0
#define MEMP_NUM_UDP_PCB (NET_UDP_SOCKETS_MAX + 4) /* + DHCP, DNS */
#define MEMP_NUM_TCP_PCB_LISTEN NET_LISTENERS_MAX
#define MEMP_NUM_REASSDATA 4
#define MEMP_NUM_FRAG_PBUF 16
#define MEMP_NUM_ARP_QUEUE 32

/* ---- links and addresses ---- */
#define LWIP_IPV4 1
#define LWIP_IPV6 0
#define LWIP_ARP 1
#define LWIP_ETHERNET 1
#define ETH_PAD_SIZE 0
#define ARP_TABLE_SIZE 16
#define ARP_QUEUEING 1
#define LWIP_NETIF_STATUS_CALLBACK 1
#define LWIP_NETIF_LOOPBACK 1 /* traffic to the own address never reaches the NIC */
#define LWIP_LOOPBACK_MAX_PBUFS 64
#define LWIP_HAVE_LOOPIF 0
#define LWIP_DHCP 1
#define DHCP_DOES_ARP_CHECK 0
#define LWIP_DHCP_CHECK_LINK_UP 0
#define LWIP_AUTOIP 0
#define LWIP_IGMP 0
#define LWIP_ICMP 1
#define LWIP_RAW 0
#define IP_REASSEMBLY 1
#define IP_FRAG 1

/* ---- DNS ---- */
#define LWIP_DNS 1
#define DNS_TABLE_SIZE 8
#define DNS_MAX_NAME_LENGTH 256
#define DNS_MAX_SERVERS 2
#define LWIP_DNS_SUPPORT_MDNS_QUERIES 0

/* ---- UDP and TCP ---- */
#define LWIP_UDP 1
#define LWIP_TCP 1
#define TCP_MSS NET_TCP_MSS
#define TCP_WND NET_TCP_WINDOW_BYTES
#define TCP_QUEUE_OOSEQ 1
#define TCP_LISTEN_BACKLOG 1
#define TCP_DEFAULT_LISTEN_BACKLOG NET_BACKLOG_MAX
#define LWIP_TCP_KEEPALIVE 1
/* A peer that vanished silently is found within about two minutes. */
#define TCP_KEEPIDLE_DEFAULT 60000
#define TCP_KEEPINTVL_DEFAULT 10000
#define TCP_KEEPCNT_DEFAULT 6
#define SO_REUSE 1
#define LWIP_CHECKSUM_ON_COPY 1
#define LWIP_CHKSUM_ALGORITHM 3

#endif
