/* Internal helpers shared by the exporters (not installed). */
#ifndef RELUFIBER_EXPORT_INTERNAL_H
#define RELUFIBER_EXPORT_INTERNAL_H

#include <stdio.h>
#include "relufiber/export.h"

/* Names of the variables as written in the target format: nvars strings
 * (at least one slot), freed by _rf_export_names_clear. */
char **_rf_export_names(const rf_sys_t sys, rf_export_fmt_t fmt);
void _rf_export_names_clear(char **names, const rf_sys_t sys);
/* Print "<pre> target = original<post>" lines for renamed variables. */
void _rf_export_renamings(FILE *out, const rf_sys_t sys, char **names,
                          const char *pre, const char *post);

/* Split NAME into letters followed by digit groups separated by '_'
 * (W1_2_3 -> "W", {"1","2","3"}; mu_2 -> "mu", {"2"}). Returns the number of indices (0 if
 * NAME does not have that shape or an index has a leading zero). base has
 * room for nb bytes; idx[k] points into name, idxlen[k] is its length. */
int _rf_export_split_indexed(char *base, size_t nb, const char **idx,
                             size_t *idxlen, int maxidx, const char *name);

/* Text helpers: a comment line (newlines become spaces; for Mathematica
 * "*)" is broken up), a double-quoted string with backslash escapes
 * (JSON/Python/M2/Mathematica/Maple conventions) or, with safe = 1, with
 * quotes and backslashes replaced (Singular). */
void _rf_export_comment(FILE *out, const char *pre, const char *text,
                        const char *post);
void _rf_export_qstring(FILE *out, const char *s, int safe);

/* Polynomial printers. */
typedef enum {
    _RF_COEF_PLAIN = 0, /* 3/4*x (M2, Singular, Maple, Mathematica) */
    _RF_COEF_SYMPY,     /* sp.Rational(3, 4)*x */
    _RF_COEF_SAGE,      /* QQ(3)/4*x */
    _RF_COEF_M2         /* like plain, constants as promote(c, rfR) */
} _rf_coef_style_t;

void _rf_export_poly_infix(FILE *out, const fmpq_mpoly_t p,
                           const rf_sys_t sys, char **names,
                           const char *pow, _rf_coef_style_t coef);
void _rf_export_poly_smt(FILE *out, const fmpq_mpoly_t p, const rf_sys_t sys,
                         char **names);
/* LaTeX: breaks the line (align* "\\ &\qquad") every `brk` terms (0 = never). */
void _rf_export_poly_latex(FILE *out, const fmpq_mpoly_t p,
                           const rf_sys_t sys, char **names, slong brk);

/* Do all exponents of all constraints fit a word? 1 yes, 0 no. The
 * polynomial printers need it; rf_export_sys checks it first. */
int _rf_export_exps_fit(const rf_sys_t sys);

/* Does variable v occur in some constraint of component c? */
int _rf_export_comp_uses_var(const rf_sys_t sys, slong c, slong v);
slong _rf_export_num_aux(const rf_sys_t sys);

/* Common header comment: title, notes, the variables and their kinds, the
 * renamings, and what the auxiliary variables mean (aux_note). Each line
 * is pre + text + post. */
void _rf_export_header(FILE *out, const rf_sys_t sys, char **names,
                       const char *format, const char *pre,
                       const char *post, const char *aux_note);

/* The writers. */
void _rf_export_m2(FILE *out, const rf_sys_t sys);
void _rf_export_singular(FILE *out, const rf_sys_t sys);
void _rf_export_maple(FILE *out, const rf_sys_t sys);
void _rf_export_mathematica(FILE *out, const rf_sys_t sys);
void _rf_export_sympy(FILE *out, const rf_sys_t sys);
void _rf_export_sage(FILE *out, const rf_sys_t sys);
void _rf_export_smt2(FILE *out, const rf_sys_t sys, int per_component);
void _rf_export_latex(FILE *out, const rf_sys_t sys, int standalone,
                      const rf_export_latex_map_t *map);
int _rf_export_json(FILE *out, const rf_sys_t sys);

#endif
