/* Issued-facet badges (see facet_badge.h). */
#include "facet_badge.h"

#include "bundle_policy.h"
#include "session_table.h"

#define TAG_SHIFT 56u
#define KIND_SHIFT 48u
#define GEN_SHIFT 16u

bool facet_kind_valid(uint32_t kind) {
    return kind >= FACET_LAUNCHER && kind < FACET__END;
}

/* The rules decode enforces, shared by both directions. */
static bool combination_valid(uint32_t kind, uint32_t slot, uint32_t gen) {
    if (!facet_kind_valid(kind))
        return false;
    if (slot == FACET_SLOT_ANONYMOUS)
        return gen == 0 && bundle_policy_anonymous_may((facet_kind_t)kind);
    return slot < BROKER_MAX_SESSIONS && gen != 0;
}

uint64_t facet_badge_encode(facet_kind_t kind, uint32_t slot, uint32_t gen) {
    if (!combination_valid(kind, slot, gen))
        return 0;
    return (uint64_t)FACET_BADGE_TAG << TAG_SHIFT | (uint64_t)kind << KIND_SHIFT |
           (uint64_t)gen << GEN_SHIFT | slot;
}

bool facet_badge_decode(uint64_t badge, facet_badge_t *out) {
    uint32_t tag = (uint32_t)(badge >> TAG_SHIFT);
    uint32_t kind = (uint32_t)(badge >> KIND_SHIFT) & 0xffu;
    uint32_t gen = (uint32_t)(badge >> GEN_SHIFT);
    uint32_t slot = (uint32_t)badge & 0xffffu;
    if (tag != FACET_BADGE_TAG || !combination_valid(kind, slot, gen))
        return false;
    out->kind = (facet_kind_t)kind;
    out->slot = slot;
    out->gen = gen;
    return true;
}
