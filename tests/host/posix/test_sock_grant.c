/* The net / net:PORT CapSet convention (sock_grant.h). */
#include "check.h"
#include "sock_grant.h"

static capset_t cs;

static void add(const char *name, cap_t cap, uint32_t type) {
    capset_entry_t *e = &cs.entries[cs.count++];
    memset(e, 0, sizeof(*e));
    strncpy(e->name, name, CAPSET_NAME_MAX - 1);
    e->cap = cap;
    e->type = type;
}

static void test_port_names(void) {
    char name[CAPSET_NAME_MAX];
    CHECK(sock_grant_port_name(22, name));
    CHECK(strcmp(name, "net:22") == 0);
    CHECK(sock_grant_port_name(65535, name));
    CHECK(strcmp(name, "net:65535") == 0);
    CHECK(sock_grant_port_name(1, name));
    CHECK(strcmp(name, "net:1") == 0);
    CHECK(!sock_grant_port_name(0, name));
    CHECK(!sock_grant_port_name(65536, name));
    CHECK(!sock_grant_port_name(UINT32_MAX, name));
}

static void test_lookup(void) {
    memset(&cs, 0, sizeof(cs));
    CHECK(!sock_grant_any(&cs));
    CHECK_EQ(sock_grant_for_port(&cs, 80, NULL), CAP_NULL);
    add("console", 3, CAP_TYPE_CONSOLE);
    add("net:8080", 11, CAP_TYPE_ENDPOINT);
    CHECK(sock_grant_any(&cs));
    CHECK_EQ(sock_grant_net(&cs), CAP_NULL);
    bool exact = false;
    CHECK_EQ(sock_grant_for_port(&cs, 8080, &exact), 11);
    CHECK(exact);
    CHECK_EQ(sock_grant_for_port(&cs, 80, &exact), CAP_NULL);
    CHECK(!exact);
    add("net", 10, CAP_TYPE_ENDPOINT);
    CHECK_EQ(sock_grant_net(&cs), 10);
    CHECK_EQ(sock_grant_for_port(&cs, 80, &exact), 10); /* the netstack judges net's port */
    CHECK(!exact);
    CHECK_EQ(sock_grant_for_port(&cs, 0, &exact), 10);
    CHECK_EQ(sock_grant_for_port(&cs, 8080, NULL), 11);
}

static void test_wrong_types_and_names(void) {
    memset(&cs, 0, sizeof(cs));
    add("net", 5, CAP_TYPE_CONSOLE); /* a net of another type is no facet */
    add("network", 6, CAP_TYPE_ENDPOINT);
    add("net:80x", 7, CAP_TYPE_ENDPOINT);
    CHECK_EQ(sock_grant_net(&cs), CAP_NULL);
    CHECK_EQ(sock_grant_for_port(&cs, 80, NULL), CAP_NULL);
    memset(&cs, 0, sizeof(cs));
    capset_entry_t *e = &cs.entries[cs.count++];
    memset(e->name, 'n', CAPSET_NAME_MAX); /* no NUL: matches nothing */
    e->type = CAP_TYPE_ENDPOINT;
    e->cap = 8;
    CHECK(!sock_grant_any(&cs));
    cs.count = 1000; /* a count beyond the entries is bounded */
    CHECK(!sock_grant_any(&cs));
    CHECK_EQ(sock_grant_net(&cs), CAP_NULL);
}

int main(void) {
    test_port_names();
    test_lookup();
    test_wrong_types_and_names();
    return check_summary();
}
