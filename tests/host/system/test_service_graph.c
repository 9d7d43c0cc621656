/* Service graph validation: each refusal case init boots into, the start
 * order, and the messages both init and the host compiler print. */
#include <stdlib.h>

#include "capos/service_graph.h"
#include "check.h"

static system_t sys;
static sg_result_t res;
static char msg[512];

static const char *const entries[] = {"init", "a", "b", "c", "hello", "credentials", NULL};
static const char *const roots[] = {"console", "memory", "clock", "bootpackage", NULL};

static bool in(const char *const *list, const char *name) {
    for (; *list; list++)
        if (!strcmp(*list, name))
            return true;
    return false;
}

static bool has_entry(void *ctx, const char *name) {
    return in(ctx ? ctx : entries, name);
}

static bool has_root(void *ctx, const char *name) {
    (void)ctx;
    return in(roots, name);
}

static const sg_env_t env = {NULL, has_entry, has_root, NULL};
static const sg_env_t *env_now = &env;

static sg_err_t check_text(const char *text) {
    CHECK_EQ(system_manifest_parse(text, strlen(text), &sys, NULL), SYS_PARSE_OK);
    sg_err_t err = service_graph_check(&sys, env_now, &res);
    service_graph_describe(&sys, &res, msg, sizeof msg);
    return err;
}

/* Expects err, reported on line with a message containing text. */
static void expect(const char *manifest, sg_err_t err, uint32_t line, const char *text) {
    CHECK_EQ(check_text(manifest), err);
    CHECK_EQ(service_graph_line(&sys, &res), line);
    if (!CHECK(strstr(msg, text) != NULL))
        fprintf(stderr, "    message: %s\n    wanted: %s\n", msg, text);
}

static void expect_order(const char *manifest, const char *want) {
    char got[256] = "";
    CHECK_EQ(check_text(manifest), SG_OK);
    for (uint32_t i = 0; i < res.norder; i++) {
        strcat(got, sys.services[res.order[i]].name);
        strcat(got, i + 1 < res.norder ? " " : "");
    }
    if (!CHECK(!strcmp(got, want)))
        fprintf(stderr, "    order: %s, wanted %s\n", got, want);
}

static void test_order(void) {
    expect_order("service a binary a\nservice b binary b\nservice c binary c\n", "a b c");
    expect_order("service a binary a after c\nservice b binary b\nservice c binary c\n", "b c a");
    expect_order("service c binary c grant x=export:a.e\n"
                 "service b binary b after c\n"
                 "service a binary a export e\n",
                 "a c b");
    /* diamond: d needs b and c, both need a */
    expect_order("service d binary a after b c\nservice c binary a after a\n"
                 "service b binary a after a\nservice a binary a\n",
                 "a c b d");
    CHECK_EQ(res.norder, 4);
}

static void test_refusals(void) {
    expect("", SG_ERR_NO_SERVICES, 0, "declares no services");
    expect("service a binary a\nservice b binary b\nservice a binary c\n", SG_ERR_DUPLICATE_NAME, 3,
           "service 'a': duplicate service name (first on line 1)");
    expect("service a binary nosuch\n", SG_ERR_UNKNOWN_BINARY, 1,
           "service 'a': unknown binary 'nosuch' (not in the boot package)");
    expect("service a binary a\nservice b binary b after a ghost\n", SG_ERR_MISSING_DEPENDENCY, 2,
           "service 'b': depends on 'ghost', which is not a service");
    expect("service a binary a grant t=export:ghost.tty\n", SG_ERR_MISSING_DEPENDENCY, 1,
           "grant 't' needs export:ghost.tty, but there is no service 'ghost'");
    expect("service a binary a after c\nservice b binary b after a\nservice c binary c after b\n",
           SG_ERR_CYCLE, 1, "dependency cycle: a -> c -> b -> a (each needs the next)");
    expect("service a binary a after a\n", SG_ERR_CYCLE, 1, "dependency cycle: a -> a");
    expect("service x binary a\nservice a binary a export e grant p=export:b.f\n"
           "service b binary b export f grant q=export:a.e\n",
           SG_ERR_CYCLE, 2, "dependency cycle: a -> b -> a");
}

static void test_not_held(void) {
    expect("service a binary a grant c=root:nosuch\n", SG_ERR_NOT_HELD, 1,
           "grant 'c': init holds no capability 'root:nosuch'");
    expect("service a binary a export e\nservice b binary b grant c=export:a.nope\n",
           SG_ERR_NOT_HELD, 2, "grant 'c': service 'a' exports no 'nope'");
    expect("service a binary a grant c=file:secret\n", SG_ERR_NOT_HELD, 1,
           "grant 'c': file 'secret' is not in the boot package");
    expect("service a binary a grant c=ioports:0x3f8+8\n", SG_ERR_NOT_HELD, 1,
           "grant 'c': init holds no ioports capability");
    expect("service a binary a grant c=irq:4\n", SG_ERR_NOT_HELD, 1,
           "grant 'c': init holds no irq_control capability");
    CHECK_EQ(check_text("service a binary a grant c=file:credentials m=memory:4 s=shutdown\n"),
             SG_OK);
}

/* The bus of the pci tests: two 1af4:1000 and one 8086:10d3. */
static uint32_t bus_devices(void *ctx, uint32_t vendor, uint32_t device) {
    (void)ctx;
    if (vendor == 0x1af4 && device == 0x1000)
        return 2;
    return vendor == 0x8086 && device == 0x10d3 ? 1 : 0;
}

static bool has_pci_root(void *ctx, const char *name) {
    (void)ctx;
    return in(roots, name) || !strcmp(name, "pci");
}

static void test_pci(void) {
    /* without init's PciBus no device can be granted */
    expect("service a binary a grant nic=pci:1af4:1000\n", SG_ERR_NOT_HELD, 1,
           "service 'a': grant 'nic': init holds no pci capability");
    const sg_env_t no_bus = {NULL, has_entry, has_pci_root, NULL};
    const sg_env_t bus = {NULL, has_entry, has_pci_root, bus_devices};
    /* the host compiler does not know the bus: it counts nothing */
    env_now = &no_bus;
    CHECK_EQ(check_text("service a binary a grant n=pci:1af4:1000 m=pci:1af4:1000 "
                        "o=pci:1af4:1000\n"),
             SG_OK);
    /* at boot: one device per grant, the n-th grant of an id needs n devices */
    env_now = &bus;
    CHECK_EQ(check_text("service a binary a grant n=pci:1af4:1000\n"
                        "service b binary b grant n=pci:1AF4:1000 e=pci:8086:10d3\n"),
             SG_OK);
    expect("service a binary a grant n=pci:1af4:1000\nservice b binary b grant e=pci:8086:10d3\n"
           "service c binary c grant x=pci:8086:10d3 n=pci:1af4:1000\n",
           SG_ERR_NO_DEVICE, 3,
           "service 'c': grant 'x': no PCI device 8086:10d3 is left (the bus has 1, all granted "
           "before this one)");
    CHECK_EQ(res.item, 0);
    expect("service a binary a grant n=pci:1af4:1000 m=pci:1af4:1000 o=pci:1af4:1000\n",
           SG_ERR_NO_DEVICE, 1, "grant 'o': no PCI device 1af4:1000 is left (the bus has 2");
    CHECK_EQ(res.item, 2);
    CHECK_EQ(res.other, 2);
    expect("service a binary a grant console=root:console gpu=pci:1234:1111\n", SG_ERR_NO_DEVICE, 1,
           "service 'a': grant 'gpu': there is no PCI device 1234:1111");
    env_now = &env;
}

static void test_capnames(void) {
    expect("service a binary a grant c=shutdown c=root:console\n", SG_ERR_DUPLICATE_CAPNAME, 1,
           "CapSet name 'c' given twice");
    expect("service a binary a export e e\n", SG_ERR_DUPLICATE_CAPNAME, 1,
           "service 'a': export 'e' declared twice");
    expect("service a binary a export e=server f=server\n", SG_ERR_DUPLICATE_CAPNAME, 1,
           "service 'a': CapSet name 'server' given twice");
    expect("service a binary a grant server=shutdown export e=server\n", SG_ERR_DUPLICATE_CAPNAME,
           1, "service 'a': CapSet name 'server' given twice");
    CHECK_EQ(check_text("service a binary a grant e=shutdown export e=server\n"), SG_OK);
    expect("service a binary a grant a=shutdown b=shutdown c=shutdown d=shutdown e=shutdown "
           "f=shutdown\n    export x y z\n",
           SG_ERR_TOO_MANY_CAPS, 1,
           "needs 9 capabilities (6 grants + 3 exports), but one spawn carries at most 8");
    CHECK_EQ(check_text("service a binary a grant a=shutdown b=shutdown c=shutdown d=shutdown "
                        "e=shutdown export x y z\n"),
             SG_OK);
}

static void test_profiles(void) {
    expect("service a binary a\nprofile p launcher=hello\nprofile p\n", SG_ERR_DUPLICATE_NAME, 3,
           "profile 'p': duplicate profile name (first on line 2)");
    expect("service a binary a\nprofile p launcher=hello,ghost\n", SG_ERR_UNKNOWN_BINARY, 2,
           "profile 'p': launcher binary 'ghost' is not in the boot package");
}

/* The first problem in manifest order wins; duplicates come first. */
static void test_precedence(void) {
    expect("service a binary nosuch after ghost\nservice a binary a\n", SG_ERR_DUPLICATE_NAME, 2,
           "duplicate");
    expect("service a binary nosuch after ghost\n", SG_ERR_UNKNOWN_BINARY, 1, "unknown binary");
}

static void test_helpers(void) {
    CHECK_EQ(check_text("service a binary a export e f\nservice b binary b\n"), SG_OK);
    CHECK_EQ(sys_find_service(&sys, "b"), 1);
    CHECK_EQ(sys_find_service(&sys, "c"), -1);
    CHECK_EQ(sys_export_index(&sys.services[0], "f"), 1);
    CHECK_EQ(sys_export_index(&sys.services[0], "g"), -1);
    char tiny[8];
    CHECK(service_graph_describe(&sys, &res, tiny, sizeof tiny) == 2 && !strcmp(tiny, "ok"));
    CHECK_EQ(check_text("service a binary a after c\nservice b binary b\nservice c binary c "
                        "after a\n"),
             SG_ERR_CYCLE);
    int full = service_graph_describe(&sys, &res, tiny, sizeof tiny);
    CHECK(full > (int)sizeof tiny && strlen(tiny) == sizeof tiny - 1);
}

int main(void) {
    test_order();
    test_refusals();
    test_not_held();
    test_pci();
    test_capnames();
    test_profiles();
    test_precedence();
    test_helpers();
    return check_summary();
}
