/* relufiber: the path embedding Phi(theta) of a ReLU network and local
 * identifiability tests (after Stock & Gribonval, arXiv 2107.09370; the
 * statements used and their proofs are in docs/embedding.md).
 *
 * A path starts either at an input coordinate j (layer 0) or at the bias of
 * a neuron (l, i) (a "constant neuron" feeding it, 1 <= l <= L), then follows
 * one neuron per later layer up to an output k. Phi_p(theta) is the product
 * of the weights along p (times the bias for a bias path). Phi is invariant
 * under positive rescalings of hidden neurons and equivariant under
 * permutations, and on an activation region S
 *     F_k(x) = sum over paths p ending at k of a_p(S) Phi_p(theta) x_start(p)
 * with x_start = 1 for bias paths and a_p(S) = 1 iff every hidden neuron of p
 * is active in S: the realization is linear in Phi on each region.
 *
 * Path order: by start (inputs j = 0..n0-1 first, then biases layer by
 * layer, neuron by neuron), then lexicographically by the neurons visited.
 */
#ifndef RELUFIBER_EMBED_H
#define RELUFIBER_EMBED_H

#include <flint/fmpq.h>
#include "relufiber/net.h"
#include "relufiber/err.h"
#include "relufiber/fdim.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Number of paths, or -1 if above cap (cap <= 0: 10^7). */
slong rf_embed_num_paths(const rf_net_t net, slong cap);

/* Path p as: *start_layer (0 = input, l >= 1 = bias of layer l), *start
 * (input index or neuron index), and the neurons visited in layers
 * start_layer+1..L written to nodes (length L - start_layer; the last entry
 * is the output index). */
void rf_embed_path(slong *start_layer, slong *start, slong *nodes,
                   const rf_net_t net, slong p);

/* Phi(theta) into phi (length rf_embed_num_paths). */
void rf_embed_phi(fmpq *phi, const rf_net_t net);

/* Output of the linearized form: y_k = sum_p a_p(pat) Phi_p x_start(p). */
void rf_embed_eval_linear(fmpq *y, const rf_net_t net, const fmpq *phi,
                          const int *pat, const fmpq *x);

/* Rank of dPhi/dtheta (npaths x D): computed mod a random prime; exact when
 * it reaches D - H (Phi is scaling invariant, so the scaling vectors are in
 * its kernel) or by an exact integer rank when small enough (*exact = 1);
 * otherwise a certified lower bound (*exact = 0). */
slong rf_embed_dphi_rank(int *exact, const rf_net_t net, flint_rand_t st);

/* Local identifiability from a finite sample set: theta is locally
 * identifiable modulo rescalings from the values at pts iff (sufficient
 * condition proved in docs/embedding.md) the batch functional dimension at
 * pts equals D - H. Returns 1 (certified locally identifiable), 0 (rank
 * deficit: not certified; the fiber of the sample map has dimension > H at
 * theta's generic neighbours only if the deficit persists), or -1 on input
 * error (point on a bent hyperplane; err says which). res gets the rank. */
int rf_embed_local_ident(rf_fdim_rank_t res, const rf_net_t net,
                         const fmpq *pts, slong npts, flint_rand_t st,
                         rf_err_t err);

/* Shallow networks (L = 2) on the open box lo < x < hi. */
typedef enum {
    RF_SHALLOW_IDENTIFIABLE = 0, /* C1-C3 hold: proved locally identifiable */
    RF_SHALLOW_NOT,              /* explicit non-symmetry deformation */
    RF_SHALLOW_UNKNOWN           /* a case the proved statements do not cover */
} rf_shallow_verdict_t;

typedef struct {
    rf_shallow_verdict_t verdict;
    slong neuron, other;         /* 0-based, -1 if none */
    char reason[320];
} rf_shallow_box_struct;

/* Conditions (docs/embedding.md, Theorem 3): C1 every hidden neuron's
 * pre-activation takes both signs on the open box; C2 every outgoing column
 * is nonzero; C3 no two hidden (w_i, b_i) are proportional. */
int rf_embed_shallow_box(rf_shallow_box_struct *out, const rf_net_t net,
                         const fmpq *lo, const fmpq *hi, rf_err_t err);

#ifdef __cplusplus
}
#endif
#endif
