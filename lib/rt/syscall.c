/* Raw SYSCALL wrappers for the native ABI (capos/abi.h). */
#include "capos/rt.h"

static inline uint64_t sc2(uint64_t n, uint64_t a, uint64_t b, uint64_t *r2) {
    uint64_t ret, rdx;
    __asm__ volatile("syscall"
                     : "=a"(ret), "=d"(rdx)
                     : "a"(n), "D"(a), "S"(b)
                     : "rcx", "r11", "memory");
    if (r2)
        *r2 = rdx;
    return ret;
}

static inline uint64_t sc5(uint64_t n, uint64_t a, uint64_t b, uint64_t c, uint64_t d, uint64_t e,
                           uint64_t *r2) {
    uint64_t ret, rdx = c;
    register uint64_t r10 __asm__("r10") = d;
    register uint64_t r8 __asm__("r8") = e;
    __asm__ volatile("syscall"
                     : "=a"(ret), "+d"(rdx), "+r"(r10), "+r"(r8)
                     : "a"(n), "D"(a), "S"(b)
                     : "rcx", "r11", "r9", "memory");
    if (r2)
        *r2 = rdx;
    return ret;
}

cap_err_t sys_call(cap_t cap, ipc_msg_t *msg) {
    return (cap_err_t)sc2(SYS_CALL, cap, (uint64_t)msg, NULL);
}

cap_err_t sys_recv(cap_t ep, ipc_msg_t *msg, ipc_recv_info_t *info, uint32_t flags) {
    return (cap_err_t)sc5(SYS_RECV, ep, (uint64_t)msg, (uint64_t)info, flags, 0, NULL);
}

cap_err_t sys_reply(cap_t reply, const ipc_msg_t *msg) {
    return (cap_err_t)sc2(SYS_REPLY, reply, (uint64_t)msg, NULL);
}

void sys_exit(int64_t code) {
    sc2(SYS_EXIT, (uint64_t)code, 0, NULL);
    __builtin_unreachable();
}

void sys_yield(void) {
    sc2(SYS_YIELD, 0, 0, NULL);
}

cap_err_t cap_release(cap_t cap) {
    return (cap_err_t)sc2(SYS_CAP_RELEASE, cap, 0, NULL);
}

cap_err_t cap_derive(cap_t cap, uint32_t rights, uint32_t scope, uint32_t disclose, uint64_t badge,
                     cap_t *out) {
    uint64_t h = 0;
    cap_err_t e = (cap_err_t)sc5(SYS_CAP_DERIVE, cap, rights, scope, disclose, badge, &h);
    *out = e == CAP_OK ? (cap_t)h : CAP_NULL;
    return e;
}

cap_err_t cap_info(cap_t cap, cap_info_t *out) {
    return (cap_err_t)sc2(SYS_CAP_INFO, cap, (uint64_t)out, NULL);
}

cap_err_t sys_set_tls(uint64_t fs_base) {
    return (cap_err_t)sc2(SYS_SET_TLS, fs_base, 0, NULL);
}

/* The generated IDL client stubs call this. */
cap_err_t capos_invoke(cap_t cap, ipc_msg_t *msg) {
    return sys_call(cap, msg);
}
