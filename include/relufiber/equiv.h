/* relufiber: functional equivalence of two networks, with certificates.
 *
 * rf_equiv_decide dispatches by architecture: shallow networks (one hidden
 * layer) use the canonical form; three-layer bottleneck networks use the
 * polynomial-time procedure; everything else uses the complete exact cell
 * enumeration. Every verdict carries a certificate that is re-checked
 * exactly before it is returned.
 */
#ifndef RELUFIBER_EQUIV_H
#define RELUFIBER_EQUIV_H

#include <stdio.h>
#include "relufiber/net.h"
#include "relufiber/err.h"
#include "relufiber/system.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    RF_EQUIV_YES = 0,   /* same function: symmetry certificate */
    RF_EQUIV_NO = 1,    /* different: separating rational input */
    RF_EQUIV_UNKNOWN = 2
} rf_verdict_t;

typedef struct {
    rf_verdict_t verdict;
    char method[96];     /* which path decided: "shallow-canonical", ... */
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

/* Set a NO verdict with separating input x; computes and stores both exact
 * outputs. Returns 1 if f_A(x) != f_B(x) indeed, 0 otherwise (bug). */
int rf_equiv_set_separating(rf_equiv_t res, const rf_net_t A,
                            const rf_net_t B, const fmpq *x,
                            const char *method);
/* Set a YES verdict with a certificate (copied; json may be NULL). */
void rf_equiv_set_equivalent(rf_equiv_t res, const char *method,
                             const char *cert_text, const char *cert_json);

/* Decide whether A and B realize the same function R^d0 -> R^dL; res must
 * be initialised (rf_equiv_init) and is overwritten. Returns
 * RF_OK, or an error (different input/output dimensions) in err. */
int rf_equiv_decide(rf_equiv_t res, const rf_net_t A, const rf_net_t B,
                    rf_err_t err);
/* The same with a cap on the complete exact fallback: with max_regions > 0
 * the cell enumeration stops after that many joint activation regions and
 * the verdict is RF_EQUIV_UNKNOWN with a reason (0 = no cap, as
 * rf_equiv_decide). The shallow and three-layer procedures are not capped. */
int rf_equiv_decide_opts(rf_equiv_t res, const rf_net_t A, const rf_net_t B,
                         slong max_regions, rf_err_t err);

/* The fiber of the function realized by net, in the parameter space of its
 * architecture, as a constraint system: dispatches to the shallow builder
 * (one hidden layer) or the three-layer bottleneck builder. Returns
 * RF_ERR_UNSUPPORTED with a reason for other architectures or non-generic
 * three-layer parameters. sys must be uninitialised; on RF_OK it is
 * initialised and must be cleared by the caller. */
int rf_fiber_system(rf_sys_t sys, const rf_net_t net, rf_err_t err);

void rf_equiv_fprint(FILE *out, const rf_equiv_t res);
void rf_equiv_fprint_json(FILE *out, const rf_equiv_t res);

#ifdef __cplusplus
}
#endif
#endif
