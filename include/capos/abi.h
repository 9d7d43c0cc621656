/*
 * capOS-C native ABI: the one header shared by the kernel and userspace.
 *
 * Userspace talks to the kernel through a handful of SYSCALL entry points.
 * Every object (kernel object or userspace service) is reached through a
 * capability handle and invoked with one message format (ipc_msg_t). Kernel
 * objects decode messages with the same IDL-generated dispatch tables that
 * userspace services use (see idl/).
 *
 * Register convention (SYSCALL): rax = syscall number, arguments in
 * rdi, rsi, rdx, r10, r8, r9. Result in rax (a cap_err_t, or a value where a
 * syscall says so), second result in rdx. rcx and r11 are clobbered.
 */
#ifndef CAPOS_ABI_H
#define CAPOS_ABI_H

#include <stdint.h>

/* ---- capability handles ------------------------------------------------ */

/*
 * A handle names a slot in the calling process's capability table and the
 * generation the slot had when the handle was issued:
 *   bits 0..11  slot index (slot 0 is never used, so handle 0 is "no cap")
 *   bits 12..31 generation (bumped every time the slot is released)
 */
typedef uint32_t cap_t;
#define CAP_NULL ((cap_t)0)
#define CAP_SLOT_BITS 12u
#define CAP_SLOT_MASK ((1u << CAP_SLOT_BITS) - 1u)
#define CAP_TABLE_SLOTS 512u /* per process; must be <= 1 << CAP_SLOT_BITS */
#define CAP_HANDLE(slot, gen) ((cap_t)(((uint32_t)(gen) << CAP_SLOT_BITS) | (slot)))
#define CAP_HANDLE_SLOT(h) ((uint32_t)(h)&CAP_SLOT_MASK)
#define CAP_HANDLE_GEN(h) ((uint32_t)(h) >> CAP_SLOT_BITS)
#define CAP_GEN_MAX ((1u << (32u - CAP_SLOT_BITS)) - 1u)

/* ---- typed errors ---------------------------------------------------------- */

typedef enum {
    CAP_OK = 0,
    CAP_ERR_INVALID_CAP = 1,    /* handle names no live slot */
    CAP_ERR_STALE_CAP = 2,      /* slot was released/reused: generation mismatch */
    CAP_ERR_WRONG_TYPE = 3,     /* object does not implement this operation */
    CAP_ERR_NO_RIGHTS = 4,      /* the hold lacks a right the operation needs */
    CAP_ERR_BAD_METHOD = 5,     /* unknown interface or method */
    CAP_ERR_BAD_ARGS = 6,       /* malformed payload, bad lengths or values */
    CAP_ERR_NO_MEMORY = 7,      /* quota or kernel memory exhausted */
    CAP_ERR_NO_SLOTS = 8,       /* receiver's capability table is full */
    CAP_ERR_QUEUE_FULL = 9,     /* endpoint queue bounded and full */
    CAP_ERR_BROKEN = 10,        /* server died / released endpoint / dropped reply */
    CAP_ERR_SESSION_STALE = 11, /* caller's session expired or was revoked */
    CAP_ERR_SCOPE_DENIED = 12,  /* transfer scope forbids this movement */
    CAP_ERR_NOT_FOUND = 13,     /* named thing does not exist */
    CAP_ERR_NO_ENTROPY = 14,    /* no hardware entropy source: fail closed */
    CAP_ERR_WOULD_BLOCK = 15,   /* non-blocking operation found nothing */
    CAP_ERR_BAD_ADDRESS = 16,   /* user pointer not mapped with needed access */
    CAP_ERR_EXISTS = 17,        /* target already present (e.g. mapping) */
    CAP_ERR_BAD_ELF = 18,       /* binary is not a loadable static ELF64 */
    CAP_ERR_NOT_SUPPORTED = 19, /* operation exists but not for this object */
    CAP_ERR_TIMED_OUT = 20,
    CAP_ERR_CANCELLED = 21,
    CAP_ERR_DENIED = 22,      /* policy said no (services) */
    CAP_ERR_UNAVAILABLE = 23, /* a service this depends on cannot answer: fail closed */
    CAP_ERR__COUNT
} cap_err_t;

/* ---- object types and rights ---------------------------------------------- */

typedef enum {
    CAP_TYPE_NONE = 0,
    CAP_TYPE_ENDPOINT = 1,
    CAP_TYPE_REPLY = 2,
    CAP_TYPE_NOTIFICATION = 3,
    CAP_TYPE_CONSOLE = 4,
    CAP_TYPE_ENTROPY = 5,
    CAP_TYPE_CLOCK = 6,
    CAP_TYPE_BOOTPACKAGE = 7,
    CAP_TYPE_SPAWNER = 8,
    CAP_TYPE_PROCESS = 9,
    CAP_TYPE_MEMORY = 10,
    CAP_TYPE_SHM = 11,
    CAP_TYPE_SESSION_MINTER = 12,
    CAP_TYPE_SESSION = 13,
    CAP_TYPE_IOPORTS = 14,
    CAP_TYPE_IRQ_CONTROL = 15,
    CAP_TYPE_IRQ = 16,
    CAP_TYPE_PCI_BUS = 17,
    CAP_TYPE_PCI_DEVICE = 18,
    CAP_TYPE_INSPECT = 19,
    CAP_TYPE__COUNT
} cap_type_t;

/* Rights bits. Derivation can only clear bits, never set them. */
#define CAP_RIGHT_CALL (1u << 0)     /* invoke (endpoint call, kernel methods) */
#define CAP_RIGHT_RECV (1u << 1)     /* endpoint: receive calls (server facet) */
#define CAP_RIGHT_DERIVE (1u << 2)   /* may derive narrower copies */
#define CAP_RIGHT_TRANSFER (1u << 3) /* may be sent over IPC / granted on spawn */
#define CAP_RIGHT_READ (1u << 4)     /* shm map readable, notification wait */
#define CAP_RIGHT_WRITE (1u << 5)    /* shm map writable, notification signal */
#define CAP_RIGHT_CONTROL (1u << 6)  /* process terminate, session revoke */
#define CAP_RIGHT_BIND (1u << 7)     /* session: may fix a launcher to it */
#define CAP_RIGHT_STALE_OK                                                                         \
    (1u << 8) /* endpoint: callable from a stale session                                           \
               * (logout/renewal/recovery facets) */
#define CAP_RIGHTS_ALL 0x1ffu

/*
 * Transfer scope of a hold, ordered narrowest first. Derivation may only move
 * towards the narrower end.
 *   SAME_SESSION            never leaves the holder's session
 *   SERVICE_REGRANT_ONLY    crosses sessions only through a session-bound
 *                           launcher's spawn grants (the broker path)
 *   CROSS_SESSION_SHAREABLE may cross sessions by IPC, reply or spawn; the
 *                           receiver's session becomes the invoking subject
 */
typedef enum {
    CAP_SCOPE_SAME_SESSION = 0,
    CAP_SCOPE_SERVICE_REGRANT_ONLY = 1,
    CAP_SCOPE_CROSS_SESSION_SHAREABLE = 2,
} cap_scope_t;

/* Subject fields a server may learn about its caller, only when the caller
 * requests them in ipc_msg_t.disclose and the hold's disclosure scope allows. */
#define DISCLOSE_PRINCIPAL_CLASS (1u << 0)
#define DISCLOSE_PRINCIPAL_ID (1u << 1)
#define DISCLOSE_PROFILE (1u << 2)
#define DISCLOSE_AUTH_STRENGTH (1u << 3)
#define DISCLOSE_ALL 0xfu

/* Principal classes carried in a SessionContext (data, never authority). */
#define PRINCIPAL_SYSTEM 0u
#define PRINCIPAL_ANONYMOUS 1u
#define PRINCIPAL_GUEST 2u
#define PRINCIPAL_OPERATOR 3u

/* Authentication strength carried in a SessionContext (data). */
#define AUTH_STRENGTH_NONE 0u
#define AUTH_STRENGTH_PASSWORD 1u
#define AUTH_STRENGTH_PUBLIC_KEY 2u
#define AUTH_STRENGTH_HARDWARE_KEY 3u

/* ---- messages ------------------------------------------------------------- */

#define IPC_MAX_BYTES 1024u
#define IPC_MAX_CAPS 8u

/* How a capability in a message is transferred. */
#define IPC_CAP_COPY 0u
#define IPC_CAP_MOVE 1u

typedef struct {
    cap_t cap;     /* sender: handle to send; receiver: handle installed */
    uint32_t mode; /* IPC_CAP_COPY or IPC_CAP_MOVE (ignored on receipt) */
} ipc_cap_t;

/*
 * One message, used for requests and replies.
 * Request: label = IPC_LABEL(interface id, method id).
 * Reply:   label = cap_err_t status of the operation.
 */
typedef struct {
    uint64_t label;
    uint32_t len;      /* bytes used in data[], <= IPC_MAX_BYTES */
    uint32_t ncaps;    /* entries used in caps[], <= IPC_MAX_CAPS */
    uint32_t disclose; /* request: DISCLOSE_* fields the caller agrees to reveal */
    uint32_t _pad;
    ipc_cap_t caps[IPC_MAX_CAPS];
    uint8_t data[IPC_MAX_BYTES];
} ipc_msg_t;

#define IPC_MSG_HEADER_BYTES ((uint32_t)(sizeof(ipc_msg_t) - IPC_MAX_BYTES))
#define IPC_LABEL(iface, method) (((uint64_t)(iface) << 16) | (uint64_t)(method))
#define IPC_LABEL_IFACE(l) ((uint32_t)((l) >> 16))
#define IPC_LABEL_METHOD(l) ((uint32_t)((l)&0xffffu))
/* Label of a message SYS_RECV synthesises from a bound notification: data is
 * the u64 of bits taken, info.reply is CAP_NULL. No interface uses it. */
#define IPC_LABEL_NOTIFY 0xffffffffffff0000ull

/* Caller metadata delivered to an endpoint server with each received call. */
#define CALLER_LIVE (1u << 0)
#define CALLER_STALE (1u << 1)

typedef struct {
    uint64_t ref_lo; /* opaque 128-bit service-scoped caller-session reference */
    uint64_t ref_hi;
    uint64_t epoch;     /* session epoch (bumped on renewal) */
    uint32_t flags;     /* CALLER_LIVE / CALLER_STALE */
    uint32_t disclosed; /* DISCLOSE_* bits actually filled below */
    uint32_t principal_class;
    uint32_t profile;
    uint64_t principal_id;
    uint32_t auth_strength;
    uint32_t _pad;
} ipc_caller_t;

/* What SYS_RECV reports besides the message itself. */
typedef struct {
    cap_t reply; /* one-shot reply capability, valid until used/released */
    uint32_t _pad;
    uint64_t badge; /* set by the server when it derived the client facet */
    ipc_caller_t caller;
} ipc_recv_info_t;

/* ---- session fields (SessionMinter.mint) ---------------------------------- */

typedef struct {
    uint32_t principal_class;
    uint32_t profile;
    uint64_t principal_id;
    uint32_t auth_strength;
    uint32_t _pad;
} session_subject_t;

/* ---- CapSet: the names of a process's initial capabilities -------------- */

/* The kernel maps a read-only CapSet page at CAPSET_ADDR in every process. */
#define CAPSET_ADDR 0x10000ull
#define CAPSET_NAME_MAX 24u
#define CAPSET_MAX_ENTRIES 64u

typedef struct {
    char name[CAPSET_NAME_MAX]; /* NUL-terminated, NUL-padded */
    cap_t cap;
    uint32_t type; /* cap_type_t */
} capset_entry_t;

#define CAPSET_PROGRAM_MAX 48u

typedef struct {
    uint32_t count;
    uint32_t _pad;
    char program[CAPSET_PROGRAM_MAX]; /* boot-package name it was started as (data) */
    capset_entry_t entries[CAPSET_MAX_ENTRIES];
} capset_t;

/* ---- spawn grants (ProcessSpawner.spawn names blob) ----------------------- */

/* The names blob is a sequence of NUL-terminated names, one per cap sent. */

/* ---- user address space ------------------------------------------------- */

#define USER_SPACE_END 0x0000800000000000ull
#define USER_STACK_TOP 0x00007ffffff00000ull
#define USER_STACK_PAGES 16u
#define PAGE_SIZE_BYTES 4096u

/* Memory.map protection bits */
#define MAP_PROT_READ 1u
#define MAP_PROT_WRITE 2u
#define MAP_PROT_EXEC 4u

/* ---- syscalls --------------------------------------------------------------- */

typedef enum {
    SYS_CALL = 0,        /* (cap, ipc_msg_t *inout) -> err; blocks for endpoints */
    SYS_RECV = 1,        /* (ep, ipc_msg_t *out, ipc_recv_info_t *info, flags) */
    SYS_REPLY = 2,       /* (reply, const ipc_msg_t *msg) -> err */
    SYS_EXIT = 3,        /* (code) -> never returns */
    SYS_YIELD = 4,       /* () */
    SYS_CAP_RELEASE = 5, /* (cap) -> err */
    SYS_CAP_DERIVE = 6,  /* (cap, rights, scope, disclose, badge) -> err, rdx = new cap */
    SYS_CAP_INFO = 7,    /* (cap, cap_info_t *out) -> err */
    SYS_SET_TLS = 8,     /* (fs_base) -> err: the thread pointer (%fs base) */
    SYS__COUNT
} syscall_t;

#define RECV_NONBLOCK 1u

typedef struct {
    uint32_t type; /* cap_type_t */
    uint32_t rights;
    uint32_t scope;    /* cap_scope_t */
    uint32_t disclose; /* disclosure scope of this hold */
    uint64_t badge;
} cap_info_t;

/* Badge value meaning "not badged yet"; a badged hold cannot be re-badged. */
#define CAP_BADGE_NONE 0ull

#endif
