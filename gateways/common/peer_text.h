/*
 * A peer's IPv4 address and port as audit detail text ("A.B.C.D:PORT",
 * within the audit alphabet [a-z0-9_.:-]), shared by the network gateways.
 * Pure: no allocation, no printf.
 */
#ifndef CAPOS_GATEWAYS_PEER_TEXT_H
#define CAPOS_GATEWAYS_PEER_TEXT_H

#include <stdint.h>

#define GW_PEER_TEXT_MAX 22u /* "255.255.255.255:65535" and a NUL */

/* Writes the text (NUL-terminated) to out; returns its length. */
uint32_t gw_peer_text(char out[GW_PEER_TEXT_MAX], uint32_t addr, uint32_t port);

#endif
