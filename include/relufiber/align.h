/* relufiber align/: aligning a copy of a network to a reference by the
 * hidden-neuron symmetries (permutations and positive scalings).
 *
 * Given two networks A and B of one architecture, rf_align_net chooses, per
 * hidden layer from the input upward, a permutation and positive rational
 * scalings and applies them to B exactly; the result has the function of B
 * (the transformation is a symmetry) and is as close to A as the layer-wise
 * matching of normalised incoming signatures makes it.
 *
 * Guarantees (docs/align.md):
 *   - always: the aligned network is rf_net_apply_perm_scale(B, perm, scale)
 *     with permutations and scalings > 0, so it computes B's function
 *     exactly (re-checked by rf_align_map_verify);
 *   - exact copies: if B is A moved by a permutation and positive rational
 *     scalings and A's normalised signatures are pairwise distinct in every
 *     hidden layer (twin-free), the aligned B equals A exactly (up to the
 *     double rounding of the matching, far below the separation in practice;
 *     the outcome is checked exactly: residual 0);
 *   - noise: per layer, if the two largest matched signature distances sum
 *     to less than the separation of A's signatures, the matching found is
 *     the unique optimum, and equals any other matching (the true one)
 *     satisfying the same condition.
 *
 * Reference manual: docs/api/align.md.
 */
#ifndef RELUFIBER_ALIGN_H
#define RELUFIBER_ALIGN_H

#include <flint/fmpq.h>
#include "relufiber/net.h"
#include "relufiber/err.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Relative half-width of the interval in which a scaling chosen in double
 * is replaced by the rational of smallest denominator (dimensionless). */
#define RF_ALIGN_SCALE_RTOL 1e-9
/* Cost given to a pair whose signature distance is not finite (entries out
 * of the double range): larger than any finite distance of unit vectors. */
#define RF_ALIGN_COST_BAD 1e30

typedef enum {
    RF_ALIGN_NORM_L2 = 0,  /* signature / its Euclidean norm */
    RF_ALIGN_NORM_MAX = 1  /* signature / its largest absolute entry */
} rf_align_norm_t;

typedef enum {
    RF_ALIGN_SCALE_EXACT = 0,   /* the exact ratio: scaled row == A's row */
    RF_ALIGN_SCALE_LSQ = 1,     /* least squares in double, rounded */
    RF_ALIGN_SCALE_NORM = 2,    /* ratio of norms (least squares <= 0) */
    RF_ALIGN_SCALE_ONE = 3      /* 1: a zero or non-finite signature */
} rf_align_scale_kind_t;

typedef struct {
    rf_align_norm_t norm;  /* default RF_ALIGN_NORM_L2 */
    int exact_first;       /* try the exact ratio before least squares
                              (default 1) */
} rf_align_opts_struct;
typedef rf_align_opts_struct rf_align_opts_t[1];

void rf_align_opts_init(rf_align_opts_t opts);

/* The alignment of B to A. For hidden layer h = 0..L-2 (the outputs of
 * affine layer h), neuron i of B goes to position perm[h][i] of the aligned
 * network (the neuron of A it is matched with), with its incoming row and
 * bias multiplied by scale[h][i] > 0 and its outgoing column divided by it
 * (the convention of rf_net_apply_perm_scale); kind[h][i] says how the
 * scaling was chosen. Per hidden layer, in double: cost[h] the optimal
 * assignment cost (sum of matched distances), d1[h] >= d2[h] the two
 * largest matched distances (d2 = 0 for width 1), sep[h] the least distance
 * between the normalised signatures of two neurons of A (+inf for width 1),
 * and unique[h] = (d1 + d2 < sep): the matching is the unique optimum. */
typedef struct {
    slong L;
    slong *dims;
    slong **perm;
    fmpq **scale;
    rf_align_scale_kind_t **kind;
    double *cost, *d1, *d2, *sep;
    int *unique;
} rf_align_map_struct;
typedef rf_align_map_struct rf_align_map_t[1];

void rf_align_map_init(rf_align_map_t M);
void rf_align_map_clear(rf_align_map_t M);

/* RF_OK if A and B have the same depth and widths; otherwise RF_ERR_INPUT
 * with a message naming the difference (the depths, or the first layer
 * whose width differs, 1-based, with both widths). */
int rf_align_check_arch(const rf_net_t A, const rf_net_t B, rf_err_t err);

/* Align B to A. out (initialised, any architecture; may alias B) becomes
 * the aligned B, M (initialised) the permutations and scalings; opts may be
 * NULL (defaults). Returns RF_OK, or RF_ERR_INPUT when the architectures
 * differ (rf_align_check_arch). */
int rf_align_net(rf_net_t out, rf_align_map_t M, const rf_net_t A,
                 const rf_net_t B, const rf_align_opts_t opts, rf_err_t err);

/* Re-check M exactly from B alone: every perm[h] is a permutation, every
 * scaling is > 0, and rf_net_apply_perm_scale(B, perm, scale) equals out.
 * Returns 1 or 0. */
int rf_align_map_verify(const rf_net_t B, const rf_align_map_t M,
                        const rf_net_t out);

/* Exact parameter deviation between A and C (same architecture) over the
 * weights and biases of affine layer l (0-based), or of all layers when
 * l = -1: maxabs = max |a - c|, maxrel = max |a - c| / max(|a|, |c|)
 * (a term with a = c = 0 counts 0; so 0 <= maxrel <= 2). */
void rf_align_residual(fmpq_t maxabs, fmpq_t maxrel, const rf_net_t A,
                       const rf_net_t C, slong l);

/* Linear assignment: col[i] (n entries, a permutation of 0..n-1) minimises
 * sum_i cost[i n + col[i]] over all permutations; returns that sum.
 * Shortest augmenting paths with potentials (Hungarian / Jonker-Volgenant
 * family), O(n^3) time, O(n) extra memory besides the matrix. Costs must be
 * finite; ties are broken deterministically (same input, same output). */
double rf_align_lap(slong *col, const double *cost, slong n);

/* The rational of smallest denominator (then smallest numerator) in the
 * closed interval [r (1 - rtol), r (1 + rtol)], r > 0 finite, 0 <= rtol
 * < 1 (continued fractions; exact in rationals once the double ends are
 * converted). */
void rf_align_simplest_rational(fmpq_t s, double r, double rtol);

#ifdef __cplusplus
}
#endif
#endif
