/* Event codes, their names and the record rules (see audit_event.h). */
#include "audit_event.h"

static const char *const kind_names[AUDIT_KIND__END] = {
    [AUDIT_KIND_SETUP] = "setup",
    [AUDIT_KIND_CREDENTIAL_CREATED] = "credential_created",
    [AUDIT_KIND_AUTH_FAILED] = "auth_failed",
    [AUDIT_KIND_AUTH_OK] = "auth_ok",
    [AUDIT_KIND_SESSION_CREATED] = "session_created",
    [AUDIT_KIND_SESSION_ENDED] = "session_ended",
    [AUDIT_KIND_BROKER_DECISION] = "broker_decision",
    [AUDIT_KIND_SHELL_LAUNCH] = "shell_launch",
    [AUDIT_KIND_LOGOUT] = "logout",
    [AUDIT_KIND_SHUTDOWN] = "shutdown",
    [AUDIT_KIND_CONNECTION] = "connection",
    [AUDIT_KIND_DISCONNECT] = "disconnect",
};

static const char *const result_names[AUDIT_RESULT__END] = {
    [AUDIT_RESULT_OK] = "ok",
    [AUDIT_RESULT_DENIED] = "denied",
    [AUDIT_RESULT_UNAVAILABLE] = "unavailable",
    [AUDIT_RESULT_FAILED] = "failed",
};

bool audit_kind_valid(uint32_t kind) {
    return kind > 0 && kind < AUDIT_KIND__END;
}

bool audit_result_valid(uint32_t result) {
    return result < AUDIT_RESULT__END;
}

static bool detail_char_ok(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.' ||
           c == ':';
}

bool audit_detail_valid(const char *detail, uint32_t len) {
    if (len > AUDIT_DETAIL_MAX)
        return false;
    for (uint32_t i = 0; i < len; i++)
        if (!detail_char_ok(detail[i]))
            return false;
    return true;
}

const char *audit_kind_name(uint32_t kind) {
    return audit_kind_valid(kind) ? kind_names[kind] : "?";
}

const char *audit_result_name(uint32_t result) {
    return audit_result_valid(result) ? result_names[result] : "?";
}
