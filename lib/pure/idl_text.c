/* Text codec for IDL calls. See capos/idl_text.h. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "capos/format.h"
#include "capos/idl/idl_runtime.h"
#include "capos/idl_text.h"

/* Longest piece of an argument quoted back in an error message. */
#define SNIPPET_MAX 24u

/* ---- bounded text sink ------------------------------------------------------ */

/*
 * Appends to buf[0..cap) while room is left for the NUL; past that it only
 * remembers that something was lost, and finish() ends the text with "...".
 */
typedef struct {
    char *buf;
    size_t cap;
    size_t len;
    int full;
} sink_t;

static void sink_init(sink_t *s, char *buf, size_t cap) {
    s->buf = buf;
    s->cap = buf != NULL ? cap : 0;
    s->len = 0;
    s->full = 0;
}

/* Drops what was written, to write an error message instead. */
static void sink_reset(sink_t *s) {
    s->len = 0;
    s->full = 0;
}

static void sink_putc(sink_t *s, char c) {
    if (s->len + 1 < s->cap)
        s->buf[s->len++] = c;
    else
        s->full = 1;
}

static void sink_puts(sink_t *s, const char *str) {
    while (*str != '\0')
        sink_putc(s, *str++);
}

static void sink_vprintf(sink_t *s, const char *fmt, va_list ap) {
    size_t room = s->cap - s->len;
    int n;

    if (room == 0) {
        s->full = 1;
        return;
    }
    n = fmt_vsnprintf(s->buf + s->len, room, fmt, ap);
    if (n < 0)
        return;
    if ((size_t)n >= room) {
        s->len = s->cap - 1;
        s->full = 1;
    } else {
        s->len += (size_t)n;
    }
}

static void sink_printf(sink_t *s, const char *fmt, ...) {
    va_list ap;

    va_start(ap, fmt);
    sink_vprintf(s, fmt, ap);
    va_end(ap);
}

static void sink_u64(sink_t *s, uint64_t v) {
    char tmp[20];
    int n = 0;

    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v != 0);
    while (n > 0)
        sink_putc(s, tmp[--n]);
}

/* Negates in unsigned arithmetic, so INT64_MIN is printed too. */
static void sink_i64(sink_t *s, int64_t v) {
    if (v < 0) {
        sink_putc(s, '-');
        sink_u64(s, 0u - (uint64_t)v);
    } else {
        sink_u64(s, (uint64_t)v);
    }
}

static const char hex_digits[] = "0123456789abcdef";

/* A byte inside quotes: printable ASCII as is (with " and \ escaped), else \xNN. */
static void sink_quoted_byte(sink_t *s, uint8_t b) {
    if (b == '"' || b == '\\') {
        sink_putc(s, '\\');
        sink_putc(s, (char)b);
    } else if (b >= 0x20 && b < 0x7f) {
        sink_putc(s, (char)b);
    } else {
        sink_puts(s, "\\x");
        sink_putc(s, hex_digits[b >> 4]);
        sink_putc(s, hex_digits[b & 15]);
    }
}

static void sink_quoted(sink_t *s, const uint8_t *p, uint32_t n) {
    sink_putc(s, '"');
    for (uint32_t i = 0; i < n; i++)
        sink_quoted_byte(s, p[i]);
    sink_putc(s, '"');
}

/* At most SNIPPET_MAX bytes of an argument, quoted, for error messages. */
static void sink_snippet(sink_t *s, const char *p, uint32_t n) {
    sink_quoted(s, (const uint8_t *)p, n < SNIPPET_MAX ? n : SNIPPET_MAX);
    if (n > SNIPPET_MAX)
        sink_puts(s, "...");
}

/* NUL-terminates; a sink that overflowed ends in "..." (as much as fits). */
static idl_text_err_t sink_finish(sink_t *s) {
    size_t dots, i;

    if (s->cap == 0)
        return s->full ? IDL_TEXT_TRUNCATED : IDL_TEXT_OK;
    if (!s->full) {
        s->buf[s->len] = '\0';
        return IDL_TEXT_OK;
    }
    dots = s->cap - 1 < 3 ? s->cap - 1 : 3;
    if (s->len > s->cap - 1 - dots)
        s->len = s->cap - 1 - dots;
    for (i = 0; i < dots; i++)
        s->buf[s->len++] = '.';
    s->buf[s->len] = '\0';
    return IDL_TEXT_TRUNCATED;
}

/* ---- descriptors ------------------------------------------------------------ */

static int kind_is_cap(idl_kind_t k) {
    return k == IDL_KIND_CAP || k == IDL_KIND_CAPS;
}

static int kind_is_blob(idl_kind_t k) {
    return k == IDL_KIND_BYTES || k == IDL_KIND_STRING;
}

/*
 * Fields are usable: named, of a known kind, and (as the schema rules
 * guarantee) at most one caps<N>, after every other cap field.
 */
static int fields_valid(const idl_field_desc_t *f, uint32_t n) {
    int seen_list = 0;

    if (n != 0 && f == NULL)
        return 0;
    for (uint32_t i = 0; i < n; i++) {
        if ((uint32_t)f[i].kind >= (uint32_t)IDL_KIND__COUNT || f[i].name == NULL)
            return 0;
        if (kind_is_cap(f[i].kind) && seen_list)
            return 0;
        seen_list |= f[i].kind == IDL_KIND_CAPS;
    }
    return 1;
}

static int method_valid(const idl_method_desc_t *m) {
    return m != NULL && m->name != NULL && m->iface != NULL && m->iface->name != NULL &&
           fields_valid(m->args, m->nargs) && fields_valid(m->results, m->nresults);
}

/* "kind" or "kind<N>" as in the schema. */
static void sink_type(sink_t *s, const idl_field_desc_t *f) {
    sink_puts(s, idl_reflect_kind_name(f->kind));
    if (kind_is_blob(f->kind) || f->kind == IDL_KIND_CAPS)
        sink_printf(s, "<%u>", f->bound);
}

/* "name: type" as in the schema. */
static void sink_field(sink_t *s, const idl_field_desc_t *f) {
    sink_puts(s, f->name);
    sink_puts(s, ": ");
    sink_type(s, f);
}

/* The fields that are (caps != 0) or are not capabilities, comma-separated. */
static void sink_field_list(sink_t *s, const idl_field_desc_t *f, uint32_t n, int caps) {
    int first = 1;

    for (uint32_t i = 0; i < n; i++) {
        if (kind_is_cap(f[i].kind) != caps)
            continue;
        if (!first)
            sink_puts(s, ", ");
        sink_field(s, &f[i]);
        first = 0;
    }
}

static void sink_method_name(sink_t *s, const idl_method_desc_t *m) {
    sink_printf(s, "%s.%s", m->iface->name, m->name);
}

idl_text_err_t idl_text_signature(const idl_method_desc_t *m, char *out, size_t outlen) {
    sink_t s;

    sink_init(&s, out, outlen);
    if (!method_valid(m)) {
        sink_puts(&s, "(bad method descriptor)");
        (void)sink_finish(&s);
        return IDL_TEXT_BAD_DESC;
    }
    sink_method_name(&s, m);
    for (int dir = 0; dir < 2; dir++) {
        const idl_field_desc_t *f = dir == 0 ? m->args : m->results;
        uint32_t n = dir == 0 ? m->nargs : m->nresults;

        sink_puts(&s, dir == 0 ? "(" : " -> (");
        for (uint32_t i = 0; i < n; i++) {
            if (i != 0)
                sink_puts(&s, ", ");
            sink_field(&s, &f[i]);
        }
        sink_putc(&s, ')');
    }
    return sink_finish(&s);
}

/* strlen(), kept here so the module needs no C library. */
static size_t text_len(const char *s) {
    size_t n = 0;

    while (s[n] != '\0')
        n++;
    return n;
}

static int name_eq(const char *a, const char *b) {
    while (*a != '\0' && *a == *b) {
        a++;
        b++;
    }
    return *a == *b;
}

idl_text_err_t idl_text_find_method(const idl_iface_desc_t *iface, const char *name,
                                    const idl_method_desc_t **method, char *err, size_t errlen) {
    sink_t s;

    sink_init(&s, err, errlen);
    if (method != NULL)
        *method = NULL;
    if (method == NULL || iface == NULL || iface->name == NULL ||
        (iface->nmethods != 0 && iface->methods == NULL)) {
        sink_puts(&s, "bad interface descriptor");
        (void)sink_finish(&s);
        return IDL_TEXT_BAD_DESC;
    }
    for (uint32_t i = 0; name != NULL && i < iface->nmethods; i++) {
        if (iface->methods[i].name != NULL && name_eq(iface->methods[i].name, name)) {
            *method = &iface->methods[i];
            (void)sink_finish(&s);
            return IDL_TEXT_OK;
        }
    }
    sink_printf(&s, "%s has no method ", iface->name);
    if (name == NULL)
        name = "";
    sink_snippet(&s, name, (uint32_t)text_len(name));
    sink_puts(&s, "; methods:");
    for (uint32_t i = 0; i < iface->nmethods; i++) {
        sink_putc(&s, ' ');
        sink_puts(&s, iface->methods[i].name != NULL ? iface->methods[i].name : "?");
    }
    (void)sink_finish(&s);
    return IDL_TEXT_UNKNOWN_METHOD;
}

/* ---- requests --------------------------------------------------------------- */

typedef enum { INT_OK, INT_SYNTAX, INT_RANGE } int_parse_t;

static int hex_value(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static int kind_signed(idl_kind_t k) {
    return k == IDL_KIND_I32 || k == IDL_KIND_I64;
}

/* Largest value of an integer kind; a signed one also reaches -(max + 1). */
static uint64_t kind_max(idl_kind_t k) {
    switch (k) {
    case IDL_KIND_U8:
        return 0xffu;
    case IDL_KIND_U16:
        return 0xffffu;
    case IDL_KIND_U32:
        return 0xffffffffu;
    case IDL_KIND_I32:
        return 0x7fffffffu;
    case IDL_KIND_I64:
        return 0x7fffffffffffffffull;
    default:
        return UINT64_MAX;
    }
}

/*
 * Decimal or 0x hex, with a leading '-' for signed kinds; *v gets the two's
 * complement bits. The whole text is checked for syntax before range, so a
 * long "123x" is reported as not a number rather than as out of range.
 */
static int_parse_t parse_int(const char *p, uint32_t n, idl_kind_t k, uint64_t *v) {
    uint32_t i = 0, base = 10;
    uint64_t mag = 0;
    int neg = 0, over = 0;

    if (i < n && p[i] == '-') {
        neg = 1;
        i++;
    }
    if (n - i > 2 && p[i] == '0' && (p[i + 1] == 'x' || p[i + 1] == 'X')) {
        base = 16;
        i += 2;
    }
    if (i == n)
        return INT_SYNTAX;
    for (; i < n; i++) {
        int d = hex_value(p[i]);

        if (d < 0 || (uint32_t)d >= base)
            return INT_SYNTAX;
        if (mag > (UINT64_MAX - (uint64_t)d) / base)
            over = 1;
        else
            mag = mag * base + (uint64_t)d;
    }
    if (over || (neg && !kind_signed(k)) || mag > kind_max(k) + (uint64_t)neg)
        return INT_RANGE;
    *v = neg ? 0u - mag : mag;
    return INT_OK;
}

/* Same wire bytes as the generated stubs' put_<kind>() (signed kinds are
 * their two's complement bits). */
static void put_scalar(capos_idl_writer_t *wr, idl_kind_t k, uint64_t v) {
    switch (k) {
    case IDL_KIND_U8:
        capos_idl_put_u8(wr, (uint8_t)v);
        break;
    case IDL_KIND_U16:
        capos_idl_put_u16(wr, (uint16_t)v);
        break;
    case IDL_KIND_U32:
    case IDL_KIND_I32:
        capos_idl_put_u32(wr, (uint32_t)v);
        break;
    default:
        capos_idl_put_u64(wr, v);
        break;
    }
}

/* "argument N (name: type): " */
static void sink_arg(sink_t *s, int index, const idl_field_desc_t *f) {
    sink_printf(s, "argument %d (", index + 1);
    sink_field(s, f);
    sink_puts(s, "): ");
}

static idl_text_err_t encode_int(capos_idl_writer_t *wr, const idl_field_desc_t *f, int index,
                                 const char *p, uint32_t n, sink_t *err) {
    uint64_t v = 0;
    int_parse_t r = parse_int(p, n, f->kind, &v);

    if (r == INT_OK) {
        put_scalar(wr, f->kind, v);
        return IDL_TEXT_OK;
    }
    sink_arg(err, index, f);
    sink_snippet(err, p, n);
    if (r == INT_SYNTAX) {
        sink_puts(err, " is not an integer (decimal or 0x hex)");
        return IDL_TEXT_BAD_ARG;
    }
    sink_puts(err, " is out of range ");
    if (kind_signed(f->kind)) {
        sink_putc(err, '-');
        sink_u64(err, kind_max(f->kind) + 1);
    } else {
        sink_putc(err, '0');
    }
    sink_puts(err, "..");
    sink_u64(err, kind_max(f->kind));
    return IDL_TEXT_BAD_ARG;
}

static idl_text_err_t over_bound(const idl_field_desc_t *f, int index, uint32_t n, sink_t *err) {
    sink_arg(err, index, f);
    sink_printf(err, "%u bytes, over the bound %u", n, f->bound);
    return IDL_TEXT_BAD_ARG;
}

/* bytes given as "hex:" and hex digits, decoded straight into the message. */
static idl_text_err_t encode_hex(capos_idl_writer_t *wr, const idl_field_desc_t *f, int index,
                                 const char *p, uint32_t n, sink_t *err) {
    uint8_t *dst;

    for (uint32_t i = 0; i < n; i++) {
        if (hex_value(p[i]) < 0) {
            sink_arg(err, index, f);
            sink_puts(err, "bad hex digit ");
            sink_quoted(err, (const uint8_t *)p + i, 1);
            sink_printf(err, " at offset %u", i + 4);
            return IDL_TEXT_BAD_ARG;
        }
    }
    if (n % 2 != 0) {
        sink_arg(err, index, f);
        sink_printf(err, "hex: needs an even number of hex digits, got %u", n);
        return IDL_TEXT_BAD_ARG;
    }
    if (n / 2 > f->bound)
        return over_bound(f, index, n / 2, err);
    capos_idl_put_u32(wr, n / 2);
    dst = capos_idl_room(wr, n / 2);
    for (uint32_t i = 0; dst != NULL && i < n / 2; i++)
        dst[i] = (uint8_t)(hex_value(p[2 * i]) << 4 | hex_value(p[2 * i + 1]));
    return IDL_TEXT_OK;
}

static idl_text_err_t encode_blob(capos_idl_writer_t *wr, const idl_field_desc_t *f, int index,
                                  const char *p, uint32_t n, sink_t *err) {
    if (f->kind == IDL_KIND_BYTES && n >= 4 && p[0] == 'h' && p[1] == 'e' && p[2] == 'x' &&
        p[3] == ':')
        return encode_hex(wr, f, index, p + 4, n - 4, err);
    if (n > f->bound)
        return over_bound(f, index, n, err);
    if (f->kind == IDL_KIND_BYTES) {
        capos_idl_put_bytes(wr, p, n, f->bound);
        return IDL_TEXT_OK;
    }
    for (uint32_t i = 0; i < n; i++) {
        if (p[i] == '\0') {
            sink_arg(err, index, f);
            sink_printf(err, "a string holds no NUL byte, found one at offset %u", i);
            return IDL_TEXT_BAD_ARG;
        }
    }
    capos_idl_put_string(wr, p, n, f->bound);
    return IDL_TEXT_OK;
}

/* How many text arguments and cap handles a method takes. */
typedef struct {
    uint32_t text;
    uint32_t min_caps; /* one per cap field */
    uint32_t max_caps; /* plus the bound of a caps<N> field */
} arg_shape_t;

static arg_shape_t arg_shape(const idl_method_desc_t *m) {
    arg_shape_t sh = {0, 0, 0};

    for (uint32_t i = 0; i < m->nargs; i++) {
        if (m->args[i].kind == IDL_KIND_CAP) {
            sh.min_caps++;
            sh.max_caps++;
        } else if (m->args[i].kind == IDL_KIND_CAPS) {
            sh.max_caps += m->args[i].bound;
        } else {
            sh.text++;
        }
    }
    return sh;
}

static idl_text_err_t arg_count_error(const idl_method_desc_t *m, const arg_shape_t *sh, int argc,
                                      sink_t *err) {
    sink_method_name(err, m);
    if (sh->text == 0) {
        sink_puts(err, " takes no arguments");
    } else {
        sink_printf(err, " takes %u argument%s (", sh->text, sh->text == 1 ? "" : "s");
        sink_field_list(err, m->args, m->nargs, 0);
        sink_putc(err, ')');
    }
    if (sh->max_caps != 0)
        sink_puts(err, " besides its @name capabilities");
    sink_printf(err, ", got %d", argc);
    return IDL_TEXT_ARG_COUNT;
}

static idl_text_err_t cap_count_error(const idl_method_desc_t *m, const arg_shape_t *sh,
                                      uint32_t ncaps, sink_t *err) {
    sink_method_name(err, m);
    if (sh->max_caps == 0)
        sink_puts(err, " takes no capabilities");
    else if (sh->min_caps == sh->max_caps)
        sink_printf(err, " takes %u capabilit%s", sh->min_caps, sh->min_caps == 1 ? "y" : "ies");
    else
        sink_printf(err, " takes %u to %u capabilities", sh->min_caps, sh->max_caps);
    if (sh->max_caps != 0) {
        sink_puts(err, " (");
        sink_field_list(err, m->args, m->nargs, 1);
        sink_puts(err, ") given as @name");
    }
    sink_printf(err, ", got %u", ncaps);
    return ncaps < sh->min_caps ? IDL_TEXT_NEEDS_CAPS : IDL_TEXT_EXTRA_CAPS;
}

/* Byte length of argument i: lens[i], else up to its NUL. */
static uint32_t arg_len(char *const *argv, const uint32_t *lens, int i) {
    size_t n;

    if (lens != NULL)
        return lens[i];
    n = text_len(argv[i]);
    return n > UINT32_MAX ? UINT32_MAX : (uint32_t)n;
}

/* Encodes every input field; counts were checked, so argv and caps suffice. */
static idl_text_err_t encode_fields(const idl_method_desc_t *m, char *const *argv,
                                    const uint32_t *lens, const cap_t *caps, uint32_t ncaps,
                                    ipc_msg_t *out, sink_t *err) {
    capos_idl_writer_t wr;
    uint32_t ci = 0;
    int ai = 0;

    capos_idl_request(out, m->iface->id, m->id, 0);
    capos_idl_write_begin(&wr, out);
    for (uint32_t i = 0; i < m->nargs; i++) {
        const idl_field_desc_t *f = &m->args[i];
        idl_text_err_t r;

        if (f->kind == IDL_KIND_CAP) {
            capos_idl_put_cap(&wr, caps[ci++], IPC_CAP_COPY);
            continue;
        }
        if (f->kind == IDL_KIND_CAPS) {
            while (ci < ncaps)
                capos_idl_put_cap(&wr, caps[ci++], IPC_CAP_COPY);
            continue;
        }
        if (kind_is_blob(f->kind))
            r = encode_blob(&wr, f, ai, argv[ai], arg_len(argv, lens, ai), err);
        else
            r = encode_int(&wr, f, ai, argv[ai], arg_len(argv, lens, ai), err);
        if (r != IDL_TEXT_OK)
            return r;
        ai++;
    }
    if (capos_idl_write_end(&wr) != CAP_OK) {
        sink_method_name(err, m);
        sink_printf(err, ": the request does not fit one message (%u bytes, %u caps)",
                    IPC_MAX_BYTES, IPC_MAX_CAPS);
        return IDL_TEXT_BAD_ARG;
    }
    return IDL_TEXT_OK;
}

static idl_text_err_t encode_checked(const idl_method_desc_t *m, int argc, char *const *argv,
                                     const uint32_t *lens, const cap_t *caps, uint32_t ncaps,
                                     ipc_msg_t *out, sink_t *err) {
    arg_shape_t sh;

    if (!method_valid(m) || out == NULL || argc < 0 || (argc > 0 && argv == NULL) ||
        (ncaps > 0 && caps == NULL)) {
        sink_puts(err, "bad method descriptor or arguments");
        return IDL_TEXT_BAD_DESC;
    }
    for (int i = 0; i < argc; i++) {
        if (argv[i] == NULL) {
            sink_printf(err, "argument %d is missing (NULL)", i + 1);
            return IDL_TEXT_BAD_DESC;
        }
    }
    sh = arg_shape(m);
    if ((uint32_t)argc != sh.text)
        return arg_count_error(m, &sh, argc, err);
    if (ncaps < sh.min_caps || ncaps > sh.max_caps)
        return cap_count_error(m, &sh, ncaps, err);
    return encode_fields(m, argv, lens, caps, ncaps, out, err);
}

idl_text_err_t idl_text_encode(const idl_method_desc_t *method, int argc, char *const *argv,
                               const uint32_t *lens, const cap_t *caps, uint32_t ncaps,
                               ipc_msg_t *out, char *err, size_t errlen) {
    sink_t s;
    idl_text_err_t r;

    sink_init(&s, err, errlen);
    r = encode_checked(method, argc, argv, lens, caps, ncaps, out, &s);
    if (r != IDL_TEXT_OK && out != NULL) {
        out->len = 0;
        out->ncaps = 0;
    }
    (void)sink_finish(&s);
    return r;
}

/* ---- replies ---------------------------------------------------------------- */

/* Replaces whatever was formatted with "bad reply: [name (type): ]why". */
static idl_text_err_t bad_reply(sink_t *s, const idl_field_desc_t *f, const char *fmt, ...) {
    va_list ap;

    sink_reset(s);
    sink_puts(s, "bad reply: ");
    if (f != NULL) {
        sink_puts(s, f->name);
        sink_puts(s, " (");
        sink_type(s, f);
        sink_puts(s, "): ");
    }
    va_start(ap, fmt);
    sink_vprintf(s, fmt, ap);
    va_end(ap);
    return IDL_TEXT_BAD_REPLY;
}

static uint32_t scalar_size(idl_kind_t k) {
    switch (k) {
    case IDL_KIND_U8:
        return 1;
    case IDL_KIND_U16:
        return 2;
    case IDL_KIND_U32:
    case IDL_KIND_I32:
        return 4;
    default:
        return 8;
    }
}

static idl_text_err_t format_int(capos_idl_reader_t *rd, const idl_field_desc_t *f, sink_t *s) {
    uint32_t left = rd->msg->len - rd->off;
    uint32_t size = scalar_size(f->kind);

    if (left < size)
        return bad_reply(s, f, "the data ends after %u of its %u bytes", left, size);
    switch (f->kind) {
    case IDL_KIND_U8:
        sink_u64(s, capos_idl_get_u8(rd));
        break;
    case IDL_KIND_U16:
        sink_u64(s, capos_idl_get_u16(rd));
        break;
    case IDL_KIND_U32:
        sink_u64(s, capos_idl_get_u32(rd));
        break;
    case IDL_KIND_I32:
        sink_i64(s, capos_idl_get_i32(rd));
        break;
    case IDL_KIND_I64:
        sink_i64(s, capos_idl_get_i64(rd));
        break;
    default:
        sink_u64(s, capos_idl_get_u64(rd));
        break;
    }
    return IDL_TEXT_OK;
}

static int all_printable(const uint8_t *p, uint32_t n) {
    for (uint32_t i = 0; i < n; i++) {
        if (p[i] < 0x20 || p[i] >= 0x7f)
            return 0;
    }
    return 1;
}

static idl_text_err_t format_blob(capos_idl_reader_t *rd, const idl_field_desc_t *f, sink_t *s) {
    uint32_t left = rd->msg->len - rd->off;
    uint32_t n, len = 0;
    const uint8_t *p;

    if (left < 4)
        return bad_reply(s, f, "the data ends inside its length (%u of 4 bytes)", left);
    n = capos_idl_load32(rd->msg->data + rd->off);
    if (n > f->bound)
        return bad_reply(s, f, "length %u over the bound", n);
    if (n > left - 4)
        return bad_reply(s, f, "length %u but only %u bytes follow", n, left - 4);
    p = capos_idl_get_bytes(rd, f->bound, &len);
    for (uint32_t i = 0; f->kind == IDL_KIND_STRING && i < len; i++) {
        if (p[i] == 0)
            return bad_reply(s, f, "NUL byte at offset %u", i);
    }
    if (f->kind == IDL_KIND_STRING || all_printable(p, len)) {
        sink_quoted(s, p, len);
        return IDL_TEXT_OK;
    }
    sink_puts(s, "hex:");
    for (uint32_t i = 0; i < len; i++) {
        sink_putc(s, hex_digits[p[i] >> 4]);
        sink_putc(s, hex_digits[p[i] & 15]);
    }
    return IDL_TEXT_OK;
}

static idl_text_err_t format_caps(capos_idl_reader_t *rd, const idl_field_desc_t *f, sink_t *s) {
    uint32_t left = rd->msg->ncaps - rd->cap;
    uint32_t count = 0;

    if (f->kind == IDL_KIND_CAP) {
        if (left == 0)
            return bad_reply(s, f, "no capability left for it");
        (void)capos_idl_get_cap(rd);
        sink_puts(s, "<cap>");
        return IDL_TEXT_OK;
    }
    if (left > f->bound)
        return bad_reply(s, f, "%u capabilities, over the bound", left);
    (void)capos_idl_get_caps(rd, f->bound, &count);
    sink_printf(s, "<%u caps>", count);
    return IDL_TEXT_OK;
}

static idl_text_err_t format_fields(const idl_method_desc_t *m, const ipc_msg_t *reply, sink_t *s) {
    capos_idl_reader_t rd;

    if (reply->len > IPC_MAX_BYTES)
        return bad_reply(s, NULL, "%u data bytes, over IPC_MAX_BYTES", reply->len);
    if (reply->ncaps > IPC_MAX_CAPS)
        return bad_reply(s, NULL, "%u capabilities, over IPC_MAX_CAPS", reply->ncaps);
    capos_idl_read_begin(&rd, reply);
    for (uint32_t i = 0; i < m->nresults; i++) {
        const idl_field_desc_t *f = &m->results[i];
        idl_text_err_t r;

        if (i != 0)
            sink_putc(s, ' ');
        sink_puts(s, f->name);
        sink_putc(s, '=');
        if (kind_is_cap(f->kind))
            r = format_caps(&rd, f, s);
        else if (kind_is_blob(f->kind))
            r = format_blob(&rd, f, s);
        else
            r = format_int(&rd, f, s);
        if (r != IDL_TEXT_OK)
            return r;
    }
    if (rd.off != reply->len)
        return bad_reply(s, NULL, "%u data bytes after the outputs", reply->len - rd.off);
    if (rd.cap != reply->ncaps)
        return bad_reply(s, NULL, "%u capabilities after the outputs", reply->ncaps - rd.cap);
    if (!capos_idl_read_end(&rd))
        return bad_reply(s, NULL, "malformed");
    return IDL_TEXT_OK;
}

idl_text_err_t idl_text_format_reply(const idl_method_desc_t *method, const ipc_msg_t *reply,
                                     char *out, size_t outlen) {
    sink_t s;
    idl_text_err_t r;

    sink_init(&s, out, outlen);
    if (!method_valid(method) || reply == NULL) {
        sink_puts(&s, "bad method descriptor");
        (void)sink_finish(&s);
        return IDL_TEXT_BAD_DESC;
    }
    if (reply->label != (uint64_t)CAP_OK) {
        sink_puts(&s, "error status ");
        sink_u64(&s, reply->label);
        (void)sink_finish(&s);
        return IDL_TEXT_REPLY_STATUS;
    }
    r = format_fields(method, reply, &s);
    if (r != IDL_TEXT_OK) {
        (void)sink_finish(&s);
        return r;
    }
    return sink_finish(&s);
}
