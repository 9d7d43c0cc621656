/*
 * The 16550 UART of the serial console, driven through an IoPorts
 * capability for its eight registers (COM1: 0x3f8..0x3ff). Output is polled
 * (LSR.THRE, then up to a FIFO's worth of bytes); input raises IRQ 4 when
 * the receive interrupt is enabled.
 */
#ifndef CAPOS_TERMINAL_UART_H
#define CAPOS_TERMINAL_UART_H

#include <stdbool.h>
#include <stdint.h>
#include "capos/abi.h"

typedef struct {
    cap_t ports; /* IoPorts, offsets 0..7, needs READ and WRITE */
} uart_t;

/* Keeps the line settings (the kernel set 115200 8n1), enables the FIFOs
 * with a one-byte receive trigger, routes interrupts (MCR OUT2) and enables
 * the received-data interrupt (IER bit 0). */
cap_err_t uart_init(const uart_t *u);

/* Sends n bytes as they are. TIMED_OUT when the transmitter never empties. */
cap_err_t uart_write(const uart_t *u, const uint8_t *data, uint32_t n);

/* Reads one received byte: *got false when none is waiting. */
cap_err_t uart_read(const uart_t *u, uint8_t *byte, bool *got);

#endif
