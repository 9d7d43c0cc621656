/* The system manifest parser: lines, directives and service clauses
 * (grammar in README.md). Grants, profile attributes and authorized keys
 * have their own files; every reference between records is left to
 * service_graph.c. */
#include "capos/verifier_line.h"
#include "manifest_internal.h"

typedef enum { OPEN_NONE, OPEN_SERVICE, OPEN_PROFILE } open_t;
typedef enum { CL_NONE, CL_BINARY, CL_GRANT, CL_EXPORT, CL_AFTER } clause_t;

static const char *const clause_words[] = {"", "binary", "grant", "export", "after"};

typedef struct {
    const char *text;
    system_t *sys;
    sys_parse_where_t *where;
    uint32_t line;
    open_t open;
    clause_t clause;      /* the service clause tokens belong to */
    uint32_t items;       /* tokens taken by that clause so far */
    sys_tok_t clause_tok; /* its keyword, for EMPTY_CLAUSE */
    uint32_t clause_line; /* and the keyword's line */
    sys_tok_t open_tok;   /* the open service's name, for MISSING_BINARY */
    bool have_binary;
    uint32_t profile_seen; /* attribute keys of the open profile */
} parser_t;

/* Records where err happened (tok may be NULL) and returns it. */
static sys_parse_err_t fail_at(parser_t *ps, sys_parse_err_t err, uint32_t line,
                               const sys_tok_t *tok) {
    ps->where->line = line;
    ps->where->tok_off = tok ? tok->off : 0;
    ps->where->tok_len = tok ? tok->len : 0;
    return err;
}

static sys_parse_err_t fail(parser_t *ps, sys_parse_err_t err, const sys_tok_t *tok) {
    return fail_at(ps, err, ps->line, tok);
}

static bool tok_is(const sys_tok_t *t, const char *word) {
    return sys_name_is(word, t->p, t->len);
}

static clause_t keyword(const sys_tok_t *t) {
    for (clause_t c = CL_BINARY; c <= CL_AFTER; c++)
        if (tok_is(t, clause_words[c]))
            return c;
    return CL_NONE;
}

/* The next token of line[0..len) from *i; false at the end of the line or
 * at a token starting with '#' (a comment runs to the end of the line). */
static bool next_tok(const char *line, uint32_t len, uint32_t base, uint32_t *i, sys_tok_t *t) {
    while (*i < len && (line[*i] == ' ' || line[*i] == '\t'))
        (*i)++;
    if (*i == len || line[*i] == '#')
        return false;
    uint32_t start = *i;
    while (*i < len && line[*i] != ' ' && line[*i] != '\t')
        (*i)++;
    *t = (sys_tok_t){line + start, *i - start, base + start};
    return true;
}

/* Ends the open service or profile: a service needs its binary and no
 * dangling clause word. */
static sys_parse_err_t close_open(parser_t *ps) {
    open_t was = ps->open;
    ps->open = OPEN_NONE;
    if (was != OPEN_SERVICE)
        return SYS_PARSE_OK;
    if (ps->clause != CL_NONE && ps->items == 0)
        return fail_at(ps, SYS_PARSE_ERR_EMPTY_CLAUSE, ps->clause_line, &ps->clause_tok);
    if (!ps->have_binary) {
        uint32_t line = ps->sys->services[ps->sys->nservices - 1].line;
        return fail_at(ps, SYS_PARSE_ERR_MISSING_BINARY, line, &ps->open_tok);
    }
    return SYS_PARSE_OK;
}

/* A clause keyword: the previous clause must have taken something. */
static sys_parse_err_t start_clause(parser_t *ps, clause_t c, const sys_tok_t *t) {
    if (ps->clause != CL_NONE && ps->items == 0)
        return fail_at(ps, SYS_PARSE_ERR_EMPTY_CLAUSE, ps->clause_line, &ps->clause_tok);
    if (c == CL_BINARY && ps->have_binary)
        return fail(ps, SYS_PARSE_ERR_DUPLICATE_BINARY, t);
    ps->clause = c;
    ps->items = 0;
    ps->clause_tok = *t;
    ps->clause_line = ps->line;
    return SYS_PARSE_OK;
}

/* "EXPORT" or "EXPORT=CAPNAME": the export and its CapSet name in the
 * service (default "export:EXPORT"). */
static sys_parse_err_t export_item(sys_service_t *s, const sys_tok_t *t) {
    uint32_t eq = 0;
    while (eq < t->len && t->p[eq] != '=')
        eq++;
    if (!sys_export_name_valid(t->p, eq) ||
        (eq < t->len && !sys_capname_valid(t->p + eq + 1, t->len - eq - 1)))
        return SYS_PARSE_ERR_BAD_EXPORT;
    char *cap = s->export_caps[s->nexports];
    sys_copy_name(s->exports[s->nexports], SYS_EXPORT_MAX + 1, t->p, eq);
    if (eq < t->len) {
        sys_copy_name(cap, SYS_CAPNAME_MAX + 1, t->p + eq + 1, t->len - eq - 1);
    } else {
        sys_copy_name(cap, SYS_CAPNAME_MAX + 1, SYS_EXPORT_PREFIX, SYS_EXPORT_PREFIX_LEN);
        __builtin_memcpy(cap + SYS_EXPORT_PREFIX_LEN, t->p, eq);
    }
    s->nexports++;
    return SYS_PARSE_OK;
}

static sys_parse_err_t clause_item(parser_t *ps, sys_service_t *s, const sys_tok_t *t) {
    sys_parse_err_t err = SYS_PARSE_OK;
    switch (ps->clause) {
    case CL_NONE:
        return SYS_PARSE_ERR_UNKNOWN_CLAUSE;
    case CL_BINARY:
        if (ps->items > 0)
            return SYS_PARSE_ERR_BINARY_ARITY;
        if (!sys_entry_name_valid(t->p, t->len))
            return SYS_PARSE_ERR_BAD_BINARY;
        sys_copy_name(s->binary, sizeof s->binary, t->p, t->len);
        ps->have_binary = true;
        break;
    case CL_GRANT:
        if (s->ngrants == SYS_MAX_GRANTS)
            return SYS_PARSE_ERR_TOO_MANY;
        err = sys_grant_parse(t->p, t->len, &s->grants[s->ngrants++]);
        break;
    case CL_EXPORT:
        if (s->nexports == SYS_MAX_EXPORTS)
            return SYS_PARSE_ERR_TOO_MANY;
        return export_item(s, t);
    case CL_AFTER:
        if (!sys_service_name_valid(t->p, t->len))
            return SYS_PARSE_ERR_BAD_AFTER;
        if (s->nafter == SYS_MAX_AFTER)
            return SYS_PARSE_ERR_TOO_MANY;
        sys_copy_name(s->after[s->nafter++], SYS_NAME_MAX + 1, t->p, t->len);
        break;
    }
    return err;
}

/* One token of the open service: a clause keyword or an item of the clause. */
static sys_parse_err_t service_token(parser_t *ps, const sys_tok_t *t) {
    clause_t c = keyword(t);
    if (c != CL_NONE)
        return start_clause(ps, c, t);
    sys_parse_err_t err = clause_item(ps, &ps->sys->services[ps->sys->nservices - 1], t);
    if (err != SYS_PARSE_OK)
        return fail(ps, err, t);
    ps->items++;
    return SYS_PARSE_OK;
}

static sys_parse_err_t profile_token(parser_t *ps, const sys_tok_t *t) {
    sys_profile_t *p = &ps->sys->profiles[ps->sys->nprofiles - 1];
    sys_parse_err_t err = sys_profile_attr_parse(t->p, t->len, p, &ps->profile_seen);
    return err == SYS_PARSE_OK ? err : fail(ps, err, t);
}

/* The tokens after the first of a line, fed to the open record. */
static sys_parse_err_t feed_rest(parser_t *ps, const char *line, uint32_t len, uint32_t base,
                                 uint32_t *i) {
    sys_tok_t t;
    sys_parse_err_t err = SYS_PARSE_OK;
    while (err == SYS_PARSE_OK && next_tok(line, len, base, i, &t))
        err = ps->open == OPEN_SERVICE ? service_token(ps, &t) : profile_token(ps, &t);
    return err;
}

/* "service NAME ..." or "profile NAME ...": the name is on the same line. */
static sys_parse_err_t open_record(parser_t *ps, bool service, const sys_tok_t *word,
                                   const char *line, uint32_t len, uint32_t base, uint32_t *i) {
    sys_tok_t name;
    system_t *sys = ps->sys;
    if (!next_tok(line, len, base, i, &name))
        return fail(ps, SYS_PARSE_ERR_MISSING_NAME, word);
    if (!sys_service_name_valid(name.p, name.len) || keyword(&name) != CL_NONE)
        return fail(ps, SYS_PARSE_ERR_BAD_NAME, &name);
    if (service ? sys->nservices == SYS_MAX_SERVICES : sys->nprofiles == SYS_MAX_PROFILES)
        return fail(ps, SYS_PARSE_ERR_TOO_MANY, &name);
    if (service) {
        sys_service_t *s = &sys->services[sys->nservices++];
        sys_copy_name(s->name, sizeof s->name, name.p, name.len);
        s->line = ps->line;
    } else {
        sys_profile_t *p = &sys->profiles[sys->nprofiles++];
        sys_copy_name(p->name, sizeof p->name, name.p, name.len);
        p->line = ps->line;
    }
    ps->open = service ? OPEN_SERVICE : OPEN_PROFILE;
    ps->clause = CL_NONE;
    ps->items = 0;
    ps->have_binary = false;
    ps->profile_seen = 0;
    ps->open_tok = name;
    return feed_rest(ps, line, len, base, i);
}

/* "credential RECORD": the rest of the line, checked but never echoed. */
static sys_parse_err_t credential(parser_t *ps, const char *line, uint32_t len, uint32_t base,
                                  uint32_t i) {
    verifier_line_t v;
    while (i < len && (line[i] == ' ' || line[i] == '\t'))
        i++;
    while (len > i && (line[len - 1] == ' ' || line[len - 1] == '\t'))
        len--;
    verifier_err_t verr = verifier_line_parse(line + i, len - i, &v);
    if (verr != VERIFIER_OK) {
        ps->where->detail = verr;
        return fail(ps, SYS_PARSE_ERR_BAD_CREDENTIAL, NULL);
    }
    if (ps->sys->ncredentials == SYS_MAX_CREDENTIALS)
        return fail(ps, SYS_PARSE_ERR_TOO_MANY, NULL);
    ps->sys->credentials[ps->sys->ncredentials++] = (sys_credential_t){ps->line, base + i, len - i};
    return SYS_PARSE_OK;
}

/* "authorized_key ACCOUNT TYPE BASE64": public data, so a fault names its
 * token; a record may not repeat. */
static sys_parse_err_t authorized_key(parser_t *ps, const sys_tok_t *word, const char *line,
                                      uint32_t len, uint32_t base, uint32_t *i) {
    system_t *sys = ps->sys;
    sys_tok_t f[4];
    uint32_t n = 0, field = 0;
    while (n < 4 && next_tok(line, len, base, i, &f[n]))
        n++;
    if (n != 3) {
        ps->where->detail = AUTHKEY_ERR_FIELDS;
        return fail(ps, SYS_PARSE_ERR_BAD_AUTHORIZED_KEY, n > 3 ? &f[3] : word);
    }
    if (sys->nauthorized_keys == SYS_MAX_AUTHORIZED_KEYS)
        return fail(ps, SYS_PARSE_ERR_TOO_MANY, word);
    sys_authorized_key_t *k = &sys->authorized_keys[sys->nauthorized_keys];
    const char *start = f[0].p;
    authkey_err_t err =
        sys_authorized_key_parse(start, (size_t)(f[2].p + f[2].len - start), k, &field);
    if (err != AUTHKEY_OK) {
        ps->where->detail = err;
        return fail(ps, SYS_PARSE_ERR_BAD_AUTHORIZED_KEY, field >= 1 ? &f[field - 1] : word);
    }
    if (sys_authorized_key_find(sys->authorized_keys, sys->nauthorized_keys, f[0].p, f[0].len,
                                k->blob, k->blob_len) >= 0) {
        __builtin_memset(k, 0, sizeof *k);
        return fail(ps, SYS_PARSE_ERR_DUPLICATE_KEY, &f[0]);
    }
    sys->nauthorized_keys++;
    return SYS_PARSE_OK;
}

/* "guest enabled" or "guest disabled", once. */
static sys_parse_err_t guest(parser_t *ps, const sys_tok_t *word, const char *line, uint32_t len,
                             uint32_t base, uint32_t *i) {
    sys_tok_t v, extra;
    if (ps->sys->guest_set)
        return fail(ps, SYS_PARSE_ERR_DUPLICATE_GUEST, word);
    if (!next_tok(line, len, base, i, &v))
        return fail(ps, SYS_PARSE_ERR_BAD_GUEST, word);
    if ((!tok_is(&v, "enabled") && !tok_is(&v, "disabled")))
        return fail(ps, SYS_PARSE_ERR_BAD_GUEST, &v);
    if (next_tok(line, len, base, i, &extra))
        return fail(ps, SYS_PARSE_ERR_BAD_GUEST, &extra);
    ps->sys->guest = v.p[0] == 'e';
    ps->sys->guest_set = 1;
    return SYS_PARSE_OK;
}

/* One line (no '\n'); base is its offset in the text. */
static sys_parse_err_t parse_line(parser_t *ps, const char *line, uint32_t len, uint32_t base) {
    uint32_t i = 0;
    sys_tok_t t;
    bool any = next_tok(line, len, base, &i, &t);
    bool indented = line[0] == ' ' || line[0] == '\t';
    /* only an authorized_key line may be longer than SYS_LINE_MAX */
    if (len > SYS_LINE_MAX && (!any || indented || !tok_is(&t, "authorized_key")))
        return fail(ps, SYS_PARSE_ERR_LINE_TOO_LONG, NULL);
    if (!any)
        return SYS_PARSE_OK;
    if (indented) {
        if (ps->open == OPEN_NONE)
            return fail(ps, SYS_PARSE_ERR_STRAY_CONTINUATION, &t);
        i = 0;
        return feed_rest(ps, line, len, base, &i);
    }
    sys_parse_err_t err = close_open(ps);
    if (err != SYS_PARSE_OK)
        return err;
    if (tok_is(&t, "service") || tok_is(&t, "profile"))
        return open_record(ps, tok_is(&t, "service"), &t, line, len, base, &i);
    if (tok_is(&t, "credential"))
        return credential(ps, line, len, base, i);
    if (tok_is(&t, "guest"))
        return guest(ps, &t, line, len, base, &i);
    if (tok_is(&t, "authorized_key"))
        return authorized_key(ps, &t, line, len, base, &i);
    return fail(ps, SYS_PARSE_ERR_UNKNOWN_DIRECTIVE, &t);
}

/* Length of the line at text[pos..len) without its '\n'; rejects lines
 * longer than any directive allows and bytes other than printable ASCII and
 * tab (parse_line applies the shorter limit of the other directives). */
static sys_parse_err_t measure(parser_t *ps, size_t pos, size_t len, uint32_t *line_len) {
    const char *p = ps->text + pos;
    size_t i = 0;
    for (; pos + i < len && p[i] != '\n'; i++) {
        unsigned char c = (unsigned char)p[i];
        if (i == SYS_AUTHKEY_LINE_MAX)
            return fail(ps, SYS_PARSE_ERR_LINE_TOO_LONG, NULL);
        if ((c < 0x20 && c != '\t') || c > 0x7e) {
            sys_tok_t bad = {p + i, 1, (uint32_t)(pos + i)};
            return fail(ps, SYS_PARSE_ERR_BAD_CHAR, &bad);
        }
    }
    *line_len = (uint32_t)i;
    return SYS_PARSE_OK;
}

sys_parse_err_t system_manifest_parse(const char *text, size_t len, system_t *out,
                                      sys_parse_where_t *where) {
    sys_parse_where_t scratch;
    parser_t ps = {.text = text, .sys = out, .where = where ? where : &scratch};
    sys_parse_err_t err = SYS_PARSE_OK;
    __builtin_memset(out, 0, sizeof *out);
    *ps.where = (sys_parse_where_t){0};
    if (len > UINT32_MAX)
        return SYS_PARSE_ERR_LINE_TOO_LONG;
    for (size_t pos = 0; err == SYS_PARSE_OK && pos < len;) {
        uint32_t line_len = 0;
        ps.line++;
        err = measure(&ps, pos, len, &line_len);
        if (err == SYS_PARSE_OK)
            err = parse_line(&ps, text + pos, line_len, (uint32_t)pos);
        pos += line_len + 1u;
    }
    if (err == SYS_PARSE_OK)
        err = close_open(&ps);
    if (err != SYS_PARSE_OK)
        __builtin_memset(out, 0, sizeof *out);
    return err;
}

const char *system_parse_strerror(sys_parse_err_t err) {
    static const char *const text[SYS_PARSE_ERR__COUNT] = {
        [SYS_PARSE_OK] = "ok",
        [SYS_PARSE_ERR_LINE_TOO_LONG] = "line longer than 512 bytes (an authorized_key line: 1280)",
        [SYS_PARSE_ERR_BAD_CHAR] = "invalid character (only printable ASCII, tab, newline)",
        [SYS_PARSE_ERR_UNKNOWN_DIRECTIVE] =
            "unknown directive (expected service, profile, credential, guest or authorized_key)",
        [SYS_PARSE_ERR_STRAY_CONTINUATION] =
            "indented line continues nothing (only service and profile lines continue)",
        [SYS_PARSE_ERR_MISSING_NAME] = "missing name after the directive",
        [SYS_PARSE_ERR_BAD_NAME] = "invalid name (1..31 of A-Z a-z 0-9 _ -, not a clause word)",
        [SYS_PARSE_ERR_UNKNOWN_CLAUSE] = "expected binary, grant, export or after",
        [SYS_PARSE_ERR_EMPTY_CLAUSE] = "clause word with nothing after it",
        [SYS_PARSE_ERR_DUPLICATE_BINARY] = "second 'binary' clause",
        [SYS_PARSE_ERR_BINARY_ARITY] = "'binary' takes exactly one name",
        [SYS_PARSE_ERR_MISSING_BINARY] = "service has no 'binary' clause",
        [SYS_PARSE_ERR_BAD_BINARY] = "invalid binary name (1..47 of A-Z a-z 0-9 . _ -)",
        [SYS_PARSE_ERR_BAD_GRANT] = "grant is not CHILD=SOURCE with a valid CapSet name",
        [SYS_PARSE_ERR_BAD_SOURCE] = "unknown or malformed grant source",
        [SYS_PARSE_ERR_BAD_MODIFIER] = "invalid, misplaced or repeated grant modifier",
        [SYS_PARSE_ERR_BAD_NUMBER] = "number out of range",
        [SYS_PARSE_ERR_BAD_EXPORT] =
            "invalid export (NAME of 1..16 of A-Z a-z 0-9 _ -, optionally =CAPSET_NAME)",
        [SYS_PARSE_ERR_BAD_AFTER] = "invalid service name after 'after'",
        [SYS_PARSE_ERR_TOO_MANY] = "too many entries (see the limits in lib/system/README.md)",
        [SYS_PARSE_ERR_BAD_PROFILE_ATTR] = "unknown, repeated or invalid profile attribute",
        [SYS_PARSE_ERR_BAD_CREDENTIAL] = "malformed credential record",
        [SYS_PARSE_ERR_BAD_GUEST] = "expected 'guest enabled' or 'guest disabled'",
        [SYS_PARSE_ERR_DUPLICATE_GUEST] = "second 'guest' line",
        [SYS_PARSE_ERR_BAD_AUTHORIZED_KEY] = "malformed authorized_key record",
        [SYS_PARSE_ERR_DUPLICATE_KEY] = "the same authorized_key record twice",
    };
    return (unsigned)err < SYS_PARSE_ERR__COUNT ? text[err] : "unknown manifest error";
}
