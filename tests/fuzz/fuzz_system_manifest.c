/*
 * libFuzzer harness for the system manifest parser (lib/system). Properties:
 * parsing never reads outside the input; a rejection points at a line and
 * token inside the input (never at a credential record); an accepted
 * manifest obeys every limit and naming rule (every authorized key a valid
 * key of its type, none twice), survives encode/decode unchanged, and the
 * service graph check and its message stay in bounds with a start order
 * that respects every dependency.
 */
#include <stddef.h>
#include <stdint.h>

#include "capos/abi.h"
#include "capos/service_graph.h"
#include "capos/system_image.h"

#define REQUIRE(cond)                                                                              \
    do {                                                                                           \
        if (!(cond))                                                                               \
            __builtin_trap();                                                                      \
    } while (0)

static system_t sys, back;
static uint8_t image[SYS_IMAGE_MAX];

static size_t len_of(const char *s, size_t field) {
    size_t n = 0;
    while (n < field && s[n])
        n++;
    REQUIRE(n < field);
    for (size_t i = n; i < field; i++)
        REQUIRE(s[i] == '\0');
    return n;
}

static void check_service(const sys_service_t *s) {
    REQUIRE(sys_service_name_valid(s->name, len_of(s->name, sizeof s->name)));
    REQUIRE(sys_entry_name_valid(s->binary, len_of(s->binary, sizeof s->binary)));
    REQUIRE(s->ngrants <= SYS_MAX_GRANTS && s->nexports <= SYS_MAX_EXPORTS);
    REQUIRE(s->nafter <= SYS_MAX_AFTER && s->line >= 1);
    for (uint32_t i = 0; i < s->ngrants; i++) {
        const sys_grant_t *g = &s->grants[i];
        REQUIRE(sys_capname_valid(g->name, len_of(g->name, sizeof g->name)));
        REQUIRE(g->kind >= SYS_SRC_ROOT && g->kind <= SYS_SRC_PCI);
        REQUIRE(!(g->rights & CAP_RIGHT_RECV) && (sys_grant_rights(g) & CAP_RIGHT_TRANSFER));
    }
    for (uint32_t i = 0; i < s->nexports; i++)
        REQUIRE(sys_export_name_valid(s->exports[i], len_of(s->exports[i], SYS_EXPORT_MAX + 1)));
}

static void check_keys(void) {
    REQUIRE(sys.nauthorized_keys <= SYS_MAX_AUTHORIZED_KEYS);
    for (uint32_t i = 0; i < sys.nauthorized_keys; i++) {
        const sys_authorized_key_t *k = &sys.authorized_keys[i];
        size_t n = len_of(k->account, sizeof k->account);
        REQUIRE(sys_authorized_key_check(k) == AUTHKEY_OK);
        REQUIRE(sys_authorized_key_find(sys.authorized_keys, sys.nauthorized_keys, k->account, n,
                                        k->blob, k->blob_len) == (int)i);
        for (size_t b = k->blob_len; b < SYS_KEY_BLOB_MAX; b++)
            REQUIRE(k->blob[b] == 0);
    }
}

static bool yes(void *ctx, const char *name) {
    (void)ctx;
    (void)name;
    return true;
}

static bool no(void *ctx, const char *name) {
    (void)ctx;
    (void)name;
    return false;
}

/* One device of every id: a second pci: grant of an id is refused. */
static uint32_t one_device(void *ctx, uint32_t vendor, uint32_t device) {
    (void)ctx;
    (void)vendor;
    (void)device;
    return 1;
}

/* Every service starts after each service it depends on. */
static void check_order(const sg_result_t *r) {
    uint32_t pos[SYS_MAX_SERVICES];
    REQUIRE(r->norder == sys.nservices);
    for (uint32_t i = 0; i < r->norder; i++)
        pos[r->order[i]] = i;
    for (uint32_t s = 0; s < sys.nservices; s++) {
        for (uint32_t a = 0; a < sys.services[s].nafter; a++)
            REQUIRE(pos[sys_find_service(&sys, sys.services[s].after[a])] < pos[s]);
        for (uint32_t g = 0; g < sys.services[s].ngrants; g++)
            if (sys.services[s].grants[g].kind == SYS_SRC_EXPORT)
                REQUIRE(pos[sys_find_service(&sys, sys.services[s].grants[g].target)] < pos[s]);
    }
}

static void check_graph(void) {
    static const sg_env_t envs[] = {
        {NULL, yes, yes, NULL}, {NULL, no, no, NULL}, {NULL, yes, yes, one_device}};
    char msg[96];
    for (unsigned i = 0; i < 3; i++) {
        sg_result_t r;
        sg_err_t err = service_graph_check(&sys, &envs[i], &r);
        REQUIRE(err <= SG_ERR_NO_DEVICE && r.err == err);
        REQUIRE(service_graph_describe(&sys, &r, msg, sizeof msg) >= 0);
        REQUIRE(msg[sizeof msg - 1] == '\0' || __builtin_strlen(msg) < sizeof msg);
        if (err == SG_OK)
            check_order(&r);
        if (err == SG_ERR_CYCLE)
            REQUIRE(r.ncycle >= 2 && r.cycle[0] == r.cycle[r.ncycle - 1]);
    }
}

static void check_accepted(void) {
    REQUIRE(sys.nservices <= SYS_MAX_SERVICES && sys.nprofiles <= SYS_MAX_PROFILES);
    REQUIRE(sys.ncredentials <= SYS_MAX_CREDENTIALS && sys.guest <= 1);
    for (uint32_t i = 0; i < sys.nservices; i++)
        check_service(&sys.services[i]);
    check_keys();
    size_t len = 0;
    REQUIRE(system_image_encode(&sys, image, sizeof image, &len) == SYS_IMAGE_OK);
    REQUIRE(system_image_decode(image, len, &back, NULL) == SYS_IMAGE_OK);
    sys.ncredentials = 0; /* credentials never travel in the image */
    __builtin_memset(sys.credentials, 0, sizeof sys.credentials);
    REQUIRE(__builtin_memcmp(&sys, &back, sizeof sys) == 0);
    check_graph();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    sys_parse_where_t where;
    sys_parse_err_t err = system_manifest_parse((const char *)data, size, &sys, &where);
    if (err == SYS_PARSE_OK) {
        check_accepted();
        return 0;
    }
    REQUIRE(err < SYS_PARSE_ERR__COUNT && sys.nservices == 0 && sys.nauthorized_keys == 0);
    REQUIRE(where.line >= 1 && where.line <= size + 1);
    REQUIRE(where.tok_off <= size && where.tok_len <= size - where.tok_off);
    if (err == SYS_PARSE_ERR_BAD_CREDENTIAL)
        REQUIRE(where.tok_len == 0 && where.detail != 0);
    if (err == SYS_PARSE_ERR_BAD_AUTHORIZED_KEY)
        REQUIRE(where.tok_len > 0 && where.detail > AUTHKEY_OK &&
                where.detail < AUTHKEY_ERR__COUNT);
    return 0;
}
