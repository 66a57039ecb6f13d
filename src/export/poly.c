/* Polynomial printers for the export formats. They walk the terms of an
 * fmpq_mpoly (coefficient + exponent vector) rather than post-editing
 * fmpq_mpoly_get_str_pretty, so that each target gets exact coefficients
 * in its own syntax: infix (x^2 or x**2, 3/4 or sp.Rational(3, 4)), SMT-LIB
 * prefix form, and LaTeX. */
#include <string.h>
#include "internal.h"

int _rf_export_exps_fit(const rf_sys_t sys)
{
    slong c, k, i;
    for (c = 0; c < sys->ncomp; c++)
        for (k = 0; k < sys->comps[c].len; k++) {
            const fmpq_mpoly_struct *p = &sys->comps[c].cons[k].poly;
            for (i = 0; i < fmpq_mpoly_length(p, sys->ctx); i++)
                if (!fmpq_mpoly_term_exp_fits_ui(p, i, sys->ctx))
                    return 0;
        }
    return 1;
}

/* Exponent vector of term i. rf_export_sys checks _rf_export_exps_fit
 * before any printer runs, so every exponent fits a word here. */
static void term_exps(ulong *e, const fmpq_mpoly_t p, slong i,
                      const rf_sys_t sys)
{
    fmpq_mpoly_get_term_exp_ui(e, p, i, sys->ctx);
}

static slong ctx_nvars(const rf_sys_t sys)
{
    return sys->nvars > 0 ? sys->nvars : 1;
}

static int all_zero(const ulong *e, slong n)
{
    slong v;
    for (v = 0; v < n; v++)
        if (e[v])
            return 0;
    return 1;
}

/* Infix sign of term i with coefficient c (a leading "-" for the first term,
 * " - " or " + " between terms); c becomes |c|. Returns whether the term is
 * a constant (exponents e all zero). Shared by the infix and LaTeX printers. */
static int term_sign(FILE *out, fmpq_t c, const ulong *e, slong n, slong i)
{
    if (i == 0)
        fputs(fmpq_sgn(c) < 0 ? "-" : "", out);
    else
        fputs(fmpq_sgn(c) < 0 ? " - " : " + ", out);
    fmpq_abs(c, c);
    return all_zero(e, n);
}

/* |c| (c > 0) in the infix coefficient syntax. */
static void coef_infix(FILE *out, const fmpq_t c, _rf_coef_style_t style,
                       int constant_poly)
{
    int integer = fmpz_is_one(fmpq_denref(c));
    switch (style) {
    case _RF_COEF_SYMPY:
        if (integer && !constant_poly) {
            fmpz_fprint(out, fmpq_numref(c));
        } else if (integer) {
            fputs("sp.Integer(", out);
            fmpz_fprint(out, fmpq_numref(c));
            fputc(')', out);
        } else {
            fputs("sp.Rational(", out);
            fmpz_fprint(out, fmpq_numref(c));
            fputs(", ", out);
            fmpz_fprint(out, fmpq_denref(c));
            fputc(')', out);
        }
        break;
    case _RF_COEF_SAGE:
        if (integer && !constant_poly) {
            fmpz_fprint(out, fmpq_numref(c));
        } else {
            fputs("QQ(", out);
            fmpz_fprint(out, fmpq_numref(c));
            fputc(')', out);
            if (!integer) {
                fputc('/', out);
                fmpz_fprint(out, fmpq_denref(c));
            }
        }
        break;
    case _RF_COEF_M2:
        if (constant_poly) {
            fputs("promote(", out);
            fmpq_fprint(out, c);
            fputs(", rfR)", out);
        } else {
            fmpq_fprint(out, c);
        }
        break;
    default:
        fmpq_fprint(out, c);
    }
}

void _rf_export_poly_infix(FILE *out, const fmpq_mpoly_t p,
                           const rf_sys_t sys, char **names,
                           const char *pow, _rf_coef_style_t coef)
{
    slong i, v, n = ctx_nvars(sys), len = fmpq_mpoly_length(p, sys->ctx);
    ulong *e = flint_malloc(n * sizeof(ulong));
    fmpq_t c;
    int constant_poly = fmpq_mpoly_is_fmpq(p, sys->ctx);
    fmpq_init(c);
    if (len == 0) {
        fmpq_zero(c);
        coef_infix(out, c, coef, 1);
    }
    for (i = 0; i < len; i++) {
        int first = 1, cst;
        fmpq_mpoly_get_term_coeff_fmpq(c, p, i, sys->ctx);
        term_exps(e, p, i, sys);
        cst = term_sign(out, c, e, n, i);
        if (cst || !fmpq_is_one(c)) {
            coef_infix(out, c, coef, constant_poly);
            first = 0;
        }
        for (v = 0; v < n; v++) {
            if (e[v] == 0)
                continue;
            if (!first)
                fputc('*', out);
            first = 0;
            fputs(names[v], out);
            if (e[v] > 1)
                fprintf(out, "%s%lu", pow, (unsigned long) e[v]);
        }
    }
    fmpq_clear(c);
    flint_free(e);
}

/* An SMT-LIB real literal for c (any sign). */
static void smt_literal(FILE *out, const fmpq_t c)
{
    int neg = fmpq_sgn(c) < 0;
    int integer = fmpz_is_one(fmpq_denref(c));
    fmpz_t a;
    fmpz_init(a);
    fmpz_abs(a, fmpq_numref(c));
    if (neg)
        fputs("(- ", out);
    if (integer) {
        fmpz_fprint(out, a);
        fputs(".0", out);
    } else {
        fputs("(/ ", out);
        fmpz_fprint(out, a);
        fputs(".0 ", out);
        fmpz_fprint(out, fmpq_denref(c));
        fputs(".0)", out);
    }
    if (neg)
        fputc(')', out);
    fmpz_clear(a);
}

void _rf_export_poly_smt(FILE *out, const fmpq_mpoly_t p, const rf_sys_t sys,
                         char **names)
{
    slong i, v, n = ctx_nvars(sys), len = fmpq_mpoly_length(p, sys->ctx);
    ulong *e = flint_malloc(n * sizeof(ulong));
    ulong r;
    fmpq_t c;
    fmpq_init(c);
    if (len == 0)
        fputs("0.0", out);
    if (len > 1)
        fputs("(+", out);
    for (i = 0; i < len; i++) {
        slong nf = 0;
        int one;
        fmpq_mpoly_get_term_coeff_fmpq(c, p, i, sys->ctx);
        term_exps(e, p, i, sys);
        for (v = 0; v < n; v++)
            nf += (slong) e[v];
        one = fmpq_is_one(c);
        if (len > 1)
            fputc(' ', out);
        if (nf == 0) {
            smt_literal(out, c);
            continue;
        }
        if (nf + !one > 1)
            fputs("(*", out);
        if (!one) {
            fputc(' ', out);
            smt_literal(out, c);
        }
        for (v = 0; v < n; v++)
            for (r = 0; r < e[v]; r++) {
                if (nf + !one > 1)
                    fputc(' ', out);
                fputs(names[v], out);
            }
        if (nf + !one > 1)
            fputc(')', out);
    }
    if (len > 1)
        fputc(')', out);
    fmpq_clear(c);
    flint_free(e);
}

void _rf_export_poly_latex(FILE *out, const fmpq_mpoly_t p,
                           const rf_sys_t sys, char **names, slong brk)
{
    slong i, v, n = ctx_nvars(sys), len = fmpq_mpoly_length(p, sys->ctx);
    ulong *e = flint_malloc(n * sizeof(ulong));
    fmpq_t c;
    fmpq_init(c);
    if (len == 0)
        fputc('0', out);
    for (i = 0; i < len; i++) {
        int first = 1, cst;
        fmpq_mpoly_get_term_coeff_fmpq(c, p, i, sys->ctx);
        term_exps(e, p, i, sys);
        if (i > 0 && brk > 0 && i % brk == 0)
            fputs("\\\\\n  &\\qquad", out);
        cst = term_sign(out, c, e, n, i);
        if (cst || !fmpq_is_one(c)) {
            if (fmpz_is_one(fmpq_denref(c))) {
                fmpz_fprint(out, fmpq_numref(c));
            } else {
                fputs("\\frac{", out);
                fmpz_fprint(out, fmpq_numref(c));
                fputs("}{", out);
                fmpz_fprint(out, fmpq_denref(c));
                fputc('}', out);
            }
            first = 0;
        }
        for (v = 0; v < n; v++) {
            if (e[v] == 0)
                continue;
            if (!first)
                fputs("\\,", out);
            first = 0;
            if (e[v] == 1)
                fputs(names[v], out);
            else if (strpbrk(names[v], "_^"))
                fprintf(out, "\\bigl(%s\\bigr)^{%lu}", names[v], (unsigned long) e[v]);
            else
                fprintf(out, "%s^{%lu}", names[v], (unsigned long) e[v]);
        }
    }
    fmpq_clear(c);
    flint_free(e);
}

void rf_export_poly_fprint(FILE *out, const fmpq_mpoly_t p, const rf_sys_t sys,
                           rf_export_fmt_t fmt)
{
    char **names = _rf_export_names(sys, fmt == RF_EXPORT_JSON || fmt == RF_EXPORT_LATEX
                                    || fmt == RF_EXPORT_LATEX_DOC ? RF_EXPORT_SINGULAR : fmt);
    if (fmt == RF_EXPORT_SMT2 || fmt == RF_EXPORT_SMT2_COMPS)
        _rf_export_poly_smt(out, p, sys, names);
    else
        _rf_export_poly_infix(out, p, sys, names,
                              fmt == RF_EXPORT_SYMPY || fmt == RF_EXPORT_SAGE ? "**" : "^",
                              fmt == RF_EXPORT_SYMPY ? _RF_COEF_SYMPY
                              : fmt == RF_EXPORT_SAGE ? _RF_COEF_SAGE
                              : fmt == RF_EXPORT_M2 ? _RF_COEF_M2 : _RF_COEF_PLAIN);
    _rf_export_names_clear(names, sys);
}
