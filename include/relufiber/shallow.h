/* relufiber: shallow networks (one hidden layer, rf_net_t with L == 2).
 *
 * f(x) = sum_i v_i relu(w_i . x + b_i) + c, with w_i row i of W1, b_i entry i
 * of b1, v_i column i of W2 and c = b2. Every such function has a unique
 * canonical form (docs/shallow.md, Theorem 1):
 *
 *     f(x) = sum_{s=1..r} u_s relu(h_s . (x, 1)) + A x + c
 *
 * where the "kinks" h_s = (w_s, b_s) in Q^{m+1} are pairwise distinct, each
 * normalised so that the first non-zero entry of w_s equals 1 (the canonical
 * orientation of the hyperplane w_s . x + b_s = 0), sorted lexicographically,
 * with non-zero jump vectors u_s in Q^k; A is k x m and c in Q^k. Two shallow
 * networks realise the same function iff their canonical objects are equal.
 */
#ifndef RELUFIBER_SHALLOW_H
#define RELUFIBER_SHALLOW_H

#include <stdio.h>
#include "relufiber/net.h"
#include "relufiber/err.h"
#include "relufiber/equiv.h"
#include "relufiber/system.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- canonical object ------------------------------------------------- */

typedef struct {
    slong m, k;   /* input and output dimensions */
    slong r;      /* number of kinks */
    fmpq *H;      /* r x (m+1), row-major: row s = (w_s, b_s), normalised */
    fmpq *U;      /* r x k, row-major: jump vector u_s */
    fmpq *A;      /* k x m, row-major: linear part */
    fmpq *c;      /* k: constant part */
} rf_shallow_canon_struct;

typedef rf_shallow_canon_struct rf_shallow_canon_t[1];

void rf_shallow_canon_init(rf_shallow_canon_t C, slong m, slong k);
void rf_shallow_canon_clear(rf_shallow_canon_t C);
int rf_shallow_canon_equal(const rf_shallow_canon_t C, const rf_shallow_canon_t D);

#define rf_shallow_canon_H(C, s, j) ((C)->H + (s) * ((C)->m + 1) + (j))
#define rf_shallow_canon_U(C, s, o) ((C)->U + (s) * (C)->k + (o))
#define rf_shallow_canon_A(C, o, j) ((C)->A + (o) * (C)->m + (j))

/* ---- trace: what happened to each neuron (the hidden-symmetry moves) --- */

typedef enum {
    RF_SHALLOW_ZERO_OUT = 0, /* v_i = 0: the neuron contributes nothing */
    RF_SHALLOW_DEAD,         /* v_i != 0, w_i = 0: constant v_i relu(b_i) */
    RF_SHALLOW_KINK,         /* (w_i, b_i) = kappa_i h_s for kink s */
    RF_SHALLOW_CANCELLED     /* on a line whose jumps cancel (sum = 0) */
} rf_shallow_role_t;

typedef struct {
    slong n, m;
    rf_shallow_role_t *role;
    slong *line;       /* KINK: kink index s; CANCELLED: cancelled-line index */
    fmpq *kappa;       /* (w_i, b_i) = kappa_i * line (0 for ZERO_OUT/DEAD) */
    slong ncancel;     /* number of lines whose jumps cancel */
    fmpq *cancel_H;    /* ncancel x (m+1), normalised like the kinks */
} rf_shallow_trace_struct;

typedef rf_shallow_trace_struct rf_shallow_trace_t[1];

void rf_shallow_trace_init(rf_shallow_trace_t T);
void rf_shallow_trace_clear(rf_shallow_trace_t T);

/* Is net a shallow network (L == 2)? Otherwise sets err (RF_ERR_UNSUPPORTED). */
int rf_shallow_check(const rf_net_t net, const char *what, rf_err_t err);

/* Canonical object of the function of net; T (may be NULL) receives the
 * per-neuron moves. O(n m log n) comparisons. Returns RF_OK or an error. */
int rf_shallow_canon(rf_shallow_canon_t C, const rf_net_t net,
                     rf_shallow_trace_t T, rf_err_t err);

/* Exact re-check of a trace: every neuron's role identity holds and summing
 * the recorded contributions gives exactly C. Returns 1 if all is right. */
int rf_shallow_trace_verify(const rf_net_t net, const rf_shallow_trace_t T,
                            const rf_shallow_canon_t C);

/* Realise C as a shallow network: r neurons for the kinks, plus
 * 2 rank(A) neurons relu(p.x) - relu(-p.x) for the linear part (r neurons
 * when A = 0). With min_search non-zero, kinks may be flipped or doubled to
 * absorb A (docs/shallow.md, Prop. 3): the exact minimum number of neurons
 * when r <= RF_SHALLOW_MIN_SEARCH_MAX, a greedy local search otherwise.
 * Returns the neuron count. */
#define RF_SHALLOW_MIN_SEARCH_MAX 10
slong rf_shallow_canon_realize(rf_net_t net, const rf_shallow_canon_t C,
                               int min_search);

/* Canonical minimal network of the function of net: canonical object, then
 * rf_shallow_canon_realize(out, C, 1). Returns RF_OK or an error. */
int rf_shallow_canon_net(rf_net_t out, const rf_net_t net, rf_err_t err);

/* Exact minimum number of hidden neurons of a shallow network realising C
 * (search over 3^r flip/double choices); -1 if r > RF_SHALLOW_MIN_SEARCH_MAX. */
slong rf_shallow_canon_min_neurons(const rf_shallow_canon_t C);
/* Neuron count of the greedy realisation (an upper bound on the minimum;
 * cost O(r^2 (k + m) m) per round, a few rounds). */
slong rf_shallow_canon_greedy_neurons(const rf_shallow_canon_t C);

void rf_shallow_canon_fprint(FILE *out, const rf_shallow_canon_t C);
void rf_shallow_canon_fprint_json(FILE *out, const rf_shallow_canon_t C);
/* Human-readable moves of a trace ("neuron 3: dead ..."), one per line,
 * each line starting with prefix. */
void rf_shallow_trace_fprint(FILE *out, const rf_net_t net,
                             const rf_shallow_trace_t T, const char *prefix);

/* ---- equivalence ------------------------------------------------------ */

/* Exact decision of f_A == f_B for shallow A, B with equal input and output
 * dimensions (hidden widths may differ). YES: the H_n element (when B = g.A)
 * or the moves of both networks to the common canonical object, re-checked
 * exactly. NO: a separating rational input, verified by exact evaluation.
 * O(n log n) comparisons after normalisation. */
int rf_shallow_equiv(rf_equiv_t res, const rf_net_t A, const rf_net_t B,
                     rf_err_t err);

/* A rational x with f_C(x) != f_D(x) for distinct canonical objects
 * (docs/shallow.md, Prop. 2); x has m entries. */
void rf_shallow_separating_point(fmpq *x, const rf_shallow_canon_t C,
                                 const rf_shallow_canon_t D);

/* ---- fiber ------------------------------------------------------------ */

/* Cap on the number of combinatorial types (components) listed (10 when the
 * system has more than 2000 variables), and on the number of variables
 * (parameters + auxiliaries): beyond it rf_shallow_fiber returns
 * RF_ERR_UNSUPPORTED, naming the fiber dimension. */
#define RF_SHALLOW_FIBER_MAX_COMPONENTS 200
#define RF_SHALLOW_FIBER_MAX_VARS 20000

/* The fiber {theta' : f_theta' = f_theta} in the parameter space of the
 * same architecture, as a union of components, one per combinatorial type
 * (up to permutation of the neurons), each with its dimension. sys must be
 * initialised by the caller (e.g. rf_sys_init(sys, 0, NULL, NULL)); on RF_OK
 * it is replaced by the fiber (its variables are the parameters, named and
 * laid out by the parameter ring of sym.h, then mu_1..mu_n); on an error it
 * is left unchanged. The caller clears it in both cases. */
int rf_shallow_fiber(rf_sys_t sys, const rf_net_t net, rf_err_t err);

/* Locate a network theta (same architecture, same function as the fiber's
 * network) in a system built by rf_shallow_fiber: returns the index of the
 * component of its combinatorial type (or -1 if not listed) and writes the
 * point (permuted parameters, then the auxiliary mu_j) into pt (sys->nvars
 * entries). */
int rf_shallow_fiber_locate(fmpq *pt, const rf_sys_t sys, const rf_net_t theta);

/* Dimension of the fiber of net (max over the components found) and the
 * generic fiber dimension of the architecture (n, may be NULL). *exact (may
 * be NULL) is 0 when the enumeration was truncated and the value is only a
 * lower bound. */
slong rf_shallow_fiber_dim(const rf_net_t net, slong *generic_dim, int *exact);

/* ---- identifiability ------------------------------------------------- */

typedef struct {
    char *name;     /* e.g. "w_3 != 0" */
    char *poly;     /* the polynomial in the parameter names */
    fmpq_t value;   /* its exact value at the parameter */
    int rel_ne;     /* 1: holds iff value != 0; 0: iff value < 0; 2: iff value == 0 */
    int holds;
} rf_shallow_cond_struct;

typedef struct {
    slong len, alloc;
    rf_shallow_cond_struct *conds;
    int generic;         /* all generic conditions hold */
    int decided;         /* 0 if the subset-sum conditions were not all checked */
    int box_given;
    int box_identifiable;/* all box conditions hold (if box_given) */
    slong nbox_first;    /* index of the first box condition in conds */
    char *note;
} rf_shallow_ident_struct;

typedef rf_shallow_ident_struct rf_shallow_ident_t[1];

void rf_shallow_ident_init(rf_shallow_ident_t I);
void rf_shallow_ident_clear(rf_shallow_ident_t I);

/* Largest n for which every pair condition is listed (beyond: the failing
 * pairs, found by sorting the normalised lines, and a summary count). */
#define RF_SHALLOW_PAIRS_MAX 60

/* Largest n for which all 2^n - 1 subset-sum conditions are enumerated. */
#define RF_SHALLOW_SUBSET_MAX 20
/* Up to this n the flip-set conditions are still decided exactly, by meet
 * in the middle (2 x 2^(n/2) subset sums), when no sign certificate exists. */
#define RF_SHALLOW_MITM_MAX 34

/* Generic-identifiability conditions (docs/shallow.md, Theorem 4) with their
 * exact values; with lo, hi non-NULL (m entries each, lo < hi), also the
 * conditions for identifiability from the open box prod (lo_j, hi_j). */
int rf_shallow_identifiable(rf_shallow_ident_t I, const rf_net_t net,
                            const fmpq *lo, const fmpq *hi, rf_err_t err);

void rf_shallow_ident_fprint(FILE *out, const rf_shallow_ident_t I, int verbose);
void rf_shallow_ident_fprint_json(FILE *out, const rf_shallow_ident_t I);

/* ---- identifiability from an open box ---------------------------------- */

/* min and max over the closed box lo <= x <= hi of hidden neuron i's
 * pre-activation W1_i . x + b1_i (attained at vertices; exact). */
void rf_shallow_box_range(fmpq_t mn, fmpq_t mx, const rf_net_t net, slong i,
                          const fmpq *lo, const fmpq *hi);

typedef enum {
    RF_SHALLOW_IDENTIFIABLE = 0, /* C1-C3 hold: proved identifiable */
    RF_SHALLOW_NOT,              /* explicit non-symmetry deformation */
    RF_SHALLOW_UNKNOWN           /* a case the proved statements do not cover */
} rf_shallow_verdict_t;

#define RF_SHALLOW_REASON_MAX 320

typedef struct {
    rf_shallow_verdict_t verdict;
    slong neuron, other;         /* 0-based, -1 if none */
    char reason[RF_SHALLOW_REASON_MAX];
} rf_shallow_box_struct;

/* Identifiability from the open box prod (lo_j, hi_j) (docs/embedding.md,
 * Theorem 3): C1 every hidden neuron's pre-activation takes both signs on
 * the open box; C2 every outgoing column is nonzero; C3 no two hidden
 * (w_i, b_i) are proportional. A failing condition is reported with its
 * deformation (verdict NOT), anti-twins as UNKNOWN. Returns RF_OK,
 * RF_ERR_UNSUPPORTED (not one hidden layer) or RF_ERR_INPUT (empty box).
 * Cost O(n1^2 (n0 + 1)) exact comparisons. */
int rf_shallow_box_identifiable(rf_shallow_box_struct *out, const rf_net_t net,
                                const fmpq *lo, const fmpq *hi, rf_err_t err);

#ifdef __cplusplus
}
#endif
#endif
