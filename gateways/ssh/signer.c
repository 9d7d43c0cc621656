/*
 * ssh-hostkey: the SSH host-key signer (README.md, idl/hostkey.idl). Holds
 * the host key file and nothing that reaches the network: the gateway asks
 * for the public keys and for signatures over exchange hashes. Only
 * SHA-2-sized data is signed, with the digest the key type calls for.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <libssh/libssh.h>
#include <libssh/server.h>

#include "capos/idl/hostkey.h"
#include "capos/idl/idl_runtime.h"
#include "capos/rt.h"
#include "capos/secure_zero.h"
#include "hostkey_file.h"
#include "pkg_grant.h"

#define HOSTKEYS_PATH "/pkg/ssh_hostkeys"

enum { DIGEST_AUTO = 0, DIGEST_SHA256 = 2, DIGEST_SHA384 = 3, DIGEST_SHA512 = 4 };

static ssh_key keys[HOSTKEY_KEYS_MAX];
static int nkeys;

static cap_err_t op_public_key(void *ctx, uint32_t index, uint32_t *count, char *type,
                               uint32_t type_cap, uint32_t *type_len, char *base64,
                               uint32_t base64_cap, uint32_t *base64_len) {
    (void)ctx;
    *count = (uint32_t)nkeys;
    if (index >= (uint32_t)nkeys)
        return CAP_ERR_NOT_FOUND;
    const char *name = ssh_key_type_to_char(ssh_key_type(keys[index]));
    char *b64 = NULL;
    if (!name || ssh_pki_export_pubkey_base64(keys[index], &b64) != SSH_OK)
        return CAP_ERR_UNAVAILABLE;
    size_t tl = strlen(name), bl = strlen(b64);
    cap_err_t e = tl > type_cap || bl > base64_cap ? CAP_ERR_BAD_ARGS : CAP_OK;
    if (e == CAP_OK) {
        memcpy(type, name, tl);
        memcpy(base64, b64, bl);
        *type_len = (uint32_t)tl;
        *base64_len = (uint32_t)bl;
    }
    ssh_string_free_char(b64);
    return e;
}

/* The digest key k signs with: Ed25519 its own, the others SHA-2 only. */
static bool digest_ok(ssh_key k, uint32_t digest) {
    if (ssh_key_type(k) == SSH_KEYTYPE_ED25519)
        return digest == DIGEST_AUTO;
    return digest == DIGEST_SHA256 || digest == DIGEST_SHA384 || digest == DIGEST_SHA512;
}

static cap_err_t op_sign(void *ctx, uint32_t index, uint32_t digest, const uint8_t *data,
                         uint32_t data_len, uint8_t *signature, uint32_t signature_cap,
                         uint32_t *signature_len) {
    (void)ctx;
    if (index >= (uint32_t)nkeys)
        return CAP_ERR_NOT_FOUND;
    if ((data_len != 32 && data_len != 48 && data_len != 64) || !digest_ok(keys[index], digest))
        return CAP_ERR_BAD_ARGS;
    ssh_string sig = ssh_pki_sign_blob(keys[index], (int)digest, data, data_len);
    if (!sig)
        return CAP_ERR_UNAVAILABLE;
    size_t n = ssh_string_len(sig);
    cap_err_t e = n <= signature_cap ? CAP_OK : CAP_ERR_BAD_ARGS;
    if (e == CAP_OK) {
        memcpy(signature, ssh_string_data(sig), n);
        *signature_len = (uint32_t)n;
    }
    ssh_string_free(sig);
    return e;
}

static const host_key_signer_server_ops_t ops = {.public_key = op_public_key, .sign = op_sign};

static int load_keys(void) {
    static char text[HOSTKEY_FILE_MAX + 1];
    int fd = open(HOSTKEYS_PATH, O_RDONLY);
    if (fd < 0)
        return -1;
    size_t len = 0;
    for (;;) {
        ssize_t n = read(fd, text + len, HOSTKEY_FILE_MAX + 1 - len);
        if (n <= 0)
            break;
        len += (size_t)n;
    }
    close(fd);
    int n = hostkey_file_parse(text, len, keys, HOSTKEY_KEYS_MAX);
    secure_zero(text, sizeof text);
    return n;
}

static void serve(cap_t server) {
    static ipc_msg_t req, rep;
    for (;;) {
        ipc_recv_info_t info;
        if (sys_recv(server, &req, &info, 0) != CAP_OK)
            return;
        for (uint32_t i = 0; i < req.ncaps && i < IPC_MAX_CAPS; i++)
            rt_ignore(cap_release(req.caps[i].cap)); /* HostKeySigner takes none */
        rep = (ipc_msg_t){0};
        rt_ignore(host_key_signer_dispatch(&ops, NULL, &req, &rep));
        if (sys_reply(info.reply, &rep) != CAP_OK)
            rt_ignore(cap_release(info.reply));
        secure_zero(&req, sizeof req);
        secure_zero(&rep, sizeof rep);
    }
}

int main(void) {
    cap_t server =
        capset_find((const capset_t *)(uintptr_t)CAPSET_ADDR, "server", CAP_TYPE_ENDPOINT);
    if (server == CAP_NULL) {
        printf("ssh-hostkey: no 'server' endpoint; not starting\n");
        return 1;
    }
    if (ssh_init() != SSH_OK || (nkeys = load_keys()) <= 0) {
        printf("ssh-hostkey: no usable host key in %s (file:ssh_hostkeys); not starting\n",
               HOSTKEYS_PATH);
        return 1;
    }
    printf("ssh-hostkey: %d host key(s); signing for the SSH gateway\n", nkeys);
    fflush(stdout);
    serve(server);
    return 1;
}
