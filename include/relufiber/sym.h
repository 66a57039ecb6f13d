/* relufiber: the symbolic layer (module prefix rf_sym_).
 *
 * A polynomial ring over Q (FLINT fmpq_mpoly) whose variables are named after
 * the parameters of an architecture. Variables come in up to three blocks,
 * always in this order:
 *
 *   block 0 (always)           the D parameters, named by the one naming
 *                              rule rf_net_arch_param_name (W<l>_<i>_<j>,
 *                              b<l>_<i>, 1-based; rf_net_param_name
 *                              delegates to it), in the layout order of
 *                              rf_net_arch_offset (net.h's layout);
 *   inputs (RF_SYM_INPUTS)     the d0 input variables x_1 .. x_d0;
 *   block 1 (RF_SYM_COPY)      a second copy of the D parameters, each name
 *                              preceded by a prefix (e.g. "B_W1_1_1"), for
 *                              statements relating two parameter points.
 *
 * On a fixed activation pattern the network function is a polynomial in the
 * parameters and the inputs (degree 1 in each single parameter, affine in
 * the inputs): the symbolic realization. See docs/symbolic.md.
 *
 * Patterns are int per hidden neuron, layer-major, > 0 meaning active, as in
 * rf_net_eval_on_pattern. Rational "value vectors" for the whole ring have
 * length rf_sym_nvars and follow the variable order above.
 */
#ifndef RELUFIBER_SYM_H
#define RELUFIBER_SYM_H

#include <stdio.h>
#include <flint/fmpq.h>
#include <flint/fmpq_mat.h>
#include <flint/fmpq_mpoly.h>
#include "relufiber/net.h"
#include "relufiber/err.h"
#include "relufiber/system.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Flags for rf_sym_ctx_init. */
#define RF_SYM_INPUTS 1 /* append the input variables x_1..x_d0 */
#define RF_SYM_COPY 2   /* append a prefixed second copy of the parameters */

/* Default prefix of the second parameter copy. */
#define RF_SYM_COPY_PREFIX "B_"

typedef struct {
    fmpq_mpoly_ctx_t mctx; /* the FLINT ring Q[vars], lex order (as rf_sys_t) */
    slong L;               /* architecture (d0..dL), copied */
    slong *dims;
    int flags;
    slong nparams;         /* D */
    slong ninputs;         /* d0 if RF_SYM_INPUTS, else 0 */
    slong ncopy;           /* D if RF_SYM_COPY, else 0 */
    slong nvars;           /* nparams + ninputs + ncopy */
    char *prefix;          /* prefix of block 1 ("" if none) */
    char **names;          /* nvars variable names */
} rf_sym_ctx_struct;

typedef rf_sym_ctx_struct rf_sym_ctx_t[1];

/* Ring for the architecture of arch (its numbers are not used). With
 * RF_SYM_COPY the second block gets the prefix RF_SYM_COPY_PREFIX. */
void rf_sym_ctx_init(rf_sym_ctx_t ctx, const rf_net_t arch, int flags);
/* Same, with an explicit prefix for block 1 (must be non-empty and must not
 * make names ambiguous: it may not start with 'W', 'b' or "x_"). Returns 0,
 * or RF_ERR_INPUT (and leaves ctx uninitialized) on a bad prefix. */
int rf_sym_ctx_init_prefix(rf_sym_ctx_t ctx, const rf_net_t arch, int flags,
                           const char *prefix);
void rf_sym_ctx_clear(rf_sym_ctx_t ctx);

#define rf_sym_nvars(ctx) ((ctx)->nvars)
#define rf_sym_mctx(ctx) ((ctx)->mctx)
/* Variable index of parameter k (layout order) of block `copy` (0 or 1). */
#define rf_sym_param_var(ctx, copy, k) \
    ((copy) ? (ctx)->nparams + (ctx)->ninputs + (k) : (k))
/* Variable index of input x_{j+1} (j 0-based). */
#define rf_sym_input_var(ctx, j) ((ctx)->nparams + (j))

/* Layout position (0..D-1) of the first parameter of affine layer l
 * (0-based, 0 <= l <= L): its weights come first (row-major), then its
 * biases. Position D for l == L. The layout of net.h, owned here. */
slong rf_sym_layer_offset(const rf_sym_ctx_struct *ctx, slong l);
/* Variable index of the weight W<l+1>_<i+1>_<j+1> (row i, column j of the
 * weight matrix of affine layer l, all 0-based as in rf_net_W) and of the
 * bias b<l+1>_<i+1> (as in rf_net_b), in block `copy` (0 or 1). */
slong rf_sym_weight_var(const rf_sym_ctx_struct *ctx, int copy, slong l, slong i,
                        slong j);
slong rf_sym_bias_var(const rf_sym_ctx_struct *ctx, int copy, slong l, slong i);
/* Variable index of auxiliary variable a (0-based) of a system made by
 * rf_sym_sys_init: the auxiliaries follow the ring's variables. */
#define rf_sym_aux_var(ctx, a) ((ctx)->nvars + (a))

/* Name of variable v (owned by ctx), NULL if out of range. */
const char *rf_sym_var_name(const rf_sym_ctx_t ctx, slong v);
/* Variable index of a name, -1 if no variable has this name. */
slong rf_sym_var_index(const rf_sym_ctx_t ctx, const char *name);

/* Convenience wrappers over fmpq_mpoly with the context's ring. */
void rf_sym_poly_init(fmpq_mpoly_t p, const rf_sym_ctx_t ctx);
void rf_sym_poly_clear(fmpq_mpoly_t p, const rf_sym_ctx_t ctx);
fmpq_mpoly_struct *rf_sym_vec_init(slong n, const rf_sym_ctx_t ctx);
void rf_sym_vec_clear(fmpq_mpoly_struct *v, slong n, const rf_sym_ctx_t ctx);
/* p = variable v. */
void rf_sym_gen(fmpq_mpoly_t p, slong v, const rf_sym_ctx_t ctx);

/* Text with the variable names (free with flint_free). */
char *rf_sym_get_str(const fmpq_mpoly_t p, const rf_sym_ctx_t ctx);
void rf_sym_fprint(FILE *out, const fmpq_mpoly_t p, const rf_sym_ctx_t ctx);
/* Parse text written with the variable names (as printed by rf_sym_get_str).
 * Returns 0 on success, non-zero on a syntax error or unknown name. */
int rf_sym_set_str(fmpq_mpoly_t p, const char *s, const rf_sym_ctx_t ctx);

/* Symbolic realization on the activation pattern pat of the parameters of
 * block `copy`: y[0..dL) are the output coordinates, pre[0..H) (may be NULL)
 * the pre-activations of the H hidden neurons, layer-major. If x is NULL the
 * input variables are used (ctx needs RF_SYM_INPUTS); otherwise x is a fixed
 * rational input (d0 entries) and the results are polynomials in the
 * parameters only. Returns RF_OK, or RF_ERR_INPUT (err set, y and pre
 * untouched) if x is NULL and the ring has no inputs, or copy is 1 and the
 * ring has no second copy. */
int rf_sym_realize(fmpq_mpoly_struct *y, fmpq_mpoly_struct *pre,
                   const int *pat, const fmpq *x, int copy,
                   const rf_sym_ctx_t ctx, rf_err_t err);

/* Region polynomials of a pattern: out[k] = -pre[k] if pat[k] < 0 and
 * pre[k] otherwise, so that the open region of a pattern without zero
 * entries is { out[k] > 0 for all k }; a zero entry stands for the equality
 * out[k] = pre[k] = 0. pre as from rf_sym_realize (H entries). */
void rf_sym_region_polys(fmpq_mpoly_struct *out, const fmpq_mpoly_struct *pre,
                         const int *pat, const rf_sym_ctx_t ctx);

/* Error convention of the fallible functions below: they return RF_OK, or
 * RF_ERR_INPUT for a violated precondition (a block the ring does not have,
 * an architecture mismatch) or RF_ERR_INTERNAL for an arithmetic overflow
 * or a failed internal invariant (a bug), with err set (err may be NULL);
 * outputs are then unspecified. */

/* Substitute the exact parameter point theta (D entries, layout order) for
 * the parameters of block `copy`: the other variables stay. RF_ERR_INPUT if
 * copy is 1 and the ring has no second copy. */
int rf_sym_subs_params(fmpq_mpoly_t r, const fmpq_mpoly_t p,
                       const fmpq *theta, int copy, const rf_sym_ctx_t ctx,
                       rf_err_t err);
/* Substitute the rational input x (d0 entries) for the input variables. */
int rf_sym_subs_inputs(fmpq_mpoly_t r, const fmpq_mpoly_t p, const fmpq *x,
                       const rf_sym_ctx_t ctx, rf_err_t err);

/* Full evaluation at a value vector (rf_sym_nvars entries). */
int rf_sym_eval(fmpq_t r, const fmpq_mpoly_t p, const fmpq *vals,
                const rf_sym_ctx_t ctx, rf_err_t err);
/* Fill a value vector from its blocks: theta (block 0), x (inputs), theta1
 * (block 1). A NULL block (or one the ring does not have) is left alone. */
void rf_sym_vals_set(fmpq *vals, const fmpq *theta, const fmpq *x,
                     const fmpq *theta1, const rf_sym_ctx_t ctx);
/* Evaluate at the parameters of net (block 0) and x (NULL if the ring has no
 * inputs); block 1, if present, must not occur in p (else it is taken 0).
 * RF_ERR_INPUT if net has another number of parameters. */
int rf_sym_eval_net(fmpq_t r, const fmpq_mpoly_t p, const rf_net_t net,
                    const fmpq *x, const rf_sym_ctx_t ctx, rf_err_t err);

/* Jacobian: J[k] = dp / d(parameter k of block `copy`), k = 0..D-1.
 * RF_ERR_INPUT if copy is 1 and the ring has no second copy. */
int rf_sym_jacobian(fmpq_mpoly_struct *J, const fmpq_mpoly_t p, int copy,
                    const rf_sym_ctx_t ctx, rf_err_t err);

/* Is p affine in the input variables (no product of two inputs, no input
 * power above 1)? Returns 1 or 0 (1 for a ring without inputs). */
int rf_sym_is_affine_in_inputs(const fmpq_mpoly_t p, const rf_sym_ctx_t ctx);

/* Coefficients in the inputs of a polynomial affine in them:
 * p = c[0] x_1 + ... + c[d0-1] x_d0 + c[d0], the c[j] polynomials in the other
 * variables. Needs RF_SYM_INPUTS. Returns 0, or RF_ERR_INPUT (c untouched)
 * if p is not affine in the inputs. */
int rf_sym_affine_coeffs(fmpq_mpoly_struct *c, const fmpq_mpoly_t p,
                         const rf_sym_ctx_t ctx);

/* The affine map of net on the region of pat: f(x) = A x + c there (A is
 * dL x d0, c is dL x 1; both must have those sizes), computed through the
 * symbolic realization with the parameters of net substituted (ctx must be
 * a ring of net's architecture with RF_SYM_INPUTS; else RF_ERR_INPUT). */
int rf_sym_net_affine_map(fmpq_mat_t A, fmpq_mat_t c, const rf_net_t net,
                          const int *pat, const rf_sym_ctx_t ctx, rf_err_t err);

/* Polynomial identities in the parameters of block `copy` expressing "the
 * parameters realize on pattern pat the same affine map as network B on its
 * pattern patB": eqs[i (d0+1) + j] = 0 for all i < dL, j <= d0, where j < d0
 * compares the coefficients of x_{j+1} and j = d0 the constants. B may have
 * another architecture but the same d0 and dL (else RF_ERR_INPUT). eqs has
 * dL (d0 + 1) entries; ctx needs RF_SYM_INPUTS (else RF_ERR_INPUT). */
int rf_sym_same_affine_eqs(fmpq_mpoly_struct *eqs, const int *pat, int copy,
                           const rf_net_t B, const int *patB,
                           const rf_sym_ctx_t ctx, rf_err_t err);

/* ------------------------------------------- bridge to constraint systems */

/* A system (system.h) whose variables are those of the ring, in the same
 * order, followed by naux auxiliary variables named aux_names[0..naux).
 * Kinds: parameters of both blocks RF_SYS_VAR_PARAM, inputs and the extra
 * variables RF_SYS_VAR_AUX. Ring polynomials go in with rf_sym_to_sys. */
void rf_sym_sys_init(rf_sys_t sys, const rf_sym_ctx_t ctx, slong naux,
                     const char *const *aux_names);

/* The ring polynomial p as a polynomial r of sys->ctx (r initialized there),
 * variable v going to variable v. sys must begin with the ring's variables
 * (same names, same order), e.g. made by rf_sym_sys_init; else
 * RF_ERR_INPUT (r untouched). */
int rf_sym_to_sys(fmpq_mpoly_t r, const fmpq_mpoly_t p,
                  const rf_sym_ctx_t ctx, const rf_sys_t sys, rf_err_t err);

/* Append p[k] REL 0 (k < n) to component comp of sys; label may be NULL.
 * RF_ERR_INPUT as rf_sym_to_sys (nothing appended then). */
int rf_sym_sys_add(rf_sys_t sys, slong comp, const fmpq_mpoly_struct *p,
                   slong n, rf_sys_rel_t rel, const char *label,
                   const rf_sym_ctx_t ctx, rf_err_t err);

/* Append the region of pattern pat to component comp: for each hidden
 * neuron k, pre[k] > 0 (pat[k] > 0), -pre[k] > 0 (pat[k] < 0) or
 * pre[k] = 0 (pat[k] = 0); labels name the neuron ("neuron 2.3 active").
 * pre as from rf_sym_realize. RF_ERR_INPUT as rf_sym_to_sys. */
int rf_sym_sys_add_region(rf_sys_t sys, slong comp,
                          const fmpq_mpoly_struct *pre, const int *pat,
                          const rf_sym_ctx_t ctx, rf_err_t err);

/* ------------------------------------------- containment of components */

/* Verdicts of a containment question. */
typedef enum {
    RF_SYM_CONTAIN_NO = 0,      /* proved: not contained */
    RF_SYM_CONTAIN_YES = 1,     /* proved: contained */
    RF_SYM_CONTAIN_UNKNOWN = 2  /* the sufficient tests did not decide */
} rf_sym_contain_t;

/* Does component a of sys lie in component b (perms = 0), or in the image
 * of b under some permutation of the hidden neurons (perms = 1: variables
 * named W<l>_<i>_<j>, b<l>_<i> as in net.h; row i of W<l>, b<l>_i and column
 * i of W<l+1> move together, for each hidden layer)? Auxiliary variables
 * are existential in each component. YES is proved by substitution and
 * exact sign rules, NO by exact rational points of a outside every image of
 * b (or by a larger stated dimension); otherwise UNKNOWN. More than 5040
 * permutations are not enumerated (then only YES or UNKNOWN, or NO by
 * dimension). state drives the choice of sample points. */
rf_sym_contain_t rf_sym_comp_contained(const rf_sys_t sys, slong a, slong b,
                                       int perms, flint_rand_t state);

/* Remove from sys every component proved (as above) to lie in another one,
 * keeping one of equal components, and add notes: one per removed
 * component (naming the component it lies in) and one stating that the
 * remaining components are maximal, or "pieces, may overlap" when some
 * containment could not be decided. Returns the number of components
 * removed; *undecided (may be NULL) gets the number of kept components
 * whose maximality is undecided. Systems with more than
 * RF_SYM_MAXIMAL_MAX_COMPS components are not checked. Pairs not reached within
 * RF_SYM_MAXIMAL_SECONDS of CPU time count as undecided. */
#define RF_SYM_MAXIMAL_SECONDS 5.0
/* Systems with more components than this are left as they are (every
 * component counts as undecided, and a note says so). */
#define RF_SYM_MAXIMAL_MAX_COMPS 256
slong rf_sym_sys_maximal(rf_sys_t sys, int perms, slong *undecided,
                         flint_rand_t state);

#ifdef __cplusplus
}
#endif
#endif
