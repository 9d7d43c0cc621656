/*
 * inspectd (tests only): answers every connection on TCP port 79 with one
 * line of object counts, then closes it:
 *   processes=N sessions=N endpoints=N notifications=N tcp=N listeners=N
 *   terminals=N waiting=N free_kib=N
 * from the kernel's SystemInspect (`inspect`) and the netstack's
 * NetInfo.stats (`net`, a facet badged for port 79). The leak tests compare
 * these before and after killing clients. Its own connection is one of the
 * TCP sockets counted.
 */
#include "capos/idl/inspect.h"
#include "capos/idl/net.h"
#include "capos/rt.h"

#define INSPECT_PORT 79u

static cap_err_t report(cap_t inspect, cap_t net, cap_t sock) {
    uint32_t procs = 0, sessions = 0, eps = 0, notes = 0;
    uint32_t tcp = 0, listeners = 0, udp = 0, terms = 0, waiting = 0;
    uint64_t free_frames = 0;
    cap_err_t e = system_inspect_counts(inspect, &procs, &sessions, &eps, &notes);
    if (e == CAP_OK)
        e = system_inspect_memory(inspect, &free_frames);
    if (e == CAP_OK)
        e = net_info_stats(net, &tcp, &listeners, &udp, &terms, &waiting);
    char line[240];
    int n = e == CAP_OK ? rt_snprintf(line, sizeof line,
                                      "processes=%u sessions=%u endpoints=%u notifications=%u "
                                      "tcp=%u listeners=%u terminals=%u waiting=%u free_kib=%llu\n",
                                      procs, sessions, eps, notes, tcp, listeners, terms, waiting,
                                      (unsigned long long)free_frames * 4u)
                        : rt_snprintf(line, sizeof line, "error=%s\n", rt_strerror(e));
    uint32_t off = 0;
    while (off < (uint32_t)n) {
        uint32_t written = 0;
        e = tcp_socket_write(sock, (const uint8_t *)line + off, (uint32_t)n - off, &written);
        if (e != CAP_OK)
            return e;
        off += written;
    }
    return CAP_OK;
}

int main(void) {
    cap_t inspect = rt_cap("inspect"), net = rt_cap("net"), listener = CAP_NULL;
    cap_err_t e = tcp_listen_authority_listen(net, INSPECT_PORT, 2, &listener);
    if (inspect == CAP_NULL || e != CAP_OK) {
        rt_printf("inspectd: cannot serve (inspect %s, listen %s)\n",
                  inspect == CAP_NULL ? "missing" : "held", rt_strerror(e));
        return 1;
    }
    rt_printf("inspectd: ready on port %u\n", INSPECT_PORT);
    for (;;) {
        cap_t sock = CAP_NULL;
        uint32_t addr = 0, port = 0;
        e = tcp_listener_accept(listener, &sock, &addr, &port);
        if (e != CAP_OK) {
            rt_printf("inspectd: accept failed: %s\n", rt_strerror(e));
            return 1;
        }
        rt_ignore(report(inspect, net, sock));
        rt_ignore(tcp_socket_shutdown(sock, 1));
        rt_ignore(tcp_socket_close(sock));
        rt_ignore(cap_release(sock));
    }
}
