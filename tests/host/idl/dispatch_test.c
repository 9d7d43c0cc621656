/*
 * Host test of the IDL-generated client stubs and dispatchers.
 *
 * A fake capos_invoke() plays the kernel: it copies the request the way a
 * kernel transfers it, hands it to the test server behind the called cap and
 * copies the reply back. The test covers round trips of every field kind,
 * hostile requests fed straight to the dispatchers and hostile replies fed to
 * the client stubs. Wire bytes are checked against an encoder written here,
 * independent of the generated one.
 *
 * Prints "N passed, M failed" and exits non-zero when any check failed.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "capos/abi.h"
#include "capos/idl/all.h"
#include "capos/idl/idltest.h"

/* ---- checks --------------------------------------------------------------- */

static unsigned passed, failed;

static void check(int ok, const char *what, int line) {
    if (ok) {
        passed++;
        return;
    }
    failed++;
    fprintf(stderr, "FAIL line %d: %s\n", line, what);
}

static void check_eq(uint64_t got, uint64_t want, const char *expr, int line) {
    if (got == want) {
        passed++;
        return;
    }
    failed++;
    fprintf(stderr, "FAIL line %d: %s is %" PRIu64 " (0x%" PRIx64 "), want %" PRIu64 "\n", line,
            expr, got, got, want);
}

static void check_mem(const void *got, const void *want, size_t n, const char *expr, int line) {
    check(memcmp(got, want, n) == 0, expr, line);
}

#define CHECK(cond) check((cond) != 0, #cond, __LINE__)
#define CHECK_EQ(got, want) check_eq((uint64_t)(got), (uint64_t)(want), #got, __LINE__)
#define CHECK_MEM(got, want, n) check_mem((got), (want), (n), #got " == " #want, __LINE__)

/* ---- messages built by hand ---------------------------------------------- */

static void msg_init(ipc_msg_t *m, uint32_t iface, uint32_t method) {
    memset(m, 0, sizeof *m);
    m->label = IPC_LABEL(iface, method);
}

static void msg_uint(ipc_msg_t *m, uint64_t v, unsigned bytes) {
    for (unsigned i = 0; i < bytes; i++)
        m->data[m->len++] = (uint8_t)(v >> (8 * i));
}

static void msg_raw(ipc_msg_t *m, const void *p, uint32_t n) {
    memcpy(m->data + m->len, p, n);
    m->len += n;
}

/* u32 length then the bytes */
static void msg_blob(ipc_msg_t *m, const void *p, uint32_t n) {
    msg_uint(m, n, 4);
    msg_raw(m, p, n);
}

static void msg_cap(ipc_msg_t *m, cap_t cap, uint32_t mode) {
    m->caps[m->ncaps].cap = cap;
    m->caps[m->ncaps].mode = mode;
    m->ncaps++;
}

static uint64_t le(const uint8_t *p, unsigned bytes) {
    uint64_t v = 0;

    for (unsigned i = 0; i < bytes; i++)
        v |= (uint64_t)p[i] << (8 * i);
    return v;
}

/* Fills a large part of the stack with junk so unset locals would show it. */
static void dirty_stack(void) {
    volatile uint8_t junk[16384];

    for (size_t i = 0; i < sizeof junk; i++)
        junk[i] = 0xa5;
}

/* ---- BootPackage test server ---------------------------------------------- */

#define NAME48 "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKL"

static const struct {
    const char *name;
    uint64_t size;
} boot_files[] = {{"init", 4096}, {"shell", 70000}, {NAME48, 1}};

struct boot_state {
    unsigned calls;
    char name[64];
    uint32_t name_len;
    uint64_t offset;
    uint32_t len;
};

static uint8_t pattern(uint64_t i) {
    return (uint8_t)(i * 7 + 3);
}

static cap_err_t boot_count(void *ctx, uint32_t *n) {
    ((struct boot_state *)ctx)->calls++;
    *n = 3;
    return CAP_OK;
}

static cap_err_t boot_entry(void *ctx, uint32_t index, char *name, uint32_t name_cap,
                            uint32_t *name_len, uint64_t *size) {
    ((struct boot_state *)ctx)->calls++;
    if (index >= 3)
        return CAP_ERR_NOT_FOUND;
    *name_len = (uint32_t)strlen(boot_files[index].name);
    if (*name_len > name_cap)
        return CAP_ERR_NO_MEMORY;
    memcpy(name, boot_files[index].name, *name_len);
    *size = boot_files[index].size;
    return CAP_OK;
}

/* Returns `len` bytes of pattern(offset + i); the name "overflow" makes it
 * report one byte more than data_cap. */
static cap_err_t boot_read(void *ctx, const char *name, uint32_t name_len, uint64_t offset,
                           uint32_t len, uint8_t *data, uint32_t data_cap, uint32_t *data_len) {
    struct boot_state *st = ctx;

    st->calls++;
    memcpy(st->name, name, name_len);
    st->name_len = name_len;
    st->offset = offset;
    st->len = len;
    if (name_len == 8 && memcmp(name, "overflow", 8) == 0) {
        *data_len = data_cap + 1;
        return CAP_OK;
    }
    if (len > data_cap)
        return CAP_ERR_BAD_ARGS;
    for (uint32_t i = 0; i < len; i++)
        data[i] = pattern(offset + i);
    *data_len = len;
    return CAP_OK;
}

static struct boot_state boot;
static const boot_package_server_ops_t boot_ops = {
    .count = boot_count,
    .entry = boot_entry,
    .read = boot_read,
};

/* ---- ProcessSpawner test server ------------------------------------------- */

struct spawner_state {
    unsigned calls;
    char binary[64];
    uint32_t binary_len;
    uint8_t names[512];
    uint32_t names_len;
    ipc_cap_t grants[IPC_MAX_CAPS];
    uint32_t grants_count;
    cap_t session;
};

#define PROCESS_CAP CAP_HANDLE(50, 3)
#define LAUNCHER_CAP CAP_HANDLE(51, 4)

/* The binary "fail" is denied after the op has set its output. */
static cap_err_t spawner_spawn(void *ctx, const char *binary, uint32_t binary_len,
                               const uint8_t *names, uint32_t names_len, const ipc_cap_t *grants,
                               uint32_t grants_count, cap_t *process) {
    struct spawner_state *st = ctx;

    st->calls++;
    memcpy(st->binary, binary, binary_len);
    st->binary_len = binary_len;
    memcpy(st->names, names, names_len);
    st->names_len = names_len;
    memcpy(st->grants, grants, grants_count * sizeof grants[0]);
    st->grants_count = grants_count;
    *process = PROCESS_CAP;
    if (binary_len == 4 && memcmp(binary, "fail", 4) == 0)
        return CAP_ERR_DENIED;
    return CAP_OK;
}

static cap_err_t spawner_bind(void *ctx, cap_t session, cap_t *launcher) {
    struct spawner_state *st = ctx;

    st->calls++;
    st->session = session;
    *launcher = LAUNCHER_CAP;
    return CAP_OK;
}

static struct spawner_state spawner;
static const process_spawner_server_ops_t spawner_ops = {
    .spawn = spawner_spawn,
    .bind_session = spawner_bind,
};

/* ---- IdlTest test server ---------------------------------------------------- */

enum test_mode {
    MODE_NORMAL,
    MODE_LONG_S2,   /* text: s2_len over its capacity */
    MODE_NUL_S2,    /* text: s2 holds a NUL */
    MODE_LONG_B2,   /* text: b2_len over its capacity */
    MODE_MANY_CAPS, /* caps: many_count over its capacity */
    MODE_LENGTHS,   /* unset: report full lengths/counts without writing */
    MODE_FAIL,      /* every op: set outputs, then fail */
};

struct test_state {
    enum test_mode mode;
    unsigned calls;
    uint64_t scalars[6];
    cap_t first;
    uint16_t tag;
    ipc_cap_t rest[3];
    uint32_t rest_count;
    uint32_t x;
};

static cap_err_t test_scalars(void *ctx, uint8_t a, uint16_t b, uint32_t c, uint64_t d, int32_t e,
                              int64_t f, uint8_t *a2, uint16_t *b2, uint32_t *c2, uint64_t *d2,
                              int32_t *e2, int64_t *f2) {
    struct test_state *st = ctx;

    st->calls++;
    st->scalars[0] = a;
    st->scalars[1] = b;
    st->scalars[2] = c;
    st->scalars[3] = d;
    st->scalars[4] = (uint64_t)(int64_t)e;
    st->scalars[5] = (uint64_t)f;
    *a2 = a;
    *b2 = b;
    *c2 = c;
    *d2 = d;
    *e2 = e;
    *f2 = f;
    return st->mode == MODE_FAIL ? CAP_ERR_TIMED_OUT : CAP_OK;
}

/* s2 = s reversed, b2 = b with every byte inverted, tail2 = tail + 1. */
static cap_err_t test_text(void *ctx, const char *s, uint32_t s_len, const uint8_t *b,
                           uint32_t b_len, uint32_t tail, char *s2, uint32_t s2_cap,
                           uint32_t *s2_len, uint8_t *b2, uint32_t b2_cap, uint32_t *b2_len,
                           uint32_t *tail2) {
    struct test_state *st = ctx;

    st->calls++;
    if (s2_cap != 16 || b2_cap != 32)
        return CAP_ERR_NO_MEMORY;
    for (uint32_t i = 0; i < s_len; i++)
        s2[i] = s[s_len - 1 - i];
    *s2_len = s_len;
    for (uint32_t i = 0; i < b_len; i++)
        b2[i] = (uint8_t)~b[i];
    *b2_len = b_len;
    *tail2 = tail + 1;
    if (st->mode == MODE_LONG_S2)
        *s2_len = s2_cap + 1;
    if (st->mode == MODE_NUL_S2)
        s2[0] = '\0';
    if (st->mode == MODE_LONG_B2)
        *b2_len = b2_cap + 1;
    return CAP_OK;
}

#define ONE_CAP CAP_HANDLE(70, 1)

/* one = ONE_CAP, many = rest's caps reversed then `first`, n = tag + 1. */
static cap_err_t test_caps(void *ctx, cap_t first, uint16_t tag, const ipc_cap_t *rest,
                           uint32_t rest_count, cap_t *one, cap_t *many, uint32_t many_cap,
                           uint32_t *many_count, uint16_t *n) {
    struct test_state *st = ctx;

    st->calls++;
    st->first = first;
    st->tag = tag;
    memcpy(st->rest, rest, rest_count * sizeof rest[0]);
    st->rest_count = rest_count;
    if (many_cap != 4)
        return CAP_ERR_NO_MEMORY;
    *one = ONE_CAP;
    for (uint32_t i = 0; i < rest_count; i++)
        many[i] = rest[rest_count - 1 - i].cap;
    many[rest_count] = first;
    *many_count = rest_count + 1;
    *n = (uint16_t)(tag + 1);
    if (st->mode == MODE_MANY_CAPS)
        *many_count = many_cap + 1;
    return st->mode == MODE_FAIL ? CAP_ERR_TIMED_OUT : CAP_OK;
}

static cap_err_t test_nothing(void *ctx) {
    ((struct test_state *)ctx)->calls++;
    return CAP_OK;
}

static cap_err_t test_sparse(void *ctx, uint32_t x) {
    struct test_state *st = ctx;

    st->calls++;
    st->x = x;
    return CAP_OK;
}

/* Writes no output; MODE_LENGTHS reports full bytes/caps lengths without
 * writing them (a string of unwritten zeros would hold NULs). */
static cap_err_t test_unset(void *ctx, uint64_t *v, char *s, uint32_t s_cap, uint32_t *s_len,
                            uint8_t *b, uint32_t b_cap, uint32_t *b_len, cap_t *c, cap_t *cs,
                            uint32_t cs_cap, uint32_t *cs_count) {
    struct test_state *st = ctx;

    (void)v, (void)s, (void)s_cap, (void)s_len, (void)b, (void)c, (void)cs;
    st->calls++;
    if (st->mode == MODE_LENGTHS) {
        *b_len = b_cap;
        *cs_count = cs_cap;
    }
    return CAP_OK;
}

static cap_err_t test_big(void *ctx, const uint8_t *blob, uint32_t blob_len, uint8_t *blob2,
                          uint32_t blob2_cap, uint32_t *blob2_len) {
    ((struct test_state *)ctx)->calls++;
    if (blob_len > blob2_cap)
        return CAP_ERR_NO_MEMORY;
    memcpy(blob2, blob, blob_len);
    *blob2_len = blob_len;
    return CAP_OK;
}

static struct test_state tst;
static const idl_test_server_ops_t test_ops = {
    .scalars = test_scalars,
    .text = test_text,
    .caps = test_caps,
    .nothing = test_nothing,
    .sparse = test_sparse,
    .unset = test_unset,
    .big = test_big,
};

static cap_err_t peer_ping(void *ctx, uint32_t x, uint32_t *y) {
    (void)ctx;
    *y = x + 1;
    return CAP_OK;
}

static const idl_test_peer_server_ops_t peer_ops = {.ping = peer_ping};

/* ---- fake kernel ------------------------------------------------------------- */

#define CAP_BOOT CAP_HANDLE(1, 1)
#define CAP_SPAWNER CAP_HANDLE(2, 1)
#define CAP_TEST CAP_HANDLE(3, 1)
#define CAP_PEER CAP_HANDLE(4, 1)
#define CAP_HOSTILE CAP_HANDLE(5, 1) /* replies with `hostile`, verbatim */

static unsigned invokes;
static ipc_msg_t seen_req; /* last request as delivered to a server */
static ipc_msg_t seen_rep; /* last reply a dispatcher produced */
static ipc_msg_t hostile;

/* What a kernel transfers: header, len data bytes and ncaps entries; the rest
 * of dst is junk. */
static void transfer(ipc_msg_t *dst, const ipc_msg_t *src) {
    memset(dst, 0xa5, sizeof *dst);
    dst->label = src->label;
    dst->len = src->len;
    dst->ncaps = src->ncaps;
    dst->disclose = src->disclose;
    dst->_pad = src->_pad;
    memcpy(dst->caps, src->caps, src->ncaps * sizeof src->caps[0]);
    memcpy(dst->data, src->data, src->len);
}

/* Runs req through the dispatcher behind `cap` into a junk-filled rep and
 * checks what every reply must satisfy. */
static cap_err_t serve(cap_t cap, const ipc_msg_t *req, ipc_msg_t *rep) {
    cap_err_t err;

    memset(rep, 0x5a, sizeof *rep);
    switch (cap) {
    case CAP_BOOT:
        err = boot_package_dispatch(&boot_ops, &boot, req, rep);
        break;
    case CAP_SPAWNER:
        err = process_spawner_dispatch(&spawner_ops, &spawner, req, rep);
        break;
    case CAP_TEST:
        err = idl_test_dispatch(&test_ops, &tst, req, rep);
        break;
    case CAP_PEER:
        err = idl_test_peer_dispatch(&peer_ops, NULL, req, rep);
        break;
    default:
        return CAP_ERR_INVALID_CAP;
    }
    CHECK_EQ(rep->label, err);
    CHECK(rep->len <= IPC_MAX_BYTES && rep->ncaps <= IPC_MAX_CAPS);
    if (err != CAP_OK)
        CHECK(rep->len == 0 && rep->ncaps == 0);
    return err;
}

cap_err_t capos_invoke(cap_t cap, ipc_msg_t *msg) {
    ipc_msg_t req;

    invokes++;
    if (cap != CAP_BOOT && cap != CAP_SPAWNER && cap != CAP_TEST && cap != CAP_PEER &&
        cap != CAP_HOSTILE)
        return CAP_ERR_INVALID_CAP;
    if (msg->len > IPC_MAX_BYTES || msg->ncaps > IPC_MAX_CAPS)
        return CAP_ERR_BAD_ARGS;
    transfer(&req, msg);
    seen_req = req;
    if (cap == CAP_HOSTILE) {
        *msg = hostile;
        return CAP_OK;
    }
    serve(cap, &req, &seen_rep);
    transfer(msg, &seen_rep);
    return CAP_OK;
}

/* ---- client round trips ------------------------------------------------------ */

static void test_boot_client(void) {
    char name[64];
    uint32_t n = 0, name_len = 0;
    uint64_t size = 0;
    uint8_t data[1100];
    uint32_t data_len = 0;

    CHECK_EQ(boot_package_count(CAP_BOOT, &n), CAP_OK);
    CHECK_EQ(n, 3);
    CHECK_EQ(seen_req.label, IPC_LABEL(7, 0));
    CHECK_EQ(seen_req.len, 0);
    CHECK_EQ(seen_req.ncaps, 0);
    CHECK_EQ(seen_req.disclose, 0);

    /* string output, NUL-terminated when room remains */
    memset(name, 'X', sizeof name);
    CHECK_EQ(boot_package_entry(CAP_BOOT, 1, name, sizeof name, &name_len, &size), CAP_OK);
    CHECK_EQ(name_len, 5);
    CHECK_MEM(name, "shell", 6);
    CHECK_EQ(size, 70000);
    CHECK_EQ(seen_req.label, IPC_LABEL(BOOT_PACKAGE_IFACE_ID, BOOT_PACKAGE_ENTRY));
    CHECK_EQ(seen_req.len, 4);
    CHECK_EQ(le(seen_req.data, 4), 1);
    CHECK_EQ(seen_rep.len, 4 + 5 + 8);
    CHECK_EQ(le(seen_rep.data, 4), 5);
    CHECK_MEM(seen_rep.data + 4, "shell", 5);
    CHECK_EQ(le(seen_rep.data + 9, 8), 70000);

    /* exactly the capacity: no NUL written */
    memset(name, 'X', sizeof name);
    CHECK_EQ(boot_package_entry(CAP_BOOT, 1, name, 5, &name_len, &size), CAP_OK);
    CHECK_MEM(name, "shellX", 6);

    /* over the capacity: CAP_ERR_BAD_ARGS, outputs untouched */
    memset(name, 'X', sizeof name);
    name_len = 77;
    size = 88;
    CHECK_EQ(boot_package_entry(CAP_BOOT, 1, name, 4, &name_len, &size), CAP_ERR_BAD_ARGS);
    CHECK_EQ(name[0], 'X');
    CHECK_EQ(name_len, 77);
    CHECK_EQ(size, 88);

    /* the server's error comes back as is */
    CHECK_EQ(boot_package_entry(CAP_BOOT, 9, name, sizeof name, &name_len, &size),
             CAP_ERR_NOT_FOUND);
    CHECK_EQ(name_len, 77);

    /* a 48-char name is the bound */
    CHECK_EQ(boot_package_entry(CAP_BOOT, 2, name, 48, &name_len, &size), CAP_OK);
    CHECK_EQ(name_len, 48);
    CHECK_MEM(name, NAME48, 48);

    /* string input + scalars, bytes output */
    CHECK_EQ(boot_package_read(CAP_BOOT, "init", 4, 0x1122334455667788ull, 100, data, sizeof data,
                               &data_len),
             CAP_OK);
    CHECK_EQ(data_len, 100);
    CHECK_EQ(data[0], pattern(0x1122334455667788ull));
    CHECK_EQ(data[99], pattern(0x1122334455667788ull + 99));
    CHECK_EQ(boot.name_len, 4);
    CHECK_MEM(boot.name, "init", 4);
    CHECK_EQ(boot.offset, 0x1122334455667788ull);
    CHECK_EQ(boot.len, 100);
    CHECK_EQ(seen_req.len, 4 + 4 + 8 + 4);
    CHECK_EQ(le(seen_req.data, 4), 4);
    CHECK_MEM(seen_req.data + 4, "init", 4);
    CHECK_EQ(le(seen_req.data + 8, 8), 0x1122334455667788ull);
    CHECK_EQ(seen_req.data[8], 0x88);
    CHECK_EQ(le(seen_req.data + 16, 4), 100);

    /* the largest reply */
    CHECK_EQ(boot_package_read(CAP_BOOT, "init", 4, 0, 1016, data, sizeof data, &data_len), CAP_OK);
    CHECK_EQ(data_len, 1016);
    CHECK_EQ(seen_rep.len, 1020);
    CHECK_EQ(data[1015], pattern(1015));

    /* bytes output over the caller's capacity */
    data_len = 5;
    CHECK_EQ(boot_package_read(CAP_BOOT, "init", 4, 0, 100, data, 99, &data_len), CAP_ERR_BAD_ARGS);
    CHECK_EQ(data_len, 5);

    /* the op reports more output than its capacity: nothing is sent */
    CHECK_EQ(boot_package_read(CAP_BOOT, "overflow", 8, 0, 1, data, sizeof data, &data_len),
             CAP_ERR_BAD_ARGS);
    CHECK_EQ(seen_rep.len, 0);

    /* _ex passes disclose through */
    CHECK_EQ(boot_package_count_ex(CAP_BOOT, DISCLOSE_ALL, &n), CAP_OK);
    CHECK_EQ(seen_req.disclose, DISCLOSE_ALL);
    CHECK_EQ(boot_package_count(CAP_BOOT, &n), CAP_OK);
    CHECK_EQ(seen_req.disclose, 0);

    /* transport errors come back unchanged, outputs untouched */
    n = 1234;
    CHECK_EQ(boot_package_count(CAP_HANDLE(99, 1), &n), CAP_ERR_INVALID_CAP);
    CHECK_EQ(n, 1234);
}

static void test_boot_client_rejects_bad_inputs(void) {
    uint8_t data[16];
    uint32_t data_len = 0;
    unsigned before = invokes;

    CHECK_EQ(boot_package_read(CAP_BOOT, NAME48 "M", 49, 0, 1, data, sizeof data, &data_len),
             CAP_ERR_BAD_ARGS);
    CHECK_EQ(boot_package_read(CAP_BOOT, "in\0t", 4, 0, 1, data, sizeof data, &data_len),
             CAP_ERR_BAD_ARGS);
    CHECK_EQ(boot_package_read(CAP_BOOT, NULL, 3, 0, 1, data, sizeof data, &data_len),
             CAP_ERR_BAD_ARGS);
    CHECK_EQ(boot_package_read(CAP_BOOT, "x", 0xffffffffu, 0, 1, data, sizeof data, &data_len),
             CAP_ERR_BAD_ARGS);
    CHECK_EQ(invokes, before);
    /* an empty string is fine, even as NULL */
    CHECK_EQ(boot_package_read(CAP_BOOT, NULL, 0, 0, 1, data, sizeof data, &data_len), CAP_OK);
    CHECK_EQ(boot.name_len, 0);
    CHECK_EQ(invokes, before + 1);
}

static void test_spawner_client(void) {
    static const uint8_t names[] = {'c', 'o', 'n', 0, 'm', 'e', 'm', 0};
    ipc_cap_t grants[9];
    cap_t process = 0, launcher = 0;
    unsigned before;

    for (uint32_t i = 0; i < 9; i++) {
        grants[i].cap = CAP_HANDLE(10 + i, 2);
        grants[i].mode = i % 2 ? IPC_CAP_MOVE : IPC_CAP_COPY;
    }

    /* string, bytes and caps<8> inputs, cap output */
    CHECK_EQ(
        process_spawner_spawn(CAP_SPAWNER, "shell", 5, names, sizeof names, grants, 3, &process),
        CAP_OK);
    CHECK_EQ(process, PROCESS_CAP);
    CHECK_EQ(spawner.binary_len, 5);
    CHECK_MEM(spawner.binary, "shell", 5);
    CHECK_EQ(spawner.names_len, sizeof names);
    CHECK_MEM(spawner.names, names, sizeof names);
    CHECK_EQ(spawner.grants_count, 3);
    CHECK_EQ(spawner.grants[2].cap, CAP_HANDLE(12, 2));
    CHECK_EQ(seen_req.ncaps, 3);
    CHECK_EQ(seen_req.caps[0].mode, IPC_CAP_COPY);
    CHECK_EQ(seen_req.caps[1].mode, IPC_CAP_MOVE);
    CHECK_EQ(seen_req.caps[1].cap, CAP_HANDLE(11, 2));
    CHECK_EQ(seen_req.len, 4 + 5 + 4 + 8);
    CHECK_EQ(le(seen_req.data + 9, 4), 8);
    CHECK_EQ(seen_rep.ncaps, 1);
    CHECK_EQ(seen_rep.caps[0].cap, PROCESS_CAP);
    CHECK_EQ(seen_rep.caps[0].mode, IPC_CAP_MOVE);
    CHECK_EQ(seen_rep.len, 0);

    /* no grants, and all eight */
    CHECK_EQ(process_spawner_spawn(CAP_SPAWNER, "init", 4, NULL, 0, NULL, 0, &process), CAP_OK);
    CHECK_EQ(spawner.grants_count, 0);
    CHECK_EQ(spawner.names_len, 0);
    CHECK_EQ(process_spawner_spawn(CAP_SPAWNER, "init", 4, NULL, 0, grants, 8, &process), CAP_OK);
    CHECK_EQ(spawner.grants_count, 8);
    CHECK_EQ(spawner.grants[7].cap, CAP_HANDLE(17, 2));

    /* over the bounds or inconsistent: refused before sending */
    before = invokes;
    CHECK_EQ(process_spawner_spawn(CAP_SPAWNER, "init", 4, NULL, 0, grants, 9, &process),
             CAP_ERR_BAD_ARGS);
    CHECK_EQ(process_spawner_spawn(CAP_SPAWNER, "init", 4, NULL, 0, NULL, 2, &process),
             CAP_ERR_BAD_ARGS);
    CHECK_EQ(process_spawner_spawn(CAP_SPAWNER, "init", 4, names, 513, NULL, 0, &process),
             CAP_ERR_BAD_ARGS);
    CHECK_EQ(invokes, before);

    /* the op fails after setting its cap output: nothing is sent */
    process = 0;
    CHECK_EQ(process_spawner_spawn(CAP_SPAWNER, "fail", 4, NULL, 0, NULL, 0, &process),
             CAP_ERR_DENIED);
    CHECK_EQ(process, 0);
    CHECK_EQ(seen_rep.ncaps, 0);

    /* cap input goes as IPC_CAP_COPY */
    CHECK_EQ(process_spawner_bind_session(CAP_SPAWNER, CAP_HANDLE(9, 9), &launcher), CAP_OK);
    CHECK_EQ(launcher, LAUNCHER_CAP);
    CHECK_EQ(spawner.session, CAP_HANDLE(9, 9));
    CHECK_EQ(seen_req.ncaps, 1);
    CHECK_EQ(seen_req.caps[0].mode, IPC_CAP_COPY);
    CHECK_EQ(seen_req.len, 0);
}

static void test_scalars_client(void) {
    uint8_t a2 = 0;
    uint16_t b2 = 0;
    uint32_t c2 = 0;
    uint64_t d2 = 0;
    int32_t e2 = 0;
    int64_t f2 = 0;
    static const uint8_t wire[27] = {
        0xfe,                                           /* a */
        0xfd, 0xfe,                                     /* b */
        0xfc, 0xfd, 0xfe, 0xff,                         /* c */
        0x01, 0,    0,    0,    0,    0,    0,    0x80, /* d */
        0,    0,    0,    0x80,                         /* e */
        0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, /* f */
    };

    tst.mode = MODE_NORMAL;
    CHECK_EQ(idl_test_scalars(CAP_TEST, 0xfe, 0xfefd, 0xfffefdfc, 0x8000000000000001ull, INT32_MIN,
                              -2, &a2, &b2, &c2, &d2, &e2, &f2),
             CAP_OK);
    CHECK_EQ(seen_req.len, sizeof wire);
    CHECK_MEM(seen_req.data, wire, sizeof wire);
    CHECK_EQ(tst.scalars[0], 0xfe);
    CHECK_EQ(tst.scalars[1], 0xfefd);
    CHECK_EQ(tst.scalars[2], 0xfffefdfc);
    CHECK_EQ(tst.scalars[3], 0x8000000000000001ull);
    CHECK_EQ(tst.scalars[4], (uint64_t)(int64_t)INT32_MIN);
    CHECK_EQ(tst.scalars[5], (uint64_t)-2);
    CHECK_EQ(a2, 0xfe);
    CHECK_EQ(b2, 0xfefd);
    CHECK_EQ(c2, 0xfffefdfc);
    CHECK_EQ(d2, 0x8000000000000001ull);
    CHECK(e2 == INT32_MIN);
    CHECK(f2 == -2);
    CHECK_EQ(seen_rep.len, sizeof wire);
    CHECK_MEM(seen_rep.data, wire, sizeof wire);

    CHECK_EQ(
        idl_test_scalars(CAP_TEST, 0, 0, 0, 0, INT32_MAX, INT64_MIN, &a2, &b2, &c2, &d2, &e2, &f2),
        CAP_OK);
    CHECK(e2 == INT32_MAX);
    CHECK(f2 == INT64_MIN);
    CHECK_EQ(a2, 0);

    /* a failing op: its outputs are not sent and the client keeps its own */
    tst.mode = MODE_FAIL;
    a2 = 9;
    CHECK_EQ(idl_test_scalars(CAP_TEST, 1, 2, 3, 4, 5, 6, &a2, &b2, &c2, &d2, &e2, &f2),
             CAP_ERR_TIMED_OUT);
    CHECK_EQ(a2, 9);
    CHECK_EQ(seen_rep.len, 0);
    tst.mode = MODE_NORMAL;
}

static void test_text_client(void) {
    static const uint8_t b[5] = {0, 1, 0x80, 0, 0xff};
    char s2[17];
    uint8_t b2[32];
    uint32_t s2_len = 0, b2_len = 0, tail2 = 0;

    memset(s2, 'X', sizeof s2);
    tst.mode = MODE_NORMAL;
    CHECK_EQ(idl_test_text(CAP_TEST, "hello", 5, b, sizeof b, 0xdeadbeef, s2, sizeof s2, &s2_len,
                           b2, sizeof b2, &b2_len, &tail2),
             CAP_OK);
    CHECK_EQ(s2_len, 5);
    CHECK_MEM(s2, "olleh", 6);
    CHECK_EQ(b2_len, 5);
    CHECK_EQ(b2[0], 0xff);
    CHECK_EQ(b2[3], 0xff);
    CHECK_EQ(b2[4], 0x00);
    CHECK_EQ(tail2, 0xdeadbef0);
    /* the fixed field follows both variable ones */
    CHECK_EQ(seen_req.len, 4 + 5 + 4 + 5 + 4);
    CHECK_EQ(le(seen_req.data + 9, 4), 5);
    CHECK_MEM(seen_req.data + 13, b, 5);
    CHECK_EQ(le(seen_req.data + 18, 4), 0xdeadbeef);

    /* full-size string */
    CHECK_EQ(idl_test_text(CAP_TEST, "0123456789abcdef", 16, NULL, 0, 0, s2, 16, &s2_len, b2,
                           sizeof b2, &b2_len, &tail2),
             CAP_OK);
    CHECK_EQ(s2_len, 16);
    CHECK_MEM(s2, "fedcba9876543210", 16);
    CHECK_EQ(b2_len, 0);

    /* server outputs over the bounds or with a NUL: CAP_ERR_BAD_ARGS, nothing sent */
    tail2 = 1;
    tst.mode = MODE_LONG_S2;
    CHECK_EQ(idl_test_text(CAP_TEST, "a", 1, NULL, 0, 7, s2, sizeof s2, &s2_len, b2, sizeof b2,
                           &b2_len, &tail2),
             CAP_ERR_BAD_ARGS);
    CHECK_EQ(seen_rep.len, 0);
    tst.mode = MODE_NUL_S2;
    CHECK_EQ(idl_test_text(CAP_TEST, "a", 1, NULL, 0, 7, s2, sizeof s2, &s2_len, b2, sizeof b2,
                           &b2_len, &tail2),
             CAP_ERR_BAD_ARGS);
    tst.mode = MODE_LONG_B2;
    CHECK_EQ(idl_test_text(CAP_TEST, "a", 1, NULL, 0, 7, s2, sizeof s2, &s2_len, b2, sizeof b2,
                           &b2_len, &tail2),
             CAP_ERR_BAD_ARGS);
    CHECK_EQ(tail2, 1);
    tst.mode = MODE_NORMAL;
}

static void test_caps_client(void) {
    ipc_cap_t rest[4] = {
        {CAP_HANDLE(21, 1), IPC_CAP_MOVE},
        {CAP_HANDLE(22, 1), IPC_CAP_COPY},
        {CAP_HANDLE(23, 1), IPC_CAP_MOVE},
        {CAP_HANDLE(24, 1), IPC_CAP_MOVE},
    };
    cap_t one = 0, many[4] = {0};
    uint32_t many_count = 0;
    uint16_t n = 0;
    unsigned before;

    tst.mode = MODE_NORMAL;
    CHECK_EQ(
        idl_test_caps(CAP_TEST, CAP_HANDLE(20, 1), 0x1234, rest, 3, &one, many, 4, &many_count, &n),
        CAP_OK);
    /* the request: `first` then the list, with data in between */
    CHECK_EQ(seen_req.ncaps, 4);
    CHECK_EQ(seen_req.caps[0].cap, CAP_HANDLE(20, 1));
    CHECK_EQ(seen_req.caps[0].mode, IPC_CAP_COPY);
    CHECK_EQ(seen_req.caps[1].cap, CAP_HANDLE(21, 1));
    CHECK_EQ(seen_req.caps[1].mode, IPC_CAP_MOVE);
    CHECK_EQ(seen_req.caps[2].mode, IPC_CAP_COPY);
    CHECK_EQ(seen_req.len, 2);
    CHECK_EQ(le(seen_req.data, 2), 0x1234);
    CHECK_EQ(tst.first, CAP_HANDLE(20, 1));
    CHECK_EQ(tst.tag, 0x1234);
    CHECK_EQ(tst.rest_count, 3);
    CHECK_EQ(tst.rest[2].cap, CAP_HANDLE(23, 1));
    /* the reply: `one` then the list, all moved */
    CHECK_EQ(one, ONE_CAP);
    CHECK_EQ(many_count, 4);
    CHECK_EQ(many[0], CAP_HANDLE(23, 1));
    CHECK_EQ(many[2], CAP_HANDLE(21, 1));
    CHECK_EQ(many[3], CAP_HANDLE(20, 1));
    CHECK_EQ(n, 0x1235);
    CHECK_EQ(seen_rep.ncaps, 5);
    for (uint32_t i = 0; i < 5; i++)
        CHECK_EQ(seen_rep.caps[i].mode, IPC_CAP_MOVE);
    CHECK_EQ(seen_rep.caps[0].cap, ONE_CAP);

    /* an empty list each way... the reply list still holds `first` */
    CHECK_EQ(idl_test_caps(CAP_TEST, CAP_NULL, 0, NULL, 0, &one, many, 4, &many_count, &n), CAP_OK);
    CHECK_EQ(tst.rest_count, 0);
    CHECK_EQ(many_count, 1);
    CHECK_EQ(seen_req.ncaps, 1);

    /* reply list longer than the caller's capacity */
    many_count = 99;
    CHECK_EQ(idl_test_caps(CAP_TEST, CAP_NULL, 0, rest, 3, &one, many, 3, &many_count, &n),
             CAP_ERR_BAD_ARGS);
    CHECK_EQ(many_count, 99);

    /* too many caps in the request list: refused before sending */
    before = invokes;
    CHECK_EQ(idl_test_caps(CAP_TEST, CAP_NULL, 0, rest, 4, &one, many, 4, &many_count, &n),
             CAP_ERR_BAD_ARGS);
    CHECK_EQ(invokes, before);

    /* the op reports more caps than its capacity */
    tst.mode = MODE_MANY_CAPS;
    CHECK_EQ(idl_test_caps(CAP_TEST, CAP_NULL, 0, rest, 3, &one, many, 4, &many_count, &n),
             CAP_ERR_BAD_ARGS);
    CHECK_EQ(seen_rep.ncaps, 0);
    tst.mode = MODE_FAIL;
    CHECK_EQ(idl_test_caps(CAP_TEST, CAP_NULL, 0, rest, 3, &one, many, 4, &many_count, &n),
             CAP_ERR_TIMED_OUT);
    CHECK_EQ(seen_rep.ncaps, 0);
    tst.mode = MODE_NORMAL;
}

static void test_misc_client(void) {
    static uint8_t blob[1020], blob2[1020];
    uint32_t blob2_len = 0, y = 0;
    unsigned calls = tst.calls;

    CHECK_EQ(idl_test_nothing(CAP_TEST), CAP_OK);
    CHECK_EQ(tst.calls, calls + 1);
    CHECK_EQ(seen_rep.len, 0);
    CHECK_EQ(seen_rep.ncaps, 0);

    CHECK_EQ(idl_test_sparse(CAP_TEST, 42), CAP_OK);
    CHECK_EQ(tst.x, 42);
    CHECK_EQ(seen_req.label, IPC_LABEL(4000, 7));

    /* a request of exactly IPC_MAX_BYTES */
    for (size_t i = 0; i < sizeof blob; i++)
        blob[i] = (uint8_t)(i ^ 0x3c);
    CHECK_EQ(idl_test_big(CAP_TEST, blob, sizeof blob, blob2, sizeof blob2, &blob2_len), CAP_OK);
    CHECK_EQ(seen_req.len, IPC_MAX_BYTES);
    CHECK_EQ(blob2_len, sizeof blob);
    CHECK_MEM(blob2, blob, sizeof blob);

    /* two interfaces from one schema, each refusing the other's requests */
    CHECK_EQ(idl_test_peer_ping(CAP_PEER, 41, &y), CAP_OK);
    CHECK_EQ(y, 42);
    y = 0;
    CHECK_EQ(idl_test_peer_ping(CAP_TEST, 41, &y), CAP_ERR_BAD_METHOD);
    CHECK_EQ(y, 0);
    CHECK_EQ(idl_test_nothing(CAP_PEER), CAP_ERR_BAD_METHOD);
}

static void test_unset_outputs(void) {
    uint64_t v = 1;
    char s[8];
    uint8_t b[8];
    uint32_t s_len = 1, b_len = 1, cs_count = 1;
    cap_t c = 1, cs[2] = {1, 1};
    static const uint8_t zeros[16];

    tst.mode = MODE_NORMAL;
    dirty_stack();
    CHECK_EQ(idl_test_unset(CAP_TEST, &v, s, sizeof s, &s_len, b, sizeof b, &b_len, &c, cs, 2,
                            &cs_count),
             CAP_OK);
    CHECK_EQ(seen_rep.len, 8 + 4 + 4);
    CHECK_MEM(seen_rep.data, zeros, 16);
    CHECK_EQ(seen_rep.ncaps, 1);
    CHECK_EQ(seen_rep.caps[0].cap, CAP_NULL);
    CHECK_EQ(v, 0);
    CHECK_EQ(s_len, 0);
    CHECK_EQ(s[0], '\0');
    CHECK_EQ(b_len, 0);
    CHECK_EQ(c, CAP_NULL);
    CHECK_EQ(cs_count, 0);

    /* lengths reported without writing the buffers: zeros are sent */
    tst.mode = MODE_LENGTHS;
    dirty_stack();
    memset(b, 0x77, sizeof b);
    CHECK_EQ(idl_test_unset(CAP_TEST, &v, s, sizeof s, &s_len, b, sizeof b, &b_len, &c, cs, 2,
                            &cs_count),
             CAP_OK);
    CHECK_EQ(b_len, 8);
    CHECK_MEM(b, zeros, 8);
    CHECK_EQ(cs_count, 2);
    CHECK_EQ(cs[0], CAP_NULL);
    CHECK_EQ(cs[1], CAP_NULL);
    tst.mode = MODE_NORMAL;
}

/* ---- hostile requests straight to the dispatchers ---------------------------- */

static void entry_req(ipc_msg_t *m, uint32_t index) {
    msg_init(m, BOOT_PACKAGE_IFACE_ID, BOOT_PACKAGE_ENTRY);
    msg_uint(m, index, 4);
}

/* read(name, offset 0, len 4) with the given length prefix for name */
static void read_req(ipc_msg_t *m, uint32_t prefix, const char *name, uint32_t name_len) {
    msg_init(m, BOOT_PACKAGE_IFACE_ID, BOOT_PACKAGE_READ);
    msg_uint(m, prefix, 4);
    msg_raw(m, name, name_len);
    msg_uint(m, 0, 8);
    msg_uint(m, 4, 4);
}

/* Expects `status` from the dispatcher behind cap, and the op not called. */
static void expect_rejected(cap_t cap, const ipc_msg_t *req, cap_err_t status, int line) {
    static ipc_msg_t rep;
    unsigned calls = boot.calls + spawner.calls + tst.calls;

    check_eq((uint64_t)serve(cap, req, &rep), status, "dispatch status", line);
    check_eq(boot.calls + spawner.calls + tst.calls, calls, "op calls", line);
}

#define REJECTED(cap, req, status) expect_rejected((cap), (req), (status), __LINE__)

static void test_hostile_requests(void) {
    static ipc_msg_t req, rep;
    boot_package_server_ops_t partial = boot_ops;

    /* baseline: the hand-built request is accepted and answered exactly */
    entry_req(&req, 0);
    CHECK_EQ(serve(CAP_BOOT, &req, &rep), CAP_OK);
    CHECK_EQ(rep.len, 4 + 4 + 8);
    CHECK_MEM(rep.data + 4, "init", 4);
    CHECK_EQ(rep.ncaps, 0);
    read_req(&req, 4, "init", 4);
    CHECK_EQ(serve(CAP_BOOT, &req, &rep), CAP_OK);
    CHECK_EQ(rep.len, 8);
    CHECK_EQ(le(rep.data, 4), 4);

    /* routing */
    entry_req(&req, 0);
    req.label = IPC_LABEL(PROCESS_SPAWNER_IFACE_ID, BOOT_PACKAGE_ENTRY);
    REJECTED(CAP_BOOT, &req, CAP_ERR_BAD_METHOD);
    req.label = IPC_LABEL(BOOT_PACKAGE_IFACE_ID, BOOT_PACKAGE_ENTRY) | 1ull << 48;
    REJECTED(CAP_BOOT, &req, CAP_ERR_BAD_METHOD);
    req.label = IPC_LABEL(BOOT_PACKAGE_IFACE_ID, 3);
    REJECTED(CAP_BOOT, &req, CAP_ERR_BAD_METHOD);
    req.label = IPC_LABEL(BOOT_PACKAGE_IFACE_ID, 0xffff);
    REJECTED(CAP_BOOT, &req, CAP_ERR_BAD_METHOD);
    msg_init(&req, IDL_TEST_IFACE_ID, 5); /* a hole in the sparse table */
    REJECTED(CAP_TEST, &req, CAP_ERR_BAD_METHOD);
    msg_init(&req, IDL_TEST_IFACE_ID, IDL_TEST_NOTHING);
    CHECK_EQ(serve(CAP_TEST, &req, &rep), CAP_OK);

    /* a NULL op, and no ops at all */
    partial.entry = NULL;
    entry_req(&req, 0);
    memset(&rep, 0x5a, sizeof rep);
    CHECK_EQ(boot_package_dispatch(&partial, &boot, &req, &rep), CAP_ERR_BAD_METHOD);
    CHECK_EQ(rep.label, CAP_ERR_BAD_METHOD);
    CHECK_EQ(rep.len, 0);
    CHECK_EQ(rep.ncaps, 0);
    CHECK_EQ(boot_package_dispatch(NULL, &boot, &req, &rep), CAP_ERR_BAD_METHOD);
    partial.entry = boot_entry;
    CHECK_EQ(boot_package_dispatch(&partial, &boot, &req, &rep), CAP_OK);

    /* payload length */
    entry_req(&req, 0);
    req.len = 3;
    REJECTED(CAP_BOOT, &req, CAP_ERR_BAD_ARGS);
    req.len = 0;
    REJECTED(CAP_BOOT, &req, CAP_ERR_BAD_ARGS);
    entry_req(&req, 0);
    msg_uint(&req, 0, 1);
    REJECTED(CAP_BOOT, &req, CAP_ERR_BAD_ARGS);
    msg_init(&req, BOOT_PACKAGE_IFACE_ID, BOOT_PACKAGE_COUNT);
    msg_uint(&req, 0, 1);
    REJECTED(CAP_BOOT, &req, CAP_ERR_BAD_ARGS);
    read_req(&req, 4, "init", 4);
    req.len--;
    REJECTED(CAP_BOOT, &req, CAP_ERR_BAD_ARGS);

    /* len over IPC_MAX_BYTES, checked before anything else */
    msg_init(&req, BOOT_PACKAGE_IFACE_ID, BOOT_PACKAGE_COUNT);
    req.len = IPC_MAX_BYTES + 1;
    REJECTED(CAP_BOOT, &req, CAP_ERR_BAD_ARGS);
    req.len = 0xffffffffu;
    REJECTED(CAP_BOOT, &req, CAP_ERR_BAD_ARGS);
    req.label = IPC_LABEL(99, 99);
    REJECTED(CAP_BOOT, &req, CAP_ERR_BAD_ARGS);

    /* length prefixes */
    read_req(&req, 48, NAME48, 48);
    CHECK_EQ(serve(CAP_BOOT, &req, &rep), CAP_OK);
    read_req(&req, 49, NAME48 "M", 49);
    REJECTED(CAP_BOOT, &req, CAP_ERR_BAD_ARGS);
    read_req(&req, 0xffffffffu, "init", 4);
    REJECTED(CAP_BOOT, &req, CAP_ERR_BAD_ARGS);
    read_req(&req, 0x80000004u, "init", 4);
    REJECTED(CAP_BOOT, &req, CAP_ERR_BAD_ARGS);
    msg_init(&req, BOOT_PACKAGE_IFACE_ID, BOOT_PACKAGE_READ); /* within N, past the end */
    msg_uint(&req, 40, 4);
    msg_raw(&req, "init", 4);
    REJECTED(CAP_BOOT, &req, CAP_ERR_BAD_ARGS);
    msg_init(&req, IDL_TEST_IFACE_ID, IDL_TEST_BIG);
    msg_uint(&req, 1021, 4);
    req.len = IPC_MAX_BYTES;
    REJECTED(CAP_TEST, &req, CAP_ERR_BAD_ARGS);
    req.data[0] = 0xfc; /* 1020: exactly fills the message */
    CHECK_EQ(serve(CAP_TEST, &req, &rep), CAP_OK);

    /* strings with a NUL */
    read_req(&req, 4, "in\0t", 4);
    REJECTED(CAP_BOOT, &req, CAP_ERR_BAD_ARGS);
    read_req(&req, 5, "init\0", 5);
    REJECTED(CAP_BOOT, &req, CAP_ERR_BAD_ARGS);
    read_req(&req, 1, "\0", 1);
    REJECTED(CAP_BOOT, &req, CAP_ERR_BAD_ARGS);

    /* cap counts */
    msg_init(&req, PROCESS_SPAWNER_IFACE_ID, PROCESS_SPAWNER_BIND_SESSION);
    REJECTED(CAP_SPAWNER, &req, CAP_ERR_BAD_ARGS);
    msg_cap(&req, CAP_HANDLE(9, 1), IPC_CAP_COPY);
    CHECK_EQ(serve(CAP_SPAWNER, &req, &rep), CAP_OK);
    msg_cap(&req, CAP_HANDLE(9, 2), IPC_CAP_COPY);
    REJECTED(CAP_SPAWNER, &req, CAP_ERR_BAD_ARGS);
    entry_req(&req, 0);
    msg_cap(&req, CAP_HANDLE(9, 1), IPC_CAP_COPY);
    REJECTED(CAP_BOOT, &req, CAP_ERR_BAD_ARGS);
    msg_init(&req, IDL_TEST_IFACE_ID, IDL_TEST_CAPS); /* first + 4 > caps<3> */
    msg_uint(&req, 7, 2);
    for (uint32_t i = 0; i < 5; i++)
        msg_cap(&req, CAP_HANDLE(30 + i, 1), IPC_CAP_COPY);
    REJECTED(CAP_TEST, &req, CAP_ERR_BAD_ARGS);
    req.ncaps = 4;
    CHECK_EQ(serve(CAP_TEST, &req, &rep), CAP_OK);
    req.ncaps = 0;
    REJECTED(CAP_TEST, &req, CAP_ERR_BAD_ARGS);
    msg_init(&req, PROCESS_SPAWNER_IFACE_ID, PROCESS_SPAWNER_SPAWN);
    msg_blob(&req, "init", 4);
    msg_blob(&req, "", 0);
    for (uint32_t i = 0; i < 8; i++)
        msg_cap(&req, CAP_HANDLE(40 + i, 1), IPC_CAP_COPY);
    CHECK_EQ(serve(CAP_SPAWNER, &req, &rep), CAP_OK);
    req.ncaps = IPC_MAX_CAPS + 1;
    REJECTED(CAP_SPAWNER, &req, CAP_ERR_BAD_ARGS);
    req.ncaps = 0xffffffffu;
    REJECTED(CAP_SPAWNER, &req, CAP_ERR_BAD_ARGS);
}

/* req and rep may be one message. */
static void test_in_place(void) {
    static ipc_msg_t m;
    unsigned calls = boot.calls;

    read_req(&m, 5, "shell", 5);
    CHECK_EQ(boot_package_dispatch(&boot_ops, &boot, &m, &m), CAP_OK);
    CHECK_EQ(boot.calls, calls + 1);
    CHECK_MEM(boot.name, "shell", 5);
    CHECK_EQ(m.label, CAP_OK);
    CHECK_EQ(m.len, 8);
    CHECK_EQ(le(m.data, 4), 4);
    CHECK_EQ(m.data[4], pattern(0));

    read_req(&m, 5, "sh\0ll", 5);
    CHECK_EQ(boot_package_dispatch(&boot_ops, &boot, &m, &m), CAP_ERR_BAD_ARGS);
    CHECK_EQ(m.label, CAP_ERR_BAD_ARGS);
    CHECK_EQ(m.len, 0);
}

/* ---- hostile replies to the client stubs ------------------------------------- */

/* A valid reply to BootPackage.entry: name, size. */
static void entry_reply(const char *name, uint32_t prefix, uint32_t name_len) {
    msg_init(&hostile, 0, 0);
    msg_uint(&hostile, prefix, 4);
    msg_raw(&hostile, name, name_len);
    msg_uint(&hostile, 4242, 8);
}

/* Calls BootPackage.entry on CAP_HOSTILE; on failure checks outputs kept. */
static cap_err_t hostile_entry(int line) {
    char name[64];
    uint32_t name_len = 555;
    uint64_t size = 666;
    cap_err_t err;

    memset(name, 'X', sizeof name);
    err = boot_package_entry(CAP_HOSTILE, 0, name, sizeof name, &name_len, &size);
    if (err == CAP_OK) {
        check_eq(size, 4242, "size", line);
    } else {
        check(name[0] == 'X' && name_len == 555 && size == 666, "outputs untouched", line);
    }
    return err;
}

#define HOSTILE_ENTRY() hostile_entry(__LINE__)

static void test_hostile_replies(void) {
    cap_t one = 5, many[4];
    uint32_t many_count = 5;
    uint16_t n = 5;
    cap_t launcher = 5;

    entry_reply("init", 4, 4);
    CHECK_EQ(HOSTILE_ENTRY(), CAP_OK);

    entry_reply("init", 4, 4);
    msg_uint(&hostile, 0, 1);
    CHECK_EQ(HOSTILE_ENTRY(), CAP_ERR_BAD_ARGS); /* trailing byte */
    entry_reply("init", 4, 4);
    hostile.len--;
    CHECK_EQ(HOSTILE_ENTRY(), CAP_ERR_BAD_ARGS); /* truncated */
    entry_reply(NAME48 "M", 49, 49);
    CHECK_EQ(HOSTILE_ENTRY(), CAP_ERR_BAD_ARGS); /* over string<48> */
    entry_reply("init", 0xffffffffu, 4);
    CHECK_EQ(HOSTILE_ENTRY(), CAP_ERR_BAD_ARGS);
    entry_reply("init", 0xfffffff8u, 4); /* would wrap a 32-bit offset */
    CHECK_EQ(HOSTILE_ENTRY(), CAP_ERR_BAD_ARGS);
    entry_reply("i\0it", 4, 4);
    CHECK_EQ(HOSTILE_ENTRY(), CAP_ERR_BAD_ARGS);
    entry_reply("init", 4, 4);
    msg_cap(&hostile, CAP_HANDLE(3, 3), IPC_CAP_MOVE);
    CHECK_EQ(HOSTILE_ENTRY(), CAP_ERR_BAD_ARGS); /* unexpected cap */
    entry_reply("init", 4, 4);
    hostile.len = IPC_MAX_BYTES + 1;
    CHECK_EQ(HOSTILE_ENTRY(), CAP_ERR_BAD_ARGS);
    entry_reply("init", 4, 4);
    hostile.ncaps = IPC_MAX_CAPS + 1;
    CHECK_EQ(HOSTILE_ENTRY(), CAP_ERR_BAD_ARGS);

    /* the status label */
    entry_reply("init", 4, 4);
    hostile.label = 1ull << 32; /* would read as CAP_OK if truncated */
    CHECK_EQ(HOSTILE_ENTRY(), CAP_ERR_BAD_ARGS);
    hostile.label = CAP_ERR__COUNT;
    CHECK_EQ(HOSTILE_ENTRY(), CAP_ERR_BAD_ARGS);
    hostile.label = CAP_ERR_DENIED;
    CHECK_EQ(HOSTILE_ENTRY(), CAP_ERR_DENIED);

    /* cap outputs */
    msg_init(&hostile, 0, 0);
    CHECK_EQ(process_spawner_bind_session(CAP_HOSTILE, CAP_NULL, &launcher), CAP_ERR_BAD_ARGS);
    msg_cap(&hostile, CAP_HANDLE(8, 1), IPC_CAP_MOVE);
    msg_cap(&hostile, CAP_HANDLE(8, 2), IPC_CAP_MOVE);
    CHECK_EQ(process_spawner_bind_session(CAP_HOSTILE, CAP_NULL, &launcher), CAP_ERR_BAD_ARGS);
    CHECK_EQ(launcher, 5);
    hostile.ncaps = 1;
    CHECK_EQ(process_spawner_bind_session(CAP_HOSTILE, CAP_NULL, &launcher), CAP_OK);
    CHECK_EQ(launcher, CAP_HANDLE(8, 1));

    /* caps<4> output: one + 0..4 */
    msg_init(&hostile, 0, 0);
    msg_uint(&hostile, 3, 2);
    for (uint32_t i = 0; i < 6; i++)
        msg_cap(&hostile, CAP_HANDLE(60 + i, 1), IPC_CAP_MOVE);
    CHECK_EQ(idl_test_caps(CAP_HOSTILE, CAP_NULL, 0, NULL, 0, &one, many, 4, &many_count, &n),
             CAP_ERR_BAD_ARGS);
    CHECK_EQ(one, 5);
    CHECK_EQ(many_count, 5);
    hostile.ncaps = 5;
    CHECK_EQ(idl_test_caps(CAP_HOSTILE, CAP_NULL, 0, NULL, 0, &one, many, 4, &many_count, &n),
             CAP_OK);
    CHECK_EQ(one, CAP_HANDLE(60, 1));
    CHECK_EQ(many_count, 4);
    CHECK_EQ(many[3], CAP_HANDLE(64, 1));
    CHECK_EQ(n, 3);
    hostile.ncaps = 0;
    CHECK_EQ(idl_test_caps(CAP_HOSTILE, CAP_NULL, 0, NULL, 0, &one, many, 4, &many_count, &n),
             CAP_ERR_BAD_ARGS);
}

int main(void) {
    test_boot_client();
    test_boot_client_rejects_bad_inputs();
    test_spawner_client();
    test_scalars_client();
    test_text_client();
    test_caps_client();
    test_misc_client();
    test_unset_outputs();
    test_hostile_requests();
    test_in_place();
    test_hostile_replies();
    printf("%u passed, %u failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
