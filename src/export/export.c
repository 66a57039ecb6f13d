/* Export dispatch: format names, the common header, rf_export_sys. */
#include <string.h>
#include <strings.h>
#include <errno.h>
#include "internal.h"
#include "relufiber/version.h"
#include "relufiber/export.h"
#include "relufiber/io.h"

typedef struct {
    rf_export_fmt_t fmt;
    const char *name, *alias, *ext;
} fmt_entry_t;

static const fmt_entry_t fmts[] = {
    {RF_EXPORT_M2, "m2", "macaulay2", ".m2"},
    {RF_EXPORT_SINGULAR, "singular", "sing", ".sing"},
    {RF_EXPORT_MAPLE, "maple", "mpl", ".mpl"},
    {RF_EXPORT_MATHEMATICA, "mathematica", "wl", ".wl"},
    {RF_EXPORT_SYMPY, "sympy", "python", ".py"},
    {RF_EXPORT_SAGE, "sage", "sagemath", ".sage"},
    {RF_EXPORT_SMT2, "smt2", "smtlib", ".smt2"},
    {RF_EXPORT_SMT2_COMPS, "smt2-comps", "smtlib-comps", ".smt2"},
    {RF_EXPORT_LATEX, "latex", "tex", ".tex"},
    {RF_EXPORT_LATEX_DOC, "latex-doc", "tex-doc", ".tex"},
    {RF_EXPORT_JSON, "json", "json", ".json"},
};

#define NFMTS ((slong) (sizeof(fmts) / sizeof(fmts[0])))

const char rf_export_fmt_list[] =
    "m2, singular, maple, mathematica, sympy, sage, smt2, smt2-comps, "
    "latex, latex-doc, json";

int rf_export_fmt_from_string(rf_export_fmt_t *fmt, const char *s)
{
    slong k;
    *fmt = RF_EXPORT_UNKNOWN;
    for (k = 0; s != NULL && k < NFMTS; k++)
        if (strcasecmp(s, fmts[k].name) == 0 || strcasecmp(s, fmts[k].alias) == 0) {
            *fmt = fmts[k].fmt;
            return 0;
        }
    return 1;
}

static const fmt_entry_t *entry(rf_export_fmt_t fmt)
{
    slong k;
    for (k = 0; k < NFMTS; k++)
        if (fmts[k].fmt == fmt)
            return fmts + k;
    return NULL;
}

const char *rf_export_fmt_name(rf_export_fmt_t fmt)
{
    const fmt_entry_t *e = entry(fmt);
    return e ? e->name : "unknown";
}

const char *rf_export_fmt_ext(rf_export_fmt_t fmt)
{
    const fmt_entry_t *e = entry(fmt);
    return e ? e->ext : "";
}

void _rf_export_header(FILE *out, const rf_sys_t sys, char **names,
                       const char *format, const char *pre,
                       const char *post, const char *aux_note)
{
    slong i, k;
    char buf[160];
    snprintf(buf, sizeof buf, "relufiber %s export (%s)", RELUFIBER_VERSION, format);
    _rf_export_comment(out, pre, buf, post);
    if (sys->title)
        _rf_export_comment(out, pre, sys->title, post);
    for (i = 0; i < sys->nnotes; i++) {
        fputs(pre, out);
        fputs("note: ", out);
        _rf_export_comment(out, "", sys->notes[i], post);
    }
    snprintf(buf, sizeof buf, "%ld variable(s), %ld auxiliary; %ld component(s)",
             (long) sys->nvars, (long) _rf_export_num_aux(sys), (long) sys->ncomp);
    _rf_export_comment(out, pre, buf, post);
    if (_rf_export_num_aux(sys) > 0) {
        fprintf(out, "%sauxiliary variables (existentially quantified):", pre);
        for (k = 0; k < sys->nvars; k++)
            if (sys->kinds[k] == RF_SYS_VAR_AUX)
                fprintf(out, " %s", names[k]);
        fprintf(out, "%s\n", post);
        if (aux_note)
            _rf_export_comment(out, pre, aux_note, post);
    }
    _rf_export_renamings(out, sys, names, pre, post);
    fprintf(out, "%sunknown dimensions are written as -1%s\n", pre, post);
}

int rf_export_sys(FILE *out, const rf_sys_t sys, rf_export_fmt_t fmt,
                  rf_err_t err)
{
    return rf_export_sys_latex(out, sys, fmt, NULL, err);
}

int rf_export_sys_latex(FILE *out, const rf_sys_t sys, rf_export_fmt_t fmt,
                        const rf_export_latex_map_t *map, rf_err_t err)
{
    if (fmt != RF_EXPORT_JSON && !_rf_export_exps_fit(sys))
        return rf_err_set(err, RF_ERR_UNSUPPORTED, NULL, 0,
                          "an exponent of the system does not fit a machine word");
    switch (fmt) {
    case RF_EXPORT_M2: _rf_export_m2(out, sys); break;
    case RF_EXPORT_SINGULAR: _rf_export_singular(out, sys); break;
    case RF_EXPORT_MAPLE: _rf_export_maple(out, sys); break;
    case RF_EXPORT_MATHEMATICA: _rf_export_mathematica(out, sys); break;
    case RF_EXPORT_SYMPY: _rf_export_sympy(out, sys); break;
    case RF_EXPORT_SAGE: _rf_export_sage(out, sys); break;
    case RF_EXPORT_SMT2: _rf_export_smt2(out, sys, 0); break;
    case RF_EXPORT_SMT2_COMPS: _rf_export_smt2(out, sys, 1); break;
    case RF_EXPORT_LATEX: _rf_export_latex(out, sys, 0, map); break;
    case RF_EXPORT_LATEX_DOC: _rf_export_latex(out, sys, 1, map); break;
    case RF_EXPORT_JSON:
        if (_rf_export_json(out, sys))
            return rf_err_set(err, RF_ERR_IO, NULL, 0, "cannot write the JSON output");
        break;
    default:
        return rf_err_set(err, RF_ERR_INPUT, NULL, 0,
                          "unknown export format (known: %s)", rf_export_fmt_list);
    }
    if (ferror(out))
        return rf_err_set(err, RF_ERR_IO, NULL, 0, "write error");
    return RF_OK;
}

int rf_export_sys_file(const char *path, const rf_sys_t sys,
                       rf_export_fmt_t fmt, rf_err_t err)
{
    rf_io_atomic_t a;
    int r;
    if (strcmp(path, "-") == 0)
        return rf_export_sys(stdout, sys, fmt, err);
    if (rf_io_atomic_open(a, path, err) != RF_OK)
        return RF_ERR_IO;
    r = rf_export_sys(a->f, sys, fmt, err);
    if (rf_io_atomic_close(a, r == RF_OK, err) != RF_OK && r == RF_OK)
        r = RF_ERR_IO;                 /* written to the temporary file only */
    if (r != RF_OK && !rf_err_is_input(err))
        snprintf(err->file, sizeof err->file, "%s", path);
    return r;
}
