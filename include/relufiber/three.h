/* relufiber three/: fibers of two-layer networks on the nonnegative orthant and of
 * three-layer bottleneck networks (reconstruction of Gegenfurtner, Grillo,
 * Montufar, "The Symmetries of Three-Layer ReLU Networks"; see
 * docs/three_layer.md for the proofs this module relies on).
 *
 * Notation. A three-layer network (L == 3, architecture n0,n1,n2,n3) computes
 * f(x) = W3 relu(W2 relu(W1 x + b1) + b2) + b3. It is a *bottleneck* network
 * when n1 <= n0; with rank W1 = n1 the first layer maps onto R^{n1}, so the
 * upper two layers act as a two-layer network g on the orthant O = R^{n1}_{>=0}.
 * Second-layer neuron j (row e_j = (W2_j, b2_j)) has type A (e_j >= 0, always
 * active on O), Z (e_j <= 0, dead on O) or X (crossing: mixed signs).
 */
/*
 * The module also holds the certified polynomial-time equivalence test for
 * bottleneck networks (notes section 6):
 *
 * rf_three_decide answers only with a certificate that is re-checked
 * exactly: EQUIVALENT with an explicit composed symmetry (hidden shifts,
 * first-layer permutation and positive scaling, equal upper canonical
 * forms) or a complete univariate line certificate (n1 = 1); NOT EQUIVALENT
 * with a rational input whose two exact outputs differ. Whenever it cannot
 * certify (non-bottleneck, rank-deficient first layer, unmatched first
 * layers with n1 >= 2 and no separating input found by line tests) it
 * returns RF_ERR_UNSUPPORTED with the reason, and the caller must use the
 * complete exact fallback (rf_decide_exhaustive).
 */
#ifndef RELUFIBER_THREE_H
#define RELUFIBER_THREE_H

#include <stdio.h>
#include <flint/fmpq.h>
#include <flint/fmpq_mat.h>
#include "relufiber/net.h"
#include "relufiber/err.h"
#include "relufiber/system.h"
#include "relufiber/equiv.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------------- */
/* Two-layer networks on nonnegative inputs: g(y) = V relu(W y + b) + c.  */

typedef enum { RF_THREE_TYPE_A = 0, RF_THREE_TYPE_Z = 1, RF_THREE_TYPE_X = 2 } rf_three_type_t;

/* Type of the neuron with incoming row w (length m) and bias beta relative
 * to O = R^m_{>=0}: A if (w, beta) >= 0 (also for the zero row), Z if <= 0,
 * X otherwise. */
rf_three_type_t rf_three_neuron_type(const fmpq *w, slong m, const fmpq_t beta);

/* Exact canonical form of g restricted to O (valid for ALL parameters):
 *   g = sum_h U[:,h] relu(h(y)) + M y + cbar   on O,
 * with h ranging over distinct canonical crossing hyperplanes (first non-zero
 * entry 1, rows of H = (a, alpha) meaning a.y + alpha), zero jumps dropped,
 * rows sorted lexicographically. Two parameters give the same function on O
 * iff their canonical forms are equal (Theorem 4.1 of the notes). */
typedef struct {
    slong m, d;     /* input and output widths */
    slong nh;       /* number of hyperplanes with non-zero jump */
    fmpq *H;        /* nh x (m+1), row-major */
    fmpq *U;        /* nh x d, row h = jump vector of hyperplane h */
    fmpq *M;        /* d x m, row-major */
    fmpq *c;        /* d */
} rf_three_canon2_struct;

typedef rf_three_canon2_struct rf_three_canon2_t[1];

void rf_three_canon2_init(rf_three_canon2_t C);
void rf_three_canon2_clear(rf_three_canon2_t C);
/* W is k x m, b is k x 1, V is d x k, c is d x 1. */
void rf_three_canon2_compute(rf_three_canon2_t C, const fmpq_mat_t W,
                             const fmpq_mat_t b, const fmpq_mat_t V,
                             const fmpq_mat_t c);
/* Canonical form of the upper two layers of a three-layer network. */
void rf_three_canon2_upper(rf_three_canon2_t C, const rf_net_t net);
int rf_three_canon2_equal(const rf_three_canon2_t C1, const rf_three_canon2_t C2);
/* Is g constant on O (no hyperplane, M == 0)? */
int rf_three_canon2_is_constant(const rf_three_canon2_t C);
/* Exact value of the canonical form at y (length m, need not lie in O). */
void rf_three_canon2_eval(fmpq *out, const rf_three_canon2_t C, const fmpq *y);
void rf_three_canon2_fprint(FILE *out, const rf_three_canon2_t C);

/* Dimension of {(V, W) : V W = M, V d x a, W a x m} for rank M = rho, over the
 * strata in which W can be chosen entrywise positive; pos_ok says whether
 * rowspace(M) contains a strictly positive vector. Returns -1 if empty. */
slong rf_three_factor_dim(slong a, slong m, slong d, slong rho, int pos_ok);

/* Does rowspace(M) (M is d x m) contain a vector > 0 entrywise? Exact LP
 * (cddlib, GMP). If p is not NULL it receives such a vector (length m). */
int rf_three_rowspace_positive(fmpq *p, const fmpq_mat_t M);

/* Generic fiber of a two-layer network on O as a constraint system over
 * the parameter names W1_i_j, b1_i, W2_i_j, b2_i (the two-layer net has
 * architecture m, k, d): components indexed by flip set and active pool
 * (sections 4.3-4.4 of the notes). Returns RF_ERR_UNSUPPORTED if the
 * parameter is not generic (names the failing condition). sys must be
 * initialised by the caller (e.g. rf_sys_init(sys, 0, NULL, NULL)); on RF_OK
 * it is replaced, on an error left unchanged; the caller clears it. */
int rf_three_fiber_two_layer(rf_sys_t sys, const rf_net_t net2, rf_err_t err);
/* Generic fiber dimension r + (p - rho0)(m + d + 1) + rho0(rho0 + 1) of a
 * two-layer network on O (types computed from net2, L == 2). */
slong rf_three_fiber_two_layer_dim(const rf_net_t net2);

/* ---------------------------------------------------------------------- */
/* Three-layer networks: hidden first-layer hyperplanes and the shift.    */

/* Weak hidden condition at first-layer index i (Lemma 5.2, weak form): every
 * second-layer neuron j with W2_{j,i} != 0 has (W2_{j,-i}, b2_j) <= 0;
 * neurons with W2_{j,i} = 0 are unconstrained. Then H_i is entirely hidden
 * (the converse holds under G2). Returns 1 or 0 (0 also for L != 3). */
int rf_three_hidden_is(const rf_net_t net, slong i);
/* Smallest index i* at which the weak hidden condition holds, -1 if none. */
slong rf_three_hidden_index(const rf_net_t net);
/* s_max = min_{j : W2_{j,i} > 0} -b2_j / W2_{j,i}; returns 0 if no such j
 * (s_max = +infinity), 1 otherwise. */
int rf_three_hidden_smax(fmpq_t smax, const rf_net_t net, slong i);
/* out = theta^s (Lemma 5.2): b1_i -= s, b2_j += s W2_{j,i} for W2_{j,i} > 0.
 * Function preserved when i is hidden (weak form) and s <= s_max. out may
 * alias net. */
void rf_three_hidden_shift(rf_net_t out, const rf_net_t net, slong i,
                           const fmpq_t s);
/* Canonical hidden shift: every hidden index i with finite s_max > 0 is
 * shifted by its s_max (the shifts touch disjoint neurons and commute,
 * Lemma 5.3). s (length n1, initialised by the caller) receives the amount
 * per index (0 = not shifted). Returns the number of shifted indices. */
slong rf_three_hidden_canonical(rf_net_t out, fmpq *s, const rf_net_t net);

/* ---------------------------------------------------------------------- */
/* Types and genericity report.                                            */

#define RF_THREE_WHERE_MAX 160   /* size of rf_three_cond_struct::where */

typedef enum {
    RF_THREE_COND_PASS = 0,
    RF_THREE_COND_FAIL = 1,
    RF_THREE_COND_SKIPPED = 2   /* not checked (cost) or not applicable */
} rf_three_cond_status_t;

#define RF_THREE_NCOND 7

typedef struct {
    char name[4];            /* "G1" .. "G7" */
    const char *statement;   /* what is tested */
    rf_three_cond_status_t status;
    fmpq_t witness;          /* exact witness value (see where) */
    char where[RF_THREE_WHERE_MAX]; /* what the witness is, or why skipped */
} rf_three_cond_struct;

typedef struct {
    slong n0, n1, n2, n3, D;
    int three_layer;         /* L == 3 */
    int bottleneck;          /* L == 3 and n1 <= n0 */
    slong rank_W1;
    int *type;               /* n2 types (rf_three_type_t) */
    slong a, z, r, p;        /* counts of A, Z, X; pool p = a + z */
    slong hidden;            /* hidden first-layer index, -1 if none */
    int h;                   /* 1 if hidden and r > 0 */
    fmpq_t smax;             /* s_max of the hidden shift (if finite) */
    int smax_finite;
    slong rho0;              /* min(a, n1, n3) */
    slong fiber_dim;         /* predicted generic fiber dimension, -1 if n/a */
    slong func_dim;          /* D - fiber_dim, -1 if n/a */
    rf_three_cond_struct cond[RF_THREE_NCOND];
    int generic;             /* every condition checked and none failed */
    slong unchecked;         /* conditions skipped (G5, G6 beyond the
                                crossing-neuron limit): generic is then 0
                                and failing may be -1 ("unknown") */
    slong failing;           /* index of the first failing condition, -1 */
    slong n_ball, n_exact;   /* sign decisions by Arb ball / exact fallback */
    slong invisible;         /* first-layer indices i whose facet y_i = 0 has
                                a region with no active second-layer neuron
                                (H_i not fully visible); -1 if unknown (G5
                                not checked) */
    slong hinf_zero;         /* first-layer indices i with c_i^inf = 0,
                                c_i^inf = sum_{W2[j,i] > 0} W3[:,j] W2[j,i]
                                (the slope of g far out on the axis y_i);
                                -1 if not computed */
    int rigid;               /* 1: first-layer rigidity proved for this
                                parameter (docs/three_layer.md §7:
                                Theorem 7.1 or Theorem 7.4, see rigid_thm);
                                0: open [R?] or not applicable */
    int rigid_thm;           /* bit RF_THREE_RIGID_T71: n1 >= 2, G1, G2, G5
                                pass, invisible == 0 (Theorem 7.1, partner
                                needs G1, G2); bit RF_THREE_RIGID_T74:
                                n1 >= 2, G1, G2, G5 pass, hinf_zero == 0
                                (Theorem 7.4, partner needs G1, G2, G5) */
} rf_three_report_struct;

#define RF_THREE_RIGID_T71 1
#define RF_THREE_RIGID_T74 2

typedef rf_three_report_struct rf_three_report_t[1];

void rf_three_report_init(rf_three_report_t rep);
void rf_three_report_clear(rf_three_report_t rep);
/* Fill the report. Exponential conditions G5 (visibility sums over the
 * activation sets occurring on each facet, exact LP per set) and G6 (flip
 * non-degeneracy over all flip sets) are checked when r <= max_r_exp and
 * reported SKIPPED otherwise. Returns RF_ERR_UNSUPPORTED if L != 3. */
int rf_three_report_compute(rf_three_report_t rep, const rf_net_t net,
                            slong max_r_exp, rf_err_t err);
void rf_three_report_fprint(FILE *out, const rf_three_report_t rep);
void rf_three_report_fprint_json(FILE *out, const rf_three_report_t rep);

/* Budgets of the genericity checks G5 and G6 beyond the exhaustive range
 * (rf_three_report_compute with r > max_r_exp): per facet at most
 * RF_THREE_G5_MAX_REGIONS regions of the crossing arrangement, at most
 * RF_THREE_FLIP_MITM_MAX crossing neurons left for the exact
 * meet-in-the-middle search of G6, and RF_THREE_GEN_SECONDS of CPU time for
 * each of the two; past a budget the condition is reported "not checked"
 * with the reason (never as passed). */
#define RF_THREE_G5_MAX_REGIONS 50000   /* regions per facet (count) */
#define RF_THREE_FLIP_MITM_MAX 40       /* live crossing neurons (count) */
#define RF_THREE_GEN_SECONDS 10.0       /* CPU seconds per condition */

/* What rf_three_flip_cancel did: neurons dropped as zero vectors, by the
 * sign filter, by lambda-LPs; neurons left for (or after) them; size of
 * the meet-in-the-middle search (0 if not run); whether time ran out. */
typedef struct {
    slong zero, sign, lp, left, mitm;
    int timed_out;
} rf_three_flip_stats_struct;
typedef rf_three_flip_stats_struct rf_three_flip_stats_t[1];

void rf_three_flip_stats_init(rf_three_flip_stats_t s);

/* Vector subset sum of condition G6: is there a non-empty F of {0..r-1}
 * with M + sum_{j in F} V_j = 0 (M length d, V r x d row-major)? Exact:
 * sign filter, one lambda-LP per neuron (re-checked exactly), then a
 * meet-in-the-middle search when at most mitm_max neurons are left
 * (docs/three_layer.md §2.1). Returns 1 with F (r chars, 0/1) a cancelling
 * set checked exactly, 0 when no such set exists, -1 when undecided within
 * mitm_max and seconds of CPU time (seconds <= 0: no limit). */
int rf_three_flip_cancel(char *F, rf_three_flip_stats_t stats, const fmpq *M,
                         const fmpq *V, slong r, slong d, slong mitm_max,
                         double seconds);

/* ---------------------------------------------------------------------- */
/* Fiber builder for three-layer bottleneck networks.                     */

/* The generic part of the fiber of net (L == 3, n1 <= n0, generic) as a
 * constraint system in the parameter names of net plus auxiliaries d_i > 0
 * (first-layer scalings), lambda_j > 0 (crossing-neuron scalings), s
 * (hidden shift) and, for n1 = 1, delta or T and mu (swap / reflection),
 * modulo the permutations S_{n1} x S_{n2} (every component is to be read up
 * to them). One component per flip set F of crossing neurons and active
 * pool A' satisfying the capacity condition, plus for n1 = 1 the
 * preserve->hide swap and the reflection component when their sign
 * conditions hold (docs/three_layer.md, Prop. 5.6, 5.7); each carries its
 * symmetry names and dimension, and the notes state what is not listed.
 * Every listed point realizes the function (proved for all parameters).
 * Non-generic or non-bottleneck input: RF_ERR_UNSUPPORTED naming the
 * failing condition. sys must be initialised by the caller (e.g.
 * rf_sys_init(sys, 0, NULL, NULL)); on RF_OK it is replaced (parameters
 * named and laid out by the parameter ring of sym.h, then the auxiliaries),
 * on an error left unchanged; the caller clears it. */
int rf_three_fiber(rf_sys_t sys, const rf_net_t net, rf_err_t err);

/* Number of components rf_three_fiber emits for net (-1 on error). */
slong rf_three_fiber_num_components(const rf_net_t net);

/* A random point of component c of rf_three_fiber(net) (or, for L == 2, of
 * rf_three_fiber_two_layer(net)): out receives the network theta', aux (if not
 * NULL) the auxiliary values in the system's variable order after the
 * parameters (d_1..d_n1, lambda_j for crossing j, then s if hidden, then
 * delta or T and mu if an n1 = 1 component is listed; variables a component
 * does not use are left untouched). Returns 0 on success. */
int rf_three_fiber_sample(rf_net_t out, fmpq *aux, const rf_net_t net,
                          slong c, flint_rand_t state);

/* ---------------------------------------------------------------------- */
/* Certified equivalence of three-layer bottleneck networks.               */

/* Breakpoints of t -> f(x0 + t v) (any depth): all t where some hidden
 * pre-activation changes sign along the line, sorted, without repetition.
 * *t is allocated (flint) with the returned length (NULL if 0). Between
 * consecutive breakpoints the restriction is affine. */
slong rf_three_line_breakpoints(fmpq **t, const rf_net_t net,
                                 const fmpq *x0, const fmpq *v);

/* Exact line test: decides whether f_A = f_B on the whole line x0 + t v
 * (evaluates both at every merged breakpoint and two points beyond each
 * end). Returns 1 and a separating input in x (length n0) if they differ
 * somewhere on the line, 0 if they agree on the whole line. A
 * double-precision pass runs first: where it shows a difference, a
 * small-height input near the line is checked exactly and returned (x then
 * separates but need not lie on the line). */
#define RF_THREE_LINE_FLOAT_SAMPLES 96   /* points of the float pass (count) */
#define RF_THREE_LINE_FLOAT_TRIES 3      /* near-searches it starts (count) */
#define RF_THREE_LINE_ROUND_BITS 24      /* significant bits of the lines
                                            aimed at first-layer hyperplanes
                                            (bits) */
int rf_three_line_test(fmpq *x, const rf_net_t A, const rf_net_t B,
                        const fmpq *x0, const fmpq *v);

/* Certificate of the polynomial-time path: hidden shifts of A and B (one
 * amount per first-layer index, sA[i] / sB[i], 0 = no shift at i; applied
 * in increasing index order, each one re-checked against Lemma 5.2 on the
 * network shifted so far), a first-layer permutation perm (row i of the
 * shifted A matches row perm[i] of the shifted B) and positive scalings d
 * (row perm[i] of B = d[i] * row i of A), after which the two upper
 * canonical forms coincide. */
typedef struct {
    slong n1;
    fmpq *sA, *sB;      /* length n1 each */
    slong *perm;
    fmpq *d;
} rf_three_cert_struct;

typedef rf_three_cert_struct rf_three_cert_t[1];

void rf_three_cert_init(rf_three_cert_t cert, slong n1);
void rf_three_cert_clear(rf_three_cert_t cert);

/* Re-check a certificate exactly, from A and B only: verifies the weak
 * hidden condition and s <= s_max for every non-zero shift (Lemma 5.2), that perm is a
 * permutation with d > 0 and W1/b1 rows matching, and that the upper
 * canonical forms of shifted A (columns of W2 permuted and scaled) and
 * shifted B are equal (Theorem 4.1). Returns 1 iff the certificate proves
 * f_A = f_B. */
int rf_three_cert_verify(const rf_net_t A, const rf_net_t B,
                          const rf_three_cert_t cert);

/* Complete univariate procedure for L == 3 and n1 == 1 in both networks
 * (notes 6.4). Returns RF_OK with a verdict, or RF_ERR_UNSUPPORTED. */
int rf_three_decide_univariate(rf_equiv_t res, const rf_net_t A, const rf_net_t B,
                         rf_err_t err);

/* Decide f_A = f_B for three-layer networks. res->method is
 * "three-layer-EQ", "three-layer-EQ (constant)", "univariate-n1=1" or
 * "three-layer-line-test". Returns RF_OK with a certified verdict,
 * RF_ERR_INPUT for incompatible dimensions, RF_ERR_UNSUPPORTED (reason in
 * err) when the procedure cannot certify: fall back to the exhaustive
 * procedure then. */
int rf_three_decide(rf_equiv_t res, const rf_net_t A, const rf_net_t B,
                    rf_err_t err);

#ifdef __cplusplus
}
#endif
#endif
