/* relufiber: export of constraint systems (rf_sys_t) to computer-algebra
 * systems, SMT solvers, LaTeX and JSON.
 *
 * Every exporter writes one complete, self-contained file: the variables
 * (parameters, then the auxiliary existentially quantified ones, each flagged
 * as such), one block per component (its name, description, dimension,
 * equations p = 0 and inequalities p > 0, p >= 0, p != 0) and the notes.
 * The layout of every format is documented in docs/export.md.
 *
 * Variable names: the system's names (letters, digits, underscore) are kept
 * whenever they are valid identifiers of the target; otherwise they are
 * rewritten (Macaulay2 and Mathematica use indexed variables, W_(1,2,3) and
 * W[1,2,3], for W1_2_3; a name that is still invalid or clashes with a
 * reserved word becomes v<k>), and every renaming is listed in a comment.
 *
 * All coefficients are written exactly (rationals, never floats).
 */
#ifndef RELUFIBER_EXPORT_H
#define RELUFIBER_EXPORT_H

#include <stdio.h>
#include <flint/fmpq.h>
#include "relufiber/net.h"
#include "relufiber/system.h"
#include "relufiber/err.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    RF_EXPORT_UNKNOWN = -1,
    RF_EXPORT_M2 = 0,       /* Macaulay2 script (.m2) */
    RF_EXPORT_SINGULAR,     /* Singular script (.sing) */
    RF_EXPORT_MAPLE,        /* Maple script (.mpl) */
    RF_EXPORT_MATHEMATICA,  /* Wolfram Language (.wl) */
    RF_EXPORT_SYMPY,        /* Python 3 + SymPy script (.py) */
    RF_EXPORT_SAGE,         /* SageMath script (.sage, also valid Python) */
    RF_EXPORT_SMT2,         /* SMT-LIB 2, QF_NRA: the union as one assertion */
    RF_EXPORT_SMT2_COMPS,   /* SMT-LIB 2, QF_NRA: one push/check-sat per component */
    RF_EXPORT_LATEX,        /* LaTeX align* block, to \input into a paper */
    RF_EXPORT_LATEX_DOC,    /* the same as a standalone compilable document */
    RF_EXPORT_JSON          /* machine-readable JSON (readable back) */
} rf_export_fmt_t;

/* Parse a format name into *fmt: m2 | macaulay2, singular, maple,
 * mathematica | wl, sympy | python, sage, smt2 | smtlib, smt2-comps,
 * latex | tex, latex-doc, json (case-insensitive). Returns 0 on success,
 * non-zero (and *fmt = RF_EXPORT_UNKNOWN) for an unknown name. */
int rf_export_fmt_from_string(rf_export_fmt_t *fmt, const char *s);
/* Canonical name of a format ("m2", "smt2-comps", ...). */
const char *rf_export_fmt_name(rf_export_fmt_t fmt);
/* Usual file extension, with the dot (".m2", ".smt2", ...). */
const char *rf_export_fmt_ext(rf_export_fmt_t fmt);
/* Comma-separated list of the format names, for help texts. */
extern const char rf_export_fmt_list[];

/* Write sys to out in the given format. Returns RF_OK, or RF_ERR_INPUT
 * (unknown format) / RF_ERR_IO (write error) / RF_ERR_UNSUPPORTED (an
 * exponent that does not fit a machine word; nothing is written) with err
 * set. */
int rf_export_sys(FILE *out, const rf_sys_t sys, rf_export_fmt_t fmt,
                  rf_err_t err);
/* The same into a file (path "-" = stdout). */
int rf_export_sys_file(const char *path, const rf_sys_t sys,
                       rf_export_fmt_t fmt, rf_err_t err);

/* Name of variable k as written in the target format (for tools that
 * post-process the exported file, e.g. to read back an SMT model). buf of
 * size n; the result is truncated if it does not fit. */
void rf_export_var_name(char *buf, size_t n, const rf_sys_t sys, slong k,
                        rf_export_fmt_t fmt);

/* LaTeX form of a variable name: W1_2_3 -> W^{(1)}_{23}, b1_2 -> b^{(1)}_{2},
 * W1_12_3 -> W^{(1)}_{12,3} (commas when an index has several digits),
 * t3 -> t_{3}; other names -> \mathit{...} with escapes. */
void rf_export_latex_name(char *buf, size_t n, const char *name);

/* Custom LaTeX symbols for variables (--latex-names FILE; format in
 * docs/export.md): one entry per line, "NAME SYMBOL" or "PATTERN SYMBOL",
 * where a pattern such as W<l>_<i>_<j> matches digit groups that the symbol
 * reuses (w^{[<l>]}_{<i><j>}); '#' starts a comment line. */
typedef struct rf_export_latex_map_struct rf_export_latex_map_t;
/* Read the map; on error (RF_ERR_IO, RF_ERR_INPUT) *map = NULL and err
 * names the file and the line with the problem. */
int rf_export_latex_map_read(rf_export_latex_map_t **map, const char *path, rf_err_t err);
int rf_export_latex_map_read_buf(rf_export_latex_map_t **map, const char *buf, size_t len,
                                 const char *name, rf_err_t err);
void rf_export_latex_map_free(rf_export_latex_map_t *map);
/* The symbol of a variable: the map's exact entry, else its first matching
 * pattern (returns 1), else rf_export_latex_name (returns 0; map may be NULL). */
int rf_export_latex_map_name(char *buf, size_t n, const rf_export_latex_map_t *map,
                             const char *name);
/* rf_export_sys for RF_EXPORT_LATEX / RF_EXPORT_LATEX_DOC with the
 * variables typeset through map (NULL: the default names); any other
 * format is written as by rf_export_sys. */
int rf_export_sys_latex(FILE *out, const rf_sys_t sys, rf_export_fmt_t fmt,
                        const rf_export_latex_map_t *map, rf_err_t err);

/* Read a system written by rf_export_sys(..., RF_EXPORT_JSON). sys must be
 * initialised (e.g. rf_sys_init(sys, 0, NULL, NULL)); it is replaced. The
 * round trip is exact (names, kinds, order of constraints, labels, notes).
 * On error sys is left initialised and err names the file and line. */
int rf_export_read_json_sys(rf_sys_t sys, const char *path, rf_err_t err);
int rf_export_read_json_sys_buf(rf_sys_t sys, const char *buf, size_t len,
                                const char *name, rf_err_t err);

/* Structural equality of two systems (same variables and kinds, same
 * components with the same constraints in the same order, same labels,
 * title and notes). Used to check the JSON round trip. */
int rf_export_sys_equal(const rf_sys_t a, const rf_sys_t b);

/* One polynomial of sys (a polynomial of sys->ctx) written as in format fmt:
 * the prefix form of the SMT-LIB exporters for RF_EXPORT_SMT2 and
 * RF_EXPORT_SMT2_COMPS, the infix form of the computer-algebra exporters
 * otherwise (JSON and LaTeX: the plain infix form), with the variable names
 * of that format (rf_export_var_name). For writers of other documents that
 * quote the system's polynomials (fiber --complete). Every exponent must fit
 * a machine word. */
void rf_export_poly_fprint(FILE *out, const fmpq_mpoly_t p, const rf_sys_t sys,
                           rf_export_fmt_t fmt);

/* ------------------------------------------------------------- SMT-LIB */

/* SMT-LIB (QF_LRA) encoding of "exists x: f_A(x) != f_B(x)". The encoding is
 * exact: every parameter is written as an SMT-LIB rational ((/ p q),
 * negatives as (- ...)), every hidden neuron as a real variable constrained
 * by h = (ite (> z 0) z 0). Inputs are x1..x<d0>. The query is satisfiable
 * iff the two networks differ somewhere. Running a solver is not the
 * library's job (the CLI does it, src/cli/smt_run.c). */

/* Write a rational as an SMT-LIB term. */
void rf_export_smt_fprint_q(FILE *out, const fmpq_t q);

/* Declarations and constraints defining f_<prefix>(x) of one network: the
 * output variables are <prefix>_y<r> (1-based); inputs x1..x<d0> must be
 * declared by the caller. Hidden variables are <prefix>_z<l>_<i> and
 * <prefix>_h<l>_<i>. */
void rf_export_smt_net(FILE *out, const rf_net_t net, const char *prefix);

/* The complete QF_LRA query: (set-logic QF_LRA), declarations of x, both
 * networks (prefixes A and B), (assert (or (not (= A_y1 B_y1)) ...)),
 * (check-sat), (get-value (x1 ...)). */
void rf_export_smt_equiv_query(FILE *out, const rf_net_t A, const rf_net_t B);
/* The same query restricted to the closed box lo <= x <= hi (d0 entries
 * each; both NULL: R^d0, as rf_export_smt_equiv_query). */
void rf_export_smt_equiv_query_box(FILE *out, const rf_net_t A, const rf_net_t B,
                                   const fmpq *lo, const fmpq *hi);

/* Parse one SMT-LIB constant term: 3, 2.5, (- 3), (/ 1 2), (/ 1.0 2.0),
 * (- (/ 1 2)), (/ (- 1) 2). Returns a pointer past the term, or NULL. */
const char *rf_export_smt_parse_q(fmpq_t q, const char *s);

#ifdef __cplusplus
}
#endif
#endif
