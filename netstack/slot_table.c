/* Generation-tagged slots (contract in slot_table.h). */
#include "slot_table.h"

void slot_table_init(slot_t *slots, uint32_t n) {
    for (uint32_t i = 0; i < n; i++)
        slots[i] = (slot_t){.generation = 1, .state = SLOT_FREE};
}

bool slot_table_alloc(slot_t *slots, uint32_t n, uint32_t *index) {
    for (uint32_t i = 0; i < n; i++) {
        if (slots[i].state == SLOT_FREE) {
            slots[i].state = SLOT_USED;
            *index = i;
            return true;
        }
    }
    return false;
}

void slot_table_free(slot_t *slots, uint32_t n, uint32_t index) {
    if (index >= n || slots[index].state != SLOT_USED)
        return;
    if (slots[index].generation >= SLOT_GENERATION_MAX) {
        slots[index].state = SLOT_RETIRED;
        return;
    }
    slots[index].generation++;
    slots[index].state = SLOT_FREE;
}

bool slot_table_live(const slot_t *slots, uint32_t n, uint32_t index, uint32_t generation) {
    return index < n && slots[index].state == SLOT_USED && slots[index].generation == generation;
}

uint32_t slot_table_used(const slot_t *slots, uint32_t n) {
    uint32_t used = 0;
    for (uint32_t i = 0; i < n; i++)
        used += slots[i].state == SLOT_USED;
    return used;
}
