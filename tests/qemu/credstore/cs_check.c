/* Check helpers (see cs_check.h). */
#include "cs_check.h"

#include "capos/idl/bootpackage.h"
#include "capos/idl/clock.h"

static unsigned failures;

bool cs_check(bool ok, const char *what) {
    if (!ok) {
        failures++;
        rt_printf("CHECK FAILED: %s\n", what);
    }
    return ok;
}

bool cs_expect_err(const char *what, cap_err_t got, cap_err_t want) {
    rt_printf("%s: %s\n", what, rt_strerror(got));
    return cs_check(got == want, what);
}

bool cs_expect_u64(const char *what, uint64_t got, uint64_t want) {
    rt_printf("%s: %lu\n", what, got);
    return cs_check(got == want, what);
}

int cs_finish(const char *name) {
    rt_printf("%s: %s\n", name, failures ? "FAIL" : "PASS");
    return failures ? 1 : 0;
}

uint64_t cs_now_ms(void) {
    uint64_t ns = 0;
    return clock_now(rt_cap("clock"), &ns) == CAP_OK ? ns / 1000000u : 0;
}

uint32_t cs_read_secret(const char *name, uint8_t *buf, uint32_t cap) {
    uint32_t len = 0;
    cap_err_t e = boot_package_read(rt_cap("bootpackage"), name, (uint32_t)strlen(name), 0, cap,
                                    buf, cap, &len);
    if (!cs_check(e == CAP_OK && len > 0, "read test secret"))
        return 0;
    while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
        len--;
    return len;
}
