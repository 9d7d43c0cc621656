/* The login dialogue of one connection (dialogue.h). */
#include "dialogue.h"

#include "capos/abi.h"

#define DLG_ATTEMPTS_LIMIT 16u

void dlg_init(dialogue_t *d, uint32_t max_attempts) {
    __builtin_memset(d, 0, sizeof *d);
    d->state = DLG_ASK_ACCOUNT;
    d->max_attempts = max_attempts >= 1 && max_attempts <= DLG_ATTEMPTS_LIMIT
                          ? max_attempts
                          : DLG_ATTEMPTS_DEFAULT;
}

dlg_action_t dlg_start(dialogue_t *d) {
    d->state = DLG_ASK_ACCOUNT;
    return DLG_DO_PROMPT_ACCOUNT;
}

static bool account_char_ok(uint8_t c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

/* Keeps the account line; whether it could name an account at all. */
static void take_account(dialogue_t *d, const uint8_t *line, size_t len) {
    d->account_ok = len > 0 && len <= DLG_ACCOUNT_MAX;
    size_t n = len <= DLG_ACCOUNT_MAX ? len : DLG_ACCOUNT_MAX;
    for (size_t i = 0; i < n; i++) {
        d->account_ok = d->account_ok && account_char_ok(line[i]);
        d->account[i] = (char)line[i];
    }
    d->account[n] = '\0';
}

/* A failed attempt: pause, or close after the last one. */
static dlg_action_t fail(dialogue_t *d, dlg_message_t m, uint64_t now_ms) {
    __builtin_memset(d->account, 0, sizeof d->account);
    d->account_ok = false;
    if (d->attempts < UINT32_MAX)
        d->attempts++;
    if (d->attempts >= d->max_attempts) {
        d->state = DLG_CLOSED;
        d->message = m == DLG_MSG_INCORRECT ? DLG_MSG_TOO_MANY : m;
        return DLG_DO_CLOSE;
    }
    d->state = DLG_PAUSED;
    d->message = m;
    d->retry_at_ms = now_ms + DLG_FAIL_DELAY_MS;
    return DLG_DO_PAUSE;
}

static dlg_action_t close_now(dialogue_t *d) {
    d->state = DLG_CLOSED;
    d->message = DLG_MSG_NONE;
    return DLG_DO_CLOSE;
}

dlg_action_t dlg_line(dialogue_t *d, uint32_t status, const uint8_t *line, size_t len,
                      uint64_t now_ms) {
    if (d->state != DLG_ASK_ACCOUNT && d->state != DLG_ASK_PASSWORD)
        return DLG_DO_NOTHING;
    if (status == DLG_LINE_STATUS_CLOSED || status > DLG_LINE_STATUS_CLOSED)
        return close_now(d);
    if (status == DLG_LINE_STATUS_CANCEL)
        return dlg_start(d);
    if (d->state == DLG_ASK_ACCOUNT) {
        if (len == 0)
            return DLG_DO_PROMPT_ACCOUNT;
        take_account(d, line, len);
        d->state = DLG_ASK_PASSWORD;
        return DLG_DO_PROMPT_PASSWORD;
    }
    if (!d->account_ok || len > DLG_PASSWORD_MAX)
        return fail(d, DLG_MSG_INCORRECT, now_ms);
    d->state = DLG_CHECKING;
    return DLG_DO_LOGIN;
}

dlg_action_t dlg_login_result(dialogue_t *d, uint32_t e, uint64_t now_ms) {
    if (d->state != DLG_CHECKING)
        return DLG_DO_NOTHING;
    if (e == CAP_OK) {
        d->state = DLG_SHELL;
        return DLG_DO_START_SHELL;
    }
    bool unavailable = e == CAP_ERR_UNAVAILABLE || e == CAP_ERR_NO_ENTROPY;
    return fail(d, unavailable ? DLG_MSG_UNAVAILABLE : DLG_MSG_INCORRECT, now_ms);
}

dlg_action_t dlg_tick(dialogue_t *d, uint64_t now_ms) {
    if (d->state != DLG_PAUSED || now_ms < d->retry_at_ms)
        return DLG_DO_NOTHING;
    d->message = DLG_MSG_NONE;
    return dlg_start(d);
}

uint64_t dlg_deadline(const dialogue_t *d) {
    return d->state == DLG_PAUSED ? d->retry_at_ms : UINT64_MAX;
}

const char *dlg_message_text(dlg_message_t m) {
    switch (m) {
    case DLG_MSG_INCORRECT:
        return "Login incorrect.\n";
    case DLG_MSG_UNAVAILABLE:
        return "Login is unavailable right now; try again later.\n";
    case DLG_MSG_TOO_MANY:
        return "Login incorrect.\nToo many failed attempts; closing.\n";
    case DLG_MSG_NONE:
        break;
    }
    return "";
}
