/* Variable names per target format: keep the system's name when it is a
 * valid identifier of the target, rewrite it otherwise, and guarantee that
 * the target names are distinct and clash with no reserved word (nor with
 * the exporter's own "rf..." names). Also small text-escaping helpers. */
#include <string.h>
#include <ctype.h>
#include "internal.h"

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
    "params", "aux", "satisfies", "print", "all", "bool", "dict", NULL};
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

static char *dup_str(const char *s)
{
    char *d = flint_malloc(strlen(s) + 1);
    strcpy(d, s);
    return d;
}

int _rf_export_split_indexed(char *base, size_t nb, const char **idx,
                             size_t *idxlen, int maxidx, const char *name)
{
    size_t i = 0, b;
    int k = 0;
    while (isalpha((unsigned char) name[i]))
        i++;
    if (i == 0 || i >= nb || !isdigit((unsigned char) name[i]))
        return 0;
    memcpy(base, name, i);
    base[i] = '\0';
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

/* The "base" of a target name: what the target binds as a symbol (W for
 * W_(1,2) or W[1,2]); plain names are their own base. */
static size_t base_len(const char *s)
{
    size_t i = 0;
    while (s[i] && s[i] != '_' && s[i] != '[')
        i++;
    return (s[i] == '_' && s[i + 1] == '(') || s[i] == '[' ? i : strlen(s);
}

static int clashes(char **names, slong k, const char *s, rf_export_fmt_t fmt)
{
    slong i;
    int indexed = (fmt == RF_EXPORT_M2 || fmt == RF_EXPORT_MATHEMATICA);
    for (i = 0; i < k; i++) {
        if (strcmp(names[i], s) == 0)
            return 1;
        if (indexed) {
            /* W[1] and a plain W (or M2: W_1 and W) cannot coexist */
            size_t bi = base_len(names[i]), bs = base_len(s);
            int pi = bi == strlen(names[i]), ps = bs == strlen(s);
            if (fmt == RF_EXPORT_M2) {
                /* M2 single index: W_1 has base W */
                const char *u;
                if (pi && (u = strchr(names[i], '_')) != NULL)
                    bi = (size_t) (u - names[i]), pi = 0;
                if (ps && (u = strchr(s, '_')) != NULL)
                    bs = (size_t) (u - s), ps = 0;
            }
            if (pi != ps && bi == bs && strncmp(names[i], s, bi) == 0)
                return 1;
        }
    }
    return 0;
}

char **_rf_export_names(const rf_sys_t sys, rf_export_fmt_t fmt)
{
    slong k, n = sys->nvars;
    char **names = flint_malloc((n > 0 ? n : 1) * sizeof(char *));
    char buf[NAME_MAX_LEN];
    if (n == 0)
        names[0] = dup_str("rfUnused");
    for (k = 0; k < n; k++) {
        if (!candidate(buf, sizeof buf, sys->vars[k], fmt)
            || clashes(names, k, buf, fmt)) {
            /* fallback v<k>, made unique */
            size_t len = (size_t) snprintf(buf, sizeof buf, "v%ld", (long) (k + 1));
            while (clashes(names, k, buf, fmt) && len + 2 < sizeof buf) {
                buf[len++] = 'x';
                buf[len] = '\0';
            }
        }
        names[k] = dup_str(buf);
    }
    /* every name is checked against all earlier ones (kept or fallback),
     * so the list is free of clashes */
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
        n += sys->kinds[k] == RF_VAR_AUX;
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
