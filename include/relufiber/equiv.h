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
/* Set a YES verdict with a certificate (copied; json may be NULL). */
void rf_equiv_set_equivalent(rf_equiv_t res, const char *method,
                             const char *cert_text, const char *cert_json);

void rf_equiv_fprint(FILE *out, const rf_equiv_t res);
void rf_equiv_fprint_json(FILE *out, const rf_equiv_t res);

#ifdef __cplusplus
}
#endif
#endif
