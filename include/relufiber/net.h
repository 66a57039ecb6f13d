/* relufiber: exact ReLU network model.
 *
 * A network of depth L has architecture (d0, d1, ..., dL): L affine layers
 * x -> W_l x + b_l with W_l of size d_l x d_{l-1}; ReLU after every layer but
 * the last, whose output is affine. All entries are exact rationals.
 *
 * Parameter layout (used by the symbolic layer, the Jacobian and the exports):
 * layer-major; inside layer l (1-based), first W_l row-major, then b_l. The
 * parameter names are W<l>_<i>_<j> and b<l>_<i>, all indices 1-based.
 */
#ifndef RELUFIBER_NET_H
#define RELUFIBER_NET_H

#include <flint/flint.h>
#include <flint/fmpq.h>
#include <flint/fmpq_mat.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    slong L;              /* number of affine layers (>= 1) */
    slong *dims;          /* L + 1 widths d0..dL */
    fmpq_mat_struct *W;   /* W[l] is dims[l+1] x dims[l], l = 0..L-1 */
    fmpq_mat_struct *b;   /* b[l] is dims[l+1] x 1 */
} rf_net_struct;

typedef rf_net_struct rf_net_t[1];

/* Zero network of the given architecture (dims has L + 1 positive entries). */
void rf_net_init(rf_net_t net, slong L, const slong *dims);
void rf_net_clear(rf_net_t net);
/* Resize/copy: net becomes a deep copy of src (any architectures). */
void rf_net_set(rf_net_t net, const rf_net_t src);
void rf_net_swap(rf_net_t a, rf_net_t b);
/* Same architecture and identical parameters. */
int rf_net_equal(const rf_net_t a, const rf_net_t b);
/* Same architecture and every parameter of a rounds to the same nearest
 * double (binary64, round-to-nearest-even) as the matching parameter of b:
 * the two networks cannot be told apart once stored as doubles. For the
 * note "differs only below float resolution" (display only, never a
 * decision). */
int rf_net_equal_as_doubles(const rf_net_t a, const rf_net_t b);

#define rf_net_depth(net) ((net)->L)
#define rf_net_in_dim(net) ((net)->dims[0])
#define rf_net_out_dim(net) ((net)->dims[(net)->L])
/* Entries as fmpq pointers; l is 0-based layer index, i,j 0-based. */
#define rf_net_W(net, l, i, j) fmpq_mat_entry((net)->W + (l), (i), (j))
#define rf_net_b(net, l, i) fmpq_mat_entry((net)->b + (l), (i), 0)

/* Number of hidden neurons (d1 + ... + d_{L-1}). */
slong rf_net_num_hidden(const rf_net_t net);
/* Number of parameters D = sum_l d_l (d_{l-1} + 1). */
slong rf_net_num_params(const rf_net_t net);
/* Offset of layer l (0-based) in the parameter layout (the one rule is
 * rf_net_arch_offset, src/core/names.c; the symbolic layer uses it too). */
slong rf_net_param_offset(const rf_net_t net, slong l);
/* Parameter vector <-> network (vector of length rf_net_num_params). */
void rf_net_get_params(fmpq *theta, const rf_net_t net);
void rf_net_set_params(rf_net_t net, const fmpq *theta);
/* Name of parameter k ("W2_1_3", "b1_2"); writes into buf of size n. The
 * one naming rule is rf_net_arch_param_name (src/core/names.c), which every
 * parameter ring of the symbolic layer uses as well. */
void rf_net_param_name(char *buf, size_t n, const rf_net_t net, slong k);

/* Exact evaluation y = f(x); y has dL entries, x has d0 entries. */
void rf_net_eval(fmpq *y, const rf_net_t net, const fmpq *x);

/* Pre-activations of every hidden neuron at x, layer-major, into pre
 * (length rf_net_num_hidden), and the output into y (may be NULL). */
void rf_net_forward(fmpq *pre, fmpq *y, const rf_net_t net, const fmpq *x);

/* Activation pattern at x: pat[k] = sign of the pre-activation of hidden
 * neuron k (layer-major): +1 active, -1 inactive, 0 exactly on its bent
 * hyperplane. Returns the number of zero entries (0 = x is not on a
 * breakpoint). */
slong rf_net_pattern(int *pat, const rf_net_t net, const fmpq *x);

/* Evaluate with a prescribed pattern (ReLU replaced by the 0/1 mask pat>0):
 * the affine map of that activation region, extended to all of R^d0. */
void rf_net_eval_on_pattern(fmpq *y, const rf_net_t net, const int *pat,
                            const fmpq *x);

/* Random network: entries p/q with |p| <= num_bound, 1 <= q <= den_bound.
 * Deterministic for a given state. */
void rf_net_randtest(rf_net_t net, flint_rand_t state, slong num_bound,
                     slong den_bound);

/* The one naming and layout rule of the parameters of an architecture
 * d0..dL (dims has L + 1 entries), usable without a network: rf_net_param_name
 * and rf_net_param_offset delegate to these, and every parameter ring of the
 * symbolic layer (sym.h) names its variables with them.
 * Parameter k of the layout, layer by layer: the weights of affine layer l
 * row-major, then its biases. Names are 1-based: W<l>_<i>_<j>, b<l>_<i>
 * ("?" if k is out of range). */
slong rf_net_arch_offset(slong L, const slong *dims, slong l);
void rf_net_arch_param_name(char *buf, size_t n, slong L, const slong *dims,
                            slong k);

/* Degenerate random network: rf_net_randtest, then each neuron is, with
 * moderate probability, made into one of: zero incoming row; positive twin
 * (a positive multiple c > 0 of another row of the same layer, bias included,
 * so the same bias ratio) or anti-twin (c < 0); dead (layers >= 2: row <= 0,
 * bias < 0; first layer: bias -2^200); always on (layers >= 2: row >= 0,
 * bias > 0; first layer: bias +2^200); zero outgoing column; one entry
 * multiplied by 2^200 (huge) or divided by 2^200 (tiny). Output neurons only
 * get huge/tiny entries. Deterministic for a given state. */
void rf_net_randtest_degenerate(rf_net_t net, flint_rand_t state,
                                slong num_bound, slong den_bound);

/* Hidden-neuron symmetry: for each hidden layer h = 0..L-2 (the outputs of
 * affine layer h), neuron i of net becomes neuron perm[h][i] of out, with
 * incoming row and bias multiplied by scale[h][i] > 0 and outgoing column
 * divided by it; f is unchanged. perm[h] is a permutation of 0..d_{h+1}-1.
 * perm or scale may be NULL (identity / all ones), as may any perm[h] or
 * scale[h]. out must be initialised (any architecture) and may alias net. */
void rf_net_apply_perm_scale(rf_net_t out, const rf_net_t net,
                             const slong *const *perm,
                             const fmpq *const *scale);

/* A random element of the group: a uniform permutation perm[h] and positive
 * scales scale[h][i] = p/q (1 <= p <= 7, 1 <= q <= 5) per hidden layer h.
 * The caller provides perm[h] (d_{h+1} slongs) and scale[h] (d_{h+1}
 * initialised fmpq) for h = 0..L-2. */
void rf_net_randtest_symmetry(slong *const *perm, fmpq *const *scale,
                              const rf_net_t net, flint_rand_t state);

#ifdef __cplusplus
}
#endif
#endif
