/* Symbolic layer: substitution of exact rational points, full evaluation,
 * and the Jacobian with respect to a parameter block. */
#include <flint/fmpq_vec.h>
#include "relufiber/sym.h"
#include "relufiber/qvec.h"

/* r = p with variables first..first+n-1 replaced by vals[0..n). Only the
 * variables that occur are substituted. */
static int subs_block(fmpq_mpoly_t r, const fmpq_mpoly_t p, slong first,
                      slong n, const fmpq *vals, const rf_sym_ctx_t ctx,
                      rf_err_t err)
{
    const fmpq_mpoly_ctx_struct *m = ctx->mctx;
    slong v, nv = fmpq_mpoly_ctx_nvars(m);
    int *used = flint_malloc(nv * sizeof(int));
    fmpq_mpoly_set(r, p, m);
    fmpq_mpoly_used_vars(used, r, m);
    for (v = first; v < first + n; v++) {
        if (!used[v])
            continue;
        /* Degrees here are tiny, so this cannot fail; check anyway. */
        if (!fmpq_mpoly_evaluate_one_fmpq(r, r, v, vals + (v - first), m)) {
            flint_free(used);
            return rf_err_set(err, RF_ERR_INTERNAL, "<sym>", 0,
                              "rf_sym: substitution overflow");
        }
    }
    flint_free(used);
    return RF_OK;
}

int rf_sym_subs_params(fmpq_mpoly_t r, const fmpq_mpoly_t p,
                       const fmpq *theta, int copy, const rf_sym_ctx_t ctx,
                       rf_err_t err)
{
    if (copy && ctx->ncopy == 0)
        return rf_err_set(err, RF_ERR_INPUT, "<sym>", 0,
                          "rf_sym_subs_params: the ring has no second copy");
    return subs_block(r, p, rf_sym_param_var(ctx, copy, 0), ctx->nparams,
                      theta, ctx, err);
}

int rf_sym_subs_inputs(fmpq_mpoly_t r, const fmpq_mpoly_t p, const fmpq *x,
                       const rf_sym_ctx_t ctx, rf_err_t err)
{
    return subs_block(r, p, rf_sym_input_var(ctx, 0), ctx->ninputs, x, ctx,
                      err);
}

int rf_sym_eval(fmpq_t r, const fmpq_mpoly_t p, const fmpq *vals,
                const rf_sym_ctx_t ctx, rf_err_t err)
{
    /* FLINT 2.9 takes a non-const array of pointers. */
    slong v;
    int ok;
    fmpq **pv = flint_malloc(FLINT_MAX(ctx->nvars, 1) * sizeof(fmpq *));
    for (v = 0; v < ctx->nvars; v++)
        pv[v] = (fmpq *) (vals + v);
    ok = fmpq_mpoly_evaluate_all_fmpq(r, p, pv, ctx->mctx);
    flint_free(pv);
    if (!ok)
        return rf_err_set(err, RF_ERR_INTERNAL, "<sym>", 0,
                          "rf_sym_eval: evaluation overflow");
    return RF_OK;
}

void rf_sym_vals_set(fmpq *vals, const fmpq *theta, const fmpq *x,
                     const fmpq *theta1, const rf_sym_ctx_t ctx)
{
    if (theta != NULL)
        rf_qvec_set(vals + rf_sym_param_var(ctx, 0, 0), theta, ctx->nparams);
    if (x != NULL && ctx->ninputs > 0)
        rf_qvec_set(vals + rf_sym_input_var(ctx, 0), x, ctx->ninputs);
    if (theta1 != NULL && ctx->ncopy > 0)
        rf_qvec_set(vals + rf_sym_param_var(ctx, 1, 0), theta1, ctx->ncopy);
}

int rf_sym_eval_net(fmpq_t r, const fmpq_mpoly_t p, const rf_net_t net,
                    const fmpq *x, const rf_sym_ctx_t ctx, rf_err_t err)
{
    fmpq *vals, *theta;
    int rc;
    if (rf_net_num_params(net) != ctx->nparams)
        return rf_err_set(err, RF_ERR_INPUT, "<sym>", 0,
                          "rf_sym_eval_net: architecture mismatch");
    vals = _fmpq_vec_init(ctx->nvars);
    theta = _fmpq_vec_init(ctx->nparams);
    rf_net_get_params(theta, net);
    rf_sym_vals_set(vals, theta, x, NULL, ctx);
    rc = rf_sym_eval(r, p, vals, ctx, err);
    _fmpq_vec_clear(theta, ctx->nparams);
    _fmpq_vec_clear(vals, ctx->nvars);
    return rc;
}

int rf_sym_jacobian(fmpq_mpoly_struct *J, const fmpq_mpoly_t p, int copy,
                    const rf_sym_ctx_t ctx, rf_err_t err)
{
    const fmpq_mpoly_ctx_struct *m = ctx->mctx;
    slong k, nv = fmpq_mpoly_ctx_nvars(m);
    int *used;
    if (copy && ctx->ncopy == 0)
        return rf_err_set(err, RF_ERR_INPUT, "<sym>", 0,
                          "rf_sym_jacobian: the ring has no second copy");
    used = flint_malloc(nv * sizeof(int));
    fmpq_mpoly_used_vars(used, p, m);
    for (k = 0; k < ctx->nparams; k++) {
        slong v = rf_sym_param_var(ctx, copy, k);
        if (used[v])
            fmpq_mpoly_derivative(J + k, p, v, m);
        else
            fmpq_mpoly_zero(J + k, m);
    }
    flint_free(used);
    return RF_OK;
}
