/*
 * lib/rt: the thin ring-3 runtime of native capOS-C programs: start-up, raw
 * system calls, CapSet lookup by name, printing, a heap over the Memory
 * capability, spawning, and a server loop. Generated IDL client stubs
 * (capos/idl/NAME.h) sit on top of capos_invoke().
 */
#ifndef CAPOS_RT_H
#define CAPOS_RT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "capos/abi.h"

#define RT_WUR __attribute__((warn_unused_result))

/* ---- system calls (syscall.c) ---- */
cap_err_t sys_call(cap_t cap, ipc_msg_t *msg) RT_WUR;
cap_err_t sys_recv(cap_t ep, ipc_msg_t *msg, ipc_recv_info_t *info, uint32_t flags) RT_WUR;
cap_err_t sys_reply(cap_t reply, const ipc_msg_t *msg) RT_WUR;
__attribute__((noreturn)) void sys_exit(int64_t code);
void sys_yield(void);
cap_err_t cap_release(cap_t cap); /* result may be ignored */
/* Deliberately drops a status (best-effort clean-up and reporting paths). */
static inline void rt_ignore(cap_err_t e) {
    (void)e;
}
cap_err_t cap_derive(cap_t cap, uint32_t rights, uint32_t scope, uint32_t disclose, uint64_t badge,
                     cap_t *out) RT_WUR;
cap_err_t cap_info(cap_t cap, cap_info_t *out) RT_WUR;
/* Set this process's thread pointer (%fs base). */
cap_err_t sys_set_tls(uint64_t fs_base) RT_WUR;

/* ---- start-up and CapSet (start.c) ---- */
/* The program's entry point; its return value is the exit code. */
int main(void);
const capset_t *rt_capset(void);
/* The handle granted under this name, or CAP_NULL. */
cap_t rt_cap(const char *name);
/* The boot-package name the program was started as. */
const char *rt_program(void);

/* ---- output (print.c): to the "console" capability ---- */
int rt_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int rt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int rt_snprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
const char *rt_strerror(cap_err_t e);

/* ---- heap (malloc.c): over the "memory" capability ---- */
void *malloc(size_t size);
void *calloc(size_t n, size_t size);
void free(void *p);

/* ---- spawning (spawn.c) ---- */
typedef struct {
    const char *name; /* CapSet name in the child */
    cap_t cap;
    uint32_t mode; /* IPC_CAP_COPY or IPC_CAP_MOVE */
} rt_grant_t;

cap_err_t rt_spawn(cap_t spawner, const char *binary, const rt_grant_t *grants, uint32_t n,
                   cap_t *process) RT_WUR;

/* ---- boot-package entries (pkgread.c) ---- */
/* Reads the whole entry `name` into buf; BAD_ARGS if it is larger than cap. */
cap_err_t rt_pkg_read(cap_t pkg, const char *name, uint8_t *buf, size_t cap, size_t *len) RT_WUR;

/* ---- serving (serve.c) ---- */
typedef cap_err_t (*rt_dispatch_fn)(void *ctx, const ipc_recv_info_t *info, const ipc_msg_t *req,
                                    ipc_msg_t *rep);
/* Receive, dispatch, reply; forever, or until dispatch returns
 * CAP_ERR_CANCELLED (after its reply has been sent). */
cap_err_t rt_serve(cap_t ep, rt_dispatch_fn fn, void *ctx);

/* ---- string functions (lib/pure/freestanding_string.c) ---- */
void *memcpy(void *d, const void *s, size_t n);
void *memset(void *d, int c, size_t n);
void *memmove(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);

static inline uint64_t rt_rdtsc(void) {
    uint32_t lo, hi;
    __asm__ volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

#endif
