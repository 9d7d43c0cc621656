/*
 * The TerminalSession server of the serial console (idl/terminal.idl): one
 * receive loop that takes both client calls and the UART's interrupts (its
 * notification is bound to the server endpoint).
 *
 * Calls:
 *   write       bytes to the UART, each "\n" sent as "\r\n"
 *   write_line  the same, then "\r\n"
 *   read_line   prints the prompt, then answers later (deferred reply) when
 *               the line discipline completes: submitted / cancelled /
 *               closed. max_bytes 0 or an echo mode other than 0/1 is
 *               BAD_ARGS. Only one read_line is pending at a time; another
 *               one meanwhile gets QUEUE_FULL at once (it never takes over
 *               the pending reader's input).
 *   size        80 columns x 24 rows (a serial line reports no size)
 *
 * Input flow control: bytes are taken from the UART only while a reader is
 * pending; otherwise they wait in the UART's receive FIFO (type-ahead) and
 * the interrupt stays unacknowledged, so the line cannot storm.
 */
#ifndef CAPOS_TERMINAL_TERMINAL_H
#define CAPOS_TERMINAL_TERMINAL_H

#include <stdbool.h>
#include "capos/abi.h"
#include "line_discipline.h"
#include "uart.h"

#define TERMINAL_COLS 80u
#define TERMINAL_ROWS 24u
#define TERMINAL_PROMPT_MAX 200u
/* Notification bit the UART interrupt sets. */
#define TERMINAL_IRQ_BIT 0x1ull

/* What the service is given (CapSet names in README.md). */
typedef struct {
    cap_t com1;     /* IoPorts for the UART's 8 registers (READ, WRITE) */
    cap_t com1_irq; /* Irq of the UART's line */
    cap_t memory;   /* pays for the notification */
    cap_t server;   /* receive cap of the TerminalSession endpoint */
} terminal_env_t;

typedef struct {
    cap_t server;
    cap_t irq;
    cap_t events; /* the notification bound to server and irq */
    uart_t uart;
    line_discipline_t ld;
    cap_t reader;     /* reply cap of the pending read_line, or CAP_NULL */
    cap_t call_reply; /* reply cap of the call being dispatched */
    bool irq_unacked; /* the line fired and awaits a reader before its ack */
    char prompt[TERMINAL_PROMPT_MAX];
    uint32_t prompt_len;
} terminal_t;

/* Binds the events notification and the interrupt, sets up the UART. */
cap_err_t terminal_start(terminal_t *t, const terminal_env_t *env);

/* Serves until receiving fails (the endpoint is gone); returns that error. */
cap_err_t terminal_serve(terminal_t *t);

#endif
