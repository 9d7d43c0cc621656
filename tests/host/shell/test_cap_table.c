/* The shell's named capability table. */
#include "cap_table.h"
#include "check.h"

int main(void) {
    static sh_caps_t t;
    char name[SH_NAME_MAX + 1];
    sh_caps_init(&t);
    CHECK(sh_caps_name_valid("terminal"));
    CHECK(sh_caps_name_valid("export:log.x-1_2"));
    CHECK(sh_caps_name_valid("abcdefghijklmnopqrstuvw"));   /* 23 */
    CHECK(!sh_caps_name_valid("abcdefghijklmnopqrstuvwx")); /* 24 */
    CHECK(!sh_caps_name_valid(""));
    CHECK(!sh_caps_name_valid("a b"));
    CHECK(!sh_caps_name_valid("a=b"));
    CHECK(!sh_caps_name_valid("@x"));

    CHECK_EQ(sh_caps_add(&t, "terminal", 5, 256, SH_FROM_CAPSET), SH_CAPS_OK);
    CHECK_EQ(sh_caps_add(&t, "terminal", 6, 256, SH_FROM_BUNDLE), SH_CAPS_EXISTS);
    CHECK_EQ(sh_caps_add(&t, "bad name", 6, 0, SH_FROM_BUNDLE), SH_CAPS_BAD_NAME);
    sh_cap_t *e = sh_caps_find(&t, "terminal");
    CHECK(e != NULL && e->cap == 5 && e->iface == 256 && e->origin == SH_FROM_CAPSET);
    CHECK(sh_caps_find(&t, "termina") == NULL);
    CHECK(sh_caps_find(&t, "terminal2") == NULL);

    /* fresh names skip those in use */
    CHECK(sh_caps_fresh_name(&t, "proc", name, sizeof name));
    CHECK(strcmp(name, "proc1") == 0);
    CHECK_EQ(sh_caps_add(&t, name, 7, 9, SH_FROM_SPAWN), SH_CAPS_OK);
    CHECK(sh_caps_fresh_name(&t, "proc", name, sizeof name));
    CHECK(strcmp(name, "proc2") == 0);
    CHECK(!sh_caps_fresh_name(&t, "abcdefghijklmnopqrstuvw", name, sizeof name)); /* too long */
    CHECK(!sh_caps_fresh_name(&t, "proc", name, 5)); /* "proc1" + NUL needs 6 */

    sh_caps_forget(sh_caps_find(&t, "proc1"));
    CHECK(sh_caps_find(&t, "proc1") == NULL);

    /* full table */
    uint32_t added = 0;
    for (uint32_t i = 0; i < SH_MAX_CAPS + 4; i++) {
        if (!sh_caps_fresh_name(&t, "r", name, sizeof name))
            break;
        if (sh_caps_add(&t, name, 100 + i, 0, SH_FROM_REPLY) == SH_CAPS_OK)
            added++;
    }
    CHECK_EQ(added, SH_MAX_CAPS - 1); /* terminal holds the other slot */
    CHECK_EQ(sh_caps_add(&t, "one-more", 1, 0, SH_FROM_REPLY), SH_CAPS_FULL);

    /* interfaces by conventional name and by kernel object type */
    CHECK_EQ(sh_iface_for_name("launcher"), 8);
    CHECK_EQ(sh_iface_for_name("shutdown"), 304);
    CHECK_EQ(sh_iface_for_name("self"), 337);
    CHECK_EQ(sh_iface_for_name("unknown"), 0);
    CHECK_EQ(sh_iface_for_type(CAP_TYPE_ENDPOINT), 0);
    CHECK_EQ(sh_iface_for_type(CAP_TYPE_REPLY), 0);
    CHECK_EQ(sh_iface_for_type(CAP_TYPE_CLOCK), 6);
    CHECK(strcmp(sh_origin_name(SH_FROM_BUNDLE), "session bundle") == 0);
    return check_summary();
}
