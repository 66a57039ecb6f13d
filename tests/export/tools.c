/* Helpers for the export tests (see tools.h). */
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <sys/wait.h>
#include "relufiber/export.h"
#include "smt_run.h"
#include "tools.h"

const char *tools_outdir(void)
{
    const char *d = getenv("RF_EXPORT_OUT");
    return d && *d ? d : "/tmp";
}

void tools_path(char *buf, size_t n, const char *name)
{
    snprintf(buf, n, "%s/%s", tools_outdir(), name);
}

int tools_export(const char *name, const rf_sys_t sys, rf_export_fmt_t fmt)
{
    char path[1024];
    rf_err_t err;
    int r;
    tools_path(path, sizeof path, name);
    rf_err_init(err);
    r = rf_export_sys_file(path, sys, fmt, err);
    if (r)
        rf_err_fprint(stderr, err);
    return r;
}

char *tools_export_string(const rf_sys_t sys, rf_export_fmt_t fmt)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    rf_err_t err;
    rf_err_init(err);
    if (rf_export_sys(f, sys, fmt, err))
        rf_err_fprint(stderr, err);
    fclose(f);
    return buf;
}

char *tools_slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc((size_t) n + 1);
    if (fread(buf, 1, (size_t) n, f) != (size_t) n) {
        free(buf);
        fclose(f);
        return NULL;
    }
    buf[n] = '\0';
    fclose(f);
    return buf;
}

int tools_write(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return 1;
    fputs(text, f);
    return fclose(f) != 0;
}

int tools_have(const char *exe)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "command -v '%s' >/dev/null 2>&1", exe);
    return system(cmd) == 0;
}

char *tools_run(const char *cmd, int merge, int *status)
{
    char full[4096], *buf = NULL;
    size_t len = 0;
    FILE *p, *m;
    int c;
    snprintf(full, sizeof full, "%s%s", cmd, merge ? " 2>&1" : "");
    p = popen(full, "r");
    m = open_memstream(&buf, &len);
    if (p)
        while ((c = fgetc(p)) != EOF)
            fputc(c, m);
    fclose(m);
    c = p ? pclose(p) : -1;
    if (status)
        *status = WIFEXITED(c) ? WEXITSTATUS(c) : -1;
    return buf;
}

static const char *skip_ws(const char *s)
{
    while (*s && isspace((unsigned char) *s))
        s++;
    return s;
}

/* End of the balanced s-expression starting at s. */
static const char *sexp_end(const char *s)
{
    int depth = 0;
    do {
        if (*s == '(')
            depth++;
        else if (*s == ')')
            depth--;
        else if (*s == '\0')
            return s;
        s++;
    } while (depth > 0);
    return s;
}

const char *tools_smt_result(char *status, size_t ns, fmpq *pt, int *algebraic,
                             const char *out, const rf_sys_t sys)
{
    const char *s = out, *e;
    char **names = NULL;
    slong k;
    *algebraic = 0;
    /* next status word at the start of a line */
    while (*s) {
        s = skip_ws(s);
        if (!strncmp(s, "sat", 3) || !strncmp(s, "unsat", 5) || !strncmp(s, "unknown", 7))
            break;
        while (*s && *s != '\n')
            s++;
    }
    if (*s == '\0')
        return NULL;
    e = s;
    while (*e && !isspace((unsigned char) *e))
        e++;
    snprintf(status, ns, "%.*s", (int) (e - s), s);
    s = skip_ws(e);
    for (k = 0; k < sys->nvars; k++)
        fmpq_zero(pt + k);
    if (*s != '(')
        return s;
    /* the model: ( (define-fun NAME () Real VALUE) ... ) */
    e = sexp_end(s);
    names = malloc((size_t) (sys->nvars + 1) * sizeof(char *));
    for (k = 0; k < sys->nvars; k++) {
        names[k] = malloc(256);
        rf_export_var_name(names[k], 256, sys, k, RF_EXPORT_SMT2);
    }
    s++;
    while (s < e) {
        const char *d = strstr(s, "(define-fun");
        const char *n, *ne, *v;
        if (d == NULL || d >= e)
            break;
        n = skip_ws(d + strlen("(define-fun"));
        ne = n;
        if (*ne == '|') {
            ne = strchr(ne + 1, '|');
            ne = ne ? ne + 1 : n;
        } else {
            while (*ne && !isspace((unsigned char) *ne) && *ne != '(' && *ne != ')')
                ne++;
        }
        v = strstr(ne, "Real");
        v = v ? skip_ws(v + 4) : ne;
        if (*n == '|' && ne - n >= 2) { /* |x| and x are the same symbol */
            n++;
            ne--;
        }
        for (k = 0; k < sys->nvars; k++) {
            const char *nk = names[k];
            size_t lk = strlen(nk);
            if (nk[0] == '|' && lk >= 2) {
                nk++;
                lk -= 2;
            }
            if (lk == (size_t) (ne - n) && !strncmp(nk, n, lk)) {
                if (!strncmp(v, "(root-obj", 9) || !rf_export_smt_parse_q(pt + k, v))
                    *algebraic = 1;
            }
        }
        s = sexp_end(d);
    }
    for (k = 0; k < sys->nvars; k++)
        free(names[k]);
    free(names);
    return e;
}

void tools_py_point(FILE *out, const rf_sys_t sys, const fmpq *pt)
{
    slong k;
    char name[256];
    fputc('{', out);
    for (k = 0; k < sys->nvars; k++) {
        rf_export_var_name(name, sizeof name, sys, k, RF_EXPORT_SYMPY);
        fprintf(out, "%s%s: sp.Rational(", k ? ", " : "", name);
        fmpz_fprint(out, fmpq_numref(pt + k));
        fputs(", ", out);
        fmpz_fprint(out, fmpq_denref(pt + k));
        fputc(')', out);
    }
    fputc('}', out);
}
