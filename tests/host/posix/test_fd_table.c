/* The descriptor table (fd_table.h), stat contents (fd_stat.h) and poll
 * readiness (fd_poll.h). */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>

#include "check.h"
#include "fd_poll.h"
#include "fd_stat.h"
#include "fd_table.h"

static fd_entry_t pkgfile(const char *name, uint64_t size) {
    fd_entry_t e = {.kind = FD_KIND_PKGFILE, .flags = O_RDONLY, .cap = 7, .size = size};
    e.name_len = (uint32_t)strlen(name);
    memcpy(e.name, name, e.name_len + 1);
    return e;
}

static void test_initial_and_allocation(void) {
    static fd_table_t t;
    fd_table_init(&t, true);
    CHECK_EQ(fd_lookup(&t, 0)->kind, FD_KIND_NULL);
    CHECK_EQ(fd_lookup(&t, 1)->kind, FD_KIND_CONSOLE);
    CHECK_EQ(fd_lookup(&t, 2)->kind, FD_KIND_CONSOLE);
    CHECK(fd_lookup(&t, 3) == NULL);
    CHECK(fd_lookup(&t, -1) == NULL);
    CHECK(fd_lookup(&t, POSIX_FD_MAX) == NULL);
    CHECK(fd_lookup(&t, 1 << 30) == NULL);

    fd_entry_t f = pkgfile("config", 10);
    CHECK_EQ(fd_install(&t, &f), 3);
    CHECK_EQ(fd_install(&t, &f), 4);
    CHECK_EQ(fd_close(&t, 3), 0);
    CHECK_EQ(fd_close(&t, 3), -EBADF);
    CHECK_EQ(fd_install(&t, &f), 3); /* lowest free first */
    CHECK_EQ(fd_close(&t, 1), 0);
    CHECK_EQ(fd_install(&t, &f), 1);
    for (int i = 5; i < POSIX_FD_MAX; i++)
        CHECK_EQ(fd_install(&t, &f), i);
    CHECK_EQ(fd_install(&t, &f), -EMFILE);
    CHECK_EQ(fd_close(&t, -1), -EBADF);
    CHECK_EQ(fd_close(&t, POSIX_FD_MAX), -EBADF);

    fd_table_init(&t, false); /* no console cap: 1 and 2 closed */
    CHECK(fd_lookup(&t, 1) == NULL && fd_lookup(&t, 2) == NULL);
    CHECK_EQ(fd_install(&t, &f), 1);
}

static void test_seek(void) {
    fd_entry_t f = pkgfile("config", 100);
    CHECK_EQ(fd_seek(&f, 10, SEEK_SET), 10);
    CHECK_EQ(fd_seek(&f, 5, SEEK_CUR), 15);
    CHECK_EQ(fd_seek(&f, -20, SEEK_END), 80);
    CHECK_EQ(fd_seek(&f, 50, SEEK_END), 150); /* past the end is allowed */
    CHECK_EQ(fd_seek(&f, -151, SEEK_CUR), -EINVAL);
    CHECK_EQ((long long)f.offset, 150);
    CHECK_EQ(fd_seek(&f, INT64_MAX, SEEK_CUR), -EINVAL); /* overflow */
    CHECK_EQ(fd_seek(&f, 0, 42), -EINVAL);
    fd_entry_t c = {.kind = FD_KIND_CONSOLE, .flags = O_WRONLY};
    CHECK_EQ(fd_seek(&c, 0, SEEK_SET), -ESPIPE);
    fd_entry_t u = {.kind = FD_KIND_URANDOM, .flags = O_RDONLY};
    CHECK_EQ(fd_seek(&u, 0, SEEK_SET), -ESPIPE);
}

static void test_access_and_poll(void) {
    fd_entry_t f = pkgfile("config", 1);
    fd_entry_t c = {.kind = FD_KIND_CONSOLE, .flags = O_WRONLY};
    fd_entry_t n = {.kind = FD_KIND_NULL, .flags = O_RDWR};
    fd_entry_t stdin_null = {.kind = FD_KIND_NULL, .flags = O_RDONLY};
    CHECK(fd_can_read(&f) && !fd_can_write(&f));
    CHECK(!fd_can_read(&c) && fd_can_write(&c));
    CHECK(fd_can_read(&n) && fd_can_write(&n));
    CHECK(fd_can_read(&stdin_null) && !fd_can_write(&stdin_null));
    CHECK_EQ(fd_poll_revents(NULL, POLLIN), POLLNVAL);
    CHECK_EQ(fd_poll_revents(&f, POLLIN | POLLOUT), POLLIN);
    CHECK_EQ(fd_poll_revents(&c, POLLIN | POLLOUT), POLLOUT);
    CHECK_EQ(fd_poll_revents(&c, POLLIN), 0);
    CHECK_EQ(fd_poll_revents(&n, POLLIN | POLLOUT), POLLIN | POLLOUT);
    CHECK_EQ(fd_poll_revents(&f, 0), 0);
}

static void test_stat(void) {
    struct stat st, other;
    fd_entry_t f = pkgfile("config", 1234);
    fd_stat(&f, &st);
    CHECK(S_ISREG(st.st_mode) && (st.st_mode & 0777) == 0444);
    CHECK_EQ(st.st_size, 1234);
    CHECK_EQ(st.st_blocks, 3);
    fd_entry_t g = pkgfile("secret", 1);
    fd_stat(&g, &other);
    CHECK(st.st_ino != other.st_ino && st.st_dev == other.st_dev);
    fd_entry_t u = {.kind = FD_KIND_URANDOM, .flags = O_RDONLY};
    fd_stat(&u, &st);
    CHECK(S_ISCHR(st.st_mode));
    path_stat(PATH_PKG_DIR, &st);
    CHECK(S_ISDIR(st.st_mode) && (st.st_mode & 0222) == 0);
    path_stat(PATH_DEV_NULL, &other);
    CHECK(S_ISCHR(other.st_mode) && other.st_ino != st.st_ino);
}

static void test_socket_entry(void) {
    fd_entry_t e = {.kind = FD_KIND_SOCKET, .flags = O_RDWR};
    CHECK(fd_can_read(&e));
    CHECK(fd_can_write(&e));
    CHECK_EQ(fd_seek(&e, 0, SEEK_SET), -ESPIPE);
    struct stat st;
    fd_stat(&e, &st);
    CHECK(S_ISSOCK(st.st_mode));
}

int main(void) {
    test_socket_entry();
    test_initial_and_allocation();
    test_seek();
    test_access_and_poll();
    test_stat();
    return check_summary();
}
