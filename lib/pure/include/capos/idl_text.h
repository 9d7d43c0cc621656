/*
 * Text codec for IDL calls: builds a request for any method from typed text
 * arguments and formats a reply as text, both driven by the generated
 * reflection table (capos/idl/reflect.h). It backs the shell's
 * `call CAP METHOD [ARG...]`.
 *
 * Pure and freestanding: no allocation, no C library beyond <stdint.h>,
 * <stddef.h> and <stdarg.h>; messages are built with fmt_vsnprintf(). Every
 * output buffer is bounded by its length and always NUL-terminated when its
 * length is non-zero.
 *
 * Argument syntax, one text argument per non-capability input field in
 * declaration order:
 *   u8 u16 u32 u64      decimal or 0x hex, range-checked for the type
 *   i32 i64             the same with an optional leading '-'
 *   string<N>           the text as is; at most N bytes, no NUL
 *   bytes<N>            the text as is, or "hex:" and an even number of hex
 *                       digits (so text starting "hex:" must itself be given
 *                       in hex); at most N bytes after decoding
 * Capability input fields are not text: the caller resolves them (the shell
 * takes `@name` arguments from its CapSet) and passes the handles in `caps`,
 * in field order. A `cap` field takes one handle, a `caps<N>` field (always
 * the last cap field) all remaining ones, 0..N. Every handle is sent with
 * IPC_CAP_COPY, so the caller keeps its own.
 */
#ifndef CAPOS_IDL_TEXT_H
#define CAPOS_IDL_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "capos/abi.h"
#include "capos/idl/reflect.h"

typedef enum {
    IDL_TEXT_OK = 0,
    IDL_TEXT_TRUNCATED,      /* formatted, but cut short to fit: the text ends in "..." */
    IDL_TEXT_UNKNOWN_METHOD, /* the interface has no method of that name */
    IDL_TEXT_ARG_COUNT,      /* not exactly one text argument per non-cap input field */
    IDL_TEXT_BAD_ARG,        /* an argument does not parse, is out of range or over bound */
    IDL_TEXT_NEEDS_CAPS,     /* fewer cap handles than the method's cap inputs take */
    IDL_TEXT_EXTRA_CAPS,     /* more cap handles than the method's cap inputs take */
    IDL_TEXT_REPLY_STATUS,   /* the reply is an error status, not a result */
    IDL_TEXT_BAD_REPLY,      /* reply data or caps do not match the output fields */
    IDL_TEXT_BAD_DESC,       /* the descriptor itself is malformed (unknown kind, NULL) */
} idl_text_err_t;

/*
 * The method of `iface` called `name`. On IDL_TEXT_UNKNOWN_METHOD `err` says
 * so and lists the interface's methods.
 */
__attribute__((warn_unused_result)) idl_text_err_t
idl_text_find_method(const idl_iface_desc_t *iface, const char *name,
                     const idl_method_desc_t **method, char *err, size_t errlen);

/*
 * Writes the method's signature, e.g. "Clock.sleep(ns: u64) -> ()", into out
 * (truncated with "..." when it does not fit). Returns IDL_TEXT_OK or
 * IDL_TEXT_TRUNCATED.
 */
idl_text_err_t idl_text_signature(const idl_method_desc_t *method, char *out, size_t outlen);

/*
 * Builds into `out` the request a generated client stub would send for
 * `method` with these arguments: label IPC_LABEL(interface id, method id),
 * disclose 0 (set out->disclose afterwards to ask for disclosure), fields
 * encoded per the wire format. argv holds argc text arguments (see the
 * syntax above); lens[i], when lens is not NULL, is the byte length of
 * argv[i], which may then hold NUL bytes (as escapes in a quoted shell word
 * can produce); with lens NULL each argument ends at its NUL. caps holds
 * ncaps handles for the cap input fields.
 *
 * On failure `out` carries no data and no caps and `err` names the argument,
 * its field and type, and what is wrong with it.
 */
__attribute__((warn_unused_result)) idl_text_err_t
idl_text_encode(const idl_method_desc_t *method, int argc, char *const *argv, const uint32_t *lens,
                const cap_t *caps, uint32_t ncaps, ipc_msg_t *out, char *err, size_t errlen);

/*
 * Decodes `reply` strictly as the method's outputs (every data byte and cap
 * entry consumed, bounds enforced) and writes "name=value" pairs separated by
 * spaces into out: integers in decimal; strings quoted, with '"' and '\'
 * escaped by a backslash and bytes outside printable ASCII as \xNN; bytes the
 * same when all printable ASCII, else hex:...; a cap output as name=<cap>, a
 * caps<N> output as name=<K caps>. A method without outputs gives "".
 * Reply caps are only counted: they stay installed and belong to the caller.
 *
 * Returns IDL_TEXT_OK, or IDL_TEXT_TRUNCATED when out was too small (its
 * text then ends in "..."). IDL_TEXT_REPLY_STATUS when the reply label is not
 * CAP_OK, IDL_TEXT_BAD_REPLY for a malformed reply; out then holds the reason
 * instead. Never reads past reply->len data bytes or reply->ncaps entries
 * (both first checked against IPC_MAX_BYTES and IPC_MAX_CAPS).
 */
__attribute__((warn_unused_result)) idl_text_err_t
idl_text_format_reply(const idl_method_desc_t *method, const ipc_msg_t *reply, char *out,
                      size_t outlen);

#endif
