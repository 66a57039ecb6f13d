/* Variable names per target format: keep the system's name when it is a
 * valid identifier of the target, rewrite it otherwise, and guarantee that
 * the target names are distinct and clash with no reserved word (nor with
 * the exporter's own "rf..." names). Also small text-escaping helpers. */
#include <string.h>
#include <ctype.h>
#include "internal.h"
#include "relufiber/text.h"

#define NAME_MAX_LEN 512

static const char *const m2_reserved[] = {
    "and", "or", "not", "if", "then", "else", "do", "while", "for", "from",
    "to", "in", "list", "new", "of", "return", "break", "continue", "try",
    "catch", "symbol", "global", "local", "time", "timing", "shield",
    "threadVariable", "ideal", "ring", "dim", "QQ", "ZZ", "RR", "CC", "ii",
    "pi", "ee", "true", "false", "null", "load", "print", "apply", "scan",
    "sub", "promote", "eliminate", "when", "until", "xor", "step", NULL};
static const char *const singular_reserved[] = {
    "ring", "qring", "ideal", "poly", "vector", "module", "matrix", "int",
    "intvec", "intmat", "bigint", "list", "string", "number", "map", "proc",
    "def", "link", "resolution", "if", "else", "while", "for", "break",
    "continue", "return", "export", "keepring", "quit", "exit", "dim", "std",
    "groebner", "var", "par", "deg", "lead", "minpoly", "print", "size",
    "eliminate", "basering", "char", "nvars", "and", "or", "not", "dp",
    "lp", "ds", "ls", "Dp", "wp", "mod", "div", "execute", "kill", "type",
    "typeof", "LIB", "ERROR", "TRACE", "echo", "option", "printlevel",
    "voice", "pagewidth", "timer", "rtimer", NULL};
static const char *const maple_reserved[] = {
    "and", "or", "not", "xor", "implies", "in", "if", "then", "elif", "else",
    "fi", "for", "from", "to", "by", "while", "do", "od", "end", "proc",
    "local", "global", "option", "options", "description", "return",
    "break", "next", "error", "try", "catch", "finally", "use", "module",
    "export", "union", "intersect", "minus", "subset", "mod", "quit",
    "done", "stop", "assuming", "D", "I", "Pi", "gamma", "O", "Digits",
    "Catalan", "true", "false", "FAIL", "infinity", "exp", "sin", "cos",
    "ln", "log", "sqrt", "abs", "max", "min", "sum", "add", "seq", "list",
    "set", "name", "table", "Record", "undefined", "exists", "forall", NULL};
static const char *const mma_reserved[] = {
    "C", "D", "E", "I", "K", "N", "O", "Pi", "Exists", "ForAll", "And",
    "Or", "Not", "Reals", "Rationals", "Integers", "Complexes", "Element",
    "List", "True", "False", "Null", "All", "None", "Power", "Plus",
    "Times", "Sin", "Cos", "Exp", "Log", "Sqrt", "Abs", "Max", "Min",
    "Sum", "Join", "Map", "Apply", "Association", "Missing", "Infinity",
    "Degree", "Root", "Solve", "Reduce", "Resolve", NULL};
static const char *const py_reserved[] = {
    "False", "None", "True", "and", "as", "assert", "async", "await",
    "break", "class", "continue", "def", "del", "elif", "else", "except",
    "finally", "for", "from", "global", "if", "import", "in", "is",
    "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try",
    "while", "with", "yield", "sp", "QQ", "PolynomialRing", "components",
    "params", "aux", "satisfies", "print", "all", "bool", "dict", "SR", NULL};
static const char *const smt_reserved[] = {
    "and", "or", "not", "=>", "xor", "ite", "=", "distinct", "true", "false",
    "let", "forall", "exists", "match", "par", "_", "!", "as", "assert",
    "check-sat", "declare-fun", "declare-const", "define-fun", "exit",
    "get-model", "get-value", "push", "pop", "set-logic", "set-option",
    "set-info", "+", "-", "*", "/", "<", "<=", ">", ">=", "abs", "div",
    "mod", "to_real", "to_int", "is_int", "NUMERAL", "DECIMAL", "STRING",
    "BINARY", "HEXADECIMAL", "Real", "Int", "Bool", NULL};

static int in_list(const char *const *list, const char *s)
{
    for (; *list; list++)
        if (strcmp(*list, s) == 0)
            return 1;
    return 0;
}

int _rf_export_split_indexed(char *base, size_t nb, const char **idx,
                             size_t *idxlen, int maxidx, const char *name)
{
    size_t i = 0, b;
    int k = 0;
    while (isalpha((unsigned char) name[i]))
        i++;
    if (i == 0 || i >= nb)
        return 0;
    memcpy(base, name, i);
    base[i] = '\0';
    if (name[i] == '_') /* mu_1 like mu1 */
        i++;
    if (!isdigit((unsigned char) name[i]))
        return 0;
    while (1) {
        b = i;
        while (isdigit((unsigned char) name[i]))
            i++;
        if (i == b || k == maxidx)
            return 0;
        if (name[b] == '0' && i - b > 1)
            return 0; /* leading zero: W01 and W1 would coincide */
        idx[k] = name + b;
        idxlen[k] = i - b;
        k++;
        if (name[i] == '\0')
            return k;
        if (name[i] != '_')
            return 0;
        i++;
    }
}

/* [A-Za-z][A-Za-z0-9 extra]* */
static int is_ident(const char *s, const char *extra)
{
    if (!isalpha((unsigned char) s[0]))
        return 0;
    for (s++; *s; s++)
        if (!isalnum((unsigned char) *s) && !strchr(extra, *s))
            return 0;
    return 1;
}

static int is_smt_simple(const char *s)
{
    const char *extra = "~!@$%^&*_-+=<>.?/";
    if (*s == '\0' || isdigit((unsigned char) s[0]))
        return 0;
    for (; *s; s++)
        if (!isalnum((unsigned char) *s) && !strchr(extra, *s))
            return 0;
    return 1;
}

/* Indexed form base<open>i,j,k<close> (single index: M2 writes base_i). */
static int indexed_name(char *buf, size_t n, const char *name,
                        const char *open, const char *close,
                        const char *open1, const char *close1)
{
    char base[NAME_MAX_LEN];
    const char *idx[64];
    size_t len[64];
    int k, m = _rf_export_split_indexed(base, sizeof base, idx, len, 64, name);
    size_t pos;
    if (m == 0)
        return 0;
    pos = (size_t) snprintf(buf, n, "%s%s", base, m == 1 ? open1 : open);
    for (k = 0; k < m && pos < n; k++)
        pos += (size_t) snprintf(buf + pos, n - pos, "%s%.*s", k ? "," : "",
                                 (int) len[k], idx[k]);
    if (pos < n)
        snprintf(buf + pos, n - pos, "%s", m == 1 ? close1 : close);
    return 1;
}

/* Candidate name for one variable; returns 0 if there is none (fallback). */
static int candidate(char *buf, size_t n, const char *name, rf_export_fmt_t fmt)
{
    if (strlen(name) >= NAME_MAX_LEN / 2)
        return 0;
    if (strncmp(name, "rf", 2) == 0 && fmt != RF_EXPORT_SMT2
        && fmt != RF_EXPORT_SMT2_COMPS)
        return 0; /* the exporters' own names start with "rf" */
    switch (fmt) {
    case RF_EXPORT_M2: {
        char base[NAME_MAX_LEN];
        const char *idx[64];
        size_t len[64];
        if (_rf_export_split_indexed(base, sizeof base, idx, len, 64, name)) {
            if (in_list(m2_reserved, base))
                return 0; /* W_(1,2) binds the symbol W: never a builtin */
            return indexed_name(buf, n, name, "_(", ")", "_", "");
        }
    }
        if (!is_ident(name, "'"))
            return 0;
        snprintf(buf, n, "%s", name);
        return !in_list(m2_reserved, name);
    case RF_EXPORT_SINGULAR:
        snprintf(buf, n, "%s", name);
        return is_ident(name, "_") && !in_list(singular_reserved, name);
    case RF_EXPORT_MAPLE:
        snprintf(buf, n, "%s", name);
        return is_ident(name, "_") && !in_list(maple_reserved, name);
    case RF_EXPORT_MATHEMATICA: {
        char base[NAME_MAX_LEN];
        const char *idx[64];
        size_t len[64];
        if (_rf_export_split_indexed(base, sizeof base, idx, len, 64, name)) {
            if (in_list(mma_reserved, base))
                return 0;
            return indexed_name(buf, n, name, "[", "]", "[", "]");
        }
        snprintf(buf, n, "%s", name);
        return is_ident(name, "") && !in_list(mma_reserved, name);
    }
    case RF_EXPORT_SYMPY:
    case RF_EXPORT_SAGE:
        snprintf(buf, n, "%s", name);
        return is_ident(name, "_") && !in_list(py_reserved, name);
    case RF_EXPORT_SMT2:
    case RF_EXPORT_SMT2_COMPS:
        /* |and| is the symbol and: reserved words are renamed, not quoted */
        if (in_list(smt_reserved, name))
            return 0;
        if (is_smt_simple(name)) {
            snprintf(buf, n, "%s", name);
            return 1;
        }
        if (strchr(name, '|') || strchr(name, '\\') || name[0] == '\0')
            return 0;
        snprintf(buf, n, "|%s|", name);
        return 1;
    default:
        snprintf(buf, n, "%s", name);
        return 1;
    }
}

/* A set of strings (open addressing, FNV-1a) so that the clash checks are
 * linear in the number of variables: networks can have 10^5 parameters. */
typedef struct {
    char **keys;
    size_t cap, n;
} strset_t;

static size_t str_hash(const char *s, size_t len)
{
    ulong h = UWORD(14695981039346656037);
    size_t i;
    for (i = 0; i < len; i++)
        h = (h ^ (unsigned char) s[i]) * UWORD(1099511628211);
    return (size_t) h;
}

static void strset_init(strset_t *h, size_t n)
{
    h->cap = 16;
    while (h->cap < 2 * n + 2)
        h->cap *= 2;
    h->keys = flint_calloc(h->cap, sizeof(char *));
    h->n = 0;
}

static void strset_clear(strset_t *h)
{
    size_t i;
    for (i = 0; i < h->cap; i++)
        flint_free(h->keys[i]);
    flint_free(h->keys);
}

static int strset_has(const strset_t *h, const char *s, size_t len)
{
    size_t i = str_hash(s, len) & (h->cap - 1);
    for (; h->keys[i]; i = (i + 1) & (h->cap - 1))
        if (strlen(h->keys[i]) == len && !memcmp(h->keys[i], s, len))
            return 1;
    return 0;
}

static void strset_add(strset_t *h, const char *s, size_t len)
{
    size_t i;
    if (strset_has(h, s, len))
        return;
    if (2 * (h->n + 1) > h->cap) {
        strset_t g;
        strset_init(&g, h->cap);
        for (i = 0; i < h->cap; i++)
            if (h->keys[i])
                strset_add(&g, h->keys[i], strlen(h->keys[i]));
        strset_clear(h);
        *h = g;
    }
    i = str_hash(s, len) & (h->cap - 1);
    while (h->keys[i])
        i = (i + 1) & (h->cap - 1);
    h->keys[i] = flint_malloc(len + 1);
    memcpy(h->keys[i], s, len);
    h->keys[i][len] = '\0';
    h->n++;
}

/* The names taken so far: all of them, and for the formats with indexed
 * variables (M2: W_(1,2) or W_1; Mathematica: W[1,2]) the symbols bound
 * plainly and the bases of indexed ones, which must not meet (a plain W
 * next to W[1] or W_1 is one symbol used twice). */
typedef struct {
    strset_t all, plain, bases;
    char open; /* '_' (M2), '[' (Mathematica), 0 (no indexed names) */
} taken_t;

static size_t base_of(const char *s, char open, int *indexed)
{
    const char *u = open ? strchr(s, open) : NULL;
    *indexed = u != NULL;
    return u ? (size_t) (u - s) : strlen(s);
}

static int clashes(const taken_t *t, const char *s)
{
    int idx;
    size_t b = base_of(s, t->open, &idx);
    if (strset_has(&t->all, s, strlen(s)))
        return 1;
    if (t->open == 0)
        return 0;
    return idx ? strset_has(&t->plain, s, b) : strset_has(&t->bases, s, b);
}

static void take(taken_t *t, const char *s)
{
    int idx;
    size_t b = base_of(s, t->open, &idx);
    strset_add(&t->all, s, strlen(s));
    if (t->open)
        strset_add(idx ? &t->bases : &t->plain, s, b);
}

char **_rf_export_names(const rf_sys_t sys, rf_export_fmt_t fmt)
{
    slong k, n = sys->nvars;
    char **names = flint_malloc((n > 0 ? n : 1) * sizeof(char *));
    char buf[NAME_MAX_LEN];
    taken_t t;
    strset_init(&t.all, (size_t) n);
    strset_init(&t.plain, (size_t) n);
    strset_init(&t.bases, 8);
    t.open = fmt == RF_EXPORT_M2 ? '_' : fmt == RF_EXPORT_MATHEMATICA ? '[' : 0;
    if (n == 0)
        names[0] = rf_text_dup("rfUnused");
    for (k = 0; k < n; k++) {
        if (!candidate(buf, sizeof buf, sys->vars[k], fmt) || clashes(&t, buf)) {
            /* fallback v<k>, made unique */
            size_t len = (size_t) snprintf(buf, sizeof buf, "v%ld", (long) (k + 1));
            while (clashes(&t, buf) && len + 2 < sizeof buf) {
                buf[len++] = 'x';
                buf[len] = '\0';
            }
        }
        take(&t, buf);
        names[k] = rf_text_dup(buf);
    }
    strset_clear(&t.all);
    strset_clear(&t.plain);
    strset_clear(&t.bases);
    return names;
}

void _rf_export_names_clear(char **names, const rf_sys_t sys)
{
    slong k, n = sys->nvars > 0 ? sys->nvars : 1;
    for (k = 0; k < n; k++)
        flint_free(names[k]);
    flint_free(names);
}

void _rf_export_renamings(FILE *out, const rf_sys_t sys, char **names,
                          const char *pre, const char *post)
{
    slong k;
    for (k = 0; k < sys->nvars; k++)
        if (strcmp(names[k], sys->vars[k]) != 0)
            fprintf(out, "%s%s stands for %s%s\n", pre, names[k], sys->vars[k], post);
}

void _rf_export_comment(FILE *out, const char *pre, const char *text,
                        const char *post)
{
    const char *s;
    fputs(pre, out);
    for (s = text; *s; s++) {
        if (*s == '\n' || *s == '\r')
            fputc(' ', out);
        else if (s[0] == '*' && s[1] == ')')
            fputs("* ", out); /* would close a Mathematica comment */
        else if (s[0] == '(' && s[1] == '*')
            fputs("( ", out);
        else
            fputc(*s, out);
    }
    fputs(post, out);
    fputc('\n', out);
}

void _rf_export_qstring(FILE *out, const char *s, int safe)
{
    fputc('"', out);
    for (; s && *s; s++) {
        unsigned char ch = (unsigned char) *s;
        if (ch == '"' || ch == '\\') {
            if (safe)
                fputc(ch == '"' ? '\'' : '/', out);
            else
                fprintf(out, "\\%c", ch);
        } else if (ch == '\n' || ch == '\r' || ch == '\t') {
            fputc(' ', out);
        } else if (ch < 0x20) {
            continue;
        } else {
            fputc(ch, out);
        }
    }
    fputc('"', out);
}

int _rf_export_comp_uses_var(const rf_sys_t sys, slong c, slong v)
{
    const rf_sys_comp_struct *comp = sys->comps + c;
    slong k;
    for (k = 0; k < comp->len; k++)
        if (fmpq_mpoly_degree_si(&comp->cons[k].poly, v, sys->ctx) > 0)
            return 1;
    return 0;
}

slong _rf_export_num_aux(const rf_sys_t sys)
{
    slong k, n = 0;
    for (k = 0; k < sys->nvars; k++)
        n += sys->kinds[k] == RF_SYS_VAR_AUX;
    return n;
}

void rf_export_var_name(char *buf, size_t n, const rf_sys_t sys, slong k,
                        rf_export_fmt_t fmt)
{
    char **names;
    if (n == 0)
        return;
    if (fmt == RF_EXPORT_LATEX || fmt == RF_EXPORT_LATEX_DOC) {
        rf_export_latex_name(buf, n, sys->vars[k]);
        return;
    }
    names = _rf_export_names(sys, fmt);
    snprintf(buf, n, "%s", names[k]);
    _rf_export_names_clear(names, sys);
}
