/* Socket options (see sock_opt.h). */
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>

#include "sock_opt.h"

/* The remembered flag of (level, name), or NULL. */
static bool *flag_of(posix_sock_t *s, int level, int name) {
    if (level == IPPROTO_TCP)
        return name == TCP_NODELAY && s->type == SOCK_STREAM ? &s->nodelay : NULL;
    if (level != SOL_SOCKET)
        return NULL;
    switch (name) {
    case SO_REUSEADDR:
        return &s->reuseaddr;
    case SO_KEEPALIVE:
        return &s->keepalive;
    case SO_BROADCAST:
        return &s->broadcast;
    case SO_OOBINLINE:
        return &s->oobinline;
    default:
        return NULL;
    }
}

int sock_opt_set(posix_sock_t *s, int level, int name, const void *val, socklen_t len) {
    if (!val || (int)len < (int)sizeof(int))
        return -EINVAL;
    int v;
    memcpy(&v, val, sizeof(v));
    bool *flag = flag_of(s, level, name);
    if (flag) {
        *flag = v != 0;
        return 0;
    }
    if (level == SOL_SOCKET && (name == SO_RCVBUF || name == SO_SNDBUF))
        return 0;
    return -ENOPROTOOPT;
}

/* The value of a read-only or computed SOL_SOCKET option; false if none. */
static bool computed(posix_sock_t *s, int name, int *v) {
    bool stream = s->type == SOCK_STREAM;
    switch (name) {
    case SO_ERROR:
        *v = sock_take_error(s);
        return true;
    case SO_TYPE:
        *v = s->type;
        return true;
    case SO_ACCEPTCONN:
        *v = s->phase == SOCK_LISTENING;
        return true;
    case SO_DOMAIN:
        *v = AF_INET;
        return true;
    case SO_PROTOCOL:
        *v = stream ? IPPROTO_TCP : IPPROTO_UDP;
        return true;
    case SO_RCVBUF:
        *v = stream ? SOCK_TCP_WINDOW : (int)SOCK_UDP_RCVBUF;
        return true;
    case SO_SNDBUF:
        *v = stream ? SOCK_TCP_WINDOW : (int)SOCK_UDP_MAX;
        return true;
    default:
        return false;
    }
}

int sock_opt_get(posix_sock_t *s, int level, int name, void *val, socklen_t *len) {
    if (!len || (int)*len < 0)
        return -EINVAL;
    int v = 0;
    bool *flag = flag_of(s, level, name);
    if (flag)
        v = *flag;
    else if (level != SOL_SOCKET || !computed(s, name, &v))
        return -ENOPROTOOPT;
    socklen_t n = *len < sizeof(v) ? *len : (socklen_t)sizeof(v);
    if (n && !val)
        return -EFAULT;
    if (n)
        memcpy(val, &v, n);
    *len = n;
    return 0;
}
