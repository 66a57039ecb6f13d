/* relufiber core: the verdict of an equivalence test and its certificate.
 *
 * A verdict is YES with a symmetry certificate or a region list, NO with a
 * rational input x and both exact outputs f_A(x) != f_B(x) (re-checked by
 * rf_equiv_set_separating before it is stored), or UNKNOWN with a reason.
 * The procedures that produce verdicts live in shallow/, three/ and decide/.
 *
 * Reference manual: docs/api/core.md.
 */
#ifndef RELUFIBER_EQUIV_H
#define RELUFIBER_EQUIV_H

#include <stdio.h>
#include "relufiber/net.h"
#include "relufiber/err.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    RF_EQUIV_YES = 0,   /* same function: symmetry certificate */
    RF_EQUIV_NO = 1,    /* different: separating rational input */
    RF_EQUIV_UNKNOWN = 2
} rf_equiv_verdict_t;

typedef struct {
    rf_equiv_verdict_t verdict;
    char *method;        /* which path decided: "shallow-canonical", ...;
                            owned, NULL until set (rf_equiv_method) */
    slong n_in, n_out;
    fmpq *x;             /* separating input (n_in), when NO */
    fmpq *yA, *yB;       /* exact outputs at x (n_out each), when NO */
    char *cert_text;     /* human-readable certificate (symmetry moves) */
    char *cert_json;     /* the same as a JSON value (object or array) */
    char *reason;        /* for UNKNOWN, or extra remarks; may be NULL */
} rf_equiv_struct;

typedef rf_equiv_struct rf_equiv_t[1];

void rf_equiv_init(rf_equiv_t res);
void rf_equiv_clear(rf_equiv_t res);
/* Exchange two verdicts (no copying). */
void rf_equiv_swap(rf_equiv_t a, rf_equiv_t b);

/* Set the name of the deciding procedure (copied) / read it ("" when
 * unset). */
void rf_equiv_set_method(rf_equiv_t res, const char *method);
const char *rf_equiv_method(const rf_equiv_t res);

/* Set a NO verdict with separating input x; computes and stores both exact
 * outputs. Returns 1 if f_A(x) != f_B(x) indeed, 0 otherwise (bug). */
int rf_equiv_set_separating(rf_equiv_t res, const rf_net_t A,
                            const rf_net_t B, const fmpq *x,
                            const char *method);
/* Height of a rational vector: the largest bit length of a numerator or
 * denominator (0 for the zero vector). */
slong rf_equiv_height(const fmpq *x, slong n);

/* Small-height separating inputs. The set {x : f_A(x) != f_B(x)} is open, so
 * near a separating x there are rationals of small height that separate too.
 * Candidates are dyadic roundings of x (coarse grids 2^-j and k significant
 * bits), ranked by a double-precision filter and kept only after an exact
 * evaluation of both networks. */
#define RF_EQUIV_SHRINK_MAX_BITS 60   /* finest grid tried: 2^-60 (bits) */
#define RF_EQUIV_SHRINK_EXACT 24      /* exact checks without float evidence
                                         (count) */

/* Double-precision filter for a pair of networks (parameters converted
 * once): evidence that f_A(x) != f_B(x) at a double point. */
typedef struct {
    slong n_in, n_out;
    void *DA, *DB;      /* private double copies of A and B */
    double *buf;
} rf_equiv_filter_struct;
typedef rf_equiv_filter_struct rf_equiv_filter_t[1];

void rf_equiv_filter_init(rf_equiv_filter_t F, const rf_net_t A,
                          const rf_net_t B);
void rf_equiv_filter_clear(rf_equiv_filter_t F);
/* max over outputs of |yA - yB| / tol at x (n_in doubles), tol a generous
 * bound on the rounding errors: > 1 is evidence of separation, never a
 * proof. */
double rf_equiv_filter_evidence(rf_equiv_filter_t F, const double *x);

/* out = a separating input of height <= that of x, inside [lo, hi] (both
 * NULL: no box) when x is. Returns 1 when out separates (checked exactly):
 * a lower-height rational near x, or x itself when none was found; 0 when
 * x does not separate and nothing near it does (out = x). out may alias
 * x. */
int rf_equiv_shrink_separating(fmpq *out, const rf_net_t A, const rf_net_t B,
                               const fmpq *x, const fmpq *lo, const fmpq *hi);
/* Search near the double point xd (d0 entries) for a small-height rational
 * input that separates (exact check), inside [lo, hi] when given. Returns 1
 * with out set, 0 if none was found (out unchanged). */
int rf_equiv_separating_near_d(fmpq *out, const rf_net_t A, const rf_net_t B,
                               const double *xd, const fmpq *lo,
                               const fmpq *hi);
/* Shrink the separating input of a NO verdict in place (method and remarks
 * kept, outputs recomputed); no-op for other verdicts. Returns 1 if x
 * changed. */
int rf_equiv_shrink(rf_equiv_t res, const rf_net_t A, const rf_net_t B,
                    const fmpq *lo, const fmpq *hi);

/* Set a YES verdict with a certificate (copied; json may be NULL). */
void rf_equiv_set_equivalent(rf_equiv_t res, const char *method,
                             const char *cert_text, const char *cert_json);

void rf_equiv_fprint(FILE *out, const rf_equiv_t res);
/* rf_equiv_fprint with decimal views of `digits` significant digits under
 * a separating input that is not made of short integers (0: none;
 * rf_equiv_fprint uses 10). */
void rf_equiv_fprint_digits(FILE *out, const rf_equiv_t res, int digits);
void rf_equiv_fprint_json(FILE *out, const rf_equiv_t res);

#ifdef __cplusplus
}
#endif
#endif
