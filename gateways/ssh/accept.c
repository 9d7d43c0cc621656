/*
 * Accepting: MaxStartups-style limits and per-source penalties decide
 * before libssh sees a byte (conn_limits.h, penalty.h); a refused peer is
 * closed at once. The audit log gets a `connection` record either way.
 */
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "audit_event.h"
#include "capos/idl/audit.h"
#include "peer_text.h"
#include "sshd.h"

void sshd_audit(const sshd_t *d, uint32_t kind, uint32_t result, uint64_t subject, uint32_t addr,
                uint32_t port) {
    char detail[GW_PEER_TEXT_MAX];
    if (d->audit == CAP_NULL)
        return;
    uint32_t n = gw_peer_text(detail, addr, port);
    rt_ignore(audit_log_record(d->audit, kind, result, subject, detail, n));
}

static void take(sshd_t *d, int fd, uint32_t addr, uint32_t port) {
    uint32_t slot = 0;
    uint64_t retry = 0;
    limits_verdict_t v =
        limits_accept(&d->limits, penalty_source_ipv4(addr), sshd_now_ms(d), &slot, &retry);
    if (v != LIMITS_ACCEPTED || slot >= SSHD_CONNS) {
        if (v == LIMITS_ACCEPTED)
            (void)limits_close(&d->limits, slot, sshd_now_ms(d));
        close(fd);
        sshd_audit(d, AUDIT_KIND_CONNECTION, AUDIT_RESULT_DENIED, 0, addr, port);
        return;
    }
    sshd_link_t *l = &d->link[slot];
    *l = (sshd_link_t){.used = true,
                       .slot = slot,
                       .gen = ++d->gen[slot],
                       .d = d,
                       .peer_addr = addr,
                       .peer_port = port};
    sshd_audit(d, AUDIT_KIND_CONNECTION, AUDIT_RESULT_OK, 0, addr, port);
    if (sshc_start(&l->ssh, d->bind, fd, l) != SSH_OK ||
        ssh_event_add_session(d->event, l->ssh.session) != SSH_OK) {
        if (!l->ssh.session)
            close(fd);
        l->ssh.phase = SSHC_DONE;
        sshd_link_end(d, l);
    }
}

void sshd_accept_all(sshd_t *d) {
    for (int i = 0; i < (int)SSHD_BACKLOG; i++) {
        struct sockaddr_in sa;
        socklen_t len = sizeof sa;
        memset(&sa, 0, sizeof sa);
        int fd = accept4(d->listen_fd, (struct sockaddr *)&sa, &len, SOCK_NONBLOCK);
        if (fd < 0)
            return;
        take(d, fd, ntohl(sa.sin_addr.s_addr), ntohs(sa.sin_port));
    }
}
