#include "capos/bootpkg_name.h"

static bool name_char_ok(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
}

bool bootpkg_name_valid(const char *s, uint32_t len) {
    if (len == 0 || len > BOOTPKG_NAME_MAX)
        return false;
    for (uint32_t i = 0; i < len; i++) {
        if (!name_char_ok(s[i]))
            return false;
    }
    return true;
}
