/* Word-wise copying: every length and alignment up to a few words. */
#include "check.h"
#include "net_copy.h"

int main(void) {
    static uint8_t src[256], dst[256], want[256];
    for (unsigned i = 0; i < sizeof(src); i++)
        src[i] = (uint8_t)(i * 37 + 11);
    unsigned bad = 0;
    for (unsigned so = 0; so < 8; so++) {
        for (unsigned dof = 0; dof < 8; dof++) {
            for (unsigned n = 0; n <= 200; n++) {
                memset(dst, 0xee, sizeof(dst));
                memset(want, 0xee, sizeof(want));
                memcpy(want + dof, src + so, n);
                bad += net_copy(dst + dof, src + so, n) != dst + dof;
                bad += memcmp(dst, want, sizeof(dst)) != 0; /* nothing around it touched */
            }
        }
    }
    CHECK_EQ(bad, 0);
    return check_summary();
}
