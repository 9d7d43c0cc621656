/* init's shutdown ordering over synthetic lifecycle tables: reverse start
 * order, exited services skipped, failures neither hang nor stop the
 * sequence, each exit reported once. */
#include <stdlib.h>

#include "check.h"
#include "lifecycle.h"

/* A fake kernel: per handle, whether the process has exited, its code, and
 * which operations fail. Every call and report is appended to log. */
typedef struct {
    bool exited[16];
    int64_t code[16];
    cap_err_t fail_terminate[16], fail_wait[16], fail_poll[16];
    char log[1024];
} fake_t;

static cap_err_t fake_poll(void *ctx, cap_t h, bool *exited, int64_t *code) {
    fake_t *f = ctx;
    if (f->fail_poll[h])
        return f->fail_poll[h];
    *exited = f->exited[h];
    *code = f->code[h];
    return CAP_OK;
}

static cap_err_t fake_terminate(void *ctx, cap_t h) {
    fake_t *f = ctx;
    if (f->fail_terminate[h])
        return f->fail_terminate[h];
    if (!f->exited[h]) {
        f->exited[h] = true;
        f->code[h] = -9;
    }
    return CAP_OK;
}

static cap_err_t fake_wait(void *ctx, cap_t h, int64_t *code) {
    fake_t *f = ctx;
    if (f->fail_wait[h])
        return f->fail_wait[h];
    if (!f->exited[h]) /* a real wait would block forever here */
        abort();
    *code = f->code[h];
    return CAP_OK;
}

static void fake_report(void *ctx, const lc_entry_t *e, lc_event_t ev, cap_err_t err) {
    static const char *const what[] = {"exited", "stopping", "stopped", "gone", "failed"};
    fake_t *f = ctx;
    size_t used = strlen(f->log);
    long v = ev == LC_EV_FAILED ? (long)err : (long)e->code;
    if (ev == LC_EV_STOPPING)
        snprintf(f->log + used, sizeof f->log - used, "%s:stopping ", e->name);
    else
        snprintf(f->log + used, sizeof f->log - used, "%s:%s(%ld) ", e->name, what[ev], v);
}

static fake_t fake;
static const lifecycle_ops_t ops = {&fake, fake_poll, fake_terminate, fake_wait, fake_report};

/* Services a..n started in that order with handles 1..n. */
static void table(lifecycle_t *lc, const char *names) {
    memset(&fake, 0, sizeof fake);
    lifecycle_init(lc);
    for (uint32_t i = 0; names[i]; i++) {
        char name[2] = {names[i], 0};
        CHECK(lifecycle_add(lc, name, 10 + i, i + 1));
    }
}

static void expect_log(const char *want) {
    if (!CHECK(!strcmp(fake.log, want)))
        fprintf(stderr, "    log:  %s\n    want: %s\n", fake.log, want);
}

static void test_reverse_order(void) {
    lifecycle_t lc;
    table(&lc, "abc");
    CHECK_EQ(lifecycle_shutdown(&lc, &ops), 0);
    expect_log("c:stopping c:stopped(-9) b:stopping b:stopped(-9) a:stopping a:stopped(-9) ");
    CHECK_EQ(lifecycle_running(&lc), 0);
    for (uint32_t i = 0; i < 3; i++)
        CHECK(lc.entries[i].state == LC_STOPPED && lc.entries[i].code == -9);
}

static void test_exited_before(void) {
    lifecycle_t lc;
    table(&lc, "abcd");
    fake.exited[2] = true; /* b */
    fake.code[2] = 3;
    CHECK_EQ(lifecycle_poll(&lc, &ops), 3);
    expect_log("b:exited(3) ");
    CHECK_EQ(lifecycle_poll(&lc, &ops), 3); /* reported once */
    expect_log("b:exited(3) ");
    fake.exited[4] = true; /* d exits between the last poll and shutdown */
    fake.code[4] = 0;
    fake.log[0] = '\0';
    CHECK_EQ(lifecycle_shutdown(&lc, &ops), 0);
    expect_log("d:gone(0) c:stopping c:stopped(-9) b:gone(3) a:stopping a:stopped(-9) ");
    CHECK(lc.entries[3].state == LC_EXITED && lc.entries[1].state == LC_EXITED);
}

static void test_failures_do_not_hang(void) {
    lifecycle_t lc;
    table(&lc, "abc");
    fake.fail_terminate[2] = CAP_ERR_NO_RIGHTS; /* b cannot be terminated */
    fake.fail_wait[3] = CAP_ERR_INVALID_CAP;    /* c cannot be waited for */
    CHECK_EQ(lifecycle_shutdown(&lc, &ops), 2);
    expect_log("c:stopping c:failed(1) b:stopping b:failed(4) a:stopping a:stopped(-9) ");
    CHECK(lc.entries[1].state == LC_LOST && lc.entries[2].state == LC_LOST);
    fake.log[0] = '\0';
    CHECK_EQ(lifecycle_shutdown(&lc, &ops), 0); /* nothing left to do */
    expect_log("");
}

static void test_poll_failure(void) {
    lifecycle_t lc;
    table(&lc, "abc");
    fake.fail_poll[1] = CAP_ERR_STALE_CAP;
    CHECK_EQ(lifecycle_poll(&lc, &ops), 2);
    expect_log("a:failed(2) ");
    CHECK_EQ(lc.entries[0].state, LC_LOST);
    CHECK_EQ(lifecycle_poll(&lc, &ops), 2); /* reported once, not every tick */
    expect_log("a:failed(2) ");
    /* at shutdown, a final poll that fails loses the entry without waiting */
    fake.fail_poll[3] = CAP_ERR_INVALID_CAP;
    fake.log[0] = '\0';
    CHECK_EQ(lifecycle_shutdown(&lc, &ops), 1);
    expect_log("c:failed(1) b:stopping b:stopped(-9) ");
}

static void test_table_limits(void) {
    lifecycle_t lc;
    lifecycle_init(&lc);
    CHECK(!lifecycle_add(&lc, "abcdefghijklmnopqrstuvwxyz012345", 0, 1)); /* 32 chars */
    CHECK(lifecycle_add(&lc, "abcdefghijklmnopqrstuvwxyz01234", 0, 1));
    for (uint32_t i = 1; i < LC_MAX_SERVICES; i++)
        CHECK(lifecycle_add(&lc, "s", i, i + 1));
    CHECK(!lifecycle_add(&lc, "t", 99, 99));
    CHECK_EQ(lc.count, LC_MAX_SERVICES);
    CHECK(lifecycle_by_service(&lc, 5) == &lc.entries[5]);
    CHECK(lifecycle_by_service(&lc, 99) == NULL);
}

int main(void) {
    test_reverse_order();
    test_exited_before();
    test_failures_do_not_hang();
    test_poll_failure();
    test_table_limits();
    return check_summary();
}
