/* lwIP netif glue of the NIC (contract in nic_netif.h). */
#include "nic_netif.h"
#include <string.h>
#include "lwip/etharp.h"
#include "lwip/pbuf.h"
#include "netif/ethernet.h"

static err_t link_output(struct netif *netif, struct pbuf *p) {
    nic_t *nic = netif->state;
    uint16_t id;
    if (p->tot_len > NIC_FRAME_MAX)
        return ERR_BUF;
    uint8_t *buf = nic_tx_buffer(nic, &id);
    if (buf == NULL)
        return ERR_MEM; /* ring full: dropped, as a busy wire would */
    nic_tx_submit(nic, id, pbuf_copy_partial(p, buf, p->tot_len, 0));
    return ERR_OK;
}

err_t nic_netif_init(struct netif *netif) {
    nic_t *nic = netif->state;
    netif->name[0] = 'e';
    netif->name[1] = 'n';
    netif->mtu = 1500;
    netif->hwaddr_len = ETH_HWADDR_LEN;
    memcpy(netif->hwaddr, nic->mac, ETH_HWADDR_LEN);
    netif->flags =
        NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP | NETIF_FLAG_ETHERNET | NETIF_FLAG_LINK_UP;
    netif->output = etharp_output;
    netif->linkoutput = link_output;
    return ERR_OK;
}

bool nic_netif_input(struct netif *netif) {
    nic_t *nic = netif->state;
    const uint8_t *frame;
    uint32_t len;
    uint16_t id;
    for (uint32_t n = 0; n < NET_RX_BATCH; n++) {
        if (!nic_rx_next(nic, &frame, &len, &id))
            return false;
        struct pbuf *p = pbuf_alloc(PBUF_RAW, (u16_t)len, PBUF_POOL);
        if (p != NULL && pbuf_take(p, frame, (u16_t)len) == ERR_OK) {
            if (netif->input(p, netif) != ERR_OK)
                pbuf_free(p);
        } else if (p != NULL) {
            pbuf_free(p);
        }
        nic_rx_done(nic, id); /* a frame without a pbuf is dropped */
    }
    return nic_rx_pending(nic);
}
