/*
 * libFuzzer harness for the shell's `call` text path: the command-line
 * splitter, the request encoder and the reply formatter.
 *
 * Input: a header picks a method (from the generated reflection table, or
 * one built from the input with any field kinds and bounds), a reply (label,
 * data length up to past IPC_MAX_BYTES, cap count up to past IPC_MAX_CAPS,
 * data bytes) and an output size; the rest is a command line.
 * Properties: output stays inside its exact-size heap buffer and is
 * NUL-terminated, truncated text ends in dots; split words lie inside the
 * line and end in a NUL at their length; a request the encoder accepts is
 * within the message limits and decodes strictly as the method's inputs.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "capos/cmdline.h"
#include "capos/idl/reflect.h"
#include "capos/idl_text.h"

#define REQUIRE(cond)                                                                              \
    do {                                                                                           \
        if (!(cond))                                                                               \
            __builtin_trap();                                                                      \
    } while (0)

#define HEADER 16
#define MAX_FIELDS 6
#define MAX_WORDS 8

static idl_field_desc_t fields[MAX_FIELDS];
static idl_iface_desc_t fuzz_iface = {"Fuzz", 77, 0, NULL};

/* Bounds up to past the message limits, so oversized descriptors get tried. */
static uint32_t bound_for(idl_kind_t k, uint32_t b) {
    if (k == IDL_KIND_CAPS)
        return 1 + b % 8;
    if (k == IDL_KIND_BYTES || k == IDL_KIND_STRING)
        return 1 + b * 41;
    return 0;
}

/* A method from the real table, or one with fields chosen by the input. */
static idl_method_desc_t pick_method(const uint8_t *h) {
    idl_method_desc_t m = {"m", &fuzz_iface, 1, 0, 0, NULL, NULL};

    if (h[0] & 1) {
        const idl_iface_desc_t *it = &idl_reflect_ifaces[h[1] % IDL_REFLECT_IFACE_COUNT];
        return it->methods[h[2] % it->nmethods];
    }
    m.nargs = h[1] % (MAX_FIELDS + 1);
    for (uint32_t i = 0; i < m.nargs; i++) {
        idl_kind_t k = (idl_kind_t)(h[2 + i] % IDL_KIND__COUNT);
        uint32_t b = h[2 + i] / IDL_KIND__COUNT; /* 0..25 */

        fields[i].name = "f";
        fields[i].kind = k;
        fields[i].bound = bound_for(k, b);
    }
    m.args = m.nargs != 0 ? fields : NULL;
    m.nresults = m.nargs;
    m.results = m.args;
    return m;
}

static void check_text(const char *out, size_t outlen, idl_text_err_t r) {
    size_t len;

    if (outlen == 0)
        return;
    len = strnlen(out, outlen);
    REQUIRE(len < outlen);
    if (r == IDL_TEXT_TRUNCATED) {
        REQUIRE(len == outlen - 1);
        REQUIRE(len == 0 || out[len - 1] == '.');
    }
}

static void format_reply(const idl_method_desc_t *m, const uint8_t *h, const uint8_t *data,
                         size_t size) {
    static ipc_msg_t reply;
    size_t outlen = h[8];
    char *out = outlen != 0 ? malloc(outlen) : NULL;
    idl_text_err_t r;

    memset(&reply, 0, sizeof reply);
    reply.label = h[3] & 0x80 ? h[3] & 0x1f : CAP_OK;
    reply.len = (uint32_t)(h[4] | h[5] << 8) % (IPC_MAX_BYTES + 64);
    reply.ncaps = h[6] % (IPC_MAX_CAPS + 4);
    memcpy(reply.data, data, size < IPC_MAX_BYTES ? size : IPC_MAX_BYTES);
    r = idl_text_format_reply(m, &reply, out, outlen);
    REQUIRE(r == IDL_TEXT_OK || r == IDL_TEXT_TRUNCATED || r == IDL_TEXT_REPLY_STATUS ||
            r == IDL_TEXT_BAD_REPLY || r == IDL_TEXT_BAD_DESC);
    check_text(out, outlen, r);
    free(out);
}

/* An accepted request fits the limits and decodes strictly as the inputs. */
static void check_request(const idl_method_desc_t *m, ipc_msg_t *req) {
    idl_method_desc_t as_reply = *m;
    static char out[8192]; /* room for any request: at most 4 characters a byte */
    idl_text_err_t r;

    REQUIRE(req->label == ((uint64_t)m->iface->id << 16 | m->id));
    REQUIRE(req->len <= IPC_MAX_BYTES && req->ncaps <= IPC_MAX_CAPS);
    as_reply.nresults = m->nargs;
    as_reply.results = m->args;
    req->label = CAP_OK;
    r = idl_text_format_reply(&as_reply, req, out, sizeof out);
    REQUIRE(r == IDL_TEXT_OK);
}

static void split_and_encode(const idl_method_desc_t *m, const uint8_t *h, const uint8_t *text,
                             size_t n) {
    static const cap_t handles[IPC_MAX_CAPS + 1] = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    static ipc_msg_t req;
    char *line = malloc(n + 1);
    char *argv[MAX_WORDS];
    uint32_t lens[MAX_WORDS];
    size_t errlen = h[9] % 96;
    char *err = errlen != 0 ? malloc(errlen) : NULL;
    int argc;
    idl_text_err_t r;

    memcpy(line, text, n);
    line[n] = '\0';
    argc = cmdline_split(line, argv, lens, h[7] % (MAX_WORDS + 1), err, errlen);
    check_text(err, errlen, IDL_TEXT_OK);
    for (int i = 0; i < argc; i++) {
        REQUIRE(argv[i] >= line && argv[i] + lens[i] <= line + n);
        REQUIRE(argv[i][lens[i]] == '\0');
    }
    if (argc >= 0) {
        r = idl_text_encode(m, argc, argv, lens, handles, h[10] % (IPC_MAX_CAPS + 2), &req, err,
                            errlen);
        check_text(err, errlen, IDL_TEXT_OK);
        if (r == IDL_TEXT_OK)
            check_request(m, &req);
        else
            REQUIRE(req.len == 0 && req.ncaps == 0);
    }
    free(err);
    free(line);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    idl_method_desc_t m;
    size_t nreply;

    if (size < HEADER)
        return 0;
    m = pick_method(data);
    nreply = data[11] | data[12] << 8;
    if (nreply > size - HEADER)
        nreply = size - HEADER;
    format_reply(&m, data, data + HEADER, nreply);
    split_and_encode(&m, data, data + HEADER + nreply, size - HEADER - nreply);
    return 0;
}
