/* Bundle policy per profile: what each profile's bundle holds, the
 * anonymous clamp, exact allowlist matching, principal classes. */
#include <string.h>

#include "bundle_policy.h"
#include "check.h"

static const char manifest[] =
    "service s binary s\n"
    "profile operator  launcher=hello,shell shutdown=yes status=yes logs=all\n"
    "profile guest     launcher=hello logs=session\n"
    "profile anonymous launcher=hello,shell shutdown=yes status=yes logs=all\n"
    "profile viewer    status=yes\n"
    "profile Anonymous launcher=hello\n"
    "profile quiet\n";

static system_t sys;
static const broker_held_t all = {.shutdown = true, .status = true, .logs = true};
static const broker_held_t none = {0};

static const sys_profile_t *profile(const char *name) {
    int32_t i = bundle_policy_find_profile(&sys, name, (uint32_t)strlen(name));
    return i >= 0 ? &sys.profiles[i] : NULL;
}

/* The bundle's kinds, as a string of digits, for exact comparison. */
static const char *bundle(const sys_profile_t *p, const broker_held_t *held) {
    static char out[FACET_BUNDLE_MAX + 1];
    facet_kind_t kinds[FACET_BUNDLE_MAX];
    uint32_t n = bundle_policy_facets(p, held, kinds);
    for (uint32_t i = 0; i < n; i++)
        out[i] = (char)('0' + kinds[i]);
    out[n] = '\0';
    return out;
}

static bool allowed(const sys_profile_t *p, const char *binary) {
    return bundle_policy_binary_allowed(p, binary, (uint32_t)strlen(binary));
}

static void test_operator(void) {
    const sys_profile_t *op = profile("operator");
    CHECK(op != NULL);
    CHECK(strcmp(bundle(op, &all), "12345") == 0); /* launcher shutdown status logs self */
    CHECK(strcmp(bundle(op, &none), "15") == 0);   /* only what the broker holds */
    broker_held_t only_shutdown = {.shutdown = true};
    CHECK(strcmp(bundle(op, &only_shutdown), "125") == 0);
    CHECK_EQ(bundle_policy_principal_class(op), PRINCIPAL_OPERATOR);
    CHECK_EQ(bundle_policy_logs_scope(op), SYS_LOGS_ALL);
    CHECK(allowed(op, "hello"));
    CHECK(allowed(op, "shell"));

    facet_kind_t kinds[FACET_BUNDLE_MAX];
    uint8_t names[128];
    uint32_t len = 0, n = bundle_policy_facets(op, &all, kinds);
    CHECK(bundle_policy_names(kinds, n, names, sizeof names, &len));
    CHECK_EQ(len, 35);
    CHECK_MEM(names, "launcher\0shutdown\0status\0logs\0self\0", 35);
    CHECK(!bundle_policy_names(kinds, n, names, 34, &len)); /* one byte short */
}

static void test_guest(void) {
    const sys_profile_t *g = profile("guest");
    CHECK(g != NULL);
    CHECK(strcmp(bundle(g, &all), "145") == 0); /* launcher logs self: exactly as declared */
    CHECK(!bundle_policy_allows(g, &all, FACET_SHUTDOWN));
    CHECK(!bundle_policy_allows(g, &all, FACET_STATUS));
    CHECK_EQ(bundle_policy_logs_scope(g), SYS_LOGS_SESSION);
    CHECK_EQ(bundle_policy_principal_class(g), PRINCIPAL_GUEST);
    CHECK(allowed(g, "hello"));
    CHECK(!allowed(g, "shell"));
}

/* The manifest's anonymous line asks for everything; it gets status and
 * self, never launcher, shutdown or logs. */
static void test_anonymous(void) {
    const sys_profile_t *a = profile("anonymous");
    CHECK(a != NULL);
    CHECK(bundle_policy_is_anonymous(a));
    CHECK(strcmp(bundle(a, &all), "35") == 0);
    CHECK(strcmp(bundle(a, &none), "5") == 0);
    CHECK(!bundle_policy_allows(a, &all, FACET_LAUNCHER));
    CHECK(!bundle_policy_allows(a, &all, FACET_SHUTDOWN));
    CHECK(!bundle_policy_allows(a, &all, FACET_LOGS));
    CHECK(!allowed(a, "hello"));
    CHECK(!allowed(a, "shell"));
    CHECK_EQ(bundle_policy_logs_scope(a), SYS_LOGS_NONE);
    CHECK_EQ(bundle_policy_principal_class(a), PRINCIPAL_ANONYMOUS);

    /* No manifest line: self only. */
    CHECK(bundle_policy_is_anonymous(NULL));
    CHECK(strcmp(bundle(NULL, &all), "5") == 0);
    CHECK(!bundle_policy_allows(NULL, &all, FACET_STATUS));
    CHECK(!bundle_policy_binary_allowed(NULL, "hello", 5));
    CHECK_EQ(bundle_policy_principal_class(NULL), PRINCIPAL_ANONYMOUS);

    /* The clamp is by exact name: "Anonymous" is an ordinary profile. */
    const sys_profile_t *other = profile("Anonymous");
    CHECK(other != NULL && other != a);
    CHECK(!bundle_policy_is_anonymous(other));
    CHECK(strcmp(bundle(other, &all), "15") == 0);
    CHECK_EQ(bundle_policy_principal_class(other), PRINCIPAL_OPERATOR);
}

static void test_other_profiles(void) {
    CHECK(strcmp(bundle(profile("viewer"), &all), "35") == 0);
    CHECK(strcmp(bundle(profile("viewer"), &none), "5") == 0);
    CHECK(strcmp(bundle(profile("quiet"), &all), "5") == 0);
    CHECK(!allowed(profile("quiet"), "hello"));
    CHECK(!allowed(profile("viewer"), "hello"));
    CHECK(!bundle_policy_allows(profile("operator"), &all, (facet_kind_t)0));
    CHECK(!bundle_policy_allows(profile("operator"), &all, FACET__END));
}

/* Whole entries, byte for byte: no prefixes, no extensions, no case folding. */
static void test_allowlist_exact(void) {
    const sys_profile_t *op = profile("operator");
    CHECK(!allowed(op, "hell"));
    CHECK(!allowed(op, "hello2"));
    CHECK(!allowed(op, "Hello"));
    CHECK(!allowed(op, "HELLO"));
    CHECK(!allowed(op, "shel"));
    CHECK(!allowed(op, "hellO")); /* same length, last byte differs */
    CHECK(!allowed(op, "shelL"));
    CHECK(!allowed(op, "hello,shell"));
    CHECK(!allowed(op, ""));
    CHECK(!bundle_policy_binary_allowed(op, "hello\0", 6));
    CHECK(!bundle_policy_binary_allowed(op, "helloX", 4)); /* "hell" */
    CHECK(bundle_policy_binary_allowed(op, "helloX", 5));  /* "hello" */
}

static void test_find_profile(void) {
    CHECK_EQ(bundle_policy_find_profile(&sys, "operator", 8), 0);
    CHECK_EQ(bundle_policy_find_profile(&sys, "guest", 5), 1);
    CHECK_EQ(bundle_policy_find_profile(&sys, "anonymous", 9), 2);
    CHECK_EQ(bundle_policy_find_profile(&sys, "Anonymous", 9), 4);
    CHECK_EQ(bundle_policy_find_profile(&sys, "Guest", 5), -1);
    CHECK_EQ(bundle_policy_find_profile(&sys, "gues", 4), -1);
    CHECK_EQ(bundle_policy_find_profile(&sys, "guests", 6), -1);
    CHECK_EQ(bundle_policy_find_profile(&sys, "", 0), -1);
    CHECK_EQ(bundle_policy_find_profile(&sys, "operatorX", 8), 0);
}

static void test_names(void) {
    CHECK(strcmp(bundle_policy_facet_name(FACET_LAUNCHER), "launcher") == 0);
    CHECK(strcmp(bundle_policy_facet_name(FACET_SELF), "self") == 0);
    CHECK(strcmp(bundle_policy_facet_name((facet_kind_t)0), "") == 0);
    facet_kind_t bad[1] = {(facet_kind_t)9};
    uint8_t out[16];
    uint32_t len = 0;
    CHECK(!bundle_policy_names(bad, 1, out, sizeof out, &len));
    CHECK(bundle_policy_names(bad, 0, out, sizeof out, &len));
    CHECK_EQ(len, 0);
}

int main(void) {
    CHECK_EQ(system_manifest_parse(manifest, sizeof manifest - 1, &sys, NULL), SYS_PARSE_OK);
    CHECK_EQ(sys.nprofiles, 6);
    test_operator();
    test_guest();
    test_anonymous();
    test_other_profiles();
    test_allowlist_exact();
    test_find_profile();
    test_names();
    return check_summary();
}
