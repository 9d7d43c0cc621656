/* login, setup, guest, logout, session/whoami: the shell starts anonymous
 * and upgrades in place; secrets go from the terminal (hidden input) to the
 * SessionManager and are wiped right after. */
#include "capos/idl/broker.h"
#include "capos/idl/session_manager.h"
#include "capos/secure_zero.h"
#include "backoff.h"
#include "shell.h"

#define SH_ACCOUNT_MAX 32u
#define SH_PASSWORD_MAX 128u

/* What the "self" facet says of the session. */
typedef struct {
    char account[SH_ACCOUNT_MAX + 1], profile[SH_PROFILE_MAX + 1];
    uint32_t cls, strength, live;
    uint64_t principal, serial, expires;
} self_info_t;

static cap_err_t read_self(cap_t self, self_info_t *i) {
    uint32_t alen = 0, plen = 0;
    cap_err_t e = session_self_whoami(self, i->account, SH_ACCOUNT_MAX, &alen, i->profile,
                                      SH_PROFILE_MAX, &plen, &i->cls, &i->principal, &i->strength,
                                      &i->serial, &i->expires, &i->live);
    i->account[e == CAP_OK ? alen : 0] = '\0';
    i->profile[e == CAP_OK ? plen : 0] = '\0';
    return e;
}

/* A shell started for a session by a gateway holds its bundle in its CapSet
 * already (its Session cannot reach the broker from inside the session):
 * the profile comes from its "self" facet. */
static void profile_from_self(shell_t *sh) {
    sh_cap_t *self = sh_caps_find(&sh->caps, "self");
    self_info_t info;
    if (!self)
        return;
    cap_err_t e = read_self(self->cap, &info);
    if (e != CAP_OK) {
        sh_fail(sh, "session", "the session cannot be read", e);
        return;
    }
    memcpy(sh->profile, info.profile, sizeof info.profile);
}

void sh_take_bundle(shell_t *sh) {
    uint8_t names[128];
    cap_t bundle[5];
    char profile[SH_PROFILE_MAX + 1] = "anonymous";
    uint32_t names_len = 0, count = 0, profile_len = 9;
    if (sh->broker == CAP_NULL) {
        profile_from_self(sh);
        return;
    }
    cap_err_t e = sh->session != CAP_NULL
                      ? authority_broker_shell_bundle(sh->broker, sh->session, profile,
                                                      SH_PROFILE_MAX, &profile_len, names,
                                                      sizeof names, &names_len, bundle, 5, &count)
                      : authority_broker_anonymous_bundle(sh->broker, names, sizeof names,
                                                          &names_len, bundle, 5, &count);
    if (e != CAP_OK) {
        sh_fail(sh, "session", "the broker issued no bundle", e);
        return;
    }
    profile[profile_len] = '\0';
    memcpy(sh->profile, profile, profile_len + 1);
    uint32_t off = 0;
    for (uint32_t i = 0; i < count; i++) {
        const char *name = (const char *)names + off;
        uint32_t n = 0;
        while (off + n < names_len && names[off + n])
            n++;
        bool ok =
            off + n < names_len && sh_caps_add(&sh->caps, name, bundle[i], sh_iface_for_name(name),
                                               SH_FROM_BUNDLE) == SH_CAPS_OK;
        if (!ok)
            (void)cap_release(bundle[i]);
        off += n + 1;
    }
}

/* Ends what the shell holds for its current session (children first). */
static void leave_session(shell_t *sh) {
    sh_stop_children(sh);
    if (sh->session != CAP_NULL && sh->sessions != CAP_NULL)
        rt_ignore(session_manager_logout(sh->sessions, sh->session));
    sh_drop_origin(sh, SH_FROM_BUNDLE); /* the bundle and the Session itself */
    sh->session = CAP_NULL;
}

/* Switches to the session just obtained and takes its bundle. */
static void become(shell_t *sh, cap_t session) {
    leave_session(sh);
    if (sh_caps_add(&sh->caps, "session", session, sh_iface_for_name("session"), SH_FROM_BUNDLE) !=
        SH_CAPS_OK) {
        sh_print(sh, "shell: no room for the session's capabilities; logging out\n");
        rt_ignore(session_manager_logout(sh->sessions, session));
        (void)cap_release(session);
        return;
    }
    sh->session = session;
    sh->failures = 0;
    sh_take_bundle(sh);
}

static bool need_sessions(shell_t *sh, const char *cmd) {
    if (sh->sessions != CAP_NULL)
        return true;
    sh_print(sh,
             "%s: this shell was started for an established session; there is nothing to "
             "log in to here\n",
             cmd);
    return false;
}

/* One password attempt; the typed result of SessionManager.login. */
static cap_err_t try_password(shell_t *sh, const char *account, cap_t *session, bool *cancelled) {
    char pw[SH_PASSWORD_MAX + 1];
    uint32_t st = sh_read(sh, "password> ", true, SH_PASSWORD_MAX, pw, sizeof pw);
    cap_err_t e = CAP_ERR_CANCELLED;
    *cancelled = st != 0;
    if (st == 0)
        e = session_manager_login(sh->sessions, account, (uint32_t)strlen(account),
                                  (const uint8_t *)pw, (uint32_t)strlen(pw), session);
    secure_zero(pw, sizeof pw);
    return e;
}

void sh_cmd_login(shell_t *sh, int argc, char **argv) {
    char account[SH_ACCOUNT_MAX + 1];
    if (!need_sessions(sh, "login"))
        return;
    if (argc > 2) {
        sh_print(sh, "usage: login [ACCOUNT]\n");
        return;
    }
    if (argc == 2 && strlen(argv[1]) <= SH_ACCOUNT_MAX)
        memcpy(account, argv[1], strlen(argv[1]) + 1);
    else if (argc == 2 || sh_read(sh, "username> ", false, SH_ACCOUNT_MAX, account, sizeof account))
        account[0] = '\0';
    if (!account[0]) {
        sh_print(sh, "login: no account given\n");
        return;
    }
    for (uint32_t attempt = 0; attempt < SH_LOGIN_ATTEMPTS; attempt++) {
        cap_t session = CAP_NULL;
        bool cancelled = false;
        cap_err_t e = try_password(sh, account, &session, &cancelled);
        if (cancelled) {
            sh_print(sh, "login: cancelled\n");
            return;
        }
        switch (e) {
        case CAP_OK:
            become(sh, session);
            sh_print(sh, "Logged in as %s (profile %s). 'caps' lists what this session holds.\n",
                     account, sh->profile);
            return;
        case CAP_ERR_DENIED: {
            uint32_t wait = sh_backoff_ms(++sh->failures);
            sh_print(sh, "Login incorrect. Next attempt in %u s.\n", wait / 1000u);
            sh_sleep_ms(sh, wait);
            break;
        }
        case CAP_ERR_NOT_FOUND:
            sh_print(sh, "login: setup required: no operator credential exists yet; run 'setup' "
                         "to create one\n");
            return;
        case CAP_ERR_NO_ENTROPY:
            sh_print(sh, "login: unavailable: no entropy source, so no session can be created "
                         "(failing closed)\n");
            return;
        case CAP_ERR_UNAVAILABLE:
            sh_print(sh, "login: unavailable: the credential service cannot answer (failing "
                         "closed)\n");
            return;
        default:
            sh_fail(sh, "login", "failed", e);
            return;
        }
    }
    sh_print(sh, "login: too many failures\n");
}

/* Reads the new password twice into pw; false (pw wiped) if cancelled or
 * the two differ. */
static bool read_new_password(shell_t *sh, char *pw, uint32_t cap) {
    char again[SH_PASSWORD_MAX + 1];
    bool ok = sh_read(sh, "new password> ", true, SH_PASSWORD_MAX, pw, cap) == 0 &&
              sh_read(sh, "new password again> ", true, SH_PASSWORD_MAX, again, sizeof again) == 0;
    if (!ok)
        sh_print(sh, "setup: cancelled; nothing was created\n");
    else if (strcmp(pw, again) != 0)
        sh_print(sh, "setup: the passwords differ; nothing was created\n");
    else if (!pw[0])
        sh_print(sh, "setup: an empty password is not accepted; nothing was created\n");
    ok = ok && !strcmp(pw, again) && pw[0];
    secure_zero(again, sizeof again);
    if (!ok)
        secure_zero(pw, cap);
    return ok;
}

void sh_cmd_setup(shell_t *sh, int argc, char **argv) {
    (void)argc, (void)argv;
    uint32_t state = 2, is_volatile = 0;
    if (!need_sessions(sh, "setup"))
        return;
    cap_err_t e = session_manager_setup_state(sh->sessions, &state);
    if (e != CAP_OK || state == 2) {
        sh_print(sh, "setup: unavailable: the credential service cannot answer (failing "
                     "closed)\n");
        return;
    }
    if (state == 0) {
        sh_print(sh, "setup: an operator credential already exists; use 'login'\n");
        return;
    }
    sh_print(sh, "Creating the first operator credential (account 'operator').\n");
    char pw[SH_PASSWORD_MAX + 1];
    if (!read_new_password(sh, pw, sizeof pw))
        return;
    cap_t session = CAP_NULL;
    e = session_manager_setup(sh->sessions, (const uint8_t *)pw, (uint32_t)strlen(pw), &is_volatile,
                              &session);
    secure_zero(pw, sizeof pw);
    if (e == CAP_ERR_NO_ENTROPY) {
        sh_print(sh, "setup: no entropy source, so no credential can be created (failing "
                     "closed)\n");
    } else if (e != CAP_OK) {
        sh_fail(sh, "setup", "refused; nothing was created", e);
    } else {
        become(sh, session);
        sh_print(sh, "Created the operator credential%s. Logged in as operator (profile %s).\n",
                 is_volatile ? " (VOLATILE: it lives in RAM only and is lost at power-off; "
                               "'./capos provision' on the host makes a lasting one)"
                             : "",
                 sh->profile);
    }
}

void sh_cmd_guest(shell_t *sh, int argc, char **argv) {
    (void)argc, (void)argv;
    if (!need_sessions(sh, "guest"))
        return;
    cap_t session = CAP_NULL;
    cap_err_t e = session_manager_guest(sh->sessions, &session);
    if (e == CAP_OK) {
        become(sh, session);
        sh_print(sh, "Guest session started (profile %s).\n", sh->profile);
    } else if (e == CAP_ERR_DENIED) {
        sh_print(sh, "guest: guest sessions are disabled on this system\n");
    } else if (e == CAP_ERR_NO_RIGHTS) {
        sh_print(sh, "guest: this terminal may not start guest sessions\n");
    } else {
        sh_fail(sh, "guest", "no guest session", e);
    }
}

void sh_cmd_logout(shell_t *sh, int argc, char **argv) {
    (void)argc, (void)argv;
    if (sh->sessions == CAP_NULL) { /* a gateway's shell: logging out ends it */
        sh->stop = true;
        return;
    }
    if (sh->session == CAP_NULL) {
        sh_print(sh, "logout: not logged in\n");
        return;
    }
    leave_session(sh);
    memcpy(sh->profile, "anonymous", 10);
    sh_take_bundle(sh);
    sh_print(sh, "Logged out: the session and every capability issued for it have ended.\n");
}

static const char *class_name(uint32_t c) {
    static const char *const names[] = {"system", "anonymous", "guest", "operator"};
    return c < 4 ? names[c] : "?";
}

static const char *strength_name(uint32_t s) {
    static const char *const names[] = {"none", "password", "public key", "hardware key"};
    return s < 4 ? names[s] : "?";
}

void sh_cmd_whoami(shell_t *sh, int argc, char **argv) {
    (void)argc, (void)argv;
    sh_cap_t *self = sh_caps_find(&sh->caps, "self");
    self_info_t i;
    if (!self) {
        sh_print(sh, "anonymous (no session; 'login' to authenticate)\n");
        return;
    }
    cap_err_t e = read_self(self->cap, &i);
    if (e != CAP_OK) {
        sh_fail(sh, "whoami", "the session cannot be read", e);
        return;
    }
    sh_print(sh, "%s%sprofile %s, principal class %s, authenticated by %s, session #%lu, %s\n",
             i.account, i.account[0] ? ": " : "", i.profile, class_name(i.cls),
             strength_name(i.strength), (unsigned long)i.serial, i.live ? "live" : "ENDED");
}
