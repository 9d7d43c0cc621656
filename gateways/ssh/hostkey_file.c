/* The host key file (contract in hostkey_file.h). */
#include "hostkey_file.h"

#include <string.h>

#define PEM_END "-----END OPENSSH PRIVATE KEY-----"

static void free_all(ssh_key *keys, int n) {
    for (int i = 0; i < n; i++) {
        ssh_key_free(keys[i]);
        keys[i] = NULL;
    }
}

int hostkey_file_parse(const char *text, size_t len, ssh_key *keys, int max) {
    static char block[HOSTKEY_BLOCK_MAX];
    size_t at = 0, endlen = strlen(PEM_END);
    int n = 0;
    if (len > HOSTKEY_FILE_MAX)
        return -1;
    while (at < len) {
        while (at < len && (text[at] == '\n' || text[at] == '\r'))
            at++;
        if (at == len)
            break;
        size_t end = at;
        while (end + endlen <= len && memcmp(text + end, PEM_END, endlen) != 0)
            end++;
        if (n == max || end + endlen > len || end + endlen - at >= sizeof block) {
            free_all(keys, n);
            return -1;
        }
        end += endlen;
        memcpy(block, text + at, end - at);
        block[end - at] = 0;
        keys[n] = NULL;
        int rc = ssh_pki_import_privkey_base64(block, NULL, NULL, NULL, &keys[n]);
        memset(block, 0, sizeof block);
        if (rc != SSH_OK) {
            free_all(keys, n);
            return -1;
        }
        n++;
        at = end;
    }
    return n;
}
