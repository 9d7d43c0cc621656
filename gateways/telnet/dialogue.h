/*
 * The login dialogue of one Telnet connection, as a pure state machine: the
 * gateway feeds it what happened (a line read, a login result, the time) and
 * does what it answers (prompt, call SessionManager.login, start the shell,
 * wait, close). No I/O, no allocation; time comes in as monotonic ms.
 *
 *   ASK_ACCOUNT --line--> ASK_PASSWORD --line--> CHECKING --ok--> SHELL
 *        ^                     |                     |
 *        |<----- Ctrl-C -------+                     +--refused--> PAUSED
 *        +-------------- FAIL_DELAY later ---------------------------+
 *
 * - An empty account line asks again; Ctrl-C (status 1) at either prompt
 *   starts over; end of input (status 2) closes.
 * - An account that cannot be valid (empty after a password prompt, longer
 *   than DLG_ACCOUNT_MAX, characters outside [a-z0-9._-]) still gets a
 *   password prompt and then fails like a wrong password, without calling
 *   login: the dialogue never tells which part was wrong.
 * - Every refusal is the same generic failure (DLG_MSG_INCORRECT) except
 *   that a login service that cannot answer (UNAVAILABLE, NO_ENTROPY) says
 *   so (DLG_MSG_UNAVAILABLE): failing closed, not a statement about the
 *   account. After max_attempts failures the connection is closed; between
 *   attempts the dialogue pauses DLG_FAIL_DELAY_MS.
 */
#ifndef CAPOS_TELNET_DIALOGUE_H
#define CAPOS_TELNET_DIALOGUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DLG_ACCOUNT_MAX 32u     /* SessionManager.login's account */
#define DLG_PASSWORD_MAX 128u   /* SessionManager.login's password */
#define DLG_ATTEMPTS_DEFAULT 3u /* like login(1) and OpenSSH's prompts per connection */
#define DLG_FAIL_DELAY_MS 2000u /* between a refusal and the next prompt */
#define DLG_LINE_STATUS_OK 0u   /* TerminalSession.read_line statuses */
#define DLG_LINE_STATUS_CANCEL 1u
#define DLG_LINE_STATUS_CLOSED 2u

typedef enum {
    DLG_ASK_ACCOUNT = 0,
    DLG_ASK_PASSWORD = 1,
    DLG_CHECKING = 2, /* the gateway is calling login */
    DLG_PAUSED = 3,   /* after a refusal, until retry_at_ms */
    DLG_SHELL = 4,    /* logged in: the dialogue is over */
    DLG_CLOSED = 5,
} dlg_state_t;

/* What the gateway must do next. */
typedef enum {
    DLG_DO_NOTHING = 0,
    DLG_DO_PROMPT_ACCOUNT = 1,  /* visible read of up to DLG_ACCOUNT_MAX bytes */
    DLG_DO_PROMPT_PASSWORD = 2, /* hidden read of up to DLG_PASSWORD_MAX bytes */
    DLG_DO_LOGIN = 3,           /* SessionManager.login(account, the password line) */
    DLG_DO_START_SHELL = 4,
    DLG_DO_PAUSE = 5, /* say dlg_message(), then wait until retry_at_ms */
    DLG_DO_CLOSE = 6, /* say dlg_message() if any, then close */
} dlg_action_t;

typedef enum {
    DLG_MSG_NONE = 0,
    DLG_MSG_INCORRECT = 1,   /* "Login incorrect." */
    DLG_MSG_UNAVAILABLE = 2, /* the login service cannot answer */
    DLG_MSG_TOO_MANY = 3,    /* max_attempts reached */
} dlg_message_t;

typedef struct {
    dlg_state_t state;
    uint32_t attempts; /* failed so far */
    uint32_t max_attempts;
    char account[DLG_ACCOUNT_MAX + 1]; /* NUL-terminated once accepted */
    bool account_ok;                   /* could be a real account name */
    uint64_t retry_at_ms;              /* while PAUSED */
    dlg_message_t message;             /* of the last PAUSE or CLOSE */
} dialogue_t;

/* A new dialogue (max_attempts 1..16, else DLG_ATTEMPTS_DEFAULT). */
void dlg_init(dialogue_t *d, uint32_t max_attempts);

/* The first prompt. */
dlg_action_t dlg_start(dialogue_t *d);

/* A line read finished with status and line[0..len) (not NUL-terminated). */
dlg_action_t dlg_line(dialogue_t *d, uint32_t status, const uint8_t *line, size_t len,
                      uint64_t now_ms);

/* SessionManager.login answered e (a cap_err_t; 0 is success). Call only in
 * DLG_CHECKING. */
dlg_action_t dlg_login_result(dialogue_t *d, uint32_t e, uint64_t now_ms);

/* Time passed: the next prompt once a pause is over. */
dlg_action_t dlg_tick(dialogue_t *d, uint64_t now_ms);

/* The earliest time dlg_tick has something to do; UINT64_MAX if none. */
uint64_t dlg_deadline(const dialogue_t *d);

/* The text of a message, ending in a newline ("" for DLG_MSG_NONE). */
const char *dlg_message_text(dlg_message_t m);

#endif
