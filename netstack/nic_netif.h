/*
 * The lwIP network interface over the virtio-net NIC: frames lwIP sends
 * are copied into transmit buffers, received frames into pbufs from lwIP's
 * pool (so receive buffers go straight back to the device).
 */
#ifndef CAPOS_NETSTACK_NIC_NETIF_H
#define CAPOS_NETSTACK_NIC_NETIF_H

#include <stdbool.h>
#include "lwip/netif.h"
#include "virtio_net.h"

/* netif_add's init function; the netif's state is the nic_t. */
err_t nic_netif_init(struct netif *netif);
/* Feeds up to NET_RX_BATCH received frames to lwIP; true when more wait. */
bool nic_netif_input(struct netif *netif);

#endif
