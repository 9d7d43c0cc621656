/*
 * The gateway's side of the host-key signer: the public host keys go into
 * the bind, and libssh signs the exchange hash through HostKeySigner (our
 * libssh patch, third_party/libssh/hostkey-signer.patch). The private keys
 * never reach this process.
 */
#include "hostkey_client.h"

#include <string.h>

#include <libssh/server.h>

#include "capos/idl/hostkey.h"

static struct {
    cap_t signer;
    ssh_key keys[HOSTKEY_CLIENT_MAX]; /* ours, for matching; the bind has copies */
    int count;
} hk;

static ssh_string sign(ssh_session session, const ssh_key hostkey, int digest,
                       const unsigned char *data, size_t len, void *ud) {
    static uint8_t sig[600];
    uint32_t sig_len = 0;
    (void)session;
    (void)ud;
    for (int i = 0; i < hk.count; i++) {

        if (ssh_key_cmp(hostkey, hk.keys[i], SSH_KEY_CMP_PUBLIC) != 0)
            continue;
        if (len > 64 || host_key_signer_sign(hk.signer, (uint32_t)i, (uint32_t)digest, data,
                                             (uint32_t)len, sig, sizeof sig, &sig_len) != CAP_OK)
            return NULL;
        ssh_string s = ssh_string_new(sig_len);
        if (s && ssh_string_fill(s, sig, sig_len) != 0) {
            ssh_string_free(s);
            s = NULL;
        }
        return s;
    }
    return NULL;
}

int hostkey_client_setup(ssh_bind bind, cap_t signer) {
    static char type[33], b64[961];
    uint32_t count = 1;
    hk.signer = signer;
    for (uint32_t i = 0; i < count && hk.count < HOSTKEY_CLIENT_MAX; i++) {
        uint32_t tlen = 0, blen = 0;
        if (host_key_signer_public_key(signer, i, &count, type, sizeof type - 1, &tlen, b64,
                                       sizeof b64 - 1, &blen) != CAP_OK)
            return -1;
        type[tlen] = 0;
        b64[blen] = 0;
        ssh_key mine = NULL, theirs = NULL;
        enum ssh_keytypes_e kt = ssh_key_type_from_name(type);
        if (ssh_pki_import_pubkey_base64(b64, kt, &mine) != SSH_OK ||
            ssh_pki_import_pubkey_base64(b64, kt, &theirs) != SSH_OK ||
            ssh_bind_options_set(bind, SSH_BIND_OPTIONS_IMPORT_KEY, theirs) != SSH_OK) {
            ssh_key_free(mine);
            ssh_key_free(theirs);
            return -1;
        }
        hk.keys[hk.count++] = mine;
    }
    ssh_set_hostkey_signer(sign, NULL);
    return hk.count;
}
