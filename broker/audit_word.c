/* Audit detail words (see audit_word.h). */
#include "audit_word.h"

void audit_word_choose(const char *name, uint32_t len, const char *fallback,
                       char out[AUDIT_DETAIL_MAX + 1]) {
    const char *src = name;
    if (len == 0 || !audit_detail_valid(name, len)) {
        src = fallback;
        for (len = 0; len < AUDIT_DETAIL_MAX && fallback[len] != '\0'; len++)
            ;
    }
    __builtin_memcpy(out, src, len);
    out[len] = '\0';
}
