/* relufiber: conservation laws of gradient flow induced by parameter
 * symmetries (docs/conservation.md).
 *
 * For the loss L(theta) = 1/2 sum_k ||f_theta(x_k) - y_k||^2 and the flow
 * theta' = -grad L(theta) (ReLU derivative sigma'(0) := 0):
 *   - balance (global law, from positive scaling of one hidden neuron):
 *       Q = ||W_l[i,:]||^2 + b_l[i]^2 - ||W_{l+1}[:,i]||^2  is constant;
 *   - Gram law (data-local, from mixing neurons that are active on every
 *     training input): for such neurons i, j of one hidden layer,
 *       Q_ij = <(W_l[i,:], b_l[i]), (W_l[j,:], b_l[j])> - <W_{l+1}[:,i], W_{l+1}[:,j]>
 *     is constant while they stay active on all training inputs (i = j gives
 *     the balance).
 * Quantities are exact polynomials (fmpq_mpoly) in the parameter names of
 * net.h (W<l>_<i>_<j>, b<l>_<i>), variables in the parameter layout order.
 * The module also gives the exact gradient of the loss (to check the
 * Noether identity <grad Q, grad L> = 0 in exact arithmetic) and a
 * high-precision (MPFR) RK4 integrator of the flow for demonstrations.
 */
#ifndef RELUFIBER_CONSERVE_H
#define RELUFIBER_CONSERVE_H

#include <stdio.h>
#include <gmp.h>
#include <mpfr.h>
#include <flint/fmpq_mpoly.h>
#include "relufiber/net.h"
#include "relufiber/system.h"
#include "relufiber/sym.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    RF_CONSERVE_GLOBAL = 0,   /* conserved for every parameter and data set */
    RF_CONSERVE_LOCAL = 1,    /* conserved while a data-dependent condition holds */
    RF_CONSERVE_NONE = 2      /* a comparison quantity that is NOT conserved */
} rf_conserve_kind_t;

typedef struct {
    rf_sym_ctx_struct *sym;   /* the parameter ring of the architecture (sym.h,
                                 owned): D variables, names and layout */
    slong nvars;              /* D */
    slong len, alloc;
    fmpq_mpoly_struct *q;     /* the quantities */
    char **name;              /* short name, e.g. "balance[1,2]" */
    char **why;               /* the symmetry / condition behind it */
    rf_conserve_kind_t *kind;
} rf_conserve_struct;

typedef rf_conserve_struct rf_conserve_t[1];

/* Empty list over the parameters of net's architecture. */
void rf_conserve_init(rf_conserve_t c, const rf_net_t net);
void rf_conserve_clear(rf_conserve_t c);

/* Append a quantity (copied). */
void rf_conserve_push(rf_conserve_t c, const fmpq_mpoly_t q, const char *name,
                      const char *why, rf_conserve_kind_t kind);

/* One balance law per hidden neuron (GLOBAL). */
void rf_conserve_add_balance(rf_conserve_t c, const rf_net_t net);

/* Gram laws Q_ij for i < j in `neurons` (k entries) of hidden layer `layer`
 * (1-based hidden layer index, 1 <= layer <= L-1). LOCAL: valid while all of
 * them are active on every training input. */
void rf_conserve_add_gram(rf_conserve_t c, const rf_net_t net, slong layer,
                          const slong *neurons, slong k);

/* Frozen coordinates of hidden neuron i (0-based) of hidden layer `layer`
 * (1-based): its incoming weights, bias and outgoing weights. LOCAL: valid
 * while the neuron is inactive (pre-activation <= 0) on every training input
 * (all their gradients vanish; "dead neuron" freedom). */
void rf_conserve_add_dead(rf_conserve_t c, const rf_net_t net, slong layer, slong i);

/* Everything known for this network and data set: the balance laws, for each
 * hidden layer the Gram laws of the neurons active on every training input
 * (if at least two), and the frozen coordinates of the neurons inactive on
 * every training input. X is n x d0, row-major. */
void rf_conserve_add_for_data(rf_conserve_t c, const rf_net_t net,
                              const fmpq *X, slong n);

/* Comparison quantities that are not conserved in general (kind NONE), for
 * hidden neuron i (0-based) of hidden layer `layer` (1-based):
 * ||in||^2, ||out||^2, ||in||^2 + ||out||^2, and the bias b_layer[i] (the
 * coordinate moved by the bias-transfer / hidden-shift translations). */
void rf_conserve_add_controls(rf_conserve_t c, const rf_net_t net, slong layer,
                              slong i);

/* Value of quantity i at a parameter vector (exact / MPFR). */
void rf_conserve_eval(fmpq_t v, const rf_conserve_t c, slong i, const fmpq *theta);
void rf_conserve_eval_mpfr(mpfr_t v, const rf_conserve_t c, slong i,
                           const mpfr_t *theta);
/* Gradient of quantity i at theta (exact, D entries). */
void rf_conserve_grad(fmpq *g, const rf_conserve_t c, slong i, const fmpq *theta);

/* The invariant set of the flow through theta0 as a constraint system (for
 * the exporters): one component "conservation-level-set" with the equations
 * Q_i(theta) - Q_i(theta0) = 0 for every GLOBAL law (and every LOCAL law if
 * include_local), in the parameter names. The exact rank r of the laws'
 * gradients at theta0 is recorded in a note; the component's dimension is
 * D - r (the level set is a smooth manifold of that dimension near theta0
 * when the rank is locally constant, e.g. at generic theta0), else -1.
 * sys must be initialised by the caller (e.g. rf_sys_init(sys, 0, NULL,
 * NULL)); it is replaced (variables: the ring's parameters); the caller
 * clears it with rf_sys_clear. Returns r, or -1 on an internal error (sys
 * unchanged). */
slong rf_conserve_system(rf_sys_t sys, const rf_conserve_t c, const fmpq *theta0,
                         int include_local);

/* Print the list: name, kind, reason and the polynomial. */
void rf_conserve_fprint(FILE *out, const rf_conserve_t c);

/* Exact loss L = 1/2 sum_k ||f(x_k) - y_k||^2 and its gradient (D entries,
 * parameter layout) by backpropagation with sigma'(0) = 0. X is n x d0 and Y
 * is n x dL, row-major. Returns the number of (input, hidden neuron) pairs
 * with a zero pre-activation (0 = L is differentiable there). */
slong rf_conserve_loss_grad(fmpq_t loss, fmpq *grad, const rf_net_t net,
                            const fmpq *X, const fmpq *Y, slong n);

/* Do hidden neurons `neurons` of hidden layer `layer` have a positive
 * pre-activation on every training input? */
int rf_conserve_all_active(const rf_net_t net, slong layer, const slong *neurons,
                           slong k, const fmpq *X, slong n);

/* Gradient flow theta' = -grad L by classical RK4 with step h for `steps`
 * steps at `prec` bits. theta (D entries, in/out) must be initialised with
 * at least prec bits. X, Y as above (exact; rounded once to prec bits).
 * Returns the number of steps during which the activation pattern on the
 * training set changed (a kink of the vector field was crossed). */
slong rf_conserve_flow_rk4(mpfr_t *theta, const rf_net_t arch, const fmpq *X,
                           const fmpq *Y, slong n, const mpfr_t h, slong steps,
                           mpfr_prec_t prec);

#ifdef __cplusplus
}
#endif
#endif
