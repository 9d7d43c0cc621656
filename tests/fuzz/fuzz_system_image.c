/*
 * libFuzzer harness for the system image decoder (lib/system): init and the
 * broker decode this from the boot package. Properties: decoding never
 * reads outside the input; an accepted image re-encodes to exactly the same
 * bytes (the format is canonical), every authorized key in it is a valid key
 * of its type, and it passes the service graph check's bounds; a rejected
 * one leaves an empty manifest.
 */
#include <stddef.h>
#include <stdint.h>

#include "capos/service_graph.h"
#include "capos/system_image.h"

#define REQUIRE(cond)                                                                              \
    do {                                                                                           \
        if (!(cond))                                                                               \
            __builtin_trap();                                                                      \
    } while (0)

static system_t sys;
static uint8_t again[SYS_IMAGE_MAX];

static bool yes(void *ctx, const char *name) {
    (void)ctx;
    (void)name;
    return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    uint32_t record = 0;
    sys_image_err_t err = system_image_decode(data, size, &sys, &record);
    if (err != SYS_IMAGE_OK) {
        REQUIRE(err <= SYS_IMAGE_ERR_COUNT && sys.nservices == 0 && sys.nprofiles == 0 &&
                sys.nauthorized_keys == 0);
        return 0;
    }
    REQUIRE(sys.nauthorized_keys <= SYS_MAX_AUTHORIZED_KEYS);
    for (uint32_t i = 0; i < sys.nauthorized_keys; i++)
        REQUIRE(sys_authorized_key_check(&sys.authorized_keys[i]) == AUTHKEY_OK);
    size_t len = 0;
    REQUIRE(system_image_encode(&sys, again, sizeof again, &len) == SYS_IMAGE_OK);
    REQUIRE(len == size && __builtin_memcmp(again, data, size) == 0);
    sg_env_t env = {NULL, yes, yes, NULL};
    sg_result_t r;
    char msg[128];
    service_graph_check(&sys, &env, &r);
    REQUIRE(service_graph_describe(&sys, &r, msg, sizeof msg) >= 0);
    return 0;
}
