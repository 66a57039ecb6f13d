/* relufiber: exact functional dimension of ReLU networks.
 *
 * The functional dimension at theta is the rank of the Jacobian of
 * theta -> (F_theta(z))_z over admissible inputs z (no hidden pre-activation
 * exactly 0). Every row is a polynomial in theta that is affine in z on one
 * activation region (docs/functional_dimension.md), so:
 *
 *   batch FD(Z)  = rank of the value rows at the points of Z,
 *   true FD      = rank of the pattern blocks (value rows at one witness +
 *                  the n0 derivative rows) over all realized patterns.
 *
 * Ranks are computed modulo a random word-size prime (a certified lower bound:
 * a minor that is nonzero mod p is nonzero over Q) and certified exact either
 * by the sandwich rank_p <= rank_Q <= min(#rows, D - H), by exact kernel
 * vectors verified by exact multiplication, or by an exact integer rank.
 *
 * Patterns are int arrays over the hidden neurons, layer-major: > 0 active,
 * < 0 inactive, 0 identically zero on a region (read as inactive: the
 * convention relu'(0) = 0). Parameter layout is that of net.h.
 */
#ifndef RELUFIBER_FDIM_H
#define RELUFIBER_FDIM_H

#include <flint/flint.h>
#include <flint/fmpq.h>
#include <flint/fmpq_mat.h>
#include <flint/nmod_mat.h>
#include "relufiber/net.h"
#include "relufiber/err.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------- rows */

/* Exact Jacobian rows at pattern pat. If q < 0: the nd value rows
 * dF_k(x)/dtheta at x (x must have pattern pat for this to be the Jacobian;
 * otherwise it is the affine extension of region pat). If 0 <= q < n0: the nd
 * rows d/dx_q of those (x is ignored). rows has nd * D entries, row-major. */
void rf_fdim_rows_fmpq(fmpq *rows, const rf_net_t net, const int *pat,
                       const fmpq *x, slong q);

/* The scaling vector v of hidden neuron (layer l, 1 <= l < L, index i,
 * 0-based): +incoming row and bias of the neuron, -outgoing column. It lies in
 * the kernel of every Jacobian row (length D). */
void rf_fdim_scaling_vector(fmpq *v, const rf_net_t net, slong l, slong i);

/* Network reduced modulo a prime p (no denominator divisible by p). */
typedef struct {
    nmod_t mod;
    slong L;
    slong *dims;
    mp_limb_t **W;    /* W[l]: dims[l+1] x dims[l], row-major */
    mp_limb_t **b;
} rf_fdim_modnet_struct;
typedef rf_fdim_modnet_struct rf_fdim_modnet_t[1];

/* Returns 0 on success, non-zero (and leaves mn cleared-safe) if p divides a
 * denominator of the network. */
int rf_fdim_modnet_init(rf_fdim_modnet_t mn, const rf_net_t net, mp_limb_t p);
void rf_fdim_modnet_clear(rf_fdim_modnet_t mn);
/* Rational mod p; returns non-zero if p divides the denominator. */
int rf_fdim_q_mod(mp_limb_t *r, const fmpq_t q, nmod_t mod);

/* rf_fdim_rows_fmpq modulo p; x given mod p (ignored when q >= 0). */
void rf_fdim_rows_modp(mp_limb_t *rows, const rf_fdim_modnet_t mn,
                       const int *pat, const mp_limb_t *x, slong q);

/* ---------------------------------------------------------- row sets */

/* A list of witnesses: points with their (exact) patterns. With blocks = 0
 * every witness contributes its nd value rows; with blocks = 1 its full
 * pattern block of nd * (n0 + 1) rows. */
typedef struct {
    slong n0, nh, n, alloc;
    fmpq *x;      /* n * n0 */
    int *pat;     /* n * nh */
    int blocks;
} rf_fdim_set_struct;
typedef rf_fdim_set_struct rf_fdim_set_t[1];

void rf_fdim_set_init(rf_fdim_set_t s, const rf_net_t net, int blocks);
void rf_fdim_set_clear(rf_fdim_set_t s);
void rf_fdim_set_append(rf_fdim_set_t s, const fmpq *x, const int *pat);
slong rf_fdim_set_rows_per_item(const rf_fdim_set_t s, const rf_net_t net);

/* Exact pattern of x with an Arb ball filter (exact fallback when a ball
 * contains 0). Returns the number of zero pre-activations; *first_zero (if
 * not NULL) gets the first such hidden neuron index, or -1. */
slong rf_fdim_pattern(int *pat, slong *first_zero, const rf_net_t net,
                      const fmpq *x);

/* Append the points pts[0..npts) (npts * n0 rationals) with their exact
 * patterns. If a point lies on a bent hyperplane, returns RF_ERR_INPUT with a
 * message naming the point (1-based index and coordinates) and the neuron,
 * err->file empty and err->line the point's 1-based index (a caller that read
 * the points from a file maps it to the file's line); nothing after it is
 * appended. */
int rf_fdim_set_add_points(rf_fdim_set_t s, const rf_net_t net,
                           const fmpq *pts, slong npts, rf_err_t err);

/* Read points from a text file: one point per line, n0 rationals separated
 * by commas or blanks, '#' comments. On success *pts holds max(n,1) * n0
 * entries (clear with _fmpq_vec_clear(*pts, FLINT_MAX(*npts, 1) * n0)).
 * RF_ERR_INPUT (file and line named) for a bad number, a wrong coordinate
 * count, a NUL byte, or a file without any point. */
int rf_fdim_read_points(fmpq **pts, slong *npts, const char *path, slong n0,
                        rf_err_t err);

/* ---------------------------------------------------------------- rank */

typedef enum {
    RF_FDIM_CERT_NONE = 0,  /* only rank >= rank_p is certified */
    RF_FDIM_CERT_SANDWICH,  /* rank_p = min(#rows, D - H): exact */
    RF_FDIM_CERT_KERNEL,    /* D - rank exact kernel vectors verified */
    RF_FDIM_CERT_EXACT,     /* exact integer rank (fmpz_mat_rank) */
    RF_FDIM_CERT_STRUCTURAL /* D - rank independent kernel vectors known in
                               closed form: the H scaling vectors and the unit
                               vectors of exactly zero columns */
} rf_fdim_cert_t;

/* Sizes of the text fields of rf_fdim_rank_struct and rf_fdim_mech_struct. */
#define RF_FDIM_NOTE_MAX 256
#define RF_FDIM_WITNESS_MAX 512

/* Defaults of rf_fdim_opts_t (rf_fdim_opts_init). */
#define RF_FDIM_PRIME_BITS 60         /* size of the random primes (2..64) */
#define RF_FDIM_EXACT_LIMIT 5000000   /* rows x D entries for exact work */
#define RF_FDIM_MAX_PRIMES 64         /* primes for the kernel lift */
#define RF_FDIM_RANK_BITS 24          /* primes of the modular rank: small
                                         enough for one-word dot products */

typedef struct {
    int prime_bits;         /* every prime drawn (RF_FDIM_PRIME_BITS) */
    slong exact_limit;      /* max rows*D entries for exact certification */
    int want_kernel;        /* keep the kernel basis in the result */
    int max_primes;         /* for the kernel lift (default 64) */
    int lower_only;         /* skip every exact step (only rank mod p) */
    int rank_bits;          /* primes of the modular rank (RF_FDIM_RANK_BITS) */
    int threads;            /* threads generating the rows (default 1) */
} rf_fdim_opts_struct;
typedef rf_fdim_opts_struct rf_fdim_opts_t[1];

void rf_fdim_opts_init(rf_fdim_opts_t o);

typedef struct {
    slong D, H, bound;      /* bound = D - H */
    slong nrows, nitems;
    slong rank;             /* certified lower bound; exact if exact != 0 */
    int exact;
    rf_fdim_cert_t cert;
    mp_limb_t prime;        /* the prime of the lower bound */
    slong nprimes;          /* primes used by the kernel lift */
    slong kernel_dim;       /* D - rank when cert == KERNEL or EXACT */
    fmpq_mat_t kernel;      /* D x kernel_dim, verified (if want_kernel) */
    slong upper;            /* proved upper bound min(row_bound, D - struct_dim, D - H) */
    slong row_bound;        /* nd * min(#points, n0 + 1) summed over patterns */
    slong struct_dim;       /* structural kernel dimension (lower bound) */
    slong zero_cols;        /* exactly zero columns (part of struct_dim) */
    slong *basis_items;     /* items whose rows carry the rank (length nb) */
    slong nb;
    double t_patterns, t_rows, t_rank, t_cert;  /* seconds */
    char note[RF_FDIM_NOTE_MAX]; /* why exact certification was skipped */
} rf_fdim_rank_struct;
typedef rf_fdim_rank_struct rf_fdim_rank_t[1];

void rf_fdim_rank_init(rf_fdim_rank_t r);
void rf_fdim_rank_clear(rf_fdim_rank_t r);

/* Rank of the rows of s (see rf_fdim_set_t), certified as described. */
void rf_fdim_rank(rf_fdim_rank_t res, const rf_net_t net,
                  const rf_fdim_set_t s, const rf_fdim_opts_t opts,
                  flint_rand_t st);

/* Exact rows of the whole set as an nrows x D rational matrix. */
void rf_fdim_set_matrix(fmpq_mat_t J, const rf_net_t net,
                        const rf_fdim_set_t s);

const char *rf_fdim_cert_name(rf_fdim_cert_t c);

/* Batch functional dimension at the points pts (npts x n0). Returns
 * RF_ERR_INPUT (message names the point) if a point is on a bent hyperplane. */
int rf_fdim_batch(rf_fdim_rank_t res, const rf_net_t net, const fmpq *pts,
                  slong npts, const rf_fdim_opts_t opts, flint_rand_t st,
                  rf_err_t err);

/* Random rational points: coordinates p/q with |p/q| spread over several
 * scales (1, 10, 100, 1000) and far-out directions; exact-on-hyperplane
 * points are skipped and redrawn. pts has npts * n0 entries. */
void rf_fdim_random_points(fmpq *pts, slong npts, const rf_net_t net,
                           flint_rand_t st);

/* Random rational points uniform on a grid of 2^20 steps per coordinate
 * strictly inside the box lo < x < hi (lo, hi NULL: rf_fdim_random_points);
 * points on a bent hyperplane are redrawn. pts has npts * n0 entries. */
void rf_fdim_random_points_box(fmpq *pts, slong npts, const rf_net_t net,
                               const fmpq *lo, const fmpq *hi, flint_rand_t st);

/* Early stop of the true FD: batches of random points (in the box if lo, hi
 * are not NULL), doubling in number up to maxpts, until the rank mod p
 * reaches D - H. Returns 1 when it does: then the true FD = D - H exactly
 * (batch FD <= true FD <= D - H) and res is that batch's rank (exact = 1,
 * cert SANDWICH); returns 0 otherwise (res: the last batch's lower bound). */
int rf_fdim_true_random(rf_fdim_rank_t res, const rf_net_t net,
                        const fmpq *lo, const fmpq *hi, slong maxpts,
                        const rf_fdim_opts_t opts, flint_rand_t st);

/* ------------------------------------------------------------- regions */

/* Activation regions found by the certified kernel (rf_cells_enumerate):
 * every full-dimensional region, each with an interior rational witness,
 * including the regions where a hidden pre-activation is identically zero
 * (pattern entry 0; their Jacobian block uses relu'(0) = 0, see
 * docs/functional_dimension.md). Complete unless the cap (number of LPs) is
 * hit or the caller stops it. Optional open box lo < x < hi (both NULL:
 * R^n0). */
#define RF_FDIM_REGIONS_CAP 50000  /* default LP cap of the region search */

typedef struct {
    rf_fdim_set_t set;      /* patterns with interior rational witnesses */
    slong nlp;              /* exact LPs solved */
    slong nzero;            /* regions with a pattern entry 0 */
    int complete;           /* 1: every realized pattern is in set */
    int stopped;            /* 1: stopped early by the caller's test */
} rf_fdim_regions_struct;
typedef rf_fdim_regions_struct rf_fdim_regions_t[1];

void rf_fdim_regions_init(rf_fdim_regions_t r, const rf_net_t net);
void rf_fdim_regions_clear(rf_fdim_regions_t r);
/* cap: max number of LPs (0: RF_FDIM_REGIONS_CAP). Returns RF_OK, or
 * RF_ERR_INPUT (empty box) or RF_ERR_INTERNAL (an LP certificate failed). */
int rf_fdim_regions(rf_fdim_regions_t r, const rf_net_t net, const fmpq *lo,
                    const fmpq *hi, slong cap, rf_err_t err);

/* As rf_fdim_regions, calling stop(data, regions) each time the number of
 * regions found reaches a checkpoint (16, 32, 64, ...); a nonzero return
 * stops the search (then complete = 0, stopped = 1). */
int rf_fdim_regions_ex(rf_fdim_regions_t r, const rf_net_t net, const fmpq *lo,
                       const fmpq *hi, slong cap,
                       int (*stop)(void *data, const rf_fdim_regions_struct *r),
                       void *data, rf_err_t err);

/* True functional dimension with early exit: the region search stops as soon
 * as the rank of the blocks found so far reaches D - H modulo a prime (then
 * FD = D - H exactly, by the sandwich rank_p <= FD <= D - H); otherwise the
 * search completes and the rank of all blocks is certified. The regions
 * found are left in regions (initialised by the caller). */
int rf_fdim_true_search(rf_fdim_rank_t res, rf_fdim_regions_t regions,
                        const rf_net_t net, const fmpq *lo, const fmpq *hi,
                        slong cap, const rf_fdim_opts_t opts, flint_rand_t st,
                        rf_err_t err);

/* True functional dimension: rank of the pattern blocks of all regions,
 * including the regions with a pattern entry 0 (convention relu'(0) = 0).
 * Exact (not only a lower bound) when regions->complete and res->exact. */
void rf_fdim_true(rf_fdim_rank_t res, const rf_net_t net,
                  const rf_fdim_regions_t regions, const rf_fdim_opts_t opts,
                  flint_rand_t st);

/* The true functional dimension under the strict definition (sup over
 * parametrically smooth inputs only, GLMW): the rank of the blocks of the
 * regions with no pattern entry 0. On a region where a hidden pre-activation
 * is identically zero no input is parametrically smooth, so those regions
 * are left out here, while rf_fdim_true keeps them with relu'(0) = 0.
 * res->nitems == 0 means the strict value is undefined (every region has a
 * zero entry). Equal to rf_fdim_true when regions->nzero == 0. */
void rf_fdim_true_strict(rf_fdim_rank_t res, const rf_net_t net,
                         const rf_fdim_regions_t regions,
                         const rf_fdim_opts_t opts, flint_rand_t st);

/* ---------------------------------------------------------- mechanisms */

typedef enum {
    RF_FDIM_MECH_DEAD = 0,        /* neuron inactive on every realized region */
    RF_FDIM_MECH_ALWAYS_ON,       /* neuron active on every realized region */
    RF_FDIM_MECH_DEAD_ORTHANT,    /* layer >= 2, weights <= 0, bias < 0 */
    RF_FDIM_MECH_ON_ORTHANT,      /* layer >= 2, weights >= 0, bias > 0 */
    RF_FDIM_MECH_TWINS,           /* (W_i, b_i) = c (W_j, b_j), c > 0 */
    RF_FDIM_MECH_ANTI_TWINS,      /* same with c < 0 */
    RF_FDIM_MECH_COLLAPSE,        /* a region where a whole layer is off */
    RF_FDIM_MECH_RESTRICTED,      /* every region's image of layer l has rank < n0 */
    RF_FDIM_MECH_ZERO_OUT,        /* outgoing weights all zero */
    RF_FDIM_MECH_INVISIBLE,       /* no realized bend of the neuron is seen */
    RF_FDIM_MECH_UNUSED_WEIGHT,   /* dF/dW^l[i][j] = 0 on every region: neurons
                                (l-1, j) and (l, i) never act together */
    RF_FDIM_MECH_HIDDEN_BEND,     /* a region S where the neuron is on, the region
                                with only its bit flipped is realized, and
                                dF/db = 0 on S: that crossing is not seen */
    RF_FDIM_MECH_ZERO_NEURON      /* incoming row and bias all zero: the
                                pre-activation is identically 0 */
} rf_fdim_mech_kind_t;

typedef struct {
    rf_fdim_mech_kind_t kind;
    slong layer;             /* 1-based hidden layer */
    slong i, j;              /* 0-based neurons (j: twin partner or -1) */
    fmpq_t c;                /* twin ratio */
    slong region;            /* witness region (collapse) or -1 */
    char witness[RF_FDIM_WITNESS_MAX]; /* human-readable exact witness; a
                             longer one ends in "..." */
} rf_fdim_mech_struct;

typedef struct {
    rf_fdim_mech_struct *m;
    slong n, alloc;
} rf_fdim_mech_list_struct;
typedef rf_fdim_mech_list_struct rf_fdim_mech_list_t[1];

void rf_fdim_mech_list_init(rf_fdim_mech_list_t ml);
void rf_fdim_mech_list_clear(rf_fdim_mech_list_t ml);
const char *rf_fdim_mech_name(rf_fdim_mech_kind_t k);

/* Detect mechanisms. regions may be NULL (then only the parameter-sign
 * certificates, twins and zero outgoing weights are tested); with a complete
 * region list the region-based ones (dead / always-on on the realized image,
 * collapse, restricted image, invisible bends) are exact statements. */
void rf_fdim_mechanisms(rf_fdim_mech_list_t ml, const rf_net_t net,
                        const rf_fdim_regions_t regions);

/* ------------------------------------------------------------ embedding */

/* The path embedding Phi(theta) of a ReLU network and local
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

/* Number of paths, or -1 if above cap (cap <= 0: 10^7). */
slong rf_fdim_embed_num_paths(const rf_net_t net, slong cap);

/* Path p as: *start_layer (0 = input, l >= 1 = bias of layer l), *start
 * (input index or neuron index), and the neurons visited in layers
 * start_layer+1..L written to nodes (length L - start_layer; the last entry
 * is the output index). */
void rf_fdim_embed_path(slong *start_layer, slong *start, slong *nodes,
                   const rf_net_t net, slong p);

/* Phi(theta) into phi (length rf_fdim_embed_num_paths). */
void rf_fdim_embed_phi(fmpq *phi, const rf_net_t net);

/* Output of the linearized form: y_k = sum_p a_p(pat) Phi_p x_start(p). */
void rf_fdim_embed_eval_linear(fmpq *y, const rf_net_t net, const fmpq *phi,
                          const int *pat, const fmpq *x);

/* Rank of dPhi/dtheta (npaths x D): computed mod a random prime; exact when
 * it reaches D - H (Phi is scaling invariant, so the scaling vectors are in
 * its kernel) or by an exact integer rank when small enough (*exact = 1);
 * otherwise a certified lower bound (*exact = 0). */
slong rf_fdim_embed_dphi_rank(int *exact, const rf_net_t net, flint_rand_t st);

/* Local identifiability from a finite sample set: theta is locally
 * identifiable modulo rescalings from the values at pts iff (sufficient
 * condition proved in docs/embedding.md) the batch functional dimension at
 * pts equals D - H. Returns 1 (certified locally identifiable), 0 (rank
 * deficit: not certified; the fiber of the sample map has dimension > H at
 * theta's generic neighbours only if the deficit persists), or -1 on input
 * error (point on a bent hyperplane; err says which). res gets the rank. */
int rf_fdim_embed_local_ident(rf_fdim_rank_t res, const rf_net_t net,
                         const fmpq *pts, slong npts, flint_rand_t st,
                         rf_err_t err);


#ifdef __cplusplus
}
#endif
#endif
