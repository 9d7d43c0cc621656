#!/usr/bin/env python3
"""capOS-C IDL code generator.

Usage:
    gen.py --out DIR [--json FILE] [--check GOLDEN_DIR] file.idl...

For every schema foo.idl it writes, under DIR/capos/idl/:
    foo.h           interface/method id macros, client prototypes, server ops
                    struct and dispatch prototype
    foo_client.c    client stubs (call capos_invoke())
    foo_server.c    request decoder/dispatcher
and once per run idl_runtime.h (capos_invoke() and the wire helpers),
all.h (includes every interface header) and reflect.h + reflect.c (a
constant table describing every interface, method and field, for generic
callers such as the shell's `call` command). --json FILE writes a JSON
description of every interface for non-C clients.

--check GOLDEN_DIR generates into a temporary directory and compares the
result (the DIR tree plus interfaces.json) with GOLDEN_DIR; on a mismatch it
prints a unified diff and exits 1. --out is optional with --check. To refresh
the committed goldens:
    idl/gen.py --out idl/golden --json idl/golden/interfaces.json idl/*.idl

Schema language:
    # comment (comment lines right before an interface or method are its doc)
    interface Name = ID {
        method @N (arg: type, ...) -> (out: type, ...);
    }
Types: u8 u16 u32 u64 i32 i64, bytes<N>, string<N>, cap, caps<N>.
Interface names are CamelCase and unique, interface ids 0..2^32-1 and unique
across all files; method and field names are lower_snake_case, method ids
0..255 and unique per interface (gaps allowed). Each direction of a method
must fit IPC_MAX_BYTES and IPC_MAX_CAPS at its bounds.

Wire format: request label = IPC_LABEL(interface id, method id), reply label =
cap_err_t status. data[] holds the non-capability fields in declaration
order, little-endian, unpadded; bytes<N>/string<N> are a u32 length (<= N)
followed by that many bytes (a string holds no NUL). Each cap field takes the
next caps[] entry; a caps<N> field (at most one per direction, after every
other cap field) takes all remaining entries, 0..N of them. Decoding is
exact: every data byte and every cap entry must be consumed.

A malformed schema is reported as "file:line: message" on stderr with exit
status 1. Uses only the Python standard library (3.9 or newer).
"""

import argparse
import difflib
import json
import os
import re
import sys
import tempfile

IPC_MAX_BYTES = 1024
IPC_MAX_CAPS = 8
MAX_IFACE_ID = 0xFFFFFFFF  # IPC_LABEL_IFACE() yields 32 bits
MAX_METHOD_ID = 255  # dispatch tables are dense arrays indexed by method id
LINE_WIDTH = 100

SCALARS = {
    # name: (C type, wire size in bytes)
    "u8": ("uint8_t", 1),
    "u16": ("uint16_t", 2),
    "u32": ("uint32_t", 4),
    "u64": ("uint64_t", 8),
    "i32": ("int32_t", 4),
    "i64": ("int64_t", 8),
}
BOUNDED = ("bytes", "string", "caps")
# Every field kind, in the order of reflect.h's idl_kind_t.
KINDS = ("u8", "u16", "u32", "u64", "i32", "i64", "bytes", "string", "cap", "caps")

C_KEYWORDS = frozenset(
    "auto break case char const continue default do double else enum extern float for goto if "
    "inline int long register restrict return short signed sizeof static struct switch typedef "
    "union unsigned void volatile while asm typeof typeof_unqual bool true false nullptr alignas "
    "alignof static_assert thread_local constexpr offsetof".split()
)
# Identifiers the generated functions use next to schema-named parameters.
RESERVED_PARAMS = frozenset("self disclose ctx msg wr rd err res".split())
# First components of macro names owned by capos/abi.h, <stdint.h> and <stddef.h>.
RESERVED_MACRO_HEADS = frozenset(
    "CAP CAPOS IPC SYS DISCLOSE PRINCIPAL CALLER CAPSET USER PAGE MAP RECV INT UINT INTPTR "
    "UINTPTR INTMAX UINTMAX PTRDIFF SIZE SIG WCHAR WINT NULL".split()
)
RESERVED_STEMS = frozenset(["all", "idl_runtime", "reflect"])

IFACE_NAME_RE = re.compile(r"[A-Z][A-Za-z0-9]*\Z")
SNAKE_RE = re.compile(r"[a-z][a-z0-9]*(_[a-z0-9]+)*\Z")
STEM_RE = re.compile(r"[a-z][a-z0-9_]*\Z")
TOKEN_RE = re.compile(r"\s*(?:(->)|([A-Za-z_][A-Za-z0-9_]*)|([0-9]+)|([=@(){}<>:;,]))")


class SchemaError(Exception):
    def __init__(self, path, line, msg):
        super().__init__("%s:%d: %s" % (path, line, msg))


# ---- model -------------------------------------------------------------------


class Type:
    def __init__(self, kind, bound=None):
        self.kind = kind  # a SCALARS key, "bytes", "string", "cap" or "caps"
        self.bound = bound

    def is_scalar(self):
        return self.kind in SCALARS

    def max_bytes(self):
        if self.is_scalar():
            return SCALARS[self.kind][1]
        if self.kind in ("bytes", "string"):
            return 4 + self.bound
        return 0

    def max_caps(self):
        return {"cap": 1, "caps": self.bound}.get(self.kind, 0)

    def __str__(self):
        return "%s<%d>" % (self.kind, self.bound) if self.bound is not None else self.kind


class Field:
    def __init__(self, name, type_, line):
        self.name = name
        self.type = type_
        self.line = line


class Method:
    def __init__(self, name, mid, args, results, line, doc):
        self.name = name
        self.id = mid
        self.args = args
        self.results = results
        self.line = line
        self.doc = doc


class Interface:
    def __init__(self, name, iid, line, doc):
        self.name = name
        self.id = iid
        self.line = line
        self.doc = doc
        self.methods = []
        self.macro = upper_snake(name)
        self.prefix = self.macro.lower()


class Schema:
    def __init__(self, path, stem, interfaces):
        self.path = path
        self.stem = stem
        self.source = os.path.basename(path)
        self.interfaces = interfaces


def upper_snake(name):
    """ProcessSpawner -> PROCESS_SPAWNER, IPCRouter -> IPC_ROUTER."""
    s = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    s = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", s)
    return s.upper()


# ---- lexer and parser ----------------------------------------------------------


class Token:
    def __init__(self, kind, text, line):
        self.kind = kind  # "id", "num", "punct", "doc" or "eof"
        self.text = text
        self.line = line

    def describe(self):
        if self.kind == "eof":
            return "end of file"
        return "'%s'" % self.text


def tokenize(path, text):
    tokens = []
    lineno = 0
    for lineno, raw in enumerate(text.splitlines(), 1):
        code, hashmark, comment = raw.partition("#")
        if hashmark and not code.strip():
            tokens.append(Token("doc", comment.strip(), lineno))
        pos = 0
        while pos < len(code):
            m = TOKEN_RE.match(code, pos)
            if not m:
                rest = code[pos:].lstrip()
                if not rest:
                    break
                raise SchemaError(path, lineno, "unexpected character '%s'" % rest[0])
            pos = m.end()
            if m.group(2):
                tokens.append(Token("id", m.group(2), lineno))
            elif m.group(3):
                tokens.append(Token("num", m.group(3), lineno))
            else:
                tokens.append(Token("punct", m.group(1) or m.group(4), lineno))
    tokens.append(Token("eof", "", max(lineno, 1)))
    return tokens


class Parser:
    def __init__(self, path, text):
        self.path = path
        self.tokens = tokenize(path, text)
        self.pos = 0
        self.doc = []

    def error(self, line, msg):
        return SchemaError(self.path, line, msg)

    def peek(self):
        # Comment lines collect until the next declaration claims them.
        while self.tokens[self.pos].kind == "doc":
            tok = self.tokens[self.pos]
            if self.doc and self.doc[-1].line != tok.line - 1:
                self.doc = []  # a gap: earlier comments belong to nothing
            self.doc.append(tok)
            self.pos += 1
        return self.tokens[self.pos]

    def take_doc(self, line):
        """The comment block ending on the line before `line` (the declaration's)."""
        doc, self.doc = self.doc, []
        if not doc or doc[-1].line != line - 1:
            return ""
        return "\n".join(t.text for t in doc).strip()

    def next(self):
        tok = self.peek()
        if tok.kind != "eof":
            self.pos += 1
        return tok

    def expect(self, text, what=None):
        tok = self.next()
        if tok.kind != "punct" or tok.text != text:
            what = what or "'%s'" % text
            raise self.error(tok.line, "expected %s, found %s" % (what, tok.describe()))
        return tok

    def expect_id(self, what):
        tok = self.next()
        if tok.kind != "id":
            raise self.error(tok.line, "expected %s, found %s" % (what, tok.describe()))
        return tok

    def expect_num(self, what):
        tok = self.next()
        if tok.kind != "num":
            raise self.error(tok.line, "expected %s, found %s" % (what, tok.describe()))
        if len(tok.text) > 1 and tok.text[0] == "0":
            raise self.error(tok.line, "%s '%s' has a leading zero" % (what, tok.text))
        return tok

    def parse_file(self):
        interfaces = []
        while True:
            tok = self.peek()
            if tok.kind == "eof":
                break
            doc = self.take_doc(tok.line)
            if tok.kind != "id" or tok.text != "interface":
                raise self.error(tok.line, "expected 'interface', found %s" % tok.describe())
            self.next()
            interfaces.append(self.parse_interface(doc))
        return interfaces

    def parse_interface(self, doc):
        name = self.expect_id("interface name")
        if not IFACE_NAME_RE.match(name.text):
            raise self.error(name.line, "interface name '%s' must be CamelCase" % name.text)
        self.expect("=")
        num = self.expect_num("interface id")
        iid = int(num.text)
        if iid > MAX_IFACE_ID:
            raise self.error(num.line, "interface id %d out of range 0..%d" % (iid, MAX_IFACE_ID))
        iface = Interface(name.text, iid, name.line, doc)
        self.expect("{")
        while True:
            tok = self.peek()
            doc = self.take_doc(tok.line)
            if tok.kind == "punct" and tok.text == "}":
                self.next()
                break
            iface.methods.append(self.parse_method(doc))
        if not iface.methods:
            raise self.error(name.line, "interface %s has no methods" % iface.name)
        return iface

    def parse_method(self, doc):
        name = self.expect_id("method name or '}'")
        self.expect("@", "'@' and a method id")
        num = self.expect_num("method id")
        mid = int(num.text)
        if mid > MAX_METHOD_ID:
            raise self.error(num.line, "method id %d out of range 0..%d" % (mid, MAX_METHOD_ID))
        args = self.parse_fields()
        self.expect("->")
        results = self.parse_fields()
        self.expect(";")
        return Method(name.text, mid, args, results, name.line, doc)

    def parse_fields(self):
        self.expect("(")
        fields = []
        if self.peek().kind == "punct" and self.peek().text == ")":
            self.next()
            return fields
        while True:
            name = self.expect_id("parameter name")
            self.expect(":")
            fields.append(Field(name.text, self.parse_type(), name.line))
            tok = self.next()
            if tok.kind == "punct" and tok.text == ")":
                return fields
            if tok.kind != "punct" or tok.text != ",":
                raise self.error(tok.line, "expected ',' or ')', found %s" % tok.describe())

    def parse_type(self):
        tok = self.expect_id("a type")
        if tok.text in SCALARS or tok.text == "cap":
            return Type(tok.text)
        if tok.text not in BOUNDED:
            raise self.error(tok.line, "unknown type '%s'" % tok.text)
        self.expect("<", "'<' and a bound for %s" % tok.text)
        num = self.expect_num("a bound")
        self.expect(">")
        bound = int(num.text)
        limit = IPC_MAX_CAPS if tok.text == "caps" else IPC_MAX_BYTES
        if not 1 <= bound <= limit:
            raise self.error(num.line, "%s bound %d out of range 1..%d" % (tok.text, bound, limit))
        return Type(tok.text, bound)


# ---- checks --------------------------------------------------------------------

# Names reflect.h defines; an interface generating one of them is rejected.
REFLECT_SYMBOLS = frozenset(
    ["IDL_KIND_%s" % k.upper() for k in KINDS]
    + ["IDL_KIND__COUNT", "IDL_REFLECT_IFACE_COUNT", "idl_kind_t", "idl_field_desc_t",
       "idl_method_desc_t", "idl_iface_desc_t", "idl_iface_desc", "idl_reflect_ifaces",
       "idl_reflect_find_iface", "idl_reflect_find_iface_by_name", "idl_reflect_find_method",
       "idl_reflect_find_method_by_id", "idl_reflect_kind_name"]
)


def c_params(field, direction):
    """C parameter names a field expands to (client and server alike)."""
    n = field.name
    kind = field.type.kind
    if kind in ("bytes", "string"):
        return [n, n + "_len"] if direction == "in" else [n, n + "_cap", n + "_len"]
    if kind == "caps":
        return [n, n + "_count"] if direction == "in" else [n, n + "_cap", n + "_count"]
    return [n]


def fail(path, line, fmt, *args):
    raise SchemaError(path, line, fmt % args)


def check_direction(path, method, fields, what):
    """Wire limits and cap-field order for one direction of a method."""
    nbytes = sum(f.type.max_bytes() for f in fields)
    if nbytes > IPC_MAX_BYTES:
        fail(path, method.line, "%s of %s can encode to %d bytes, over IPC_MAX_BYTES (%d)",
             what, method.name, nbytes, IPC_MAX_BYTES)
    ncaps = sum(f.type.max_caps() for f in fields)
    if ncaps > IPC_MAX_CAPS:
        fail(path, method.line, "%s of %s can carry %d caps, over IPC_MAX_CAPS (%d)",
             what, method.name, ncaps, IPC_MAX_CAPS)
    cap_list = None
    for f in fields:
        if f.type.kind == "caps" and cap_list is not None:
            fail(path, f.line, "only one caps<N> field allowed per direction ('%s' and '%s')",
                 cap_list.name, f.name)
        if f.type.kind == "cap" and cap_list is not None:
            fail(path, f.line, "cap field '%s' follows caps<N> field '%s'; caps<N> must be the "
                 "last capability field", f.name, cap_list.name)
        if f.type.kind == "caps":
            cap_list = f


def check_method(path, method):
    """Names of the method and its fields, and its wire limits."""
    if not SNAKE_RE.match(method.name):
        fail(path, method.line, "method name '%s' must be lower_snake_case", method.name)
    if method.name in C_KEYWORDS:
        fail(path, method.line, "method name '%s' is reserved in C", method.name)
    owners = {}  # C parameter name -> field it came from
    for direction, fields in (("in", method.args), ("out", method.results)):
        for f in fields:
            if not SNAKE_RE.match(f.name):
                fail(path, f.line, "parameter name '%s' must be lower_snake_case", f.name)
            if f.name in C_KEYWORDS or f.name in RESERVED_PARAMS:
                fail(path, f.line, "parameter name '%s' is reserved", f.name)
            for cname in c_params(f, direction):
                if cname in RESERVED_PARAMS:
                    fail(path, f.line, "parameter '%s' expands to reserved name '%s'",
                         f.name, cname)
                if cname in owners and cname == f.name == owners[cname]:
                    fail(path, f.line, "duplicate parameter name '%s'", f.name)
                if cname in owners:
                    fail(path, f.line, "parameter '%s' expands to C name '%s', already used by "
                         "'%s'", f.name, cname, owners[cname])
                owners[cname] = f.name
    check_direction(path, method, method.args, "request")
    check_direction(path, method, method.results, "reply")


def interface_symbols(iface):
    """(symbol, line) for every macro and C identifier an interface defines."""
    p = iface.prefix
    syms = [
        (iface.macro + "_IFACE_ID", iface.line),
        (p + "_server_ops_t", iface.line),
        (p + "_dispatch", iface.line),
        (p + "_handler_t", iface.line),
    ]
    for m in iface.methods:
        syms += [
            ("%s_%s" % (iface.macro, m.name.upper()), m.line),
            ("%s_%s" % (p, m.name), m.line),
            ("%s_%s_ex" % (p, m.name), m.line),
            ("%s_serve_%s" % (p, m.name), m.line),
        ]
    return syms


def check_interface(path, iface):
    """Checks within one interface: its name and its methods."""
    head = iface.macro.split("_")[0]
    if head in RESERVED_MACRO_HEADS or re.match(r"U?INT[0-9]+\Z", head):
        fail(path, iface.line, "interface name '%s' would define %s_* names, which are reserved",
             iface.name, head)
    names = {}
    ids = {}
    for m in iface.methods:
        check_method(path, m)
        if m.name in names:
            fail(path, m.line, "duplicate method name '%s' (first at line %d)",
                 m.name, names[m.name])
        if m.id in ids:
            fail(path, m.line, "duplicate method id @%d ('%s' and '%s')", m.id, ids[m.id], m.name)
        names[m.name] = m.line
        ids[m.id] = m.name


def check_schemas(schemas):
    """All checks; across files, names, ids and generated symbols are unique."""
    stems = {}
    iface_names = {}
    iface_ids = {}
    symbols = dict.fromkeys(REFLECT_SYMBOLS, "reflect.h")
    for s in schemas:
        if not STEM_RE.match(s.stem) or s.stem in RESERVED_STEMS:
            fail(s.path, 1, "file name '%s.idl' is not usable (need [a-z][a-z0-9_]*, not %s)",
                 s.stem, " or ".join(sorted(RESERVED_STEMS)))
        if s.stem in stems:
            fail(s.path, 1, "another schema is also named %s.idl (%s)", s.stem, stems[s.stem])
        stems[s.stem] = s.path
        if not s.interfaces:
            fail(s.path, 1, "no interface defined")
        for iface in s.interfaces:
            check_interface(s.path, iface)
            where = "%s:%d" % (s.path, iface.line)
            if iface.name in iface_names:
                fail(s.path, iface.line, "interface %s already defined at %s",
                     iface.name, iface_names[iface.name])
            iface_names[iface.name] = where
            if iface.id in iface_ids:
                fail(s.path, iface.line, "interface id %d of %s already used by %s",
                     iface.id, iface.name, iface_ids[iface.id])
            iface_ids[iface.id] = "%s (%s)" % (iface.name, where)
            for sym, line in interface_symbols(iface):
                if sym in symbols:
                    fail(s.path, line, "generated name %s collides with the one from %s",
                         sym, symbols[sym])
                symbols[sym] = "%s (%s:%d)" % (iface.name, s.path, line)


def load_schemas(paths):
    schemas = []
    for path in paths:
        try:
            with open(path, encoding="utf-8") as f:
                text = f.read()
        except (OSError, UnicodeDecodeError) as e:
            raise SchemaError(path, 1, "cannot read schema: %s" % e)
        base = os.path.basename(path)
        if not base.endswith(".idl"):
            raise SchemaError(path, 1, "schema file name must end in .idl")
        schemas.append(Schema(path, base[:-4], Parser(path, text).parse_file()))
    check_schemas(schemas)
    return sorted(schemas, key=lambda s: s.stem)


# ---- C text helpers ------------------------------------------------------------


def wrap(head, items, tail, indent="", width=LINE_WIDTH):
    """indent + head + items joined by ", " + tail, wrapped at width and
    aligned after head (which ends with the opening parenthesis)."""
    col = len(indent) + len(head)
    lines = []
    cur = indent + head
    for i, item in enumerate(items):
        piece = item + (tail if i == len(items) - 1 else ",")
        if i == 0:
            cur += piece
        elif len(cur) + 1 + len(piece) <= width:
            cur += " " + piece
        else:
            lines.append(cur)
            cur = " " * col + piece
    if not items:
        cur += tail
    lines.append(cur)
    return "\n".join(lines)


def c_comment(text, indent=""):
    text = text.replace("*/", "* /")
    lines = text.split("\n")
    if len(lines) == 1 and len(indent) + len(text) + 6 <= LINE_WIDTH:
        return "%s/* %s */" % (indent, text)
    body = "\n".join(("%s * %s" % (indent, l)).rstrip() for l in lines)
    return "%s/*\n%s\n%s */" % (indent, body, indent)


def method_comment(m):
    """C comment with the method's schema declaration, then its doc."""
    args = ["%s: %s" % (f.name, f.type) for f in m.args]
    results = ["%s: %s" % (f.name, f.type) for f in m.results]
    decl = "%s @%d (%s) -> (%s)" % (m.name, m.id, ", ".join(args), ", ".join(results))
    if not m.doc and len(decl) + 6 <= LINE_WIDTH:
        return "/* %s */" % decl
    width = LINE_WIDTH - 3
    if len(decl) > width:
        decl = wrap("%s @%d (" % (m.name, m.id), args, ")", width=width)
        decl += "\n" + wrap("    -> (", results, ")", width=width)
    if m.doc:
        decl += "\n" + m.doc
    return c_comment(decl)


def in_decls(f):
    """C parameter declarations for an input field."""
    k = f.type.kind
    if f.type.is_scalar():
        return ["%s %s" % (SCALARS[k][0], f.name)]
    if k == "bytes":
        return ["const uint8_t *%s" % f.name, "uint32_t %s_len" % f.name]
    if k == "string":
        return ["const char *%s" % f.name, "uint32_t %s_len" % f.name]
    if k == "cap":
        return ["cap_t %s" % f.name]
    return ["const ipc_cap_t *%s" % f.name, "uint32_t %s_count" % f.name]


def out_decls(f):
    """C parameter declarations for an output field."""
    k = f.type.kind
    if f.type.is_scalar():
        return ["%s *%s" % (SCALARS[k][0], f.name)]
    if k in ("bytes", "string"):
        ctype = "char" if k == "string" else "uint8_t"
        return ["%s *%s" % (ctype, f.name), "uint32_t %s_cap" % f.name, "uint32_t *%s_len" % f.name]
    if k == "cap":
        return ["cap_t *%s" % f.name]
    return ["cap_t *%s" % f.name, "uint32_t %s_cap" % f.name, "uint32_t *%s_count" % f.name]


def method_params(m):
    params = []
    for f in m.args:
        params += in_decls(f)
    for f in m.results:
        params += out_decls(f)
    return params


def handler_params(iface):
    """Parameters of a dispatcher and of its per-method handlers."""
    p = iface.prefix
    return ["const %s_server_ops_t *ops" % p, "void *ctx", "const ipc_msg_t *req", "ipc_msg_t *rep"]


RETURN_ON_ERROR = ["    if (err != CAP_OK)", "        return err;"]


def header_banner(source):
    return "/* Generated by idl/gen.py from %s. Do not edit. */" % source


# ---- foo.h ---------------------------------------------------------------------

HEADER_CONTRACT = """\
/*
 * Client stubs: iface_method(self, inputs..., outputs...) sends one request
 * on `self` with capos_invoke() and decodes the reply. The result is the
 * transport error, else the server's status, else CAP_ERR_BAD_ARGS for an
 * input over its bound (nothing sent) or a malformed reply or an output that
 * does not fit the caller's capacity. Outputs are written only on CAP_OK; a
 * string output is NUL-terminated when it is shorter than its capacity. A
 * `cap` input is sent with IPC_CAP_COPY, `caps<N>` inputs with their own
 * modes. iface_method_ex() also asks for the DISCLOSE_* bits in `disclose`.
 *
 * Servers: iface_dispatch(ops, ctx, req, rep) decodes `req` strictly, calls
 * the op for its method and encodes the op's outputs into `rep` (cap outputs
 * with IPC_CAP_MOVE). It returns the status and stores it in rep->label:
 * CAP_ERR_BAD_ARGS for a malformed request (the op is not called) or for
 * outputs the op reported over their bounds, CAP_ERR_BAD_METHOD for another
 * interface, an unknown method or a NULL op, else the op's status. On error
 * rep carries no data and no caps. Ops see byte/string inputs in place in
 * `req` (not NUL-terminated) and outputs zeroed beforehand. `req` and `rep`
 * may be the same message. Dispatch never releases capabilities: caps of a
 * rejected request and cap outputs not sent stay installed.
 */"""


def gen_header(schema):
    guard = "CAPOS_IDL_%s_H" % schema.stem.upper()
    out = [
        header_banner(schema.source),
        "#ifndef " + guard,
        "#define " + guard,
        "",
        "#include <stdint.h>",
        '#include "capos/abi.h"',
        "",
        HEADER_CONTRACT,
    ]
    for iface in schema.interfaces:
        out += ["", "/* ---- %s ---- */" % iface.name, ""]
        if iface.doc:
            out.append(c_comment(iface.doc))
        out.append("#define %s_IFACE_ID %du" % (iface.macro, iface.id))
        for m in iface.methods:
            out.append("#define %s_%s %du" % (iface.macro, m.name.upper(), m.id))
        for m in iface.methods:
            out.append("")
            out.append(method_comment(m))
            params = method_params(m)
            fn = "cap_err_t %s_%s" % (iface.prefix, m.name)
            out.append("__attribute__((warn_unused_result))")
            out.append(wrap(fn + "(", ["cap_t self"] + params, ");"))
            out.append("__attribute__((warn_unused_result))")
            out.append(wrap(fn + "_ex(", ["cap_t self", "uint32_t disclose"] + params, ");"))
        out += ["", "typedef struct {"]
        for m in iface.methods:
            params = ["void *ctx"] + method_params(m)
            out.append(wrap("cap_err_t (*%s)(" % m.name, params, ");", "    "))
        out.append("} %s_server_ops_t;" % iface.prefix)
        out.append("")
        out.append(wrap("cap_err_t %s_dispatch(" % iface.prefix, handler_params(iface), ");"))
    out += ["", "#endif", ""]
    return "\n".join(out)


# ---- foo_client.c ---------------------------------------------------------------


def put_call(f, var, cap_mode="IPC_CAP_COPY"):
    """Writer call encoding field f from the C expression(s) named by var."""
    k = f.type.kind
    if f.type.is_scalar():
        return "capos_idl_put_%s(&wr, %s);" % (k, var)
    if k in ("bytes", "string"):
        return "capos_idl_put_%s(&wr, %s, %s_len, %d);" % (k, var, var, f.type.bound)
    if k == "cap":
        return "capos_idl_put_cap(&wr, %s, %s);" % (var, cap_mode)
    if cap_mode == "IPC_CAP_MOVE":
        return "capos_idl_put_moved_caps(&wr, %s, %s_count, %d);" % (var, var, f.type.bound)
    return "capos_idl_put_caps(&wr, %s, %s_count, %d);" % (var, var, f.type.bound)


def get_call(f, var):
    """Reader call decoding field f into the C lvalue(s) named by var."""
    k = f.type.kind
    if f.type.is_scalar():
        return "%s = capos_idl_get_%s(&rd);" % (var, k)
    if k in ("bytes", "string"):
        return "%s = capos_idl_get_%s(&rd, %d, &%s_len);" % (var, k, f.type.bound, var)
    if k == "cap":
        return "%s = capos_idl_get_cap(&rd);" % var
    return "%s = capos_idl_get_caps(&rd, %d, &%s_count);" % (var, f.type.bound, var)


def view_members(f):
    """Struct members holding a decoded field as a view into a message."""
    k = f.type.kind
    if f.type.is_scalar():
        return ["%s %s;" % (SCALARS[k][0], f.name)]
    if k == "bytes":
        return ["const uint8_t *%s;" % f.name, "uint32_t %s_len;" % f.name]
    if k == "string":
        return ["const char *%s;" % f.name, "uint32_t %s_len;" % f.name]
    if k == "cap":
        return ["cap_t %s;" % f.name]
    return ["const ipc_cap_t *%s;" % f.name, "uint32_t %s_count;" % f.name]


def struct_local(members, name, init=""):
    lines = ["    struct {"]
    lines += ["        " + m for m in members]
    lines.append("    } %s%s;" % (name, init))
    return lines


def client_store(f):
    """Statements copying decoded output f from `res` to the caller."""
    n = f.name
    k = f.type.kind
    if k in ("bytes", "string"):
        copy = "capos_idl_copy_string(%s, %s_cap, res.%s, res.%s_len);" % (n, n, n, n)
        if k == "bytes":
            copy = "capos_idl_copy_bytes(%s, res.%s, res.%s_len);" % (n, n, n)
        return [copy, "*%s_len = res.%s_len;" % (n, n)]
    if k == "caps":
        return [
            "capos_idl_copy_caps(%s, res.%s, res.%s_count);" % (n, n, n),
            "*%s_count = res.%s_count;" % (n, n),
        ]
    return ["*%s = res.%s;" % (n, n)]


def gen_client_method(iface, m):
    params = method_params(m)
    fn = "%s_%s" % (iface.prefix, m.name)
    body = []
    locals_ = ["    ipc_msg_t msg;"]
    if m.args:
        locals_.append("    capos_idl_writer_t wr;")
    locals_.append("    capos_idl_reader_t rd;")
    if m.results:
        members = []
        for f in m.results:
            members += view_members(f)
        locals_ += struct_local(members, "res")
    locals_.append("    cap_err_t err;")

    method_id = "%s_%s" % (iface.macro, m.name.upper())
    body.append("    capos_idl_request(&msg, %s_IFACE_ID, %s, disclose);"
                % (iface.macro, method_id))
    if m.args:
        body.append("    capos_idl_write_begin(&wr, &msg);")
        for f in m.args:
            body.append("    " + put_call(f, f.name))
        body += ["    err = capos_idl_write_end(&wr);"] + RETURN_ON_ERROR
    body += ["    err = capos_invoke(self, &msg);"] + RETURN_ON_ERROR
    body += ["    err = capos_idl_reply_status(&msg);"] + RETURN_ON_ERROR
    body.append("    capos_idl_read_begin(&rd, &msg);")
    for f in m.results:
        body.append("    " + get_call(f, "res." + f.name))
    body += ["    if (!capos_idl_read_end(&rd))", "        return CAP_ERR_BAD_ARGS;"]
    for f in m.results:
        size = {"bytes": "len", "string": "len", "caps": "count"}.get(f.type.kind)
        if size:
            body.append("    if (res.%s_%s > %s_cap)" % (f.name, size, f.name))
            body.append("        return CAP_ERR_BAD_ARGS;")
    for f in m.results:
        body += ["    " + s for s in client_store(f)]
    body.append("    return CAP_OK;")

    out = [wrap("cap_err_t %s_ex(" % fn, ["cap_t self", "uint32_t disclose"] + params, ") {")]
    out += locals_ + [""] + body + ["}", ""]
    out.append(wrap("cap_err_t %s(" % fn, ["cap_t self"] + params, ") {"))
    call_args = ["self", "0"] + [decl.split()[-1].lstrip("*") for decl in params]
    out.append(wrap("return %s_ex(" % fn, call_args, ");", "    "))
    out.append("}")
    return "\n".join(out)


def gen_client(schema):
    out = [
        header_banner(schema.source),
        '#include "capos/idl/%s.h"' % schema.stem,
        '#include "capos/idl/idl_runtime.h"',
    ]
    for iface in schema.interfaces:
        for m in iface.methods:
            out += ["", gen_client_method(iface, m)]
    out.append("")
    return "\n".join(out)


# ---- foo_server.c ---------------------------------------------------------------


def result_members(f):
    """Struct members holding an op's output before it is encoded."""
    k = f.type.kind
    n = f.name
    if f.type.is_scalar():
        return ["%s %s;" % (SCALARS[k][0], n)]
    if k in ("bytes", "string"):
        ctype = "char" if k == "string" else "uint8_t"
        return ["%s %s[%d];" % (ctype, n, f.type.bound), "uint32_t %s_len;" % n]
    if k == "cap":
        return ["cap_t %s;" % n]
    return ["cap_t %s[%d];" % (n, f.type.bound), "uint32_t %s_count;" % n]


def op_args(m):
    args = ["ctx"]
    for f in m.args:
        args += ["arg." + c for c in c_params(f, "in")]
    for f in m.results:
        n = f.name
        k = f.type.kind
        if k in ("bytes", "string"):
            args += ["res." + n, "%d" % f.type.bound, "&res.%s_len" % n]
        elif k == "caps":
            args += ["res." + n, "%d" % f.type.bound, "&res.%s_count" % n]
        else:
            args.append("&res." + n)
    return args


def gen_serve_method(iface, m):
    fn = "%s_serve_%s" % (iface.prefix, m.name)
    out = [wrap("static cap_err_t %s(" % fn, handler_params(iface), ") {")]
    out.append("    capos_idl_reader_t rd;")
    out.append("    capos_idl_writer_t wr;")
    if m.args:
        members = []
        for f in m.args:
            members += view_members(f)
        out += struct_local(members, "arg")
    if m.results:
        members = []
        for f in m.results:
            members += result_members(f)
        out += struct_local(members, "res", " = {0}")
    out += ["    cap_err_t err;", ""]
    out += ["    if (ops->%s == NULL)" % m.name, "        return CAP_ERR_BAD_METHOD;"]
    out.append("    capos_idl_read_begin(&rd, req);")
    for f in m.args:
        out.append("    " + get_call(f, "arg." + f.name))
    out += ["    if (!capos_idl_read_end(&rd))", "        return CAP_ERR_BAD_ARGS;"]
    out.append(wrap("err = ops->%s(" % m.name, op_args(m), ");", "    "))
    out += RETURN_ON_ERROR + ["    capos_idl_write_begin(&wr, rep);"]
    for f in m.results:
        out.append("    " + put_call(f, "res." + f.name, cap_mode="IPC_CAP_MOVE"))
    out.append("    return capos_idl_write_end(&wr);")
    out.append("}")
    return "\n".join(out)


def gen_dispatch(iface):
    p = iface.prefix
    out = [wrap("cap_err_t %s_dispatch(" % p, handler_params(iface), ") {")]
    out.append("    static const %s_handler_t handlers[] = {" % p)
    for m in sorted(iface.methods, key=lambda m: m.id):
        out.append("        [%s_%s] = %s_serve_%s," % (iface.macro, m.name.upper(), p, m.name))
    out += [
        "    };",
        "    uint32_t method = IPC_LABEL_METHOD(req->label);",
        "    cap_err_t err = CAP_ERR_BAD_METHOD;",
        "",
        "    if (req->len > IPC_MAX_BYTES || req->ncaps > IPC_MAX_CAPS)",
        "        err = CAP_ERR_BAD_ARGS;",
        "    else if (ops != NULL && (req->label >> 16) == %s_IFACE_ID &&" % iface.macro,
        "             method < sizeof(handlers) / sizeof(handlers[0]) && handlers[method] != NULL)",
        "        err = handlers[method](ops, ctx, req, rep);",
        "    return capos_idl_reply(rep, err);",
        "}",
    ]
    return "\n".join(out)


def gen_server(schema):
    out = [
        header_banner(schema.source),
        '#include "capos/idl/%s.h"' % schema.stem,
        '#include "capos/idl/idl_runtime.h"',
    ]
    for iface in schema.interfaces:
        p = iface.prefix
        out += ["", "/* ---- %s ---- */" % iface.name, ""]
        out.append("/*")
        out.append(" * A handler decodes one method's request, calls its op and encodes the op's")
        out.append(" * outputs into rep; the dispatcher then sets rep->label (and empties rep on")
        out.append(" * error).")
        out.append(" */")
        out.append(wrap("typedef cap_err_t (*%s_handler_t)(" % p, handler_params(iface), ");"))
        for m in iface.methods:
            out += ["", gen_serve_method(iface, m)]
        out += ["", gen_dispatch(iface)]
    out.append("")
    return "\n".join(out)


# ---- idl_runtime.h and all.h ---------------------------------------------------

RUNTIME_H = """\
/* Generated by idl/gen.py. Do not edit. */
#ifndef CAPOS_IDL_RUNTIME_H
#define CAPOS_IDL_RUNTIME_H

#include <stddef.h>
#include <stdint.h>
#include "capos/abi.h"

/*
 * Sends the request in `msg` on `cap` and waits for the reply, which
 * replaces `msg`. Returns CAP_OK when a reply arrived (its status is then
 * msg->label), else the transport error. Provided by the userspace runtime
 * (SYS_CALL) or by a test.
 */
extern cap_err_t capos_invoke(cap_t cap, ipc_msg_t *msg);

/*
 * Wire helpers for the generated stubs. Encoding: little-endian, unpadded;
 * bytes/string = u32 length + bytes. Readers and writers keep a sticky error:
 * after the first failure every call is a no-op returning zero/NULL and the
 * final read_end/write_end reports it.
 */

typedef struct {
    const ipc_msg_t *msg;
    uint32_t off; /* next unread data byte; <= msg->len while !bad */
    uint32_t cap; /* next unread caps[] entry; <= msg->ncaps while !bad */
    int bad;
} capos_idl_reader_t;

typedef struct {
    ipc_msg_t *msg;
    int bad;
} capos_idl_writer_t;

/* Starts a request: label, disclose, no data, no caps. */
static inline void capos_idl_request(ipc_msg_t *msg, uint32_t iface, uint32_t method,
                                     uint32_t disclose) {
    msg->label = IPC_LABEL(iface, method);
    msg->len = 0;
    msg->ncaps = 0;
    msg->disclose = disclose;
    msg->_pad = 0;
}

/* Status carried by a reply; a label that is no cap_err_t is malformed. */
static inline cap_err_t capos_idl_reply_status(const ipc_msg_t *msg) {
    if (msg->label >= (uint64_t)CAP_ERR__COUNT)
        return CAP_ERR_BAD_ARGS;
    return (cap_err_t)msg->label;
}

/* Finishes a reply with `status`; an error reply carries nothing. */
static inline cap_err_t capos_idl_reply(ipc_msg_t *rep, cap_err_t status) {
    if (status != CAP_OK) {
        rep->len = 0;
        rep->ncaps = 0;
    }
    rep->label = (uint64_t)status;
    rep->disclose = 0;
    rep->_pad = 0;
    return status;
}

/* ---- decoding ---- */

static inline void capos_idl_read_begin(capos_idl_reader_t *rd, const ipc_msg_t *msg) {
    rd->msg = msg;
    rd->off = 0;
    rd->cap = 0;
    rd->bad = msg->len > IPC_MAX_BYTES || msg->ncaps > IPC_MAX_CAPS;
}

/* True when nothing failed and every data byte and cap entry was consumed. */
static inline int capos_idl_read_end(const capos_idl_reader_t *rd) {
    return !rd->bad && rd->off == rd->msg->len && rd->cap == rd->msg->ncaps;
}

/* Consumes n data bytes; NULL when fewer remain. */
static inline const uint8_t *capos_idl_take(capos_idl_reader_t *rd, uint32_t n) {
    const uint8_t *p;

    if (rd->bad || n > rd->msg->len - rd->off) {
        rd->bad = 1;
        return NULL;
    }
    p = rd->msg->data + rd->off;
    rd->off += n;
    return p;
}

static inline uint32_t capos_idl_load32(const uint8_t *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline uint8_t capos_idl_get_u8(capos_idl_reader_t *rd) {
    const uint8_t *p = capos_idl_take(rd, 1);

    return p != NULL ? p[0] : 0;
}

static inline uint16_t capos_idl_get_u16(capos_idl_reader_t *rd) {
    const uint8_t *p = capos_idl_take(rd, 2);

    return p != NULL ? (uint16_t)(p[0] | p[1] << 8) : 0;
}

static inline uint32_t capos_idl_get_u32(capos_idl_reader_t *rd) {
    const uint8_t *p = capos_idl_take(rd, 4);

    return p != NULL ? capos_idl_load32(p) : 0;
}

static inline uint64_t capos_idl_get_u64(capos_idl_reader_t *rd) {
    const uint8_t *p = capos_idl_take(rd, 8);

    return p != NULL ? (uint64_t)capos_idl_load32(p) | (uint64_t)capos_idl_load32(p + 4) << 32 : 0;
}

static inline int32_t capos_idl_get_i32(capos_idl_reader_t *rd) {
    return (int32_t)capos_idl_get_u32(rd);
}

static inline int64_t capos_idl_get_i64(capos_idl_reader_t *rd) {
    return (int64_t)capos_idl_get_u64(rd);
}

/* A u32 length <= max, then that many bytes, returned in place. */
static inline const uint8_t *capos_idl_get_bytes(capos_idl_reader_t *rd, uint32_t max,
                                                 uint32_t *len) {
    uint32_t n = capos_idl_get_u32(rd);
    const uint8_t *p;

    if (n > max)
        rd->bad = 1;
    p = capos_idl_take(rd, n);
    *len = p != NULL ? n : 0;
    return p;
}

/* Like capos_idl_get_bytes() but the bytes must hold no NUL. */
static inline const char *capos_idl_get_string(capos_idl_reader_t *rd, uint32_t max,
                                               uint32_t *len) {
    const uint8_t *p = capos_idl_get_bytes(rd, max, len);
    uint32_t i;

    for (i = 0; p != NULL && i < *len; i++) {
        if (p[i] == 0) {
            rd->bad = 1;
            *len = 0;
            return NULL;
        }
    }
    return (const char *)p;
}

/* The next caps[] entry. */
static inline cap_t capos_idl_get_cap(capos_idl_reader_t *rd) {
    if (rd->bad || rd->cap >= rd->msg->ncaps) {
        rd->bad = 1;
        return CAP_NULL;
    }
    return rd->msg->caps[rd->cap++].cap;
}

/* All remaining caps[] entries, at most max of them, in place. */
static inline const ipc_cap_t *capos_idl_get_caps(capos_idl_reader_t *rd, uint32_t max,
                                                  uint32_t *count) {
    const ipc_cap_t *p;

    if (rd->bad || rd->msg->ncaps - rd->cap > max) {
        rd->bad = 1;
        *count = 0;
        return NULL;
    }
    p = rd->msg->caps + rd->cap;
    *count = rd->msg->ncaps - rd->cap;
    rd->cap = rd->msg->ncaps;
    return p;
}

/* ---- encoding ---- */

/* Starts encoding into msg (which keeps its label): no data, no caps. */
static inline void capos_idl_write_begin(capos_idl_writer_t *wr, ipc_msg_t *msg) {
    wr->msg = msg;
    wr->bad = 0;
    msg->len = 0;
    msg->ncaps = 0;
}

/* CAP_OK, or CAP_ERR_BAD_ARGS with the message emptied if anything failed. */
static inline cap_err_t capos_idl_write_end(capos_idl_writer_t *wr) {
    if (!wr->bad)
        return CAP_OK;
    wr->msg->len = 0;
    wr->msg->ncaps = 0;
    return CAP_ERR_BAD_ARGS;
}

/* Appends n data bytes; NULL when they do not fit. */
static inline uint8_t *capos_idl_room(capos_idl_writer_t *wr, uint32_t n) {
    uint8_t *p;

    if (wr->bad || n > IPC_MAX_BYTES - wr->msg->len) {
        wr->bad = 1;
        return NULL;
    }
    p = wr->msg->data + wr->msg->len;
    wr->msg->len += n;
    return p;
}

static inline void capos_idl_store32(uint8_t *p, uint32_t v) {
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

static inline void capos_idl_put_u8(capos_idl_writer_t *wr, uint8_t v) {
    uint8_t *p = capos_idl_room(wr, 1);

    if (p != NULL)
        p[0] = v;
}

static inline void capos_idl_put_u16(capos_idl_writer_t *wr, uint16_t v) {
    uint8_t *p = capos_idl_room(wr, 2);

    if (p != NULL) {
        p[0] = (uint8_t)v;
        p[1] = (uint8_t)(v >> 8);
    }
}

static inline void capos_idl_put_u32(capos_idl_writer_t *wr, uint32_t v) {
    uint8_t *p = capos_idl_room(wr, 4);

    if (p != NULL)
        capos_idl_store32(p, v);
}

static inline void capos_idl_put_u64(capos_idl_writer_t *wr, uint64_t v) {
    uint8_t *p = capos_idl_room(wr, 8);

    if (p != NULL) {
        capos_idl_store32(p, (uint32_t)v);
        capos_idl_store32(p + 4, (uint32_t)(v >> 32));
    }
}

static inline void capos_idl_put_i32(capos_idl_writer_t *wr, int32_t v) {
    capos_idl_put_u32(wr, (uint32_t)v);
}

static inline void capos_idl_put_i64(capos_idl_writer_t *wr, int64_t v) {
    capos_idl_put_u64(wr, (uint64_t)v);
}

/* A u32 length then n bytes from src; fails when n > max. */
static inline void capos_idl_put_bytes(capos_idl_writer_t *wr, const void *src, uint32_t n,
                                       uint32_t max) {
    uint8_t *p;

    if (n > max || (src == NULL && n != 0)) {
        wr->bad = 1;
        return;
    }
    capos_idl_put_u32(wr, n);
    p = capos_idl_room(wr, n);
    if (p != NULL && n != 0)
        __builtin_memcpy(p, src, n);
}

/* Like capos_idl_put_bytes() but fails when the n bytes hold a NUL. */
static inline void capos_idl_put_string(capos_idl_writer_t *wr, const char *s, uint32_t n,
                                        uint32_t max) {
    uint32_t i;

    if (n > max || (s == NULL && n != 0)) {
        wr->bad = 1;
        return;
    }
    for (i = 0; i < n; i++) {
        if (s[i] == '\\0') {
            wr->bad = 1;
            return;
        }
    }
    capos_idl_put_bytes(wr, s, n, max);
}

static inline void capos_idl_put_cap(capos_idl_writer_t *wr, cap_t cap, uint32_t mode) {
    if (wr->bad || wr->msg->ncaps >= IPC_MAX_CAPS) {
        wr->bad = 1;
        return;
    }
    wr->msg->caps[wr->msg->ncaps].cap = cap;
    wr->msg->caps[wr->msg->ncaps].mode = mode;
    wr->msg->ncaps++;
}

/* n caps, each with its own mode; fails when n > max. */
static inline void capos_idl_put_caps(capos_idl_writer_t *wr, const ipc_cap_t *caps, uint32_t n,
                                      uint32_t max) {
    uint32_t i;

    if (n > max || (caps == NULL && n != 0)) {
        wr->bad = 1;
        return;
    }
    for (i = 0; i < n; i++)
        capos_idl_put_cap(wr, caps[i].cap, caps[i].mode);
}

/* n caps sent with IPC_CAP_MOVE; fails when n > max. */
static inline void capos_idl_put_moved_caps(capos_idl_writer_t *wr, const cap_t *caps, uint32_t n,
                                            uint32_t max) {
    uint32_t i;

    if (n > max) {
        wr->bad = 1;
        return;
    }
    for (i = 0; i < n; i++)
        capos_idl_put_cap(wr, caps[i], IPC_CAP_MOVE);
}

/* ---- handing decoded outputs to a client (lengths already checked) ---- */

static inline void capos_idl_copy_bytes(uint8_t *dst, const uint8_t *src, uint32_t n) {
    if (n != 0)
        __builtin_memcpy(dst, src, n);
}

/* Copies n chars and a terminating NUL when cap leaves room for it. */
static inline void capos_idl_copy_string(char *dst, uint32_t cap, const char *src, uint32_t n) {
    if (n != 0)
        __builtin_memcpy(dst, src, n);
    if (n < cap)
        dst[n] = '\\0';
}

static inline void capos_idl_copy_caps(cap_t *dst, const ipc_cap_t *src, uint32_t n) {
    uint32_t i;

    for (i = 0; i < n; i++)
        dst[i] = src[i].cap;
}

#endif
"""


def gen_all(schemas):
    out = ["/* Generated by idl/gen.py. Do not edit. */", "#ifndef CAPOS_IDL_ALL_H"]
    out += ["#define CAPOS_IDL_ALL_H", ""]
    out += ['#include "capos/idl/%s.h"' % s.stem for s in schemas]
    out += ["", "#endif", ""]
    return "\n".join(out)


# ---- reflect.h and reflect.c -----------------------------------------------------

REFLECT_H_HEAD = """\
/* Generated by idl/gen.py. Do not edit. */
#ifndef CAPOS_IDL_REFLECT_H
#define CAPOS_IDL_REFLECT_H

#include <stdint.h>

/*
 * Reflection: every interface of the schemas as constant data, so a generic
 * caller (the shell's `call` command) can build requests and read replies
 * from text. Fields are listed in declaration order, which is wire order
 * (see idl_runtime.h). Freestanding: no library calls.
 */

typedef enum {
%s
    IDL_KIND__COUNT
} idl_kind_t;

typedef struct {
    const char *name;
    idl_kind_t kind;
    uint32_t bound; /* N of bytes<N>, string<N> and caps<N>; 0 for other kinds */
} idl_field_desc_t;

typedef struct idl_iface_desc idl_iface_desc_t;

typedef struct {
    const char *name;
    const idl_iface_desc_t *iface; /* the interface declaring it */
    uint32_t id;
    uint32_t nargs;
    uint32_t nresults;
    const idl_field_desc_t *args;    /* NULL when nargs is 0 */
    const idl_field_desc_t *results; /* NULL when nresults is 0 */
} idl_method_desc_t;

struct idl_iface_desc {
    const char *name;
    uint32_t id;
    uint32_t nmethods;
    const idl_method_desc_t *methods; /* by ascending id */
};

#define IDL_REFLECT_IFACE_COUNT %du

/* Every interface, by ascending id. */
extern const idl_iface_desc_t idl_reflect_ifaces[IDL_REFLECT_IFACE_COUNT];

/* Lookups return NULL when nothing matches (or an argument is NULL). */
const idl_iface_desc_t *idl_reflect_find_iface(uint32_t id);
const idl_iface_desc_t *idl_reflect_find_iface_by_name(const char *name);
const idl_method_desc_t *idl_reflect_find_method(const idl_iface_desc_t *iface, const char *name);
const idl_method_desc_t *idl_reflect_find_method_by_id(const idl_iface_desc_t *iface, uint32_t id);

/* The schema spelling of a kind ("u32", "bytes", ...); "?" when out of range. */
const char *idl_reflect_kind_name(idl_kind_t kind);

#endif
"""

REFLECT_C_TAIL = """\
static const char *const idl_reflect_kind_names[IDL_KIND__COUNT] = {
%s
};

/* Equality of NUL-terminated names, without the C library. */
static int idl_reflect_name_eq(const char *a, const char *b) {
    while (*a != '\\0' && *a == *b) {
        a++;
        b++;
    }
    return *a == *b;
}

const idl_iface_desc_t *idl_reflect_find_iface(uint32_t id) {
    uint32_t i;

    for (i = 0; i < IDL_REFLECT_IFACE_COUNT; i++) {
        if (idl_reflect_ifaces[i].id == id)
            return &idl_reflect_ifaces[i];
    }
    return NULL;
}

const idl_iface_desc_t *idl_reflect_find_iface_by_name(const char *name) {
    uint32_t i;

    for (i = 0; name != NULL && i < IDL_REFLECT_IFACE_COUNT; i++) {
        if (idl_reflect_name_eq(idl_reflect_ifaces[i].name, name))
            return &idl_reflect_ifaces[i];
    }
    return NULL;
}

const idl_method_desc_t *idl_reflect_find_method(const idl_iface_desc_t *iface, const char *name) {
    uint32_t i;

    for (i = 0; iface != NULL && name != NULL && i < iface->nmethods; i++) {
        if (idl_reflect_name_eq(iface->methods[i].name, name))
            return &iface->methods[i];
    }
    return NULL;
}

const idl_method_desc_t *idl_reflect_find_method_by_id(const idl_iface_desc_t *iface, uint32_t id) {
    uint32_t i;

    for (i = 0; iface != NULL && i < iface->nmethods; i++) {
        if (iface->methods[i].id == id)
            return &iface->methods[i];
    }
    return NULL;
}

const char *idl_reflect_kind_name(idl_kind_t kind) {
    if ((uint32_t)kind >= (uint32_t)IDL_KIND__COUNT)
        return "?";
    return idl_reflect_kind_names[kind];
}
"""


def sorted_interfaces(schemas):
    """(schema, interface) pairs of every interface, by ascending id."""
    pairs = [(s, iface) for s in schemas for iface in s.interfaces]
    return sorted(pairs, key=lambda p: p[1].id)


def gen_reflect_h(schemas):
    kinds = "\n".join("    IDL_KIND_%s," % k.upper() for k in KINDS)
    return REFLECT_H_HEAD % (kinds, len(sorted_interfaces(schemas)))


def reflect_fields(name, fields):
    out = ["static const idl_field_desc_t %s[] = {" % name]
    for f in fields:
        out.append('    {"%s", IDL_KIND_%s, %du},' % (f.name, f.type.kind.upper(), f.type.bound or 0))
    out.append("};")
    return out


def gen_reflect_c(schemas):
    out = [
        "/* Generated by idl/gen.py. Do not edit. */",
        "#include <stddef.h>",
        '#include "capos/idl/reflect.h"',
    ]
    table = []
    for index, (s, iface) in enumerate(sorted_interfaces(schemas)):
        p = iface.prefix
        out += ["", "/* ---- %s (%s) ---- */" % (iface.name, s.source)]
        methods = sorted(iface.methods, key=lambda m: m.id)
        rows = []
        for m in methods:
            arrays = []
            for fields, suffix in ((m.args, "args"), (m.results, "results")):
                if not fields:
                    arrays.append("NULL")
                    continue
                name = "%s_%s_%s" % (p, m.name, suffix)
                out += [""] + reflect_fields(name, fields)
                arrays.append(name)
            items = ['"%s"' % m.name, "&idl_reflect_ifaces[%d]" % index, "%du" % m.id,
                     "%du" % len(m.args), "%du" % len(m.results)] + arrays
            rows.append(wrap("{", items, "},", "    "))
        out += ["", "static const idl_method_desc_t %s_methods[] = {" % p] + rows + ["};"]
        table.append('    {"%s", %du, %du, %s_methods},' % (iface.name, iface.id, len(methods), p))
    out += ["", "const idl_iface_desc_t idl_reflect_ifaces[IDL_REFLECT_IFACE_COUNT] = {"]
    out += table + ["};", ""]
    names = "\n".join('    [IDL_KIND_%s] = "%s",' % (k.upper(), k) for k in KINDS)
    out.append(REFLECT_C_TAIL % names)
    return "\n".join(out)


# ---- JSON ------------------------------------------------------------------------


def field_json(f):
    d = {"name": f.name, "type": f.type.kind}
    if f.type.bound is not None:
        d["max"] = f.type.bound
    return d


def gen_json(schemas):
    ifaces = []
    for s in schemas:
        for iface in s.interfaces:
            methods = []
            for m in sorted(iface.methods, key=lambda m: m.id):
                methods.append(
                    {
                        "name": m.name,
                        "id": m.id,
                        "doc": m.doc,
                        "args": [field_json(f) for f in m.args],
                        "results": [field_json(f) for f in m.results],
                        "max_request_bytes": sum(f.type.max_bytes() for f in m.args),
                        "max_request_caps": sum(f.type.max_caps() for f in m.args),
                        "max_reply_bytes": sum(f.type.max_bytes() for f in m.results),
                        "max_reply_caps": sum(f.type.max_caps() for f in m.results),
                    }
                )
            ifaces.append(
                {
                    "name": iface.name,
                    "id": iface.id,
                    "source": s.source,
                    "c_prefix": iface.prefix,
                    "doc": iface.doc,
                    "methods": methods,
                }
            )
    ifaces.sort(key=lambda i: i["id"])
    doc = {
        "format": "capos-idl/1",
        "wire": {
            "request_label": "(interface id << 16) | method id",
            "reply_label": "cap_err_t status",
            "byte_order": "little",
            "bytes_and_string": "u32 length then the bytes; length <= max; a string holds no NUL",
            "caps": "cap takes the next caps[] entry; caps takes all remaining entries",
            "max_bytes": IPC_MAX_BYTES,
            "max_caps": IPC_MAX_CAPS,
        },
        "interfaces": ifaces,
    }
    return json.dumps(doc, indent=2) + "\n"


# ---- driver ----------------------------------------------------------------------


def generate(schemas):
    """{relative path: text} for the whole --out tree."""
    files = {
        "capos/idl/idl_runtime.h": RUNTIME_H,
        "capos/idl/all.h": gen_all(schemas),
        "capos/idl/reflect.h": gen_reflect_h(schemas),
        "capos/idl/reflect.c": gen_reflect_c(schemas),
    }
    for s in schemas:
        files["capos/idl/%s.h" % s.stem] = gen_header(s)
        files["capos/idl/%s_client.c" % s.stem] = gen_client(s)
        files["capos/idl/%s_server.c" % s.stem] = gen_server(s)
    return files


def write_file(path, text):
    d = os.path.dirname(path)
    if d:
        os.makedirs(d, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def list_tree(root):
    found = set()
    for d, _, names in os.walk(root):
        for n in names:
            found.add(os.path.relpath(os.path.join(d, n), root).replace(os.sep, "/"))
    return found


def check_golden(files, golden):
    """Writes files into a temporary tree, compares it with golden; True if equal."""
    with tempfile.TemporaryDirectory() as tmp:
        for rel, text in files.items():
            write_file(os.path.join(tmp, rel), text)
        generated = list_tree(tmp)
        expected = list_tree(golden) if os.path.isdir(golden) else set()
        ok = True
        for rel in sorted(generated | expected):
            if rel not in expected:
                print("golden file missing: %s" % rel)
                ok = False
                continue
            if rel not in generated:
                print("golden file not generated (stale): %s" % rel)
                ok = False
                continue
            with open(os.path.join(golden, rel), encoding="utf-8") as f:
                want = f.read()
            with open(os.path.join(tmp, rel), encoding="utf-8") as f:
                got = f.read()
            if want != got:
                ok = False
                diff = difflib.unified_diff(
                    want.splitlines(True), got.splitlines(True), "golden/" + rel, "generated/" + rel
                )
                sys.stdout.writelines(diff)
        return ok


def main(argv):
    ap = argparse.ArgumentParser(description="capOS-C IDL code generator")
    ap.add_argument("--out", help="output directory (files go to OUT/capos/idl/)")
    ap.add_argument("--json", help="write the JSON interface description to this file")
    ap.add_argument("--check", metavar="GOLDEN_DIR", help="compare the outputs with GOLDEN_DIR")
    ap.add_argument("schemas", nargs="+", metavar="file.idl")
    args = ap.parse_args(argv)
    if args.out is None and args.check is None:
        ap.error("one of --out or --check is required")

    try:
        schemas = load_schemas(args.schemas)
    except SchemaError as e:
        print("%s" % e, file=sys.stderr)
        return 1

    files = generate(schemas)
    json_text = gen_json(schemas)
    if args.out is not None:
        for rel, text in files.items():
            write_file(os.path.join(args.out, rel), text)
    if args.json is not None:
        write_file(args.json, json_text)
    if args.check is not None:
        files["interfaces.json"] = json_text
        if not check_golden(files, args.check):
            g = args.check
            print(
                "generated code differs from %s; if the change is intended, refresh it with:\n"
                "  idl/gen.py --out %s --json %s/interfaces.json idl/*.idl" % (g, g, g),
                file=sys.stderr,
            )
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
