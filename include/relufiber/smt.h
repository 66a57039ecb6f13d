/* relufiber: SMT-LIB (QF_LRA) encoding of "exists x: f_A(x) != f_B(x)" and
 * an external-solver oracle (z3, cvc5) run as a subprocess.
 *
 * The encoding is exact: every parameter is written as an SMT-LIB rational
 * ((/ p q), negatives as (- ...)), every hidden neuron as a real variable
 * constrained by h = (ite (> z 0) z 0). Inputs are x1..x<d0>. The query is
 * satisfiable iff the two networks differ somewhere; a model gives a
 * separating input, which rf_smt_check_equiv re-checks by exact evaluation.
 * An "unsat" answer is the solver's word, not a relufiber certificate: use it
 * as an independent oracle in tests (the exact decision is
 * rf_decide_exhaustive).
 */
#ifndef RELUFIBER_SMT_H
#define RELUFIBER_SMT_H

#include <stdio.h>
#include "relufiber/net.h"
#include "relufiber/err.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum { RF_SMT_Z3 = 0, RF_SMT_CVC5 = 1 } rf_smt_solver_t;

typedef enum {
    RF_SMT_SAT = 0,      /* the networks differ (model re-checked exactly) */
    RF_SMT_UNSAT = 1,    /* the solver proved f_A == f_B */
    RF_SMT_UNKNOWN = 2   /* timeout or "unknown" */
} rf_smt_status_t;

/* Write a rational as an SMT-LIB term. */
void rf_smt_fprint_q(FILE *out, const fmpq_t q);

/* Declarations and constraints defining f_<prefix>(x) of one network: the
 * output variables are <prefix>_y<r> (1-based); inputs x1..x<d0> must be
 * declared by the caller. Hidden variables are <prefix>_z<l>_<i> and
 * <prefix>_h<l>_<i>. */
void rf_smt_write_net(FILE *out, const rf_net_t net, const char *prefix);

/* The complete QF_LRA query: (set-logic QF_LRA), declarations of x, both
 * networks (prefixes A and B), (assert (or (not (= A_y1 B_y1)) ...)),
 * (check-sat), (get-value (x1 ...)). */
void rf_smt_write_equiv_query(FILE *out, const rf_net_t A, const rf_net_t B);

/* Is the solver's executable on PATH? */
int rf_smt_solver_available(rf_smt_solver_t solver);

/* Run the solver on the query (temporary file), parse the answer; on SAT
 * parse the model into x (d0 entries, may be NULL) and re-check exactly that
 * f_A(x) != f_B(x) (a failing re-check is an error RF_ERR_INTERNAL).
 * timeout_ms <= 0 means none. Returns RF_OK and sets *status, or an error
 * (solver missing or unparsable output). */
int rf_smt_check_equiv(rf_smt_status_t *status, fmpq *x, const rf_net_t A,
                       const rf_net_t B, rf_smt_solver_t solver,
                       long timeout_ms, rf_err_t err);

/* Parse one SMT-LIB constant term: 3, 2.5, (- 3), (/ 1 2), (/ 1.0 2.0),
 * (- (/ 1 2)), (/ (- 1) 2). Returns a pointer past the term, or NULL. */
const char *rf_smt_parse_q(fmpq_t q, const char *s);

#ifdef __cplusplus
}
#endif
#endif
