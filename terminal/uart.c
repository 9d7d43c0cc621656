/* 16550 register access over an IoPorts capability (contract in uart.h). */
#include "uart.h"
#include "capos/rt.h"
#include "capos/idl/ioports.h"

#define REG_DATA 0 /* RBR (read) / THR (write) */
#define REG_IER 1
#define REG_FCR 2
#define REG_MCR 4
#define REG_LSR 5

#define IER_RX_DATA 0x01
#define FCR_ENABLE 0x01 /* receive trigger level 1, FIFOs not cleared */
#define MCR_DTR_RTS_OUT2 0x0b
#define LSR_DATA_READY 0x01
#define LSR_THR_EMPTY 0x20

#define TX_FIFO_BYTES 16u
/* Polls of LSR before a send gives up (with a yield between polls). */
#define TX_POLL_LIMIT 100000u

static cap_err_t put(const uart_t *u, uint32_t reg, uint8_t value) {
    return io_ports_write(u->ports, reg, 1, value);
}

static cap_err_t lsr(const uart_t *u, uint32_t *value) {
    return io_ports_read(u->ports, REG_LSR, 1, value);
}

cap_err_t uart_init(const uart_t *u) {
    cap_err_t e = put(u, REG_FCR, FCR_ENABLE);
    if (e == CAP_OK)
        e = put(u, REG_MCR, MCR_DTR_RTS_OUT2);
    if (e == CAP_OK)
        e = put(u, REG_IER, IER_RX_DATA);
    return e;
}

/* Waits until the transmit FIFO is empty. */
static cap_err_t wait_tx_empty(const uart_t *u) {
    for (uint32_t i = 0; i < TX_POLL_LIMIT; i++) {
        uint32_t v = 0;
        cap_err_t e = lsr(u, &v);
        if (e != CAP_OK)
            return e;
        if (v & LSR_THR_EMPTY)
            return CAP_OK;
        sys_yield();
    }
    return CAP_ERR_TIMED_OUT;
}

cap_err_t uart_write(const uart_t *u, const uint8_t *data, uint32_t n) {
    for (uint32_t off = 0; off < n;) {
        cap_err_t e = wait_tx_empty(u);
        uint32_t burst = n - off < TX_FIFO_BYTES ? n - off : TX_FIFO_BYTES;
        for (uint32_t i = 0; e == CAP_OK && i < burst; i++)
            e = put(u, REG_DATA, data[off + i]);
        if (e != CAP_OK)
            return e;
        off += burst;
    }
    return CAP_OK;
}

cap_err_t uart_read(const uart_t *u, uint8_t *byte, bool *got) {
    uint32_t v = 0;
    *got = false;
    cap_err_t e = lsr(u, &v);
    if (e != CAP_OK || !(v & LSR_DATA_READY))
        return e;
    e = io_ports_read(u->ports, REG_DATA, 1, &v);
    if (e == CAP_OK) {
        *byte = (uint8_t)v;
        *got = true;
    }
    return e;
}
