/* lib/rt's heap gives freed blocks back to their size class: allocating and
 * freeing the same sizes over and over (a server's per-connection buffers)
 * maps no new memory after the first round. */
#include "capos/idl/memory.h"
#include "scenario.h"

#define ROUNDS 200u

static uint64_t used_pages(void) {
    uint64_t limit = 0, used = 0;
    CHECK(memory_quota(rt_cap("memory"), &limit, &used) == CAP_OK);
    return used;
}

/* One round: blocks of several classes, written, freed in another order. */
static void round_trip(void) {
    static const size_t sizes[] = {64240, 16384, 1000, 24};
    void *p[4];
    for (unsigned i = 0; i < 4; i++) {
        p[i] = malloc(sizes[i]);
        CHECK(p[i] != NULL);
        memset(p[i], 0x5a, sizes[i]);
    }
    for (unsigned i = 4; i-- > 0;)
        free(p[i]);
}

int case_heap(void) {
    round_trip();
    uint64_t before = used_pages();
    for (unsigned r = 0; r < ROUNDS; r++)
        round_trip();
    uint64_t grown = used_pages() - before;
    rt_printf("heap.pages_grown_over_%u_rounds: %lu\n", ROUNDS, (unsigned long)grown);
    CHECK(grown == 0);
    return 0;
}
