/* relufiber: certified functional equivalence for three-layer bottleneck
 * networks (notes section 6, proofs in docs/three_layer.md).
 *
 * rf_decide_three answers only with a certificate that is re-checked
 * exactly: EQUIVALENT with an explicit composed symmetry (hidden shifts,
 * first-layer permutation and positive scaling, equal upper canonical
 * forms) or a complete univariate line certificate (n1 = 1); NOT EQUIVALENT
 * with a rational input whose two exact outputs differ. Whenever it cannot
 * certify (non-bottleneck, rank-deficient first layer, unmatched first
 * layers with n1 >= 2 and no separating input found by line tests) it
 * returns RF_ERR_UNSUPPORTED with the reason, and the caller must use the
 * complete exact fallback (rf_decide_exhaustive).
 */
#ifndef RELUFIBER_DECIDE_H
#define RELUFIBER_DECIDE_H

#include <flint/fmpq.h>
#include "relufiber/net.h"
#include "relufiber/err.h"
#include "relufiber/equiv.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Breakpoints of t -> f(x0 + t v) (any depth): all t where some hidden
 * pre-activation changes sign along the line, sorted, without repetition.
 * *t is allocated (flint) with the returned length (NULL if 0). Between
 * consecutive breakpoints the restriction is affine. */
slong rf_decide_line_breakpoints(fmpq **t, const rf_net_t net,
                                 const fmpq *x0, const fmpq *v);

/* Exact line test: decides whether f_A = f_B on the whole line x0 + t v
 * (evaluates both at every merged breakpoint and two points beyond each
 * end). Returns 1 and a separating input in x (length n0) if they differ
 * somewhere on the line, 0 if they agree on the whole line. */
int rf_decide_line_test(fmpq *x, const rf_net_t A, const rf_net_t B,
                        const fmpq *x0, const fmpq *v);

/* Certificate of the polynomial-time path: hidden shifts of A and B (index
 * and amount; index -1 for none), a first-layer permutation perm (row i of
 * the shifted A matches row perm[i] of the shifted B) and positive scalings
 * d (row perm[i] of B = d[i] * row i of A), after which the two upper
 * canonical forms coincide. */
typedef struct {
    slong n1;
    slong hiddenA, hiddenB;
    fmpq_t sA, sB;
    slong *perm;
    fmpq *d;
} rf_decide_cert_struct;

typedef rf_decide_cert_struct rf_decide_cert_t[1];

void rf_decide_cert_init(rf_decide_cert_t cert, slong n1);
void rf_decide_cert_clear(rf_decide_cert_t cert);

/* Re-check a certificate exactly, from A and B only: verifies the hidden
 * conditions and s <= s_max for both shifts (Lemma 5.2), that perm is a
 * permutation with d > 0 and W1/b1 rows matching, and that the upper
 * canonical forms of shifted A (columns of W2 permuted and scaled) and
 * shifted B are equal (Theorem 4.1). Returns 1 iff the certificate proves
 * f_A = f_B. */
int rf_decide_cert_verify(const rf_net_t A, const rf_net_t B,
                          const rf_decide_cert_t cert);

/* Complete univariate procedure for L == 3 and n1 == 1 in both networks
 * (notes 6.4). Returns RF_OK with a verdict, or RF_ERR_UNSUPPORTED. */
int rf_decide_univariate(rf_equiv_t res, const rf_net_t A, const rf_net_t B,
                         rf_err_t err);

/* Decide f_A = f_B for three-layer networks. res->method is
 * "three-layer-EQ", "three-layer-EQ (constant)", "univariate-n1=1" or
 * "three-layer-line-test". Returns RF_OK with a certified verdict,
 * RF_ERR_INPUT for incompatible dimensions, RF_ERR_UNSUPPORTED (reason in
 * err) when the procedure cannot certify: fall back to the exhaustive
 * procedure then. */
int rf_decide_three(rf_equiv_t res, const rf_net_t A, const rf_net_t B,
                    rf_err_t err);

#ifdef __cplusplus
}
#endif
#endif
