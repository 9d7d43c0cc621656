/* SYSCALL dispatch: a bounds-checked table of the native entry points. */
#include "sched/proc.h"
#include "ipc/ipc.h"
#include "obj/kinvoke.h"
#include "arch/x86_64/cpu.h"

typedef struct {
    uint64_t ret, ret2;
} sysret_t;

typedef sysret_t (*syscall_fn)(trap_frame_t *tf);

static sysret_t err(cap_err_t e) {
    return (sysret_t){e, 0};
}

static sysret_t sys_call(trap_frame_t *tf) {
    proc_t *p = kernel.current;
    cap_slot_t *s;
    cap_err_t e = cap_lookup(p->caps, (cap_t)tf->rdi, &s);
    if (e != CAP_OK)
        return err(e);
    cap_hold_t hold = s->hold;
    if (hold.type == CAP_TYPE_ENDPOINT) {
        if (!(hold.rights & CAP_RIGHT_CALL))
            return err(CAP_ERR_NO_RIGHTS);
        return err(endpoint_call(p, &hold, tf->rsi));
    }
    if (!user_range_ok(&p->vm, tf->rsi, sizeof(ipc_msg_t), true))
        return err(CAP_ERR_BAD_ADDRESS);
    ipc_msg_t *req = &p->ipc.msg, rep;
    if ((e = ipc_msg_from_user(p, tf->rsi, req)) != CAP_OK)
        return err(e);
    e = kinvoke(p, &hold, req, &rep);
    rep.label = e;
    rep.disclose = 0;
    /* the operation itself may have unmapped the buffer (Memory.unmap) */
    return err(ipc_msg_to_user(p, tf->rsi, &rep));
}

static sysret_t sys_recv_entry(trap_frame_t *tf) {
    return err(sys_recv((cap_t)tf->rdi, tf->rsi, tf->rdx, (uint32_t)tf->r10));
}

static sysret_t sys_reply_entry(trap_frame_t *tf) {
    return err(sys_reply((cap_t)tf->rdi, tf->rsi));
}

static sysret_t sys_exit(trap_frame_t *tf) {
    proc_exit((int64_t)tf->rdi);
}

static sysret_t sys_yield(trap_frame_t *tf) {
    (void)tf;
    sched_yield();
    return err(CAP_OK);
}

static sysret_t sys_cap_release(trap_frame_t *tf) {
    return err(cap_release(kernel.current->caps, (cap_t)tf->rdi));
}

static sysret_t sys_cap_derive(trap_frame_t *tf) {
    cap_t out = CAP_NULL;
    cap_err_t e = cap_derive(kernel.current->caps, (cap_t)tf->rdi, (uint32_t)tf->rsi,
                             (uint32_t)tf->rdx, (uint32_t)tf->r10, tf->r8, &out);
    return (sysret_t){e, out};
}

static sysret_t sys_cap_info(trap_frame_t *tf) {
    cap_slot_t *s;
    cap_err_t e = cap_lookup(kernel.current->caps, (cap_t)tf->rdi, &s);
    if (e != CAP_OK)
        return err(e);
    cap_info_t info = {.type = s->hold.type,
                       .rights = s->hold.rights,
                       .scope = s->hold.scope,
                       .disclose = s->hold.disclose,
                       .badge = s->hold.badge};
    return err(copy_to_user(&kernel.current->vm, tf->rsi, &info, sizeof(info)));
}

static sysret_t sys_set_tls(trap_frame_t *tf) {
    if (tf->rdi >= USER_SPACE_END) /* a non-canonical base would fault WRMSR */
        return err(CAP_ERR_BAD_ADDRESS);
    kernel.current->fs_base = tf->rdi;
    wrmsr(0xC0000100, tf->rdi);
    return err(CAP_OK);
}

static const syscall_fn syscalls[SYS__COUNT] = {
    [SYS_CALL] = sys_call,
    [SYS_RECV] = sys_recv_entry,
    [SYS_REPLY] = sys_reply_entry,
    [SYS_EXIT] = sys_exit,
    [SYS_YIELD] = sys_yield,
    [SYS_CAP_RELEASE] = sys_cap_release,
    [SYS_CAP_DERIVE] = sys_cap_derive,
    [SYS_CAP_INFO] = sys_cap_info,
    [SYS_SET_TLS] = sys_set_tls,
};

void syscall_dispatch(trap_frame_t *tf) {
    uint64_t n = tf->rax;
    sysret_t r = n < SYS__COUNT ? syscalls[n](tf) : err(CAP_ERR_BAD_METHOD);
    tf->rax = r.ret;
    tf->rdx = r.ret2;
    if (kernel.current->killed)
        proc_exit(EXIT_KILLED);
}
