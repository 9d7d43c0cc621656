/*
 * The generated reflection table (capos/idl/reflect.h): lookups by id and
 * name, field kinds and bounds, method order and back links, against the
 * schemas and the generated id macros.
 */
#include <string.h>

#include "check.h"

#include "capos/idl/broker.h"
#include "capos/idl/clock.h"
#include "capos/idl/idltest.h"
#include "capos/idl/reflect.h"
#include "capos/idl/terminal.h"

static void test_interfaces(void) {
    const idl_iface_desc_t *clock = idl_reflect_find_iface(CLOCK_IFACE_ID);

    CHECK(clock != NULL && strcmp(clock->name, "Clock") == 0);
    CHECK(idl_reflect_find_iface_by_name("Clock") == clock);
    CHECK(idl_reflect_find_iface_by_name("clock") == NULL);
    CHECK(idl_reflect_find_iface_by_name("Clock2") == NULL);
    CHECK(idl_reflect_find_iface_by_name("") == NULL);
    CHECK(idl_reflect_find_iface_by_name(NULL) == NULL);
    CHECK(idl_reflect_find_iface(0xffffffffu) == NULL);
    CHECK(idl_reflect_find_iface(IDL_TEST_IFACE_ID) != NULL);

    /* By ascending id, each method linked back to its interface. */
    for (uint32_t i = 0; i < IDL_REFLECT_IFACE_COUNT; i++) {
        const idl_iface_desc_t *it = &idl_reflect_ifaces[i];

        CHECK(i == 0 || idl_reflect_ifaces[i - 1].id < it->id);
        CHECK(it->nmethods > 0);
        CHECK(idl_reflect_find_iface(it->id) == it);
        for (uint32_t j = 0; j < it->nmethods; j++) {
            CHECK(it->methods[j].iface == it);
            CHECK(j == 0 || it->methods[j - 1].id < it->methods[j].id);
            CHECK(idl_reflect_find_method(it, it->methods[j].name) == &it->methods[j]);
            CHECK((it->methods[j].nargs == 0) == (it->methods[j].args == NULL));
            CHECK((it->methods[j].nresults == 0) == (it->methods[j].results == NULL));
        }
    }
}

static void test_methods(void) {
    const idl_iface_desc_t *term = idl_reflect_find_iface_by_name("TerminalSession");
    const idl_method_desc_t *rl = idl_reflect_find_method(term, "read_line");

    CHECK(rl != NULL && rl->id == TERMINAL_SESSION_READ_LINE);
    CHECK(idl_reflect_find_method_by_id(term, TERMINAL_SESSION_READ_LINE) == rl);
    CHECK(idl_reflect_find_method_by_id(term, 99) == NULL);
    CHECK(idl_reflect_find_method(term, "readline") == NULL);
    CHECK(idl_reflect_find_method(NULL, "read_line") == NULL);
    CHECK(idl_reflect_find_method(term, NULL) == NULL);
    CHECK_EQ(rl->nargs, 4);
    CHECK(strcmp(rl->args[0].name, "prompt") == 0);
    CHECK_EQ(rl->args[0].kind, IDL_KIND_STRING);
    CHECK_EQ(rl->args[0].bound, 200);
    CHECK_EQ(rl->args[1].kind, IDL_KIND_U32);
    CHECK_EQ(rl->args[1].bound, 0);
    CHECK_EQ(rl->nresults, 2);
    CHECK(strcmp(rl->results[1].name, "line") == 0);
    CHECK_EQ(rl->results[1].kind, IDL_KIND_BYTES);
    CHECK_EQ(rl->results[1].bound, 512);

    const idl_method_desc_t *sb =
        idl_reflect_find_method(idl_reflect_find_iface(AUTHORITY_BROKER_IFACE_ID), "shell_bundle");
    CHECK(sb != NULL && sb->id == AUTHORITY_BROKER_SHELL_BUNDLE);
    CHECK_EQ(sb->args[0].kind, IDL_KIND_CAP);
    CHECK_EQ(sb->results[2].kind, IDL_KIND_CAPS);
    CHECK_EQ(sb->results[2].bound, 5);

    /* A sparse method table: ids 4..6 unassigned. */
    const idl_iface_desc_t *t = idl_reflect_find_iface(IDL_TEST_IFACE_ID);
    CHECK(idl_reflect_find_method_by_id(t, 5) == NULL);
    CHECK(idl_reflect_find_method_by_id(t, IDL_TEST_SPARSE) != NULL);
    const idl_method_desc_t *sc = idl_reflect_find_method(t, "scalars");
    CHECK(sc != NULL && sc->nargs == 6);
    CHECK_EQ(sc->args[4].kind, IDL_KIND_I32);
    CHECK_EQ(sc->args[5].kind, IDL_KIND_I64);
}

static void test_kind_names(void) {
    static const char *const names[] = {"u8",  "u16",   "u32",    "u64", "i32",
                                        "i64", "bytes", "string", "cap", "caps"};

    CHECK_EQ(IDL_KIND__COUNT, 10);
    for (int k = 0; k < IDL_KIND__COUNT; k++)
        CHECK(strcmp(idl_reflect_kind_name((idl_kind_t)k), names[k]) == 0);
    CHECK(strcmp(idl_reflect_kind_name(IDL_KIND__COUNT), "?") == 0);
}

int main(void) {
    test_interfaces();
    test_methods();
    test_kind_names();
    return check_summary();
}
