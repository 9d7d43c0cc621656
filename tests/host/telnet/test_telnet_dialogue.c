/* Host tests of the gateway's login dialogue (gateways/telnet/dialogue.h). */
#include <string.h>

#include "capos/abi.h"
#include "check.h"
#include "dialogue.h"

static dlg_action_t line(dialogue_t *d, const char *s, uint64_t now) {
    return dlg_line(d, DLG_LINE_STATUS_OK, (const uint8_t *)s, strlen(s), now);
}

static void test_success(void) {
    dialogue_t d;
    dlg_init(&d, 0);
    CHECK_EQ(d.max_attempts, DLG_ATTEMPTS_DEFAULT);
    CHECK_EQ(dlg_start(&d), DLG_DO_PROMPT_ACCOUNT);
    CHECK_EQ(line(&d, "", 0), DLG_DO_PROMPT_ACCOUNT); /* empty: asked again */
    CHECK_EQ(line(&d, "operator", 0), DLG_DO_PROMPT_PASSWORD);
    CHECK(!strcmp(d.account, "operator"));
    CHECK_EQ(line(&d, "secret", 0), DLG_DO_LOGIN);
    CHECK_EQ(d.state, DLG_CHECKING);
    CHECK_EQ(line(&d, "more", 0), DLG_DO_NOTHING); /* no line is wanted while checking */
    CHECK_EQ(dlg_login_result(&d, CAP_OK, 10), DLG_DO_START_SHELL);
    CHECK_EQ(d.state, DLG_SHELL);
    CHECK_EQ(dlg_tick(&d, 1u << 30), DLG_DO_NOTHING);
    CHECK_EQ(dlg_deadline(&d), UINT64_MAX);
}

static void test_failures_pause_then_close(void) {
    dialogue_t d;
    dlg_init(&d, 3);
    dlg_start(&d);
    for (uint32_t i = 0; i < 2; i++) {
        CHECK_EQ(line(&d, "operator", 100), DLG_DO_PROMPT_PASSWORD);
        CHECK_EQ(line(&d, "wrong", 100), DLG_DO_LOGIN);
        CHECK_EQ(dlg_login_result(&d, CAP_ERR_DENIED, 100), DLG_DO_PAUSE);
        CHECK_EQ(d.message, DLG_MSG_INCORRECT);
        CHECK_EQ(d.account[0], '\0'); /* forgotten */
        CHECK_EQ(dlg_deadline(&d), 100 + DLG_FAIL_DELAY_MS);
        CHECK_EQ(dlg_tick(&d, 100 + DLG_FAIL_DELAY_MS - 1), DLG_DO_NOTHING);
        CHECK_EQ(line(&d, "typed-ahead", 150), DLG_DO_NOTHING); /* ignored while paused */
        CHECK_EQ(dlg_tick(&d, 100 + DLG_FAIL_DELAY_MS), DLG_DO_PROMPT_ACCOUNT);
    }
    CHECK_EQ(line(&d, "operator", 200), DLG_DO_PROMPT_PASSWORD);
    CHECK_EQ(line(&d, "wrong", 200), DLG_DO_LOGIN);
    CHECK_EQ(dlg_login_result(&d, CAP_ERR_DENIED, 200), DLG_DO_CLOSE);
    CHECK_EQ(d.message, DLG_MSG_TOO_MANY);
    CHECK_EQ(d.attempts, 3);
    CHECK(strstr(dlg_message_text(d.message), "Login incorrect.") != NULL);
}

static void test_generic_failures(void) {
    /* setup required, bad arguments and denial all look the same */
    const uint32_t same[] = {CAP_ERR_DENIED, CAP_ERR_NOT_FOUND, CAP_ERR_BAD_ARGS,
                             CAP_ERR_SESSION_STALE};
    for (uint32_t i = 0; i < sizeof same / sizeof same[0]; i++) {
        dialogue_t d;
        dlg_init(&d, 3);
        dlg_start(&d);
        line(&d, "operator", 0);
        line(&d, "pw", 0);
        CHECK_EQ(dlg_login_result(&d, same[i], 0), DLG_DO_PAUSE);
        CHECK_EQ(d.message, DLG_MSG_INCORRECT);
    }
    dialogue_t d;
    dlg_init(&d, 1);
    dlg_start(&d);
    line(&d, "operator", 0);
    line(&d, "pw", 0);
    CHECK_EQ(dlg_login_result(&d, CAP_ERR_UNAVAILABLE, 0), DLG_DO_CLOSE);
    CHECK_EQ(d.message, DLG_MSG_UNAVAILABLE); /* fail closed, and say so */
}

static void test_impossible_accounts_fail_without_login(void) {
    const char *bad[] = {"Operator", "op erator", "a/b", "x\x01",
                         "abcdefghijklmnopqrstuvwxyz0123456"}; /* 33 bytes */
    for (uint32_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        dialogue_t d;
        dlg_init(&d, 3);
        dlg_start(&d);
        CHECK_EQ(line(&d, bad[i], 0), DLG_DO_PROMPT_PASSWORD); /* still asks */
        CHECK_EQ(line(&d, "pw", 0), DLG_DO_PAUSE);             /* never calls login */
        CHECK_EQ(d.message, DLG_MSG_INCORRECT);
        CHECK_EQ(d.attempts, 1);
    }
    dialogue_t d;
    dlg_init(&d, 3);
    dlg_start(&d);
    CHECK_EQ(line(&d, "abcdefghijklmnopqrstuvwxyz012345", 0), DLG_DO_PROMPT_PASSWORD); /* 32 */
    CHECK_EQ(line(&d, "pw", 0), DLG_DO_LOGIN);
    uint8_t long_pw[DLG_PASSWORD_MAX + 1];
    memset(long_pw, 'p', sizeof long_pw);
    dlg_init(&d, 3);
    dlg_start(&d);
    line(&d, "operator", 0);
    CHECK_EQ(dlg_line(&d, 0, long_pw, sizeof long_pw, 0), DLG_DO_PAUSE);
}

static void test_cancel_and_close(void) {
    dialogue_t d;
    dlg_init(&d, 3);
    dlg_start(&d);
    line(&d, "operator", 0);
    CHECK_EQ(dlg_line(&d, DLG_LINE_STATUS_CANCEL, NULL, 0, 0), DLG_DO_PROMPT_ACCOUNT);
    CHECK_EQ(d.state, DLG_ASK_ACCOUNT);
    CHECK_EQ(d.attempts, 0); /* Ctrl-C is not a failure */
    CHECK_EQ(dlg_line(&d, DLG_LINE_STATUS_CLOSED, NULL, 0, 0), DLG_DO_CLOSE);
    CHECK_EQ(d.message, DLG_MSG_NONE);
    CHECK_EQ(d.state, DLG_CLOSED);
    dlg_init(&d, 3);
    dlg_start(&d);
    CHECK_EQ(dlg_line(&d, 7, NULL, 0, 0), DLG_DO_CLOSE);       /* an unknown status closes */
    CHECK_EQ(dlg_login_result(&d, CAP_OK, 0), DLG_DO_NOTHING); /* not checking */
}

int main(void) {
    test_success();
    test_failures_pause_then_close();
    test_generic_failures();
    test_impossible_accounts_fail_without_login();
    test_cancel_and_close();
    return check_summary();
}
