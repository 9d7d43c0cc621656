/*
 * sshd: capabilities, the host keys (public only: HostKeySigner signs), the
 * listener and the event loop (README.md). Start-up failures exit with a status init reports (the
 * gateway holds no console: a spawn carries 8 capabilities).
 */
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "capos/idl/clock.h"
#include "capos/idl/memory.h"
#include "capos/idl/notification.h"
#include "hostkey_client.h"
#include "pkg_grant.h"
#include "posix_events.h"
#include "sshd.h"

enum { EXIT_CAPS = 10, EXIT_KEYS = 11, EXIT_LISTEN = 12, EXIT_LIBSSH = 13 };

uint64_t sshd_now_ms(const sshd_t *d) {
    uint64_t ns = 0;
    rt_ignore(clock_now(d->clock, &ns));
    return ns / 1000000u;
}

static cap_t cap_named(const char *name, uint32_t type) {
    return capset_find((const capset_t *)(uintptr_t)CAPSET_ADDR, name, type);
}

static bool take_caps(sshd_t *d) {
    d->sessions = cap_named("sessions", CAP_TYPE_ENDPOINT);
    d->broker = cap_named("broker", CAP_TYPE_ENDPOINT);
    d->audit = cap_named("audit", CAP_TYPE_ENDPOINT);
    d->clock = cap_named("clock", CAP_TYPE_CLOCK);
    d->memory = cap_named("memory", CAP_TYPE_MEMORY);
    d->hostkeys = cap_named("hostkeys", CAP_TYPE_ENDPOINT);
    return d->sessions != CAP_NULL && d->broker != CAP_NULL && d->clock != CAP_NULL &&
           d->memory != CAP_NULL && d->hostkeys != CAP_NULL;
}

static int listen_on(uint16_t port) {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons(port)};
    if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof sa) < 0 || listen(fd, SSHD_BACKLOG) < 0)
        return -1;
    return fd;
}

static int on_listener(socket_t fd, int revents, void *ud) {
    (void)fd;
    (void)revents;
    sshd_accept_all(ud);
    return 0;
}

/* Until the next grace deadline (or a shell's close wait); -1: none. */
static int next_timeout_ms(const sshd_t *d) {
    uint64_t deadline = limits_next_deadline(&d->limits), now = sshd_now_ms(d);
    for (uint32_t i = 0; i < SSHD_CONNS; i++)
        if (d->link[i].used && d->link[i].eof_sent && d->link[i].close_deadline_ms < deadline)
            deadline = d->link[i].close_deadline_ms;
    if (deadline == UINT64_MAX)
        return -1;
    return deadline <= now ? 0 : deadline - now > 60000u ? 60000 : (int)(deadline - now);
}

static void serve(sshd_t *d) {
    for (;;) {
        (void)ssh_event_dopoll(d->event, next_timeout_ms(d));
        uint64_t bits = posix_events_take();
        d->shells_signalled = (bits & SSHD_BIT_SHELLS) != 0;
        if (bits & SSHD_BIT_TERMINAL)
            sshd_terminal_serve(d);
        for (uint32_t i = 0; i < SSHD_CONNS; i++)
            if (d->link[i].used)
                sshd_link_service(d, &d->link[i]);
        uint32_t slot = 0;
        while (limits_next_expired(&d->limits, sshd_now_ms(d), &slot))
            if (slot < SSHD_CONNS && d->link[slot].used)
                sshd_link_end(d, &d->link[slot]);
            else
                (void)limits_close(&d->limits, slot, sshd_now_ms(d));
    }
}

static int setup(sshd_t *d) {
    penalty_config_t pc = penalty_config_default();
    limits_config_t lc = {
        .max_conns = SSHD_CONNS, .max_unauth = SSHD_UNAUTH, .grace_ms = SSHD_GRACE_MS};
    if (!penalty_init(&d->penalties, &pc) || !limits_init(&d->limits, &lc, &d->penalties))
        return EXIT_CAPS;
    d->events = posix_events_notification();
    if (d->events == CAP_NULL ||
        memory_create_endpoint(d->memory, CAP_SCOPE_CROSS_SESSION_SHAREABLE, 64, &d->terminal) !=
            CAP_OK ||
        notification_watch_endpoint(d->events, d->terminal, SSHD_BIT_TERMINAL) != CAP_OK)
        return EXIT_CAPS;
    if (ssh_init() != SSH_OK || !(d->bind = ssh_bind_new()) || !(d->event = ssh_event_new()) ||
        sshc_configure_bind(d->bind) != SSH_OK)
        return EXIT_LIBSSH;
    if (hostkey_client_setup(d->bind, d->hostkeys) <= 0)
        return EXIT_KEYS;
    d->listen_fd = listen_on(SSHD_PORT);
    if (d->listen_fd < 0 ||
        ssh_event_add_fd(d->event, d->listen_fd, POLLIN, on_listener, d) != SSH_OK)
        return EXIT_LISTEN;
    return 0;
}

int main(void) {
    static sshd_t d;
    if (!take_caps(&d))
        return EXIT_CAPS;
    int rc = setup(&d);
    if (rc != 0)
        return rc;
    serve(&d);
    return 1;
}
