/* Kernel-wide definitions and the single kernel state struct. */
#ifndef KERNEL_KERNEL_H
#define KERNEL_KERNEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>
#include "capos/abi.h"
#include "capos/bootpkg.h"

#define TIMER_HZ 100u
#define PAGE_SIZE 4096ul
#define PHYS_MAP_BASE 0xffff800000000000ull
#define PHYS_MAP_LIMIT (1ull << 30) /* boot tables map the first 1 GiB */
#define KERNEL_VMA 0xffffffff80000000ull

#define P2V(p) ((void *)((uint64_t)(p) + PHYS_MAP_BASE))
#define V2P(v) ((uint64_t)(v)-PHYS_MAP_BASE)
#define KIMG_V2P(v) ((uint64_t)(v)-KERNEL_VMA)

/* For calls that cannot fail because their preconditions were checked: a
 * failure is a kernel bug, never a user-visible condition. */
#define MUST_SUCCEED(expr)                                                                         \
    do {                                                                                           \
        if ((expr) != 0)                                                                           \
            panic("%s:%d: invariant broken: %s", __FILE__, __LINE__, #expr);                       \
    } while (0)

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define CONTAINER_OF(p, type, member) ((type *)((char *)(p)-offsetof(type, member)))

/* Intrusive doubly-linked list; an unlinked node points at itself. */
typedef struct list_node {
    struct list_node *prev, *next;
} list_node_t;

static inline void list_init(list_node_t *n) {
    n->prev = n->next = n;
}
static inline bool list_empty(const list_node_t *h) {
    return h->next == h;
}
static inline void list_push_back(list_node_t *h, list_node_t *n) {
    n->prev = h->prev;
    n->next = h;
    h->prev->next = n;
    h->prev = n;
}
static inline void list_remove(list_node_t *n) {
    n->prev->next = n->next;
    n->next->prev = n->prev;
    list_init(n);
}
static inline list_node_t *list_pop_front(list_node_t *h) {
    if (list_empty(h))
        return NULL;
    list_node_t *n = h->next;
    list_remove(n);
    return n;
}

struct proc;
struct session;

#define FRAME_BITMAP_WORDS ((PHYS_MAP_LIMIT / PAGE_SIZE) / 64)

typedef struct kernel_state {
    /* time */
    uint64_t tsc_hz, tsc_boot, ticks;
    /* entropy */
    bool has_rdrand, has_rdseed;
    bool has_entropy;        /* the boot secret came from hardware */
    uint8_t boot_secret[32]; /* keys caller-session references */
    /* boot package */
    bootpkg_t bootpkg;
    /* memory */
    uint64_t frame_bitmap[FRAME_BITMAP_WORDS]; /* 1 = used */
    uint64_t frames_total, frames_free;
    uint64_t frame_hint; /* where the next search for a free frame starts */
    uint64_t pml4_phys;
    /* processes */
    struct proc *current;
    list_node_t run_queue;
    list_node_t sleepers; /* sorted by wake time */
    list_node_t dead;     /* exited, kernel stack not yet freed */
    uint32_t live_procs;
    uint64_t next_pid;
    uint64_t next_endpoint_scope; /* never reused */
    uint64_t next_session_serial; /* never reused */
    struct session *system_session;
    /* live objects, counted for SystemInspect */
    list_node_t sessions; /* every session object (session_t.link) */
    uint32_t live_endpoints, live_notifications;
} kernel_state_t;

extern kernel_state_t kernel;

/* console / diagnostics */
void serial_init(void);
void serial_write(const char *s, size_t n);

int ksnprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
__attribute__((noreturn)) void panic(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* platform */
void timer_init(void);
void pic_eoi(uint32_t irq);
void pic_mask(uint32_t irq, bool masked);
uint64_t clock_now_ns(void);
void entropy_hw_detect(void);
bool entropy_hw_read(uint8_t *out, size_t len) __attribute__((warn_unused_result));
__attribute__((noreturn)) void power_off(void);
__attribute__((noreturn)) void power_fail(uint8_t code);

/* freestanding string functions (kernel/lib/string.c) */
void *memcpy(void *d, const void *s, size_t n);
void *memset(void *d, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
void *memmove(void *d, const void *s, size_t n);
size_t strlen(const char *s);

#endif
